// `gridscope density`: the kernel density of a layer's points as a Float32 GeoTIFF, the work of
// QGIS's "Heatmap (Kernel Density Estimation)": only positions (and a weight) read, projected to
// the output CRS, the grid covering them grown by the radius, the exact kernel sum, the file.
#pragma once

#include <string>

#include "analysis/density.hpp"
#include "analysis/point_table.hpp"
#include "core/result.hpp"

namespace gs {

struct DensityExportOptions {
    std::string source;  // any GDAL source (a .csv.gz is read in place)
    PointTableOptions points;
    std::string sourceCrs;  // declares the points' CRS when the layer has none (or overrides it)
    std::string crs;        // the GeoTIFF's; empty: the points' own, if projected
    DensityOptions density;
    double pixelMetres = 50;
    std::string out;
};

struct DensityExportReport {
    std::size_t points = 0, skipped = 0;
    DensityGrid grid;
    float peak = 0;  // events/km²
    double readSeconds = 0, densitySeconds = 0, writeSeconds = 0;
};

// Errors name the source or the file: no points, no CRS (declare one), a geographic output CRS
// (metres are needed), a grid too large for memory, GDAL's own.
Result<DensityExportReport> exportDensity(const DensityExportOptions& options);

}  // namespace gs
