// GDAL's C API: vector datasets (OGR), spatial references and the per-thread error state. Only GeoKit
// imports this module; no GDAL handle leaves it.
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
