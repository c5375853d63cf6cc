// Kernel density on the CPU: the reference the GPU heatmap is tested against, and the surface the
// GeoTIFF export writes (analysis/density_geotiff). Points and grid are in one projected CRS; a
// caller reprojects first (geo/transformer).
//
// Units: the surface is in events (sum of weights) per square kilometre on the ground. A CRS
// whose unit is not a ground metre (Web Mercator: 1/cos(lat) units per metre) says so with
// DensityGrid::unitsPerMetre, so a radius in metres and the per-km² figure stay on the ground.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analysis/density_kernel.hpp"
#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

// A north-up raster: pixel (col, row) covers [originX + col·pixelSize, +pixelSize] ×
// [originY - (row+1)·pixelSize, originY - row·pixelSize]; rows top (north) to bottom, as a
// GeoTIFF stores them. Values are sampled at pixel centres (as QGIS's KDE does).
struct DensityGrid {
    double originX = 0, originY = 0;  // the north-west corner, CRS units
    double pixelSize = 1;             // CRS units
    int width = 0, height = 0;
    std::string crs;                  // anything geo/Crs::fromText reads; the GeoTIFF's SRS
    double unitsPerMetre = 1;         // CRS units per ground metre (webMercatorUnitsPerMetre for EPSG:3857)

    Vec2d pixelCenter(int col, int row) const {
        return {originX + (col + 0.5) * pixelSize, originY - (row + 0.5) * pixelSize};
    }
    std::size_t pixelCount() const { return std::size_t(width) * std::size_t(height); }
};

// The grid that covers `box` (CRS units) grown by the radius on every side (so no event's kernel
// is cut), with square pixels of `pixelSizeMetres` on the ground, as QGIS's KDE sizes its output.
DensityGrid densityGridCovering(const Box& box, double pixelSizeMetres, double radiusMetres, std::string crs,
                                double unitsPerMetre = 1.0);

struct DensityOptions {
    DensityKernel kernel = DensityKernel::Quartic;
    double radiusMetres = 500;  // on the ground
    int threads = 0;            // 0: std::thread::hardware_concurrency()
};

// The exact kernel sum at every pixel centre: for each event, every pixel whose centre lies within
// the radius gets weight · kernel(distance); O(events × pixels per kernel). `weights` empty: 1
// each. Threads own bands of rows (no atomics; the result does not depend on the thread count);
// sums are kept in double and returned as float, events per km². Errors: sizes that differ, a
// radius or pixel size that is not positive, an empty grid.
Result<std::vector<float>> computeDensity(std::span<const Vec2d> points, std::span<const float> weights,
                                          const DensityGrid& grid, const DensityOptions& options);

// Largest value and its index (for legends and tests); {0, 0} for an empty span.
struct DensityPeak {
    float value = 0;
    std::size_t index = 0;
};
DensityPeak densityPeak(std::span<const float> values);

}  // namespace gs
