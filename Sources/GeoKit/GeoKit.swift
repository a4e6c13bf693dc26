// GeoKit: placeholder
