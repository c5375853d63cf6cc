// Load benchmark: the full SF buildings (85,161 features, 2.54 M vertices) from GeoPackage to
// upload-ready buffers, against GDAL's own read of the same file in the same run.
// The floor, BM_GdalRead, walks every feature and every ring point with GDAL's C++ API, as any
// GDAL-based viewer must at least do. BM_GridscopeLoad reads, reprojects to Web Mercator,
// triangulates and builds outlines at full detail (no level of detail), on all cores.
// BM_GridscopeLoadLod is what a district-extent 4K snapshot does (half-pixel level of detail).
// BM_SourceRead is the floor's work through gridscope's source (the rows straight from SQLite;
// GRIDSCOPE_GPKG_DIRECT=0 for GDAL's features). BM_LoadOverGdalRead: the bar's ratio from pairs
// (a read, then a load, each iteration). BM_LevelsLoad: management levels as the window loads
// them (level of detail for 1920x1080, label points, coarser meshes with shared boundaries drawn
// once): SF's neighbourhoods and tracts, or with GRIDSCOPE_BENCH_CITY=city.gpkg the grown city's
// streets, communities and grids (tools/grow_city.py).
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "scene/camera.hpp"
#include "scene/loader.hpp"
#include "scene/scene_config.hpp"
#include "source/vector_source.hpp"

namespace {

const std::string kBuildings = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/buildings.gpkg";

void BM_GdalRead(benchmark::State& state) {
    GDALAllRegister();
    for (auto _ : state) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(kBuildings.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) { state.SkipWithError("cannot open buildings.gpkg"); return; }
        OGRLayer* layer = ds->GetLayerByName("buildings");
        size_t points = 0, features = 0;
        for (auto& f : *layer) {
            const OGRGeometry* g = f->GetGeometryRef();
            if (!g) continue;
            ++features;
            for (const auto* poly : *g->toMultiPolygon())
                for (const auto* ring : *poly) points += size_t(ring->getNumPoints());
        }
        benchmark::DoNotOptimize(points);
        state.counters["features"] = double(features);
        state.counters["points"] = double(points);
    }
}
BENCHMARK(BM_GdalRead)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// The same read through gridscope's own source: the GeoPackage's rows straight from SQLite
// (source/gpkg_rows.hpp), every field and coordinate into a FeatureBatch, nothing more.
void BM_SourceRead(benchmark::State& state) {
    for (auto _ : state) {
        gs::SourceSpec spec;
        spec.source = kBuildings;
        spec.layer = "buildings";
        auto source = gs::VectorSource::open(spec);
        if (!source) { state.SkipWithError(source.error().message.c_str()); return; }
        gs::FeatureBatch batch;
        size_t points = 0, features = 0;
        for (;;) {
            auto more = source->readBatch(batch, 4096);
            if (!more) { state.SkipWithError(more.error().message.c_str()); return; }
            if (!*more) break;
            features += batch.features.size();
            points += batch.points.size();
        }
        benchmark::DoNotOptimize(points);
        state.counters["features"] = double(features);
        state.counters["points"] = double(points);
        state.counters["direct"] = source->readsDirectly() ? 1 : 0;
    }
}
BENCHMARK(BM_SourceRead)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

gs::SceneConfig buildingsScene() {
    gs::SceneConfig config;
    gs::LayerConfig layer;
    layer.id = "buildings";
    layer.role = gs::LayerRole::Buildings;
    layer.source.source = kBuildings;
    layer.source.layer = "buildings";
    layer.style = gs::defaultBuildingsStyle();
    config.layers.push_back(layer);
    return config;
}

void loadBench(benchmark::State& state, bool lod) {
    auto config = buildingsScene();
    gs::LoadOptions options;
    options.keepBuildingGeometry = false;
    options.allAttributes = false;
    if (lod) options.simplifyTolerance = 1.7;  // half a pixel of SF fitted into 3840x2160
    for (auto _ : state) {
        auto scene = gs::loadScene(config, options);
        if (!scene) { state.SkipWithError(scene.error().message.c_str()); return; }
        const auto& l = scene->layers[0];
        state.counters["features"] = double(l.stats.featuresLoaded);
        state.counters["skipped"] = double(l.stats.featuresRead - l.stats.featuresLoaded);
        state.counters["triangles"] = double(l.stats.triangles);
        state.counters["points"] = double(l.stats.sourceVertices);
    }
}
void BM_GridscopeLoad(benchmark::State& state) { loadBench(state, false); }
void BM_GridscopeLoadLod(benchmark::State& state) { loadBench(state, true); }
BENCHMARK(BM_GridscopeLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_GridscopeLoadLod)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

// The bar's ratio measured in pairs: each iteration times GDAL's read, then gridscope's load, of
// the same file, so that the host's drift (the floor alone moves 110-200 ms between runs here)
// weighs on both sides alike. ratio = the load's total over the read's total.
void BM_LoadOverGdalRead(benchmark::State& state) {
    GDALAllRegister();
    auto config = buildingsScene();
    gs::LoadOptions options;
    options.keepBuildingGeometry = false;
    options.allAttributes = false;
    double readSeconds = 0, loadSeconds = 0;
    using Clock = std::chrono::steady_clock;
    for (auto _ : state) {
        const auto t0 = Clock::now();
        GDALDatasetUniquePtr ds(GDALDataset::Open(kBuildings.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) { state.SkipWithError("cannot open buildings.gpkg"); return; }
        size_t points = 0;
        for (auto& f : *ds->GetLayerByName("buildings"))
            if (const OGRGeometry* g = f->GetGeometryRef())
                for (const auto* poly : *g->toMultiPolygon())
                    for (const auto* ring : *poly) points += size_t(ring->getNumPoints());
        benchmark::DoNotOptimize(points);
        ds.reset();
        const auto t1 = Clock::now();
        auto scene = gs::loadScene(config, options);
        if (!scene) { state.SkipWithError(scene.error().message.c_str()); return; }
        const auto t2 = Clock::now();
        readSeconds += std::chrono::duration<double>(t1 - t0).count();
        loadSeconds += std::chrono::duration<double>(t2 - t1).count();
    }
    const double n = double(state.iterations());
    state.counters["read_ms"] = 1000 * readSeconds / n;
    state.counters["load_ms"] = 1000 * loadSeconds / n;
    state.counters["ratio"] = loadSeconds / readSeconds;
}
BENCHMARK(BM_LoadOverGdalRead)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(4.0);

void BM_LevelsLoad(benchmark::State& state) {
    gs::SceneConfig config;
    config.displayCrs = "EPSG:3857";
    auto level = [&](const std::string& source, const std::string& layer) {
        gs::LayerConfig l;
        l.id = layer.empty() ? source : layer;
        l.role = gs::LayerRole::Level;
        l.source.source = source;
        l.source.layer = layer;
        l.style = gs::defaultLevelStyle(config.layers.size(), 3);
        config.layers.push_back(l);
    };
    if (const char* city = std::getenv("GRIDSCOPE_BENCH_CITY")) {
        for (const char* layer : {"streets", "communities", "grids"}) level(city, layer);
    } else {
        level(std::string(GRIDSCOPE_SHARED_DATA) + "/sf/neighborhoods.geojson", "");
        level(std::string(GRIDSCOPE_SHARED_DATA) + "/sf/tracts.geojson", "");
    }
    gs::LoadOptions options;  // as the window's (views/map_window_load.cpp)
    options.toleranceForExtent = [](const gs::Box& box) {
        gs::Camera c;
        c.setViewport(1920, 1080);
        c.fit(box);
        return c.unitsPerPixel * 0.5 / 4;
    };
    for (auto _ : state) {
        auto scene = gs::loadScene(config, options);
        if (!scene) { state.SkipWithError(scene.error().message.c_str()); return; }
        double features = 0, points = 0, coarser = 0;
        for (const auto& l : scene->layers) {
            features += double(l.stats.featuresLoaded);
            points += double(l.stats.sourceVertices);
            coarser += double(l.coarser.size());
        }
        state.counters["features"] = features;
        state.counters["points"] = points;
        state.counters["coarser_meshes"] = coarser;
    }
}
BENCHMARK(BM_LevelsLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
