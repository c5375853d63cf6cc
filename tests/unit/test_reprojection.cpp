// Reprojection: known coordinates, axis order, the Web Mercator fast path against PROJ itself,
// threads, and the errors a user sees for a bad CRS.
//
// Expected values come from PROJ's own command-line tool (proj-bin 9.1.1), which takes EPSG:4326
// as lat, lon and prints EPSG:4547 as northing, easting (the authorities' axis orders):
//   echo "37.7749 -122.4194" | cs2cs -d 4 EPSG:4326 EPSG:3857  ->  -13627665.2712  4547675.3543
//   echo "22.5 114.0"        | cs2cs -d 4 EPSG:4326 EPSG:4547  ->  2489167.3111  500000.0000
//   echo "22.5431 114.0579"  | cs2cs -d 4 EPSG:4326 EPSG:4547  ->  2493941.2457  505955.8462
#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <thread>
#include <vector>

#include "geo/crs.hpp"
#include "geo/transformer.hpp"

using namespace gs;

namespace {

Transformer makeTransformer(const char* src, const char* dst) {
    auto t = Transformer::create(src, dst);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return std::move(t).value();
}

Vec2d project(const Transformer& t, Vec2d p) {
    EXPECT_EQ(t.transform(std::span<Vec2d>(&p, 1)), 0u);
    return p;
}

// GDAL writes EPSG:4326 like this: latitude is the first axis.
constexpr const char* kLatFirstWkt = R"wkt(GEOGCRS["WGS 84",
    DATUM["World Geodetic System 1984", ELLIPSOID["WGS 84",6378137,298.257223563]],
    CS[ellipsoidal,2],
    AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],
    AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],
    ID["EPSG",4326]])wkt";

}  // namespace

TEST(Reprojection, WebMercatorKnownPoints) {
    Transformer t = makeTransformer("EPSG:4326", "EPSG:3857");
    Vec2d origin = project(t, {0, 0});
    EXPECT_NEAR(origin.x, 0, 1e-9);
    EXPECT_NEAR(origin.y, 0, 1e-9);
    Vec2d sf = project(t, {-122.4194, 37.7749});  // lon, lat
    EXPECT_NEAR(sf.x, -13627665.2712, 1e-3);
    EXPECT_NEAR(sf.y, 4547675.3543, 1e-3);
}

TEST(Reprojection, GaussKrugerKnownPoints) {
    Transformer t = makeTransformer("EPSG:4326", "EPSG:4547");
    Vec2d meridian = project(t, {114.0, 22.5});
    EXPECT_NEAR(meridian.x, 500000.0, 1e-3);  // easting first, whatever EPSG:4547's axis order
    EXPECT_NEAR(meridian.y, 2489167.3111, 1e-3);
    Vec2d shenzhen = project(t, {114.0579, 22.5431});
    EXPECT_NEAR(shenzhen.x, 505955.8462, 1e-3);
    EXPECT_NEAR(shenzhen.y, 2493941.2457, 1e-3);
}

TEST(Reprojection, AxisOrderIsAlwaysLonLat) {
    // A lat-first WKT, a PROJ string and OGC:CRS84 all take x = longitude.
    for (const char* src : {kLatFirstWkt, "+proj=longlat +datum=WGS84 +no_defs", "OGC:CRS84"}) {
        SCOPED_TRACE(src);
        Vec2d sf = project(makeTransformer(src, "EPSG:3857"), {-122.4194, 37.7749});
        EXPECT_NEAR(sf.x, -13627665.2712, 1e-3);
        EXPECT_NEAR(sf.y, 4547675.3543, 1e-3);
    }
    // And geographic output comes back as lon, lat.
    Vec2d lonLat = project(makeTransformer("EPSG:4547", "EPSG:4326"), {505955.8462, 2493941.2457});
    EXPECT_NEAR(lonLat.x, 114.0579, 1e-8);
    EXPECT_NEAR(lonLat.y, 22.5431, 1e-8);
}

TEST(Reprojection, WebMercatorFastPathMatchesProj) {
    Transformer fast = makeTransformer("EPSG:4326", "EPSG:3857");
    ASSERT_EQ(fast.description(), "exact EPSG:4326 to EPSG:3857");

    std::vector<Vec2d> points;
    for (double lat = -89.5; lat <= 89.5; lat += 0.73)
        for (double lon = -180; lon <= 180; lon += 1.37) points.push_back({lon, lat});
    // PROJ's domain rules: longitudes wrap, latitudes beyond the poles fail.
    points.insert(points.end(),
                  {{180, 0}, {-180, 0}, {190, 10}, {-540, 5}, {0, 89.999999}, {0, 90}, {0, -91}});
    std::vector<Vec2d> expected = points;

    PJ_CONTEXT* ctx = proj_context_create();
    proj_log_level(ctx, PJ_LOG_NONE);  // it would print "Invalid latitude" for latitude -91
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3857", nullptr);
    PJ* op = proj_normalize_for_visualization(ctx, raw);
    proj_trans_generic(op, PJ_FWD, &expected[0].x, sizeof(Vec2d), expected.size(), &expected[0].y,
                       sizeof(Vec2d), expected.size(), nullptr, 0, 0, nullptr, 0, 0);
    proj_destroy(op);
    proj_destroy(raw);
    proj_context_destroy(ctx);

    EXPECT_EQ(fast.transform(points), 1u);  // latitude -91
    for (size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(expected[i].x)) {
            EXPECT_FALSE(std::isfinite(points[i].x)) << i;
            continue;
        }
        ASSERT_NEAR(points[i].x, expected[i].x, 1e-3) << i;  // < 1 mm
        ASSERT_NEAR(points[i].y, expected[i].y, 1e-3) << i;
    }
}

// A batch spanning a fraction of a degree of latitude (a city's features) goes through the
// series about its middle latitude: against PROJ to a micrometre in San Francisco, Shenzhen,
// Harbin and Sydney, to 10 micrometres at 68 degrees, for batches 1.1 degrees tall and less.
TEST(Reprojection, WebMercatorSeriesForNarrowBatchesMatchesProj) {
    Transformer fast = makeTransformer("EPSG:4326", "EPSG:3857");
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", "EPSG:3857", nullptr);
    PJ* op = proj_normalize_for_visualization(ctx, raw);
    size_t compared = 0;
    for (double lat0 : {37.75, 22.54, 45.75, 68.0, -33.9})
        for (double height : {0.001, 0.3, 1.1}) {
            std::vector<Vec2d> points;
            for (int i = 0; i <= 200; ++i)
                points.push_back({-122.45 + 0.001 * i, lat0 - height / 2 + height * i / 200.0});
            std::vector<Vec2d> expected = points;
            proj_trans_generic(op, PJ_FWD, &expected[0].x, sizeof(Vec2d), expected.size(), &expected[0].y,
                               sizeof(Vec2d), expected.size(), nullptr, 0, 0, nullptr, 0, 0);
            ASSERT_EQ(fast.transform(points), 0u);
            const double tolerance = std::abs(lat0) > 60 ? 1e-5 : 1e-6;
            for (size_t i = 0; i < points.size(); ++i, ++compared) {
                ASSERT_NEAR(points[i].x, expected[i].x, 1e-6) << lat0 << " " << height << " " << i;
                ASSERT_NEAR(points[i].y, expected[i].y, tolerance) << lat0 << " " << height << " " << i;
            }
        }
    proj_destroy(op);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    EXPECT_EQ(compared, 15u * 201);
}

TEST(Reprojection, NonFiniteResultsAreCounted) {
    std::vector<Vec2d> points{{0, 0}, {0, 90.5}, {std::nan(""), 0}};
    EXPECT_EQ(makeTransformer("EPSG:4326", "EPSG:3857").transform(points), 2u);
    // 90 degrees from the central meridian, on the equator: outside what Gauss-Kruger can map
    // (echo "0 24" | cs2cs EPSG:4326 EPSG:4547 prints "* *").
    std::vector<Vec2d> far{{114, 22.5}, {24, 0}};
    EXPECT_EQ(makeTransformer("EPSG:4326", "EPSG:4547").transform(far), 1u);
}

TEST(Reprojection, IdentityAndBounds) {
    EXPECT_TRUE(makeTransformer("EPSG:4326", kLatFirstWkt).isIdentity());
    EXPECT_TRUE(makeTransformer("EPSG:3857", "EPSG:3857").isIdentity());
    Vec2d p = project(makeTransformer("EPSG:3857", "EPSG:3857"), {1.5, -2.5});
    EXPECT_EQ(p, (Vec2d{1.5, -2.5}));

    // A lon/lat box becomes the box of its curved image, and back again.
    Box sf{-122.52, 37.70, -122.35, 37.84};
    auto merc = makeTransformer("EPSG:4326", "EPSG:3857").transformBounds(sf);
    ASSERT_TRUE(merc.ok());
    EXPECT_NEAR(merc->minX, -122.52 * 20037508.342789244 / 180, 1e-3);
    EXPECT_LT(merc->minY, merc->maxY);
    auto back = makeTransformer("EPSG:3857", "EPSG:4326").transformBounds(*merc);
    ASSERT_TRUE(back.ok());
    EXPECT_NEAR(back->minX, sf.minX, 1e-6);
    EXPECT_NEAR(back->maxY, sf.maxY, 1e-6);
}

TEST(Reprojection, ClonesWorkOnTheirOwnThreads) {
    Transformer main = makeTransformer("EPSG:4326", "EPSG:4547");
    std::vector<Vec2d> reference(10000);
    for (size_t i = 0; i < reference.size(); ++i) reference[i] = {113 + i * 1e-4, 22 + i * 1e-4};
    std::vector<Vec2d> expected = reference;
    ASSERT_EQ(main.transform(expected), 0u);

    std::vector<std::vector<Vec2d>> results(4, reference);
    std::vector<std::thread> workers;
    for (auto& result : results) {
        auto clone = main.clone();
        ASSERT_TRUE(clone.ok());
        workers.emplace_back(
            [t = std::move(clone).value(), &result]() mutable { (void)t.transform(result); });
    }
    for (auto& w : workers) w.join();
    for (const auto& result : results)
        for (size_t i = 0; i < result.size(); ++i) ASSERT_EQ(result[i], expected[i]);
}

TEST(Reprojection, BadCrsErrorsNameTheText) {
    auto badSource = Transformer::create("EPSG:99999", "EPSG:3857");
    ASSERT_FALSE(badSource.ok());
    EXPECT_EQ(badSource.error().message,
              "source CRS \"EPSG:99999\" is not known to PROJ (proj_create: crs not found)");
    auto badTarget = Transformer::create("EPSG:4326", "not a crs");
    ASSERT_FALSE(badTarget.ok());
    EXPECT_NE(badTarget.error().message.find("target CRS \"not a crs\" is not known to PROJ"),
              std::string::npos)
        << badTarget.error().message;
    auto empty = Crs::fromText("  ");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message, "empty CRS: give e.g. \"EPSG:4326\"");
}

TEST(Crs, NamesGeographicAndAreaOfUse) {
    auto gk = Crs::fromText("EPSG:4547");
    ASSERT_TRUE(gk.ok());
    EXPECT_EQ(gk->name(), "CGCS2000 / 3-degree Gauss-Kruger CM 114E");
    EXPECT_EQ(gk->shortName(), "EPSG:4547");
    EXPECT_FALSE(gk->isGeographic());
    auto area = gk->areaOfUse();
    ASSERT_TRUE(area.has_value());
    EXPECT_DOUBLE_EQ(area->lonLat.minX, 112.5);
    EXPECT_DOUBLE_EQ(area->lonLat.maxX, 115.5);

    // An ESRI .prj carries no EPSG code; PROJ identifies it.
    auto esri = describeCrs(R"(GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,)"
                            R"(298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]])");
    ASSERT_TRUE(esri.ok());
    EXPECT_EQ(esri->shortName, "EPSG:4326");
    EXPECT_TRUE(esri->geographic);
    EXPECT_NE(esri->wkt.find("GEOGCRS"), std::string::npos);
}
