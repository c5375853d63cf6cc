#include "geo/china_offsets.hpp"

#include <cmath>
#include <numbers>

namespace gs {

namespace {

constexpr double kPi = std::numbers::pi;
// Krasovsky 1940: semi-major axis (m) and first eccentricity squared, as GCJ-02 uses them.
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
// Baidu's angular constant.
constexpr double kXPi = kPi * 3000.0 / 180.0;

// Iterative inverses stop when a step is below this (degrees; about 0.1 mm) or after kMaxSteps.
// The forward maps move a point by well under a kilometre and change slowly (their derivatives
// are ~1e-3), so each fixed-point step gains about three digits: 3 to 4 steps are typical.
constexpr double kInverseTolerance = 1e-9;
constexpr int kMaxSteps = 30;

// The published polynomials, in metres-like units on the Krasovsky sphere, of the offsets from
// (105 E, 35 N).
double gcjLatitudeTerm(double x, double y) {
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
    r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
    return r;
}

double gcjLongitudeTerm(double x, double y) {
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
    r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
    r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
    r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
    return r;
}

// The GCJ-02 offset (degrees) of a WGS 84 point, without the bounding-box rule.
Vec2d gcjOffset(Vec2d p) {
    const double x = p.x - 105.0, y = p.y - 35.0;
    const double latRad = p.y / 180.0 * kPi;
    const double s = std::sin(latRad);
    const double magic = 1.0 - kKrasovskyEe * s * s;
    const double sqrtMagic = std::sqrt(magic);
    // Metres to degrees along the meridian (radius of curvature M) and the parallel (N cos lat).
    const double dLat =
        gcjLatitudeTerm(x, y) * 180.0 / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (magic * sqrtMagic) * kPi);
    const double dLon = gcjLongitudeTerm(x, y) * 180.0 / (kKrasovskyA / sqrtMagic * std::cos(latRad) * kPi);
    return {dLon, dLat};
}

bool finite(Vec2d p) { return std::isfinite(p.x) && std::isfinite(p.y); }

// Solves forward(w) = target for w by fixed-point steps w += target - forward(w), starting at
// `start`. Converges because forward() is the identity plus a small, slowly varying offset.
template <class Forward>
Vec2d invert(Forward forward, Vec2d target, Vec2d start) {
    Vec2d w = start;
    for (int i = 0; i < kMaxSteps; ++i) {
        const Vec2d step = target - forward(w);
        w = w + step;
        if (std::abs(step.x) < kInverseTolerance && std::abs(step.y) < kInverseTolerance) break;
    }
    return w;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

}  // namespace

bool insideGcj02Bounds(Vec2d p) {
    return p.x >= kGcj02Bounds.minX && p.x <= kGcj02Bounds.maxX && p.y >= kGcj02Bounds.minY && p.y <= kGcj02Bounds.maxY;
}

Vec2d wgs84ToGcj02(Vec2d p) {
    if (!finite(p) || !insideGcj02Bounds(p)) return p;
    return p + gcjOffset(p);
}

Vec2d gcj02ToWgs84(Vec2d p) {
    if (!finite(p)) return p;
    // Starting at the point itself: outside the box the first step is zero and p comes back as is.
    return invert(wgs84ToGcj02, p, p);
}

Vec2d gcj02ToBd09(Vec2d p) {
    if (!finite(p)) return p;
    const double z = std::sqrt(p.x * p.x + p.y * p.y) + 0.00002 * std::sin(p.y * kXPi);
    const double theta = std::atan2(p.y, p.x) + 0.000003 * std::cos(p.x * kXPi);
    return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

Vec2d bd09ToGcj02(Vec2d p) {
    if (!finite(p)) return p;
    // The published inverse, which is approximate (it evaluates the perturbations at the BD-09
    // point instead of the GCJ-02 one), refined by iteration.
    const double x = p.x - 0.0065, y = p.y - 0.006;
    const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
    const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
    const Vec2d approximate{z * std::cos(theta), z * std::sin(theta)};
    return invert(gcj02ToBd09, p, approximate);
}

Vec2d wgs84ToBd09(Vec2d p) { return gcj02ToBd09(wgs84ToGcj02(p)); }

Vec2d bd09ToWgs84(Vec2d p) { return gcj02ToWgs84(bd09ToGcj02(p)); }

ChinaOffsetCrs chinaOffsetCrs(std::string_view name) {
    if (equalsIgnoringCase(name, "GCJ-02") || equalsIgnoringCase(name, "GCJ02")) return ChinaOffsetCrs::Gcj02;
    if (equalsIgnoringCase(name, "BD-09") || equalsIgnoringCase(name, "BD09")) return ChinaOffsetCrs::Bd09;
    return ChinaOffsetCrs::None;
}

bool chinaOffsetToWgs84(std::string_view crsName, std::span<Vec2d> points) {
    switch (chinaOffsetCrs(crsName)) {
        case ChinaOffsetCrs::Gcj02:
            for (Vec2d& p : points) p = gcj02ToWgs84(p);
            return true;
        case ChinaOffsetCrs::Bd09:
            for (Vec2d& p : points) p = bd09ToWgs84(p);
            return true;
        case ChinaOffsetCrs::None:
            return false;
    }
    return false;
}

}  // namespace gs
