// Only the reentrant (_r) GEOS API is visible: every call takes an explicit context.
#define GEOS_USE_ONLY_R_API 1
#include <geos_c.h>
