// Loading the analyst's history against GDAL's own read of the same file, in the same run.
//
//   BM_GdalRead/<file>      GDAL alone: every feature, every field as text, the geometry (the floor)
//   BM_HistoryLoad/<file>   gridscope: loadHistory (read + mapping + times + projection + sort +
//                           grid index; no grids: the grid assignment is the scene's, benchmarked
//                           with the live store)
//
// Files: Boston's 320,351 reports (../shared/data/boston, gzipped CSV), and when
// $GRIDSCOPE_HISTORY_BENCH_DIR holds them, Boston grown to 1 M reports by tools/grow_boston.py
// (grown data: copies shifted in time and jittered in space) as a gzipped CSV and a GeoPackage:
//
//   python3 tools/grow_boston.py --rows 1000000 --gpkg /tmp/grown
//   GRIDSCOPE_HISTORY_BENCH_DIR=/tmp/grown build/bench/bench_history
#include <benchmark/benchmark.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "history/history_figures.hpp"
#include "history/history_load.hpp"
#include "session/history_grids.hpp"

namespace {

const std::string kMapping = std::string(GRIDSCOPE_SOURCE_DIR) + "/tools/history/boston311_mapping.json";

struct File {
    std::string label, source;
};

std::vector<File> files() {
    std::vector<File> out;
    const std::string boston = std::string(GRIDSCOPE_SHARED_DATA) + "/boston/boston311_cases.csv.gz";
    if (std::filesystem::exists(boston)) out.push_back({"boston320k.csv.gz", "/vsigzip/" + boston});
    if (const char* dir = std::getenv("GRIDSCOPE_HISTORY_BENCH_DIR")) {
        const std::filesystem::path d(dir);
        if (std::filesystem::exists(d / "boston311_grown_1000k.csv.gz"))
            out.push_back({"grown1M.csv.gz", "/vsigzip/" + (d / "boston311_grown_1000k.csv.gz").string()});
        if (std::filesystem::exists(d / "boston311_grown_1000k.gpkg"))
            out.push_back({"grown1M.gpkg", (d / "boston311_grown_1000k.gpkg").string()});
    }
    return out;
}

void BM_GdalRead(benchmark::State& state, std::string source) {
    GDALAllRegister();
    size_t features = 0, bytes = 0;
    for (auto _ : state) {
        GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR));
        if (!ds) return state.SkipWithError(("cannot open " + source).c_str());
        OGRLayer* layer = ds->GetLayer(0);
        const int fields = layer->GetLayerDefn()->GetFieldCount();
        features = 0;
        for (OGRFeatureUniquePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
            for (int i = 0; i < fields; ++i) bytes += std::char_traits<char>::length(f->GetFieldAsString(i));
            if (const OGRGeometry* g = f->GetGeometryRef()) bytes += g->IsEmpty() ? 0 : 1;
            ++features;
        }
    }
    benchmark::DoNotOptimize(bytes);
    state.counters["features"] = double(features);
}

void BM_HistoryLoad(benchmark::State& state, std::string source) {
    auto mapping = gs::loadCsvFeedMapping(kMapping);
    if (!mapping) return state.SkipWithError(mapping.error().message.c_str());
    gs::HistoryLoadOptions o;
    o.source.source = source;
    o.mapping = *mapping;
    gs::HistoryLoadReport report;
    double bytesPerEvent = 0;
    for (auto _ : state) {
        auto h = gs::loadHistory(o, report);
        if (!h) return state.SkipWithError(h.error().message.c_str());
        bytesPerEvent = h->bytesPerEvent();
        benchmark::DoNotOptimize(h->reported.data());
    }
    state.counters["events"] = double(report.events);
    state.counters["skipped"] = double(report.rowsSkipped());
    state.counters["bytes_per_event"] = bytesPerEvent;
}

// A change of time window and category filter on a history of Boston's reports placed in its 23
// neighborhoods: the events kept (selectEvents) and every neighborhood's figures (gridFigures), the
// CPU work behind each step of the window's slider (the heatmap's upload and frame are
// bench_density's). Windows of 30 days, a year and everything at 64 places over the history,
// alternately with one category.
void BM_WindowChange(benchmark::State& state, std::string source, int64_t days) {
    auto mapping = gs::loadCsvFeedMapping(kMapping);
    if (!mapping) return state.SkipWithError(mapping.error().message.c_str());
    gs::SceneConfig scene;
    gs::LayerConfig level;
    level.id = "neighborhoods";
    level.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/boston/neighborhoods.geojson";
    level.level.guessFields = true;
    scene.layers.push_back(level);
    auto loaded = gs::loadScene(scene, gs::LoadOptions{});
    if (!loaded) return state.SkipWithError(loaded.error().message.c_str());
    auto grids = gs::historyGridsFromScene(*loaded);
    if (!grids) return state.SkipWithError(grids.error().message.c_str());
    gs::HistoryLoadOptions o;
    o.source.source = source;
    o.mapping = *mapping;
    o.grids = grids->grids;
    gs::HistoryLoadReport report;
    auto h = gs::loadHistory(o, report);
    if (!h) return state.SkipWithError(h.error().message.c_str());
    const auto [first, last] = h->timeSpan();
    size_t step = 0, kept = 0;
    for (auto _ : state) {
        gs::EventFilter f;
        f.fromSec = first + int64_t(step % 64) * ((last - first) / 64);
        f.toSec = days > 0 ? f.fromSec + days * 86400 : last + 1;
        if (days == 0) f.fromSec = first;
        if (step % 2) {
            f.categories.assign(h->categories.size(), false);
            f.categories[step % h->categories.size()] = true;
        }
        const auto rows = gs::selectEvents(*h, f);
        const auto figures = gs::gridFigures(*h, rows, f.toSec, 0);
        kept += rows.size();
        benchmark::DoNotOptimize(figures.count.data());
        ++step;
    }
    state.counters["events"] = double(h->size());
    state.counters["kept_per_change"] = double(kept) / double(std::max<size_t>(1, step));
}

const int kRegistered = [] {
    for (const File& f : files()) {
        benchmark::RegisterBenchmark(("BM_GdalRead/" + f.label).c_str(), BM_GdalRead, f.source)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime()
            ->Iterations(3);
        benchmark::RegisterBenchmark(("BM_HistoryLoad/" + f.label).c_str(), BM_HistoryLoad, f.source)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime()
            ->Iterations(3);
        for (int64_t days : {30, 365, 0})
            benchmark::RegisterBenchmark(("BM_WindowChange/" + f.label + "/" + (days ? std::to_string(days) + "d" : "all")).c_str(),
                                         BM_WindowChange, f.source, days)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime()
                ->Iterations(64);
    }
    return 0;
}();

}  // namespace

BENCHMARK_MAIN();
