// `gridscope render`: a scene to a PNG with no display (EGL surfaceless; no X needed).
#include <algorithm>
#include <fstream>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "image/png.hpp"
#include "core/rfc3339.hpp"
#include "session/snapshot.hpp"
#include "scene_setup.hpp"

namespace gs::cli {

namespace {

// The live overlays asked for: the config's "live" object, with --feed, --at, --color-by-live and
// --live-mode over it. Nothing when neither asks.
Result<std::optional<LiveOverlayConfig>> liveFromOptions(const Options& o, std::optional<LiveOverlayConfig> live) {
    if (o.feedPath.empty() && o.at.empty() && o.colorByLive.empty() && o.liveMode.empty()) return live;
    if (!live) live.emplace();
    if (!o.feedPath.empty()) live->feed = o.feedPath;
    if (!o.at.empty()) {
        live->at = parseRfc3339(o.at);
        if (!live->at)
            return Error{"--at: \"" + o.at + "\" is not an RFC 3339 time with offset (e.g. 2016-01-26T10:00:00-08:00)"};
    }
    if (!o.colorByLive.empty()) {
        auto by = parseLiveColorBy(o.colorByLive);
        if (!by) return Error{"--color-by-live: " + by.error().message};
        live->colorBy = *by;
    }
    if (o.liveMode == "auto") live->mode = OverlayModeSetting::Auto;
    else if (o.liveMode == "markers") live->mode = OverlayModeSetting::Markers;
    else if (o.liveMode == "counts") live->mode = OverlayModeSetting::Counts;
    else if (!o.liveMode.empty())
        return Error{"--live-mode: \"" + o.liveMode + "\" is not a mode (use auto, markers or counts)"};
    return live;
}

// One line, like the window's --bench-frames: what a frame of this picture costs on this GPU.
void printFrameTimes(std::vector<double> ms, int width, int height, const std::string& renderer) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * double(ms.size())))]; };
    double sum = 0;
    for (double v : ms) sum += v;
    std::printf("frames: %zu at %dx%d on %s: mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms\n", ms.size(), width,
                height, renderer.c_str(), sum / double(ms.size()), at(0.5), at(0.95), ms.back());
}

// render --report: what the picture shows, as JSON.
Status writeReport(const std::string& path, const SnapshotResult& r) {
    nlohmann::json j;
    j["loadSeconds"] = r.loadSeconds;
    j["warnings"] = r.warnings;
    auto& legends = j["legends"] = nlohmann::json::array();
    for (const auto& l : r.legends) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& e : l.legend.entries) rows.push_back({{"label", e.label}, {"count", e.count}});
        legends.push_back({{"layer", l.layer}, {"title", l.legend.title}, {"classes", rows},
                           {"noData", l.legend.noData}, {"outOfRange", l.legend.outOfRange}});
    }
    if (r.analysis) {
        auto& a = j["analysis"];
        a["rows"] = r.analysis->rows;
        a["events"] = r.analysis->events;
        a["kept"] = r.analysis->kept;
        a["skipped"] = r.analysis->skipped;
        auto classes = [](const AnalysisClassReport& c) {
            nlohmann::json breaks = nlohmann::json::array();
            for (double b : c.breaks) breaks.push_back(b);
            return nlohmann::json{{"layer", c.layer},   {"figure", c.figure},   {"method", c.method},
                                  {"breaks", breaks},   {"counts", c.counts},   {"noValue", c.noValue},
                                  {"outside", c.outside}};
        };
        if (const auto& c = r.analysis->classes) a["classes"] = classes(*c);
        // A split or swipe compare: the baseline period beside the window, classed alike.
        if (r.analysis->baselineKept) a["baseline"]["kept"] = *r.analysis->baselineKept;
        if (const auto& c = r.analysis->baselineClasses) a["baseline"]["classes"] = classes(*c);
        if (const auto& c = r.analysis->hexbins) a["hexbins"] = classes(*c);
        if (const auto& c = r.analysis->baselineHexbins) a["baseline"]["hexbins"] = classes(*c);
        if (const auto& h = r.analysis->heatmap)
            a["heatmap"] = {{"unit", "events/km2"}, {"bottom", h->bottom}, {"top", h->top},
                            {"scale", h->scale == HeatmapScale::Log ? "log" : "linear"}};
    }
    std::ofstream out(path);
    out << j.dump(2) << "\n";
    if (!out) return Error{"render: --report: cannot write " + path};
    return {};
}

}  // namespace

int runRender(const Options& options) {
    if (!options.layoutPath.empty()) return runWallRender(options);
    auto file = sceneFromOptions(options);
    if (!file) return reportBad(file.error());
    const SceneConfig* config = &file->scene;
    auto live = liveFromOptions(options, std::move(file->live));
    if (!live) return reportBad(live.error());
    if (*live) (*live)->lang = screenLang(options, file->lang);  // the legend's and labels' words
    auto view = requestedView(options, *config);
    if (!view) return reportBad(view.error());

    SnapshotRequest req;
    req.width = options.width ? options.width : 1920;
    req.height = options.height ? options.height : 1080;
    req.samples = options.samples;
    req.view = *view;
    req.fullDetail = options.fullDetail;
    req.labels = !options.noLabels;
    req.live = *live;
    req.analysis = file->analysis;
    if (req.analysis) req.analysis->lang = screenLang(options, file->lang);
    req.pngPath = options.outPath;  // written band by band, straight from the framebuffer
    req.exitAfter = true;           // see below
    req.benchFrames = options.benchFrames;
    auto result = renderSceneSnapshot(*config, req);
    if (!result) {
        const std::string& m = result.error().message;
        return m.rfind("GL: ", 0) == 0 ? reportFailure(result.error()) : reportBad(result.error());
    }
    for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    if (!options.reportPath.empty())
        if (Status st = writeReport(options.reportPath, *result); !st) return reportBad(st.error());
    if (!result->frameMs.empty()) printFrameTimes(result->frameMs, req.width, req.height, result->glRenderer);
    // The picture is written and closed; what is left would only be freed. Leave it to the OS
    // (SnapshotRequest::exitAfter): skipping the teardown saves a 4K city snapshot ~0.1 s.
    std::fflush(nullptr);
    std::_Exit(0);
}

}  // namespace gs::cli
