// A change of the analyst's time window or filter, to the frame that shows it (issue 13's bar:
// p95 <= 100 ms at 1920x1080 on llvmpipe with 1 M events): AnalysisView::apply() (the kept
// events, every figure, the charts, the choropleth's colours, the heatmap's points uploaded) and
// AnalysisView::render() of the frame (map, choropleth, heatmap of 500 m, legends) into a
// 1920x1080 headless target, glFinish'd. Boston's neighborhoods are the level.
//
//   BM_ChangeToFrame/<file>/<window>   64 changes: a year's window stepped through the history
//                             (365d), or the whole history (all), every other change with one
//                             category only; /progressive: the window's progressive frames (the
//                             first frame's heatmap on a coarser grid). Counters: p50_ms, p95_ms, max_ms of
//                             change + first frame; refined_ms: the frame after (the heatmap at its
//                             full resolution, when the first frame was a coarse one); apply_p95_ms:
//                             apply() alone (the CPU's share).
//
// Files as bench_history's: Boston's 320,351 reports, and with $GRIDSCOPE_HISTORY_BENCH_DIR the
// 1 M grown GeoPackage (tools/grow_boston.py: grown data).
//
//   GRIDSCOPE_HISTORY_BENCH_DIR=/tmp/grown build/bench/bench_analysis_frame
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "render/offscreen_target.hpp"
#include "scene/loader.hpp"
#include "session/analysis_view.hpp"

namespace {

const std::string kMapping = std::string(GRIDSCOPE_SOURCE_DIR) + "/tools/history/boston311_mapping.json";

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))];
}

void BM_ChangeToFrame(benchmark::State& state, std::string source, int64_t days, bool progressive) {
    auto target = gs::OffscreenTarget::create(1920, 1080);
    if (!target) return state.SkipWithError(target.error().message.c_str());
    gs::SceneConfig scene;
    gs::LayerConfig level;
    level.id = "neighborhoods";
    level.source.source = std::string(GRIDSCOPE_SHARED_DATA) + "/boston/neighborhoods.geojson";
    level.role = gs::LayerRole::Level;
    level.level.guessFields = true;
    scene.layers.push_back(level);
    auto loaded = gs::loadScene(scene, gs::LoadOptions{});
    if (!loaded) return state.SkipWithError(loaded.error().message.c_str());
    auto renderer = gs::SceneRenderer::create();
    if (!renderer) return state.SkipWithError(renderer.error().message.c_str());
    if (!(*renderer)->setScene(*loaded, false)) return state.SkipWithError("setScene");
    gs::AnalysisConfig config;
    config.source.source = source;
    config.mappingPath = kMapping;
    config.heatmap.emplace();  // quartic, 500 m
    gs::AnalysisChoropleth choropleth;
    choropleth.level = "neighborhoods";
    choropleth.figure = gs::HistoryFigure::PerKm2;
    config.choropleth = choropleth;
    auto view = gs::AnalysisView::create(config, *loaded, **renderer, gs::Lang::En);
    if (!view) return state.SkipWithError(view.error().message.c_str());
    gs::AnalysisView& v = **view;
    v.progressive = progressive;
    gs::Camera camera;
    camera.setViewport(1920, 1080);
    camera.fit(loaded->extent);
    gs::ViewState vs;
    const auto [first, last] = v.history().timeSpan();
    const std::vector<bool> allCategories = v.filter.categories;
    auto frame = [&] {
        (*target)->bind();
        v.render(camera, vs);
        (*target)->finish();
    };
    frame();  // shaders and first uploads
    std::vector<double> change, refined, applied;
    size_t step = 0, kept = 0;
    for (auto _ : state) {
        for (int k = 0; k < 64; ++k, ++step) {
            v.filter.fromSec = days > 0 ? first + int64_t(step % 64) * ((last - first) / 64) : first;
            v.filter.toSec = days > 0 ? v.filter.fromSec + days * 86400 : last + 1;
            v.filter.categories = allCategories;
            if (step % 2) {
                v.filter.categories.assign(allCategories.size(), false);
                v.filter.categories[step % allCategories.size()] = true;
            }
            const auto t0 = std::chrono::steady_clock::now();
            if (!v.apply()) return state.SkipWithError("apply");
            frame();
            const auto t1 = std::chrono::steady_clock::now();
            frame();
            const auto t2 = std::chrono::steady_clock::now();
            change.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            refined.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
            kept += v.kept();
            applied.push_back(v.lastApplyMs());
        }
    }
    state.counters["events"] = double(v.history().size());
    state.counters["kept_per_change"] = double(kept) / double(std::max<size_t>(1, step));
    state.counters["p50_ms"] = percentile(change, 0.5);
    state.counters["p95_ms"] = percentile(change, 0.95);
    state.counters["max_ms"] = percentile(change, 1.0);
    state.counters["refined_p95_ms"] = percentile(refined, 0.95);
    state.counters["apply_p95_ms"] = percentile(applied, 0.95);
}

const int kRegistered = [] {
    std::vector<std::pair<std::string, std::string>> files;
    const std::string boston = std::string(GRIDSCOPE_SHARED_DATA) + "/boston/boston311_cases.csv.gz";
    if (std::filesystem::exists(boston)) files.push_back({"boston320k.csv.gz", "/vsigzip/" + boston});
    if (const char* dir = std::getenv("GRIDSCOPE_HISTORY_BENCH_DIR")) {
        const std::filesystem::path gpkg = std::filesystem::path(dir) / "boston311_grown_1000k.gpkg";
        if (std::filesystem::exists(gpkg)) files.push_back({"grown1M.gpkg", gpkg.string()});
    }
    for (const auto& [label, source] : files)
        for (int64_t days : {365, 0})
            for (bool progressive : {false, true})
            benchmark::RegisterBenchmark(("BM_ChangeToFrame/" + label + "/" + (days ? "365d" : "all") +
                                          (progressive ? "/progressive" : "")).c_str(),
                                         BM_ChangeToFrame, source, days, progressive)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime()
                ->Iterations(1);
    return 0;
}();

}  // namespace

BENCHMARK_MAIN();
