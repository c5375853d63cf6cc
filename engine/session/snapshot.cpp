#include "session/snapshot.hpp"

#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include "platform/gl_thread.hpp"
#include "style/palette.hpp"
#include "render/offscreen_target.hpp"
#include "session/analysis_view.hpp"
#include "session/live_session.hpp"

namespace gs {

namespace {

// GRIDSCOPE_TRACE=1 prints where a snapshot's time goes, on stderr.
struct Trace {
    bool on = std::getenv("GRIDSCOPE_TRACE") != nullptr;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    void mark(const char* what) const {
        if (!on) return;
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        // Resident and peak memory so far (Linux), since the memory bar is about the peak.
        long rssKb = 0, peakKb = 0;
        if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
            char line[256];
            while (std::fgets(line, sizeof line, f)) {
                std::sscanf(line, "VmRSS: %ld", &rssKb);
                std::sscanf(line, "VmHWM: %ld", &peakKb);
            }
            std::fclose(f);
        }
        // CPU time of every thread so far: wall time against it says how busy both cores were.
        rusage ru{};
        getrusage(RUSAGE_SELF, &ru);
        double cpuMs = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
        std::fprintf(stderr, "trace: %8.1f ms  cpu %8.1f ms  rss %4ld MB  peak %4ld MB  %s\n", ms, cpuMs,
                     rssKb / 1024, peakKb / 1024, what);
    }
};

Result<FeatureRef> resolve(const LoadedScene& scene, const FeatureName& name) {
    for (size_t i = 0; i < scene.layers.size(); ++i) {
        const auto& l = scene.layers[i];
        if (l.config.id != name.layer) continue;
        for (size_t f = 0; f < l.fids.size(); ++f)
            if (l.fids[f] == name.fid) return FeatureRef{int(i), int(f)};
        return Error{"layer \"" + name.layer + "\" has no feature with fid " + std::to_string(name.fid)};
    }
    return Error{"no layer \"" + name.layer + "\" in the scene"};
}

// The GL side of a snapshot, made while the scene loads: the context and its target, and the
// scene renderer with its shaders compiled. The renderer goes before the target (and its context).
struct SnapshotGl {
    std::unique_ptr<OffscreenTarget> target;
    std::unique_ptr<SceneRenderer> renderer;

    static Result<std::unique_ptr<SnapshotGl>> create(int width, int height, int samples) {
        auto gl = std::make_unique<SnapshotGl>();
        auto target = OffscreenTarget::create(width, height, samples);
        if (!target) return target.error();
        gl->target = std::move(*target);
        auto renderer = SceneRenderer::create();
        if (!renderer) return renderer.error();
        gl->renderer = std::move(*renderer);
        gl->renderer->warmUp();  // while the caller's scene loads, if it does so meanwhile
        gl->target->bind();
        return gl;
    }
    AnalysisView* analysis = nullptr;  // when set, it draws the frame (heatmap, compare)
    RenderStats draw(const Camera& cameraIn, const ViewState& view) {
        gl::drainDeletions();  // each snapshot frame starts with what died off the GL thread
        Camera camera = cameraIn;
        camera.setViewport(target->width(), target->height());
        target->bind();
        return analysis ? analysis->render(camera, view) : renderer->render(camera, view);
    }
    // Draws the picture again and waits for the GPU to finish it: the frame time of a window
    // showing this scene, less the swap. Milliseconds.
    double timeFrame(const Camera& camera, const ViewState& view) {
        auto t0 = std::chrono::steady_clock::now();
        draw(camera, view);
        target->finish();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    }
};

}  // namespace

// A software renderer (Mesa's llvmpipe) sets triangles up on the calling thread and rasterizes
// them on LP_NUM_THREADS more, one per core by default: on a small machine that is one thread
// more than there are cores, all busy during the one big frame of a snapshot. Leave a core to the
// thread that feeds them (on 2 cores: 1 rasterizer; the 4K SF snapshot measured 0.93 against
// 1.03 s, and 1.23 against 1.29 s, medians of 6 and 8 interleaved runs). A value the user set
// wins; any GPU driver ignores the variable.
static void leaveACoreToTheGlThread() {
    const unsigned cores = std::thread::hardware_concurrency();
    if (cores == 0) return;
    setenv("LP_NUM_THREADS", std::to_string(std::max(1u, cores - 1)).c_str(), /*overwrite=*/0);
}

// The legends of the layers as the picture drew them.
static std::vector<SnapshotResult::LayerLegend> drawnLegends(const LoadedScene& scene, const SceneRenderer& renderer) {
    std::vector<SnapshotResult::LayerLegend> out;
    for (size_t i = 0; i < scene.layers.size(); ++i)
        if (const auto& lg = renderer.legend(i); lg && scene.layers[i].config.style.visible)
            out.push_back({scene.layers[i].config.id, *lg});
    return out;
}

Result<SnapshotResult> renderSceneSnapshot(const SceneConfig& config, const SnapshotRequest& req) {
    leaveACoreToTheGlThread();  // before the GL context is made
    // A split compare shows the view in each half: fitted to half the width.
    const bool split = req.analysis && req.analysis->compare && req.analysis->compare->mode == CompareMode::Split;
    const int fitWidth = split ? CompareComposer::sideWidth(CompareLayout::Split, 0, req.width) : req.width;
    Camera camera;
    camera.setViewport(fitWidth, req.height);
    if (req.view) camera.fit(*req.view, 0);

    LoadOptions load;
    load.keepBuildingGeometry = false;
    load.allAttributes = false;
    if (!req.fullDetail) {
        load.singleScale = true;
        // Half a pixel at the picture's scale: simplification no one can see.
        if (req.view) {
            load.simplifyTolerance = camera.unitsPerPixel * 0.5;
        } else {
            const int w = fitWidth, h = req.height;
            load.toleranceForExtent = [w, h](const Box& extent) {
                Camera c;
                c.setViewport(w, h);
                c.fit(extent);
                return c.unitsPerPixel * 0.5;
            };
        }
    }
    Trace trace;
    if (trace.on) {  // what malloc was told at start (gridscope adds glibc.malloc.hugetlb=1)
        const char* tunables = std::getenv("GLIBC_TUNABLES");
        std::fprintf(stderr, "trace: malloc tunables: %s\n", tunables ? tunables : "(none)");
    }
    auto loading = std::async(std::launch::async, [&] {
        auto r = loadScene(config, load);
        trace.mark("scene loaded (worker threads)");
        return r;
    });
    auto snap = SnapshotGl::create(req.width, req.height, req.samples);
    malloc_trim(0);  // the shader compiler's scratch memory, before the meshes raise the peak
    trace.mark("GL context, target and shaders ready");
    auto scene = loading.get();
    if (!scene) return scene.error();
    if (!snap) return Error{"GL: " + snap.error().message};

    SnapshotResult out;
    out.loadSeconds = scene->loadSeconds;
    out.warnings = scene->warnings;
    for (const auto& layer : scene->layers) {
        const auto& skipped = layer.stats.skipped;
        if (skipped.empty()) continue;
        std::string first;
        for (size_t i = 0; i < skipped.size() && i < 3; ++i)
            first += (i ? "; " : "") + std::string("fid ") + std::to_string(skipped[i].fid) + ": " + skipped[i].reason;
        out.warnings.push_back("layer \"" + layer.config.id + "\": " + std::to_string(skipped.size()) +
                               " geometries skipped (" + first + (skipped.size() > 3 ? "; ..." : "") +
                               "); `gridscope info` lists them");
    }
    if (!req.view) camera.fit(scene->extent);
    camera.setViewport(req.width, req.height);
    if (Status s = (*snap)->renderer->setScene(*scene); !s) return s.error();
    // The meshes now live in GL buffers and the CPU copies are gone, as are GDAL's parse trees;
    // hand the freed heap back before the frame's own allocations raise the peak.
    malloc_trim(0);
    trace.mark("uploaded");
    std::unique_ptr<LiveSession> live;  // attached to the renderer until the picture is taken
    if (req.live) {
        LiveSessionOptions options;
        options.picture = true;  // the recording as of its clock; no feeds run
        auto l = LiveSession::create({}, req.live, "scene", *scene, *(*snap)->renderer, options);
        if (!l) return l.error();
        live = std::move(*l);
        out.warnings.insert(out.warnings.end(), live->warnings().begin(), live->warnings().end());
        trace.mark("live feed replayed, overlay uploaded");
    }

    std::unique_ptr<AnalysisView> analysis;  // draws the frames until the picture is taken
    if (req.analysis) {
        auto a = AnalysisView::create(*req.analysis, *scene, *(*snap)->renderer, req.analysis->lang,
                                      live ? &live->store() : nullptr);
        if (!a) return a.error();
        analysis = std::move(*a);
        (*snap)->analysis = analysis.get();
        SnapshotResult::Analysis report;
        const HistoryLoadReport& load = analysis->loadReport();
        report.rows = load.rows;
        report.events = load.events;
        report.kept = analysis->kept();
        report.skipped = load.skippedByReason;
        report.classes = analysis->classes();
        report.hexbins = analysis->hexbinClasses(1);
        if (analysis->sides() == 2) {
            report.baselineKept = analysis->baselineKept();
            report.baselineClasses = analysis->baselineClasses();
            report.baselineHexbins = analysis->hexbinClasses(0);
        }
        if (load.rowsSkipped())
            out.warnings.push_back("analysis: " + std::to_string(load.rowsSkipped()) + " of " +
                                   std::to_string(load.rows) + " rows skipped (`gridscope history` lists them)");
        out.analysis = std::move(report);
        trace.mark("analysis: history read, figures and heatmap points ready");
    }

    ViewState view;
    view.levelOfDetail = !req.fullDetail;
    view.coveragePx = kSnapshotCoveragePx;
    view.labels = req.labels;
    view.legend = req.legend;
    view.uiScale = req.uiScale > 0 ? req.uiScale : std::max(1.0f, float(req.height) / 1080.0f);
    if (req.hovered) {
        auto r = resolve(*scene, *req.hovered);
        if (!r) return r.error();
        view.hovered = *r;
    }
    if (req.selected) {
        auto r = resolve(*scene, *req.selected);
        if (!r) return r.error();
        view.selected = *r;
    }
    if (!req.pngPath.empty()) {
        const bool opaque = config.background.a >= 1.0f;
        out.stats = (*snap)->draw(camera, view);
        if (trace.on) {
            (*snap)->target->finish();
            trace.mark("drawn (glFinish)");
        }
        if (analysis) out.analysis->heatmap = analysis->heatmapRange();
        out.legends = drawnLegends(*scene, *(*snap)->renderer);
        if (Status st = (*snap)->target->writePng(req.pngPath, opaque); !st) return st.error();
        if (trace.on)
            std::fprintf(stderr, "trace: %zu triangles in %zu draw calls\n", out.stats.triangles, out.stats.drawCalls);
        trace.mark("PNG written");
        for (int i = 0; i < req.benchFrames; ++i) out.frameMs.push_back((*snap)->timeFrame(camera, view));
        if (req.benchFrames > 0) out.glRenderer = (*snap)->target->glRenderer();
        if (req.exitAfter) {
            (void)live.release();
            (void)analysis.release();
            (void)(*snap)->renderer.release();
            (void)(*snap)->target.release();
            (void)new LoadedScene(std::move(*scene));
        }
        return out;
    }
    out.stats = (*snap)->draw(camera, view);
    if (trace.on)
        std::fprintf(stderr, "trace: %zu triangles in %zu draw calls\n", out.stats.triangles, out.stats.drawCalls);
    if (analysis) out.analysis->heatmap = analysis->heatmapRange();
    out.legends = drawnLegends(*scene, *(*snap)->renderer);
    out.image = (*snap)->target->read();
    trace.mark("drawn and read back");
    return out;
}

}  // namespace gs
