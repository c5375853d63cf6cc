#include "analysis/hexbin.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace gs {

namespace {
constexpr double kWebMercatorRadius = 6378137.0;  // EPSG:3857's sphere
constexpr double kPi = 3.14159265358979323846;
}  // namespace

double webMercatorMetresPerUnit(double latitudeDeg) { return std::cos(latitudeDeg * kPi / 180.0); }

// The latitude of y is 2·atan(e^(y/R)) - π/2, whose cosine is 1 / cosh(y/R).
double webMercatorMetresPerUnitAtY(double y) { return 1.0 / std::cosh(y / kWebMercatorRadius); }

Result<HexGrid> HexGrid::make(double sizeMetres, double metresPerUnit, Vec2d origin) {
    if (!(std::isfinite(sizeMetres) && sizeMetres > 0))
        return Error{"hexagon size must be a positive number of metres, got " + std::to_string(sizeMetres)};
    if (!(std::isfinite(metresPerUnit) && metresPerUnit > 0))
        return Error{"metres per display unit must be a positive number, got " + std::to_string(metresPerUnit)};
    if (!std::isfinite(origin.x) || !std::isfinite(origin.y)) return Error{"hexagon grid origin must be finite"};
    const double spacing = sizeMetres / metresPerUnit;
    if (!std::isfinite(spacing) || spacing <= 0)
        return Error{"hexagon size " + std::to_string(sizeMetres) + " m is not representable in display units"};
    return HexGrid(sizeMetres, spacing / 2, origin);
}

Vec2d HexGrid::at(long long X, long long Y) const {
    return {origin_.x + halfSize_ * double(X), origin_.y + halfR_ * double(Y)};
}

Vec2d HexGrid::centre(HexCoord c) const { return at(2LL * c.q + c.r, 3LL * c.r); }

std::array<Vec2d, 6> HexGrid::polygon(HexCoord c) const {
    const long long X = 2LL * c.q + c.r, Y = 3LL * c.r;
    return {at(X, Y + 2), at(X - 1, Y + 1), at(X - 1, Y - 1), at(X, Y - 2), at(X + 1, Y - 1), at(X + 1, Y + 1)};
}

std::optional<HexCoord> HexGrid::cellAt(Vec2d p) const {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
    const double rf = (p.y - origin_.y) / (3 * halfR_);
    const double cf = (p.x - origin_.x) / halfSize_;  // 2q + r, fractional
    if (!(std::fabs(rf) < kMaxCellIndex && std::fabs(cf) < 2 * kMaxCellIndex)) return std::nullopt;
    // The nearest centre lies in one of the two rows around the point: rows are 1.5 circumradii R
    // apart, so at a distance d from the nearer row, a row beyond is at least 1.5R + d away, while
    // the nearer row has a centre within √(0.75R² + d²). In a row, it is one of the two columns
    // around the point.
    const int r0 = int(std::floor(rf));
    HexCoord best;
    double bestD = INFINITY;
    for (int r = r0; r <= r0 + 1; ++r) {
        const int q0 = int(std::floor((cf - r) / 2));
        for (int q = q0; q <= q0 + 1; ++q) {
            const Vec2d c = centre({q, r});
            const double dx = p.x - c.x, dy = p.y - c.y, d = dx * dx + dy * dy;
            // Equally near: the greater r, then the greater q (candidates come in ascending order).
            if (d <= bestD) {
                best = {q, r};
                bestD = d;
            }
        }
    }
    return best;
}

Result<HexBins> hexbin(const HexGrid& grid, std::span<const Vec2d> points, std::span<const double> weights) {
    if (!weights.empty() && weights.size() != points.size())
        return Error{"hexagon bins: " + std::to_string(weights.size()) + " weights for " +
                     std::to_string(points.size()) + " points"};
    HexBins out;
    std::unordered_map<std::uint64_t, std::size_t> index;  // (r, q) -> position in out.cells
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        const auto cell = std::isfinite(w) ? grid.cellAt(points[i]) : std::nullopt;
        if (!cell) {
            ++out.skipped;
            continue;
        }
        const std::uint64_t key = (std::uint64_t(std::uint32_t(cell->r)) << 32) | std::uint32_t(cell->q);
        auto [it, added] = index.try_emplace(key, out.cells.size());
        if (added) out.cells.push_back({*cell, 0, 0, grid.centre(*cell), grid.polygon(*cell)});
        HexBin& bin = out.cells[it->second];
        ++bin.count;
        bin.weight += w;  // in the points' order, so the sum is the same every run
    }
    std::sort(out.cells.begin(), out.cells.end(), [](const HexBin& a, const HexBin& b) {
        return a.cell.r != b.cell.r ? a.cell.r < b.cell.r : a.cell.q < b.cell.q;
    });
    return out;
}

std::vector<double> hexValues(const HexBins& bins, HexValue value) {
    std::vector<double> out;
    out.reserve(bins.cells.size());
    for (const HexBin& b : bins.cells) out.push_back(value == HexValue::Count ? double(b.count) : b.weight);
    return out;
}

}  // namespace gs
