// Reading GDAL layers: counts and geometry of the real San Francisco data, skipped features, FID
// slices, and every error a user can meet, by its message. Fixtures: tests/data/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "source/vector_source.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif
#ifndef GRIDSCOPE_TEST_DATA
#define GRIDSCOPE_TEST_DATA "/work/main/tests/data"
#endif

using namespace gs;

namespace {

const std::string kShared = GRIDSCOPE_SHARED_DATA;
const std::string kData = GRIDSCOPE_TEST_DATA;

SourceSpec spec(std::string source, std::string layer = {}, std::string where = {}) {
    SourceSpec s;
    s.source = std::move(source);
    s.layer = std::move(layer);
    s.where = std::move(where);
    return s;
}

VectorSource openOk(const SourceSpec& s) {
    auto source = VectorSource::open(s);
    EXPECT_TRUE(source.ok()) << (source.ok() ? "" : source.error().message);
    return std::move(source).value();
}

std::string openError(const SourceSpec& s) {
    auto source = VectorSource::open(s);
    EXPECT_FALSE(source.ok());
    return source.ok() ? "" : source.error().message;
}

struct Totals {
    size_t features = 0, skipped = 0, polygons = 0, rings = 0, points = 0;
    std::vector<int64_t> fids;
};

Totals readAll(VectorSource& source, size_t batchSize = 1000) {
    Totals t;
    FeatureBatch batch;
    for (;;) {
        auto more = source.readBatch(batch, batchSize);
        EXPECT_TRUE(more.ok()) << (more.ok() ? "" : more.error().message);
        if (!more.ok() || !*more) break;
        t.features += batch.size();
        t.skipped += batch.skipped.size();
        t.polygons += batch.polygons.size();
        t.rings += batch.ringEnds.size();
        t.points += batch.points.size();
        for (const auto& f : batch.features) t.fids.push_back(f.fid);
    }
    return t;
}

}  // namespace

TEST(VectorSource, ReadsSanFranciscoTracts) {
    VectorSource tracts = openOk(spec(kShared + "/sf/tracts.geojson"));
    EXPECT_EQ(tracts.layerName(), "tracts");
    EXPECT_EQ(tracts.crsName(), "EPSG:4326");
    EXPECT_EQ(tracts.featureCount(), 195);
    EXPECT_NEAR(tracts.extent().minX, -122.514948, 1e-6);  // x is longitude
    EXPECT_NEAR(tracts.extent().maxY, 37.833298, 1e-6);
    ASSERT_EQ(tracts.fields().size(), 5u);
    for (const FieldInfo& f : tracts.fields()) EXPECT_EQ(f.type, FieldType::String) << f.name;

    ASSERT_TRUE(tracts.selectFields({"geoid", "nhood"}).ok());
    FeatureBatch batch;
    ASSERT_TRUE(*tracts.readBatch(batch, 1000));
    EXPECT_EQ(batch.size(), 195u);
    EXPECT_TRUE(batch.skipped.empty());
    EXPECT_EQ(batch.fieldCount, 2u);
    EXPECT_EQ(batch.value(0, 0).size(), 11u);  // a census GEOID: state, county, tract
    EXPECT_FALSE(batch.isNull(0, 1));
    for (const Vec2d& p : batch.points) ASSERT_TRUE(tracts.extent().contains(p));
    EXPECT_FALSE(*tracts.readBatch(batch, 1000));
    EXPECT_TRUE(batch.empty());
}

TEST(VectorSource, ReadsEveryBuildingPoint) {
    VectorSource buildings = openOk(spec(kShared + "/sf/buildings.gpkg"));
    EXPECT_EQ(buildings.featureCount(), 85161);
    Totals t = readAll(buildings, 4096);
    EXPECT_EQ(t.features, 85161u);
    EXPECT_EQ(t.skipped, 0u);
    EXPECT_EQ(t.points, 2544269u);
    EXPECT_EQ(t.rings - t.polygons, 28704u);  // inner rings (courtyards), per the data README

    // Read again after a rewind, with no attribute at all.
    ASSERT_TRUE(buildings.selectFields({}).ok());
    buildings.rewind();
    EXPECT_EQ(readAll(buildings, 100000).points, 2544269u);
}

TEST(VectorSource, TwoSlicesReadTheLayerOnceBetweenThem) {
    auto slices = VectorSource::openSlices(spec(kShared + "/sf/buildings.gpkg"), 2);
    ASSERT_TRUE(slices.ok()) << slices.error().message;
    ASSERT_EQ(slices->size(), 2u);
    EXPECT_EQ((*slices)[0].featureCount() + (*slices)[1].featureCount(), 85161);
    EXPECT_LE(std::abs((*slices)[0].featureCount() - (*slices)[1].featureCount()), 1);

    Totals totals[2];
    std::thread other([&] { totals[1] = readAll((*slices)[1], 4096); });
    totals[0] = readAll((*slices)[0], 4096);
    other.join();
    EXPECT_EQ(totals[0].points + totals[1].points, 2544269u);
    EXPECT_EQ(totals[0].features, static_cast<size_t>((*slices)[0].featureCount()));
    EXPECT_LT(*std::max_element(totals[0].fids.begin(), totals[0].fids.end()),
              *std::min_element(totals[1].fids.begin(), totals[1].fids.end()));

    // With a filter, slices split the filtered features.
    auto filtered =
        VectorSource::openSlices(spec(kShared + "/sf/buildings.gpkg", "", "bld_id % 3 = 0"), 2, 1000);
    ASSERT_TRUE(filtered.ok()) << filtered.error().message;
    ASSERT_EQ(filtered->size(), 2u);
    EXPECT_EQ(readAll((*filtered)[0]).features + readAll((*filtered)[1]).features, 85161u / 3);

    // Sources that cannot be sliced come back whole.
    auto tracts = VectorSource::openSlices(spec(kShared + "/sf/tracts.geojson"), 4, 10);
    ASSERT_TRUE(tracts.ok());
    EXPECT_EQ(tracts->size(), 1u);
}

TEST(VectorSource, WhereAndSql) {
    VectorSource mission = openOk(spec(kShared + "/sf/tracts.geojson", "tracts", "nhood = 'Mission'"));
    EXPECT_GT(mission.featureCount(), 0);
    EXPECT_LT(mission.featureCount(), 195);
    EXPECT_EQ(readAll(mission).features, static_cast<size_t>(mission.featureCount()));

    SourceSpec sql = spec(kShared + "/sf/buildings.gpkg");
    sql.sql = "SELECT * FROM buildings WHERE bld_id <= 10";
    VectorSource first10 = openOk(sql);
    EXPECT_EQ(first10.featureCount(), 10);
    EXPECT_EQ(readAll(first10).features, 10u);
}

TEST(VectorSource, KeepsPolygonsHolesAndNullsAndReportsSkips) {
    VectorSource squares = openOk(spec(kData + "/squares.geojson"));
    FeatureBatch batch;
    ASSERT_TRUE(*squares.readBatch(batch, 10));
    ASSERT_EQ(batch.size(), 2u);
    // Feature 1: a square with a square hole.
    EXPECT_EQ(batch.features[0].fid, 1);
    PolygonView withHole = batch.polygon(batch.features[0].firstPolygon);
    ASSERT_EQ(withHole.ringCount(), 2u);
    EXPECT_EQ(withHole.ring(0).size(), 5u);
    EXPECT_EQ(withHole.ring(1)[0], (Vec2d{1, 1}));
    // Feature 2: two polygons, each a view starting at its own points.
    EXPECT_EQ(batch.features[1].polygonCount, 2u);
    EXPECT_EQ(batch.polygon(batch.features[1].firstPolygon + 1).ring(0)[0], (Vec2d{12, 0}));
    // Attributes as text, nulls flagged.
    EXPECT_EQ(batch.value(0, 0), "A");
    EXPECT_EQ(batch.value(0, 1), "1.5");
    EXPECT_TRUE(batch.isNull(1, 1));
    EXPECT_EQ(batch.value(1, 2), "20");
    // Features 3 (null geometry) and 4 (a point) are reported, not lost.
    ASSERT_EQ(batch.skipped.size(), 2u);
    EXPECT_EQ(batch.skipped[0].fid, 3);
    EXPECT_EQ(batch.skipped[0].reason, "no geometry");
    EXPECT_EQ(batch.skipped[1].fid, 4);
    EXPECT_EQ(batch.skipped[1].reason, "geometry is a Point, not a polygon");
}

TEST(VectorSource, LinearizesCurvesAndUnpacksCollections) {
    SourceSpec curves = spec(kData + "/curves.csv");
    curves.crs = "EPSG:4326";  // CSV files carry no CRS
    VectorSource source = openOk(curves);
    EXPECT_EQ(source.crsName(), "EPSG:4326");
    ASSERT_TRUE(source.selectFields({"id"}).ok());  // not the WKT text
    FeatureBatch batch;
    ASSERT_TRUE(*source.readBatch(batch, 10));
    ASSERT_EQ(batch.size(), 3u);
    EXPECT_GT(batch.polygon(0).ring(0).size(), 20u);  // the circle, in segments
    EXPECT_EQ(batch.features[1].polygonCount, 2u);    // a multisurface with a curve polygon
    EXPECT_EQ(batch.value(2, 0), "3");                // the collection's polygon...
    EXPECT_EQ(batch.ignoredParts, 1u);                // ...and its point, counted
    ASSERT_EQ(batch.skipped.size(), 2u);
    EXPECT_EQ(batch.skipped[0].reason, "geometry is a Line String, not a polygon");
    EXPECT_EQ(batch.skipped[1].reason, "empty geometry");
}

TEST(VectorSource, ErrorsNameTheSourceAndTheReason) {
    EXPECT_EQ(openError(spec(kData + "/missing.gpkg")), kData + "/missing.gpkg: no such file");
    EXPECT_EQ(openError(spec(kData + "/corrupt.gpkg")),
              kData + "/corrupt.gpkg: not a readable vector source (GDAL: `" + kData +
                  "/corrupt.gpkg' not recognized as a supported file format.)");
    EXPECT_EQ(openError(spec(kShared + "/sf/buildings.gpkg", "roads")),
              kShared + "/sf/buildings.gpkg: no layer \"roads\" (layers: buildings)");
    EXPECT_EQ(openError(spec(kData + "/squares.geojson", "", "colour = 'red'")),
              kData +
                  "/squares.geojson layer squares: bad where \"colour = 'red'\" "
                  "(GDAL: \"colour\" not recognised as an available field.)");
    // GeoPackage checks a filter only when it first runs; the message is SQLite's.
    std::string gpkgWhere = openError(spec(kShared + "/sf/buildings.gpkg", "", "colour = 'red'"));
    EXPECT_EQ(gpkgWhere.rfind(
                  kShared + "/sf/buildings.gpkg layer buildings: bad where \"colour = 'red'\" (GDAL: ", 0),
              0u)
        << gpkgWhere;
    EXPECT_NE(gpkgWhere.find("no such column: colour"), std::string::npos) << gpkgWhere;

    SourceSpec badSql = spec(kShared + "/sf/buildings.gpkg");
    badSql.sql = "SELEC * FROM buildings";
    std::string sqlError = openError(badSql);
    EXPECT_EQ(sqlError.rfind(kShared + "/sf/buildings.gpkg: bad sql \"SELEC * FROM buildings\" (GDAL: ", 0),
              0u);
    EXPECT_NE(sqlError.find("syntax error"), std::string::npos) << sqlError;

    EXPECT_EQ(openError(spec(kData + "/no_crs.shp")),
              kData +
                  "/no_crs.shp layer no_crs has no CRS: declare one with \"crs\" in the layer config or "
                  "--src-crs on the command line");
    SourceSpec badCrs = spec(kData + "/no_crs.shp");
    badCrs.crs = "EPSG:999999";
    EXPECT_EQ(openError(badCrs), kData +
                                     "/no_crs.shp layer no_crs: CRS \"EPSG:999999\" is not known to PROJ "
                                     "(proj_create: crs not found)");
    EXPECT_EQ(openError(spec(kData + "/points.geojson")),
              kData + "/points.geojson layer points holds Point geometries, not polygons");
    EXPECT_EQ(openError(spec(kData + "/empty.geojson")), kData + "/empty.geojson layer empty is empty");
    EXPECT_EQ(openError(spec(kData + "/squares.geojson", "", "code = 'Z'")),
              kData + "/squares.geojson layer squares: no feature matches where \"code = 'Z'\"");

    VectorSource squares = openOk(spec(kData + "/squares.geojson"));
    Status missingField = squares.selectFields({"code", "colour"});
    ASSERT_FALSE(missingField.ok());
    EXPECT_EQ(missingField.error().message,
              kData + "/squares.geojson layer squares: no field \"colour\" (fields: code, value, count)");
}

TEST(VectorSource, DeclaredCrsMakesAShapefileWithoutPrjReadable) {
    SourceSpec s = spec(kData + "/no_crs.shp");
    s.crs = "EPSG:4326";
    VectorSource source = openOk(s);
    EXPECT_EQ(source.featureCount(), 2);
    EXPECT_EQ(readAll(source).points, 19u);
}

TEST(VectorSource, ConnectionStringsAreNotPaths) {
    EXPECT_TRUE(isConnectionString("PG:dbname=gs port=5433"));
    EXPECT_TRUE(isConnectionString("/vsizip/data.zip/a.shp"));
    EXPECT_TRUE(isConnectionString("https://example.com/a.geojson"));
    EXPECT_FALSE(isConnectionString("data/a.gpkg"));
    EXPECT_FALSE(isConnectionString("C:/data/a.gpkg"));
    // A connection string's password never shows in a message.
    std::string message = openError(spec("PG:dbname=nowhere host=/nonexistent password=hunter2"));
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_EQ(
        message.rfind("PG:dbname=nowhere host=/nonexistent password=***: not a readable vector source", 0),
        0u)
        << message;
}

// Layers other than levels and buildings read every kind: points, lines and polygons, mixed.
TEST(VectorSource, ReadsPointsLinesAndPolygonsOfAMixedLayer) {
    auto opened = VectorSource::open(spec(kData + "/mixed.geojson"), kAnyGeometry);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    EXPECT_EQ(opened->geometryKinds(), unsigned(kAnyGeometry));
    FeatureBatch batch;
    ASSERT_TRUE(*opened->readBatch(batch, 100));
    ASSERT_EQ(batch.size(), 6u);
    // 1: a point; 2: two points.
    EXPECT_EQ(batch.features[0].markerCount, 1u);
    EXPECT_EQ(batch.points[batch.markers[batch.features[0].firstMarker]], (Vec2d{1, 2}));
    EXPECT_EQ(batch.features[1].markerCount, 2u);
    EXPECT_EQ(batch.points[batch.markers[batch.features[1].firstMarker + 1]], (Vec2d{5, 6}));
    // 3: a line of three points.
    ASSERT_EQ(batch.features[2].lineCount, 1u);
    auto road = batch.line(batch.features[2].firstLine);
    ASSERT_EQ(road.size(), 3u);
    EXPECT_EQ(road[2], (Vec2d{10, 10}));
    // 4: a multiline whose second part has one point: the part is ignored and counted.
    EXPECT_EQ(batch.features[3].lineCount, 1u);
    // 5: a polygon; 6: a collection of two points, a line and a polygon, all kept.
    EXPECT_EQ(batch.features[4].polygonCount, 1u);
    EXPECT_EQ(batch.features[5].markerCount, 2u);
    EXPECT_EQ(batch.features[5].lineCount, 1u);
    EXPECT_EQ(batch.features[5].polygonCount, 1u);
    EXPECT_EQ(batch.points[batch.markers[batch.features[5].firstMarker + 1]], (Vec2d{41, 44}));
    EXPECT_EQ(batch.value(5, 0), "station");
    // 7 has no geometry, 8 is a line of one point: reported with their reasons.
    ASSERT_EQ(batch.skipped.size(), 2u);
    EXPECT_EQ(batch.skipped[0].reason, "no geometry");
    EXPECT_EQ(batch.skipped[1].fid, 8);
    EXPECT_EQ(batch.skipped[1].reason, "geometry is a Line String with no usable part");
    EXPECT_EQ(batch.ignoredParts, 1u);
}

TEST(VectorSource, ReadsOnlyTheKindsAskedForAndCountsTheRest) {
    auto lines = VectorSource::open(spec(kData + "/mixed.geojson"), kLines);
    ASSERT_TRUE(lines.ok()) << lines.error().message;
    FeatureBatch batch;
    ASSERT_TRUE(*lines->readBatch(batch, 100));
    ASSERT_EQ(batch.size(), 3u);  // the road, the river, the station's line
    EXPECT_TRUE(batch.markers.empty());
    EXPECT_TRUE(batch.polygons.empty());
    EXPECT_EQ(batch.ignoredParts, 1u + 3u);  // the river's stub; the station's points and polygon
    ASSERT_GE(batch.skipped.size(), 3u);
    EXPECT_EQ(batch.skipped[0].reason, "geometry is a Point, not a line");
    // A layer whose declared type is none of the kinds asked for fails at open, naming both.
    auto points = VectorSource::open(spec(kData + "/points.geojson"), kLines);
    ASSERT_FALSE(points.ok());
    EXPECT_EQ(points.error().message, kData + "/points.geojson layer points holds Point geometries, not lines");
}

// GDAL's OSM driver: every layer of a raw PBF and of an OSM XML file inside a zip, read alone,
// with the counts the shared data's README gives.
TEST(VectorSource, ReadsEveryLayerOfRawOsmFiles) {
    struct Case {
        std::string source;
        std::vector<std::pair<std::string, size_t>> layers;
    };
    const std::vector<Case> cases = {
        {kShared + "/boston/osm/beacon_hill.osm.pbf",
         {{"points", 271}, {"lines", 321}, {"multilinestrings", 4}, {"multipolygons", 487}, {"other_relations", 6}}},
        {"/vsizip/" + kShared + "/boston/osm/cambridge_allston.osm.zip/boston.xml",
         {{"points", 803}, {"lines", 1147}, {"multilinestrings", 31}, {"multipolygons", 1638}, {"other_relations", 60}}},
    };
    for (const Case& c : cases) {
        auto listed = listSourceLayers(c.source);
        ASSERT_TRUE(listed.ok()) << listed.error().message;
        ASSERT_EQ(listed->size(), 5u);
        EXPECT_EQ((*listed)[1].name, "lines");
        EXPECT_EQ((*listed)[1].kinds, unsigned(kLines));
        EXPECT_EQ((*listed)[3].kinds, unsigned(kPolygons));
        for (const auto& [layer, count] : c.layers) {
            auto source = VectorSource::open(spec(c.source, layer), kAnyGeometry);
            ASSERT_TRUE(source.ok()) << source.error().message;
            size_t read = 0;
            FeatureBatch batch;
            while (true) {
                auto more = source->readBatch(batch, 500);
                ASSERT_TRUE(more.ok()) << more.error().message;
                if (!*more) break;
                read += batch.size() + batch.skipped.size();
            }
            EXPECT_EQ(read, count) << c.source << " layer " << layer;
        }
    }
}
