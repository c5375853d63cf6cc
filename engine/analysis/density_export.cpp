#include "analysis/density_export.hpp"

#include <chrono>
#include <cmath>

#include "analysis/density_geotiff.hpp"
#include "geo/crs.hpp"
#include "geo/transformer.hpp"

namespace gs {

namespace {
double since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

Result<DensityExportReport> exportDensity(const DensityExportOptions& o) {
    DensityExportReport r;
    auto t = std::chrono::steady_clock::now();
    auto table = readPointTable(o.source, o.points);
    if (!table) return table.error();
    r.readSeconds = since(t);
    r.skipped = table->skipped;
    const std::string from = !o.sourceCrs.empty() ? o.sourceCrs : table->crs;
    if (from.empty())
        return Error{o.source + " has no CRS: declare the points' with --src-crs (e.g. EPSG:4326 for lon/lat)"};
    const std::string to = o.crs.empty() ? from : o.crs;
    auto info = describeCrs(to);
    if (!info) return Error{"the output CRS: " + info.error().message};
    if (info->geographic)
        return Error{"the output CRS " + info->shortName + " is in degrees; the radius and pixels need metres: "
                     "give --crs a projected CRS (e.g. a UTM zone, or the city's local CRS)"};
    std::vector<Vec2d>& points = table->points;
    if (from != to) {
        auto transform = Transformer::create(from, to);
        if (!transform) return transform.error();
        (void)transform->transform(points);
    }
    // Points that do not project are skipped, counted.
    Box box;
    std::size_t kept = 0;
    const bool weighted = !table->weights.empty();
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y)) {
            ++r.skipped;
            continue;
        }
        if (weighted) table->weights[kept] = table->weights[i];
        points[kept++] = points[i];
        box.add(points[i]);
    }
    points.resize(kept);
    if (weighted) table->weights.resize(kept);
    r.points = kept;
    if (kept == 0) return Error{o.source + ": no point to draw (" + std::to_string(r.skipped) + " skipped)"};
    r.grid = densityGridCovering(box, o.pixelMetres, o.density.radiusMetres, info->shortName, 1.0);
    if (r.grid.pixelCount() > 400'000'000)
        return Error{o.out + ": " + std::to_string(r.grid.width) + "x" + std::to_string(r.grid.height) +
                     " pixels is too many; give a larger pixel size, or narrow the points with a where filter"};
    t = std::chrono::steady_clock::now();
    auto values = computeDensity(points, table->weights, r.grid, o.density);
    if (!values) return values.error();
    r.densitySeconds = since(t);
    r.peak = densityPeak(*values).value;
    t = std::chrono::steady_clock::now();
    r.grid.crs = info->wkt;
    if (Status s = writeDensityGeoTiff(r.grid, *values, o.out); !s) return s.error();
    r.writeSeconds = since(t);
    return r;
}

}  // namespace gs
