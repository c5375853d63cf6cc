// GeoPackage rows read straight from SQLite (source/gpkg_rows.hpp) give the batches GDAL's reader
// gives, feature for feature: on the real data (SF's buildings, the demo's levels and basemap), on
// a GeoPackage of every geometry type GDAL writes (Z and M, empties, collections, curves, NULL),
// in slices, with a where; under a spatial filter a superset of GDAL's features, each extra one's
// box meeting the filter; a broken blob is a skipped feature with its reason.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <set>

#include "scoped_env.hpp"
#include "source/vector_source.hpp"

#ifndef GRIDSCOPE_SHARED_DATA
#define GRIDSCOPE_SHARED_DATA "/work/shared/data"
#endif

using namespace gs;

namespace {

const std::string kShared = GRIDSCOPE_SHARED_DATA;
const std::string kRepo = GRIDSCOPE_SOURCE_DIR;
const std::string kSfBuildings = kShared + "/sf/buildings.gpkg";

#define SKIP_WITHOUT_SF_BUILDINGS() \
    if (!std::filesystem::exists(kSfBuildings)) GTEST_SKIP() << "no shared data at " << kSfBuildings

// Everything a read gave, flattened: each feature's parts and values, the skipped features.
struct Read {
    std::vector<int64_t> fids;
    std::vector<std::vector<std::vector<Vec2d>>> polygons;  // per feature: its rings, in order
    std::vector<std::vector<std::vector<Vec2d>>> lines;
    std::vector<std::vector<Vec2d>> markers;
    std::vector<std::string> values;  // "<null>" for nulls
    std::vector<std::pair<int64_t, std::string>> skipped;
    size_t ignoredParts = 0;
    size_t batches = 0;
};

void flatten(const FeatureBatch& b, Read& r) {
    ++r.batches;
    for (size_t f = 0; f < b.features.size(); ++f) {
        const auto& feature = b.features[f];
        r.fids.push_back(feature.fid);
        auto& rings = r.polygons.emplace_back();
        for (uint32_t p = feature.firstPolygon; p < feature.firstPolygon + feature.polygonCount; ++p) {
            const PolygonView view = b.polygon(p);
            for (uint32_t k = 0; k < view.ringCount(); ++k) rings.emplace_back(view.ring(k).begin(), view.ring(k).end());
            rings.emplace_back();  // the polygon's end
        }
        auto& lines = r.lines.emplace_back();
        for (uint32_t l = feature.firstLine; l < feature.firstLine + feature.lineCount; ++l)
            lines.emplace_back(b.line(l).begin(), b.line(l).end());
        auto& markers = r.markers.emplace_back();
        for (uint32_t m = feature.firstMarker; m < feature.firstMarker + feature.markerCount; ++m)
            markers.push_back(b.points[b.markers[m]]);
        for (size_t i = 0; i < b.fieldCount; ++i)
            r.values.push_back(b.nulls[f * b.fieldCount + i] ? "<null>" : std::string(b.value(f, i)));
    }
    for (const auto& s : b.skipped) r.skipped.push_back({s.fid, s.reason});
    r.ignoredParts += b.ignoredParts;
}

Read readAll(VectorSource& source, size_t batchSize = 1000) {
    Read r;
    FeatureBatch batch;
    for (;;) {
        auto more = source.readBatch(batch, batchSize);
        EXPECT_TRUE(more.ok()) << (more.ok() ? "" : more.error().message);
        if (!more.ok() || !*more) break;
        flatten(batch, r);
    }
    return r;
}

void expectSame(const Read& direct, const Read& gdal, const std::string& what) {
    EXPECT_EQ(direct.fids, gdal.fids) << what;
    EXPECT_EQ(direct.polygons.size(), gdal.polygons.size()) << what;
    for (size_t f = 0; f < std::min(direct.polygons.size(), gdal.polygons.size()); ++f) {
        const auto same = [](const auto& a, const auto& b) {
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); ++i) {
                if (a[i].size() != b[i].size()) return false;
                for (size_t j = 0; j < a[i].size(); ++j)
                    if (!(a[i][j] == b[i][j])) return false;
            }
            return true;
        };
        ASSERT_TRUE(same(direct.polygons[f], gdal.polygons[f])) << what << ": polygons of feature " << direct.fids[f];
        ASSERT_TRUE(same(direct.lines[f], gdal.lines[f])) << what << ": lines of feature " << direct.fids[f];
        ASSERT_EQ(direct.markers[f].size(), gdal.markers[f].size()) << what << ": points of feature " << direct.fids[f];
        for (size_t m = 0; m < direct.markers[f].size(); ++m)
            EXPECT_TRUE(direct.markers[f][m] == gdal.markers[f][m]) << what << ": feature " << direct.fids[f];
    }
    EXPECT_EQ(direct.values, gdal.values) << what;
    EXPECT_EQ(direct.skipped, gdal.skipped) << what;
    EXPECT_EQ(direct.ignoredParts, gdal.ignoredParts) << what;
    EXPECT_EQ(direct.batches, gdal.batches) << what;
}

// Opens `spec` twice, straight from SQLite and through GDAL, with the same fields and kinds.
struct Pair {
    std::optional<VectorSource> direct, gdal;
};
Pair openBoth(const SourceSpec& spec, unsigned kinds, const std::vector<std::string>& fields = {}) {
    Pair p;
    {
        auto d = VectorSource::open(spec, kinds);
        EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
        if (d.ok()) p.direct.emplace(std::move(*d));
    }
    {
        test::ScopedEnv off("GRIDSCOPE_GPKG_DIRECT", "0");
        auto g = VectorSource::open(spec, kinds);
        EXPECT_TRUE(g.ok()) << (g.ok() ? "" : g.error().message);
        if (g.ok()) p.gdal.emplace(std::move(*g));
    }
    if (p.direct && p.gdal && !fields.empty()) {
        EXPECT_TRUE(p.direct->selectFields(fields).ok());
        EXPECT_TRUE(p.gdal->selectFields(fields).ok());
    }
    return p;
}

// The fields a direct read takes (integers and text); the others are GDAL's to format.
std::vector<std::string> directFields(const VectorSource& s) {
    std::vector<std::string> names;
    for (const FieldInfo& f : s.fields())
        if (f.type == FieldType::Integer || f.type == FieldType::String) names.push_back(f.name);
    return names;
}

SourceSpec spec(const std::string& source, const std::string& layer, const std::string& where = {}) {
    SourceSpec s;
    s.source = source;
    s.layer = layer;
    s.where = where;
    return s;
}

// A GeoPackage of every geometry type GDAL writes into one layer, fields with nulls.
class MixedGpkg : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        GDALAllRegister();
        path_ = (std::filesystem::temp_directory_path() / ("gridscope_mixed_" + std::to_string(getpid()) + ".gpkg")).string();
        std::filesystem::remove(path_);
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
        ASSERT_NE(driver, nullptr);
        GDALDatasetUniquePtr ds(driver->Create(path_.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference srs;
        srs.importFromEPSG(3857);
        OGRLayer* layer = ds->CreateLayer("mixed", &srs, wkbUnknown, nullptr);
        ASSERT_NE(layer, nullptr);
        OGRFieldDefn n("n", OFTInteger64), s("s", OFTString), x("x", OFTReal);
        ASSERT_EQ(layer->CreateField(&n), OGRERR_NONE);
        ASSERT_EQ(layer->CreateField(&s), OGRERR_NONE);
        ASSERT_EQ(layer->CreateField(&x), OGRERR_NONE);
        const char* wkts[] = {
            "POINT (1 2)",
            "POINT Z (1 2 3)",
            "POINT EMPTY",
            "MULTIPOINT ((3 3),(4 4))",
            "LINESTRING (0 0,1 1,2 0)",
            "LINESTRING M (0 0 5,1 1 6,2 0 7)",
            "LINESTRING EMPTY",
            "LINESTRING (7 7)",
            "MULTILINESTRING ((0 0,1 1),(2 2,3 3))",
            "POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 2))",
            "POLYGON ZM ((0 0 1 2,5 0 1 2,5 5 1 2,0 0 1 2))",
            "POLYGON EMPTY",
            "MULTIPOLYGON (((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))",
            "MULTIPOLYGON EMPTY",
            "GEOMETRYCOLLECTION (POINT (1 1),POLYGON ((0 0,1 0,1 1,0 0)),LINESTRING (0 0,5 5))",
            "CIRCULARSTRING (0 0,1 1,2 0)",
            "CURVEPOLYGON (CIRCULARSTRING (0 0,4 0,0 0))",
            "COMPOUNDCURVE ((0 0,1 0),CIRCULARSTRING (1 0,2 1,3 0))",
            "MULTISURFACE (((0 0,1 0,1 1,0 0)))",
            "TRIANGLE ((0 0,1 0,0 1,0 0))",
            "",  // NULL geometry
            "POLYGON ((100 100,110 100,110 110,100 110,100 100))",
        };
        int i = 0;
        for (const char* wkt : wkts) {
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            if (*wkt) {
                OGRGeometry* g = nullptr;
                ASSERT_EQ(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g), OGRERR_NONE) << wkt;
                f->SetGeometryDirectly(g);
            }
            if (i % 3 != 1) f->SetField("n", GIntBig(i) * 1000000007LL);
            if (i % 4 != 2) f->SetField("s", ("名字 " + std::to_string(i)).c_str());
            f->SetField("x", i * 0.1);
            ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE) << wkt;
            ++i;
        }
    }
    static void TearDownTestSuite() { std::filesystem::remove(path_); }
    static std::string path_;
};
std::string MixedGpkg::path_;

}  // namespace

TEST(GpkgRows, SfBuildingsReadAsGdalReadsThem) {
    SKIP_WITHOUT_SF_BUILDINGS();
    auto both = openBoth(spec(kSfBuildings, "buildings"), kPolygons);
    ASSERT_TRUE(both.direct && both.gdal);
    const auto fields = directFields(*both.direct);
    ASSERT_FALSE(fields.empty());
    ASSERT_TRUE(both.direct->selectFields(fields).ok());
    ASSERT_TRUE(both.gdal->selectFields(fields).ok());
    EXPECT_TRUE(both.direct->readsDirectly());
    EXPECT_FALSE(both.gdal->readsDirectly());
    const Read d = readAll(*both.direct), g = readAll(*both.gdal);
    EXPECT_EQ(d.fids.size(), 85161u);
    expectSame(d, g, "SF buildings");
    // Again after a rewind: the same rows from the first.
    both.direct->rewind();
    const Read again = readAll(*both.direct);
    EXPECT_EQ(again.fids, d.fids);
}

TEST(GpkgRows, TheDemosLayersReadAsGdalReadsThem) {
    GDALAllRegister();
    int direct = 0;
    for (const auto& [file, kinds] : {std::pair{kRepo + "/data/demo.gpkg", unsigned(kPolygons)},
                                      std::pair{kRepo + "/data/osm_demo.gpkg", unsigned(kAnyGeometry)}}) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR));
        ASSERT_TRUE(ds) << file;
        for (int i = 0; i < ds->GetLayerCount(); ++i) {
            const std::string name = ds->GetLayer(i)->GetName();
            auto probe = VectorSource::open(spec(file, name), kinds);
            ASSERT_TRUE(probe.ok()) << probe.error().message;
            auto both = openBoth(spec(file, name), kinds, directFields(*probe));
            ASSERT_TRUE(both.direct && both.gdal);
            direct += both.direct->readsDirectly();
            expectSame(readAll(*both.direct, 97), readAll(*both.gdal, 97), file + " " + name);
        }
    }
    EXPECT_EQ(direct, 6);  // every layer of both: four polygon layers, the basemap's lines and points
}

TEST(GpkgRows, SlicesAndAWhereReadAsGdalReadsThem) {
    SKIP_WITHOUT_SF_BUILDINGS();
    const auto& path = kSfBuildings;
    auto direct = VectorSource::openSlices(spec(path, "buildings", "bld_id % 7 <> 3"), 3, 1000);
    std::optional<Result<std::vector<VectorSource>>> gdal;
    {
        test::ScopedEnv off("GRIDSCOPE_GPKG_DIRECT", "0");
        gdal.emplace(VectorSource::openSlices(spec(path, "buildings", "bld_id % 7 <> 3"), 3, 1000));
    }
    ASSERT_TRUE(direct.ok()) << direct.error().message;
    ASSERT_TRUE(gdal->ok()) << (*gdal).error().message;
    ASSERT_EQ(direct->size(), 3u);
    ASSERT_EQ((*gdal)->size(), 3u);
    size_t total = 0;
    for (size_t k = 0; k < 3; ++k) {
        VectorSource& d = (*direct)[k];
        VectorSource& g = (**gdal)[k];
        ASSERT_TRUE(d.selectFields(directFields(d)).ok());
        ASSERT_TRUE(g.selectFields(directFields(g)).ok());
        EXPECT_TRUE(d.readsDirectly());
        const Read rd = readAll(d), rg = readAll(g);
        total += rd.fids.size() + rd.skipped.size();
        expectSame(rd, rg, "slice " + std::to_string(k));
        for (int64_t fid : rd.fids) EXPECT_NE(fid % 7, 3);
        // A slice's FID range moved, as the loader's chunks do.
        const auto [begin, end] = *d.fidRange();
        ASSERT_TRUE(d.restrictToFidRange(begin, begin + (end - begin) / 2).ok());
        ASSERT_TRUE(g.restrictToFidRange(begin, begin + (end - begin) / 2).ok());
        expectSame(readAll(d), readAll(g), "half of slice " + std::to_string(k));
    }
    EXPECT_GT(total, 85161u * 6 / 7 - 100);  // a seventh left out by the where
    EXPECT_LT(total, 85161u * 6 / 7 + 100);
}

TEST(GpkgRows, UnderASpatialFilterEveryFeatureGdalReadsAndOnlyThoseWhoseBoxMeetsIt) {
    SKIP_WITHOUT_SF_BUILDINGS();
    auto both = openBoth(spec(kSfBuildings, "buildings"), kPolygons, {});
    ASSERT_TRUE(both.direct && both.gdal);
    ASSERT_TRUE(both.direct->selectFields({}).ok());
    ASSERT_TRUE(both.gdal->selectFields({}).ok());
    const Box filter{-122.4100, 37.7800, -122.4000, 37.7880};  // lon/lat: a few blocks of SoMa
    both.direct->setSpatialFilter(filter);
    both.gdal->setSpatialFilter(filter);
    const Read d = readAll(*both.direct), g = readAll(*both.gdal);
    ASSERT_GT(g.fids.size(), 100u);
    const std::set<int64_t> direct(d.fids.begin(), d.fids.end());
    for (int64_t fid : g.fids) EXPECT_TRUE(direct.count(fid)) << "feature " << fid << " missing";
    // Extra ones (GDAL also drops those whose shape misses the filter, not only their box): few,
    // and each box meets it.
    std::map<int64_t, size_t> at;
    for (size_t i = 0; i < d.fids.size(); ++i) at[d.fids[i]] = i;
    size_t extra = 0;
    for (const auto& [fid, i] : at) {
        Box b;
        for (const auto& ring : d.polygons[i])
            for (Vec2d p : ring) b.add(p);
        EXPECT_TRUE(b.maxX >= filter.minX && b.minX <= filter.maxX && b.maxY >= filter.minY && b.minY <= filter.maxY)
            << "feature " << fid;
    }
    extra = d.fids.size() - g.fids.size();
    std::printf("spatial filter: %zu features through GDAL, %zu read directly\n", g.fids.size(), d.fids.size());
    EXPECT_LE(extra, g.fids.size() / 20);
    EXPECT_TRUE(d.skipped.empty());
    // The filter lifted: the whole layer again.
    both.direct->setSpatialFilter(Box{});
    EXPECT_EQ(readAll(*both.direct).fids.size(), 85161u);
}

TEST_F(MixedGpkg, EveryGeometryTypeReadsAsGdalReadsIt) {
    for (unsigned kinds : {unsigned(kAnyGeometry), unsigned(kPolygons), unsigned(kLines), unsigned(kPoints)}) {
        auto both = openBoth(spec(path_, "mixed"), kinds, {"n", "s"});
        ASSERT_TRUE(both.direct && both.gdal);
        EXPECT_TRUE(both.direct->readsDirectly());
        const Read d = readAll(*both.direct, 4), g = readAll(*both.gdal, 4);
        expectSame(d, g, "kinds " + std::to_string(kinds));
        if (kinds == kAnyGeometry) {
            EXPECT_EQ(d.fids.size() + d.skipped.size(), 22u);
            EXPECT_GE(d.skipped.size(), 5u);  // the empties and the NULL
        }
    }
    // A real field is GDAL's to format: read through GDAL, the same as ever.
    auto withReal = openBoth(spec(path_, "mixed"), kAnyGeometry, {"n", "x"});
    ASSERT_TRUE(withReal.direct);
    EXPECT_FALSE(withReal.direct->readsDirectly());
    expectSame(readAll(*withReal.direct), readAll(*withReal.gdal), "with a real field");
}

TEST_F(MixedGpkg, ABrokenBlobIsASkippedFeatureWithItsReason) {
    const auto broken = (std::filesystem::temp_directory_path() / ("gridscope_broken_" + std::to_string(getpid()) + ".gpkg")).string();
    std::filesystem::copy_file(path_, broken, std::filesystem::copy_options::overwrite_existing);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(broken.c_str(), &db), SQLITE_OK);
    // Feature 1: not a GeoPackage blob at all; feature 5: a header, then WKB cut short. (The R-tree's
    // triggers call GDAL's SQL functions: gone first.)
    sqlite3_stmt* triggers = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &triggers, nullptr),
              SQLITE_OK);
    std::vector<std::string> names;
    while (sqlite3_step(triggers) == SQLITE_ROW)
        names.push_back(reinterpret_cast<const char*>(sqlite3_column_text(triggers, 0)));
    sqlite3_finalize(triggers);
    for (const std::string& name : names)
        ASSERT_EQ(sqlite3_exec(db, ("DROP TRIGGER \"" + name + "\"").c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE mixed SET geom = x'00010203' WHERE fid = 1;"
                               "UPDATE mixed SET geom = x'47500001000000000103000000' WHERE fid = 5;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
    auto source = VectorSource::open(spec(broken, "mixed"), kAnyGeometry);
    ASSERT_TRUE(source.ok()) << source.error().message;
    ASSERT_TRUE(source->selectFields({"n", "s"}).ok());
    ASSERT_TRUE(source->readsDirectly());
    const Read r = readAll(*source);
    std::map<int64_t, std::string> reasons(r.skipped.begin(), r.skipped.end());
    EXPECT_EQ(reasons[1], "unreadable geometry: not a GeoPackage geometry blob");
    EXPECT_EQ(reasons[5], "unreadable geometry: malformed WKB");
    EXPECT_EQ(r.fids.size() + r.skipped.size(), 22u);  // nothing else lost
    EXPECT_TRUE(std::count(r.fids.begin(), r.fids.end(), 22));
    std::filesystem::remove(broken);
}
