// GCJ-02 and BD-09: the forward formulas against a second, independently written version of the
// published algorithm and against published example values; round trips through the iterative
// inverses over all of China; points outside China; the CRS-name adapter used by feed sources.
//
// Published values (the README of wandergis/coordtransform, a widely used JavaScript version):
//   wgs84togcj02(116.404, 39.915) -> [116.41024449916938, 39.91640428150164]
//   gcj02tobd09 (116.404, 39.915) -> [116.41036949371029, 39.92133699351021]
//   bd09togcj02 (116.404, 39.915) -> [116.39762729119315, 39.90865673957631]   (one-step inverse)
//   gcj02towgs84(116.404, 39.915) -> [116.39775550083061, 39.91359571849836]   (one-step inverse)
// The two inverses there are one-step approximations; ours iterate, so they agree to ~1e-6 deg only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "geo/china_offsets.hpp"

using namespace gs;

namespace {

constexpr double kPi = std::numbers::pi;

double haversineMetres(Vec2d a, Vec2d b) {
    constexpr double kEarthRadius = 6371008.8;
    const double toRad = kPi / 180.0;
    const double dLat = (b.y - a.y) * toRad, dLon = (b.x - a.x) * toRad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(a.y * toRad) * std::cos(b.y * toRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

// The published GCJ-02 algorithm written a second way: the polynomials as a base term plus tables
// of sine terms, and the metres-to-degrees step through the ellipsoid's radii of curvature
// M = a(1-e^2)/(1-e^2 sin^2 phi)^(3/2) and N = a/(1-e^2 sin^2 phi)^(1/2).
struct SineTerm {
    double amplitude;
    bool ofX;          // sin(frequency * pi * x) or of y
    double frequency;  // in units of pi
};

double sumOfSines(const std::vector<SineTerm>& terms, double x, double y) {
    double sum = 0;
    for (const SineTerm& t : terms) sum += t.amplitude * std::sin(t.frequency * kPi * (t.ofX ? x : y));
    return sum * 2.0 / 3.0;
}

Vec2d referenceWgsToGcj(Vec2d p) {
    if (p.x < 72.004 || p.x > 137.8347 || p.y < 0.8293 || p.y > 55.8271) return p;
    const double x = p.x - 105.0, y = p.y - 35.0;
    static const std::vector<SineTerm> latSines = {{20, true, 6},          {20, true, 2},
                                                   {20, false, 1},         {40, false, 1.0 / 3},
                                                   {160, false, 1.0 / 12}, {320, false, 1.0 / 30}};
    static const std::vector<SineTerm> lonSines = {{20, true, 6},       {20, true, 2},         {20, true, 1},
                                                   {40, true, 1.0 / 3}, {150, true, 1.0 / 12}, {300, true, 1.0 / 30}};
    const double northing =
        -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x)) + sumOfSines(latSines, x, y);
    const double easting =
        300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x)) + sumOfSines(lonSines, x, y);
    const double a = 6378245.0, e2 = 0.00669342162296594323;
    const double phi = p.y * kPi / 180.0;
    const double w = 1 - e2 * std::sin(phi) * std::sin(phi);
    const double meridianRadius = a * (1 - e2) / std::pow(w, 1.5);
    const double primeVerticalRadius = a / std::sqrt(w);
    return {p.x + easting / (primeVerticalRadius * std::cos(phi)) * 180.0 / kPi,
            p.y + northing / meridianRadius * 180.0 / kPi};
}

// BD-09 from GCJ-02 in polar form, written out directly.
Vec2d referenceGcjToBd(Vec2d p) {
    const double xPi = kPi * 3000.0 / 180.0;
    const double radius = std::hypot(p.x, p.y) + 2e-5 * std::sin(p.y * xPi);
    const double angle = std::atan2(p.y, p.x) + 3e-6 * std::cos(p.x * xPi);
    return {0.0065 + radius * std::cos(angle), 0.006 + radius * std::sin(angle)};
}

// Every 0.5 degrees over lon 73..135, lat 18..53 (all inside the GCJ-02 box).
std::vector<Vec2d> chinaGrid() {
    std::vector<Vec2d> points;
    for (double lon = 73.0; lon <= 135.0; lon += 0.5)
        for (double lat = 18.0; lat <= 53.0; lat += 0.5) points.push_back({lon, lat});
    return points;
}

}  // namespace

TEST(ChinaOffsets, ForwardMatchesSecondImplementationEverywhere) {
    for (Vec2d p : chinaGrid()) {
        const Vec2d ours = wgs84ToGcj02(p), ref = referenceWgsToGcj(p);
        ASSERT_NEAR(ours.x, ref.x, 1e-11) << p.x << ", " << p.y;
        ASSERT_NEAR(ours.y, ref.y, 1e-11) << p.x << ", " << p.y;
        const Vec2d bd = wgs84ToBd09(p), bdRef = referenceGcjToBd(ref);
        ASSERT_NEAR(bd.x, bdRef.x, 1e-11) << p.x << ", " << p.y;
        ASSERT_NEAR(bd.y, bdRef.y, 1e-11) << p.x << ", " << p.y;
    }
}

TEST(ChinaOffsets, PublishedExampleValues) {
    const Vec2d gcj = wgs84ToGcj02({116.404, 39.915});
    EXPECT_NEAR(gcj.x, 116.41024449916938, 1e-12);
    EXPECT_NEAR(gcj.y, 39.91640428150164, 1e-12);
    const Vec2d bd = gcj02ToBd09({116.404, 39.915});
    EXPECT_NEAR(bd.x, 116.41036949371029, 1e-12);
    EXPECT_NEAR(bd.y, 39.92133699351021, 1e-12);
    // The published inverses are one-step approximations: within ~10 cm of the exact inverse.
    const Vec2d gcjFromBd = bd09ToGcj02({116.404, 39.915});
    EXPECT_NEAR(gcjFromBd.x, 116.39762729119315, 1e-6);
    EXPECT_NEAR(gcjFromBd.y, 39.90865673957631, 1e-6);
    const Vec2d wgs = gcj02ToWgs84({116.404, 39.915});
    EXPECT_NEAR(wgs.x, 116.39775550083061, 1e-6);
    EXPECT_NEAR(wgs.y, 39.91359571849836, 1e-6);
}

TEST(ChinaOffsets, TiananmenOffsetIsTypicalOfBeijing) {
    const Vec2d wgs{116.391, 39.907};
    const Vec2d gcj = wgs84ToGcj02(wgs);
    EXPECT_NEAR(gcj.x - wgs.x, 0.0062, 0.0003);
    EXPECT_NEAR(gcj.y - wgs.y, 0.0014, 0.0003);
    const double metres = haversineMetres(wgs, gcj);
    EXPECT_GT(metres, 100.0);
    EXPECT_LT(metres, 700.0);
    // BD-09 adds Baidu's own shift on top (~0.0065, 0.006 degrees: around a kilometre in all).
    const double bdMetres = haversineMetres(wgs, wgs84ToBd09(wgs));
    EXPECT_GT(bdMetres, 700.0);
    EXPECT_LT(bdMetres, 1500.0);
}

TEST(ChinaOffsets, RoundTripsAcrossChinaWithinHalfAMetre) {
    double worstGcj = 0, worstBd = 0;
    for (Vec2d p : chinaGrid()) {
        worstGcj = std::max(worstGcj, haversineMetres(p, gcj02ToWgs84(wgs84ToGcj02(p))));
        worstBd = std::max(worstBd, haversineMetres(p, bd09ToWgs84(wgs84ToBd09(p))));
        const Vec2d bd = gcj02ToBd09(p);
        ASSERT_LT(haversineMetres(p, bd09ToGcj02(bd)), 0.5) << p.x << ", " << p.y;
    }
    EXPECT_LT(worstGcj, 0.5);
    EXPECT_LT(worstBd, 0.5);
    // The iteration stops at 1e-9 degrees, so in practice the round trips are far better.
    EXPECT_LT(worstGcj, 0.001);
    EXPECT_LT(worstBd, 0.001);
}

TEST(ChinaOffsets, OutsideChinaUnchanged) {
    const std::vector<Vec2d> outside = {{-122.4194, 37.7749}, {2.3522, 48.8566}, {139.6917, 35.6895},
                                        {151.2093, -33.8688}, {100.0, 0.5},      {71.9, 40.0},
                                        {116.4, 56.0},        {0.0, 0.0}};
    for (Vec2d p : outside) {
        EXPECT_FALSE(insideGcj02Bounds(p));
        EXPECT_EQ(wgs84ToGcj02(p), p);
        EXPECT_EQ(gcj02ToWgs84(p), p);
        // BD-09 is a formula applied everywhere (as in the references); it still inverts exactly.
        EXPECT_LT(haversineMetres(p, bd09ToWgs84(wgs84ToBd09(p))), 0.001);
    }
}

TEST(ChinaOffsets, AdapterConvertsDeclaredOffsetCrs) {
    const Vec2d wgs{121.4737, 31.2304};  // Shanghai
    std::vector<Vec2d> points = {wgs84ToGcj02(wgs), wgs84ToGcj02({113.2644, 23.1291})};
    EXPECT_TRUE(chinaOffsetToWgs84("GCJ-02", points));
    EXPECT_LT(haversineMetres(points[0], wgs), 0.001);
    EXPECT_LT(haversineMetres(points[1], {113.2644, 23.1291}), 0.001);

    std::vector<Vec2d> baidu = {wgs84ToBd09(wgs)};
    EXPECT_TRUE(chinaOffsetToWgs84("bd09", baidu));
    EXPECT_LT(haversineMetres(baidu[0], wgs), 0.001);

    std::vector<Vec2d> untouched = {{121.0, 31.0}};
    EXPECT_FALSE(chinaOffsetToWgs84("EPSG:4490", untouched));
    EXPECT_FALSE(chinaOffsetToWgs84("GCJ-2", untouched));
    EXPECT_EQ(untouched[0], (Vec2d{121.0, 31.0}));
    EXPECT_EQ(chinaOffsetCrs("gcj02"), ChinaOffsetCrs::Gcj02);
    EXPECT_EQ(chinaOffsetCrs("BD-09"), ChinaOffsetCrs::Bd09);
    EXPECT_EQ(chinaOffsetCrs("WGS84"), ChinaOffsetCrs::None);
}

TEST(ChinaOffsets, NonFinitePointsPassThrough) {
    const Vec2d nan{std::nan(""), 30.0};
    EXPECT_TRUE(std::isnan(wgs84ToGcj02(nan).x));
    EXPECT_TRUE(std::isnan(bd09ToWgs84(nan).x));
}
