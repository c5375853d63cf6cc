#include "analysis/density.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>
#include <thread>

namespace gs {

DensityGrid densityGridCovering(const Box& box, double pixelSizeMetres, double radiusMetres, std::string crs,
                                double unitsPerMetre) {
    DensityGrid g;
    g.crs = std::move(crs);
    g.unitsPerMetre = unitsPerMetre;
    g.pixelSize = pixelSizeMetres * unitsPerMetre;
    double grow = radiusMetres * unitsPerMetre;
    if (box.empty() || !(g.pixelSize > 0)) return g;
    g.originX = box.minX - grow;
    g.originY = box.maxY + grow;
    g.width = std::max(1, int(std::ceil((box.width() + 2 * grow) / g.pixelSize)));
    g.height = std::max(1, int(std::ceil((box.height() + 2 * grow) / g.pixelSize)));
    return g;
}

namespace {

// One band of rows [row0, row1) of the grid, summed in double: every event whose kernel reaches
// the band. `order` lists events by the row of their centre, `rowStart[r]` the first of row r
// (a counting sort), so the events reaching a band are one contiguous run of it.
template <DensityKernel K>
void sumBand(std::span<const Vec2d> points, std::span<const float> weights, const DensityGrid& g, double radius,
             const std::vector<std::uint32_t>& order, const std::vector<std::uint32_t>& rowStart, int reachRows,
             int row0, int row1, std::vector<double>& band) {
    std::fill(band.begin(), band.end(), 0.0);
    const double r2 = radius * radius, inv = 1.0 / r2;
    const int firstCentreRow = std::max(0, row0 - reachRows), lastCentreRow = std::min(g.height, row1 + reachRows);
    // Columns' squared distances to the event, reused for each of its rows.
    std::vector<double> dx2;
    for (std::uint32_t k = rowStart[std::size_t(firstCentreRow)]; k < rowStart[std::size_t(lastCentreRow)]; ++k) {
        const std::uint32_t e = order[k];
        const Vec2d p = points[e];
        const double w = weights.empty() ? 1.0 : double(weights[e]);
        // Pixels whose centres (origin + (i + 0.5)·size) lie within the radius.
        const double fx = (p.x - g.originX) / g.pixelSize - 0.5, fy = (g.originY - p.y) / g.pixelSize - 0.5;
        const double rp = radius / g.pixelSize;
        const int c0 = std::max(0, int(std::ceil(fx - rp))), c1 = std::min(g.width - 1, int(std::floor(fx + rp)));
        const int j0 = std::max(row0, int(std::ceil(fy - rp))), j1 = std::min(row1 - 1, int(std::floor(fy + rp)));
        if (c0 > c1 || j0 > j1) continue;
        dx2.resize(std::size_t(c1 - c0 + 1));
        for (int i = c0; i <= c1; ++i) {
            double dx = g.originX + (i + 0.5) * g.pixelSize - p.x;
            dx2[std::size_t(i - c0)] = dx * dx;
        }
        for (int j = j0; j <= j1; ++j) {
            double dy = g.originY - (j + 0.5) * g.pixelSize - p.y;
            double dy2 = dy * dy;
            if (dy2 >= r2) continue;
            double* row = band.data() + std::size_t(j - row0) * std::size_t(g.width) + std::size_t(c0);
            for (std::size_t i = 0; i < dx2.size(); ++i) {
                double u2 = (dx2[i] + dy2) * inv;
                if (u2 < 1.0) row[i] += w * densityKernelShape(K, u2);
            }
        }
    }
}

template <DensityKernel K>
void computeAll(std::span<const Vec2d> points, std::span<const float> weights, const DensityGrid& g, double radius,
                double scale, int threads, std::vector<float>& out) {
    // Events by the row of their centre (rows outside the grid clamp to its edges: an event
    // beyond the grid may still reach it within the radius).
    std::vector<std::uint32_t> rowStart(std::size_t(g.height) + 1, 0);
    std::vector<std::int32_t> rowOf(points.size());
    for (std::size_t e = 0; e < points.size(); ++e) {
        double fy = (g.originY - points[e].y) / g.pixelSize;
        rowOf[e] = std::isfinite(fy) ? int(std::clamp(std::floor(fy), 0.0, double(g.height - 1))) : -1;
        if (rowOf[e] >= 0) ++rowStart[std::size_t(rowOf[e]) + 1];
    }
    std::partial_sum(rowStart.begin(), rowStart.end(), rowStart.begin());
    std::vector<std::uint32_t> order(rowStart.back()), fill(rowStart.begin(), rowStart.end() - 1);
    for (std::size_t e = 0; e < points.size(); ++e)
        if (rowOf[e] >= 0) order[fill[std::size_t(rowOf[e])]++] = std::uint32_t(e);
    const int reachRows = int(std::ceil(radius / g.pixelSize)) + 1;

    // Bands several kernels tall (few events summed twice), at least four per thread (balance).
    const int bandRows = std::max(std::max(1, 4 * reachRows), g.height / (threads * 4) + 1);
    const int bands = (g.height + bandRows - 1) / bandRows;
    std::atomic<int> next{0};
    auto work = [&] {
        std::vector<double> band;
        for (int b = next++; b < bands; b = next++) {
            int row0 = b * bandRows, row1 = std::min(g.height, row0 + bandRows);
            band.resize(std::size_t(row1 - row0) * std::size_t(g.width));
            sumBand<K>(points, weights, g, radius, order, rowStart, reachRows, row0, row1, band);
            float* dst = out.data() + std::size_t(row0) * std::size_t(g.width);
            for (std::size_t i = 0; i < band.size(); ++i) dst[i] = float(band[i] * scale);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::min(threads, bands); ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
}

}  // namespace

Result<std::vector<float>> computeDensity(std::span<const Vec2d> points, std::span<const float> weights,
                                          const DensityGrid& grid, const DensityOptions& options) {
    if (!weights.empty() && weights.size() != points.size())
        return Error{"density: " + std::to_string(weights.size()) + " weights for " + std::to_string(points.size()) +
                     " events"};
    if (!(options.radiusMetres > 0)) return Error{"density: the radius must be positive (got " +
                                                  std::to_string(options.radiusMetres) + " m)"};
    if (!(grid.pixelSize > 0) || !(grid.unitsPerMetre > 0))
        return Error{"density: the grid's pixel size and units per metre must be positive"};
    if (grid.width <= 0 || grid.height <= 0) return Error{"density: the grid is empty"};
    if (points.size() >= std::size_t(UINT32_MAX)) return Error{"density: more than 4 billion events"};

    const double radius = options.radiusMetres * grid.unitsPerMetre;  // CRS units
    // Kernel constant per CRS unit², to per ground m² (× unitsPerMetre²), to per km² (× 1e6).
    const double scale = densityKernelNorm(options.kernel, radius) * grid.unitsPerMetre * grid.unitsPerMetre * 1e6;
    int threads = options.threads > 0 ? options.threads : int(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<float> out(grid.pixelCount(), 0.0f);
    switch (options.kernel) {
        case DensityKernel::Quartic:
            computeAll<DensityKernel::Quartic>(points, weights, grid, radius, scale, threads, out);
            break;
        case DensityKernel::Epanechnikov:
            computeAll<DensityKernel::Epanechnikov>(points, weights, grid, radius, scale, threads, out);
            break;
        case DensityKernel::Gaussian:
            computeAll<DensityKernel::Gaussian>(points, weights, grid, radius, scale, threads, out);
            break;
    }
    return out;
}

DensityPeak densityPeak(std::span<const float> values) {
    DensityPeak p;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i] > p.value) p = {values[i], i};
    return p;
}

}  // namespace gs
