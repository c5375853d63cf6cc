// The density surface as a GeoTIFF that QGIS (or any GDAL reader) opens in place: one Float32
// band, the grid's geotransform (north-up, square pixels), the grid's CRS, no nodata value (a
// density is 0 where no event reaches, which is a value, not a hole), band unit "events/km2".
#pragma once

#include <span>
#include <string>

#include "analysis/density.hpp"
#include "core/result.hpp"

namespace gs {

// `values`: grid.width × grid.height, rows north to south (computeDensity's order). Errors name
// the path: a CRS PROJ cannot read, a file GDAL cannot create or finish writing.
Status writeDensityGeoTiff(const DensityGrid& grid, std::span<const float> values, const std::string& path);

}  // namespace gs
