// Live marker benchmarks (issue 3), headless on EGL at 1920x1080 (llvmpipe here; any GL 3.3 driver).
//
//   BM_MarkerFrame/N     one whole frame (SceneRenderer::render + glFinish) with N open issues drawn
//                        as markers, all on screen, spread over a 38 x 22 km district (mode forced to
//                        markers: in "auto" so many markers would give way to per-grid counts). N = 0
//                        is the empty frame, the floor. 10 % of the issues are overdue (red ring) and
//                        0.1 % pulse (new in the last 10 s); overdue labels and the legend are drawn.
//   BM_OverlayPrepare/N  the overlay's CPU work in that frame (OverlayBuilder::prepare: visible count,
//                        mode, most overdue labels, legend), without GL.
//   BM_ApplyBatch1000    a store of 1,000,000 issues of which 20,000 are open and drawn, and a batch of
//                        1,000 messages (300 new issues, 300 closed, 400 moving on in their lifecycle,
//                        half of those without geometry): ingest into the store (parse, upsert, grid
//                        assignment over 200 grids, figures), then OverlayBuilder::sync (the drawn set's
//                        changes packed and uploaded by sub-range: glBufferSubData), then a frame.
//                        Counters: ingest_ms, sync_ms, frame_ms per batch; ranges and slots uploaded.
//
//   build/bench/bench_markers [--benchmark_filter=...]
//
// Wall time (UseRealTime): llvmpipe rasterizes on its own threads. Building the stores (1,000,000
// messages each) takes several seconds before the first result.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <random>

#include <sys/resource.h>

#include "live/overlay/overlay_builder.hpp"
#include "live/store/live_store.hpp"
#include "render/gl.hpp"
#include "render/offscreen_target.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_renderer.hpp"

namespace {

const gs::Box kExtent{120.0, 31.5, 120.4, 31.7};  // lon/lat, about 38 x 22 km
const std::int64_t kDay = gs::parseRfc3339("2026-11-22T00:00:00+08:00").value();
const char* kCategories[] = {"safety_hazard", "sanitation", "noise", "elderly_care", "facility_repair", "dispute",
                             "traffic", "greenery"};
const char* kStatuses[] = {"reported", "assigned", "in_progress", "resolved", "closed"};

// One GL context, target and scene renderer for the whole run.
struct Gl {
    std::unique_ptr<gs::OffscreenTarget> target;  // and the context
    std::unique_ptr<gs::SceneRenderer> renderer;
    gs::LoadedScene scene;  // no layers: the frame is the overlay's
    gs::Camera camera;
};

Gl& gl() {
    static Gl g = [] {
        Gl g;
        auto target = gs::OffscreenTarget::create(1920, 1080);
        if (!target) { std::fprintf(stderr, "GL: %s\n", target.error().message.c_str()); std::exit(1); }
        g.target = std::move(*target);
        auto r = gs::SceneRenderer::create();
        if (!r) { std::fprintf(stderr, "GL: %s\n", r.error().message.c_str()); std::exit(1); }
        g.renderer = std::move(*r);
        g.scene.config.displayCrs = "EPSG:3857";
        auto t = gs::Transformer::create("EPSG:4326", "EPSG:3857");
        g.scene.extent = t->transformBounds(kExtent).value();
        (void)g.renderer->setScene(g.scene);
        g.camera.setViewport(1920, 1080);
        g.camera.fit(g.scene.extent, 0);
        return g;
    }();
    return g;
}

const gs::BruteForceGridAssigner& grids200() {
    static const gs::BruteForceGridAssigner assigner = [] {
        gs::BruteForceGridAssigner a;
        a.addLevel(gs::BruteForceGridAssigner::uniformGrids(kExtent, 20, 10, "G"));
        return a;
    }();
    return assigner;
}

std::string timeText(std::int64_t ms) { return gs::formatRfc3339(ms, 8 * 60); }

// One issue message, written directly (a million of them through a JSON library would dominate).
std::string issueMessage(int id, const char* status, int category, int priority, std::int64_t reported,
                         std::int64_t updated, std::int64_t due, const gs::Vec2d* point) {
    char geometry[96] = "null";
    if (point) std::snprintf(geometry, sizeof geometry, R"({"type":"Point","coordinates":[%.6f,%.6f]})", point->x, point->y);
    char buf[640];
    std::snprintf(buf, sizeof buf,
                  R"({"type":"Feature","id":"evt-%07d","geometry":%s,"properties":{"kind":"issue","category":"%s",)"
                  R"("status":"%s","priority":%d,"title":"楼道堆物","reported_at":"%s","updated_at":"%s","due_at":"%s"}})",
                  id, geometry, kCategories[category], status, priority, timeText(reported).c_str(),
                  timeText(updated).c_str(), timeText(due).c_str());
    return buf;
}

struct World {
    std::unique_ptr<gs::LiveStore> store;
    std::unique_ptr<gs::OverlayBuilder> overlay;
    std::unique_ptr<gs::OverlayRenderer> overlayGl;
    std::int64_t now = 0;
    std::vector<int> open;          // ids of open issues
    std::vector<std::uint8_t> status;  // by id
    int nextId = 0;
    std::mt19937 rng{2026};
};

gs::Vec2d randomPoint(std::mt19937& rng) {
    std::uniform_real_distribution<double> x(kExtent.minX, kExtent.maxX), y(kExtent.minY, kExtent.maxY);
    return {x(rng), y(rng)};
}

// `records` issues of which `open` are open; the clock at noon. Attached to the scene renderer.
World& world(int records, int open) {
    gl();  // first, so that the GL context outlives the worlds' GL objects at exit
    static std::map<std::pair<int, int>, std::unique_ptr<World>> worlds;
    auto& slot = worlds[{records, open}];
    if (slot) return *slot;
    Gl& g = gl();
    for (auto& [key, w] : worlds)  // one large store at a time
        if (w && key != std::pair{records, open}) w.reset();
    slot = std::make_unique<World>();
    World& w = *slot;
    w.store = std::make_unique<gs::LiveStore>(gs::StoreOptions{}, &grids200());
    w.now = kDay + 12 * gs::kMillisPerHour;
    w.status.assign(std::size_t(records), 0);
    std::uniform_int_distribution<int> cat(0, 7), pri(1, 3);
    std::uniform_real_distribution<double> u(0, 1);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < records; ++i) {
        if (i % 100000 == 0)
            std::fprintf(stderr, "world: %d messages, %.1f s\n", i,
                         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        const gs::Vec2d p = randomPoint(w.rng);
        const bool isOpen = i >= records - open;
        // Reported in the 12 hours before the clock, in time order (the store's history files a late
        // message by insertion); the last 0.1 % in the last 5 seconds, so they pulse.
        const int pulsing = std::max(1, records / 1000);
        const std::int64_t reported =
            i < records - pulsing ? w.now - 12 * gs::kMillisPerHour + std::int64_t(i) * (12 * gs::kMillisPerHour - 10000) / records
                                  : w.now - 5000 + std::int64_t(i - (records - pulsing)) * 4000 / pulsing;
        // Due 4 hours after; 10 % already past due.
        const std::int64_t due = u(w.rng) < 0.1 ? w.now - 3600000 : w.now + 4 * 3600000;
        const char* status = isOpen ? "reported" : "closed";
        w.store->ingest(issueMessage(i, status, cat(w.rng), pri(w.rng), reported, reported, due, &p));
        w.status[std::size_t(i)] = isOpen ? 0 : 4;
        if (isOpen) w.open.push_back(i);
    }
    w.nextId = records;
    auto since = [t0 = std::chrono::steady_clock::now()] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    w.store->setClock(w.now);
    std::fprintf(stderr, "world: clock set %.1f s\n", since());
    gs::LiveOverlayConfig config;
    config.mode = gs::OverlayModeSetting::Markers;
    auto overlay = gs::OverlayBuilder::create(config, g.scene);
    if (!overlay) { std::fprintf(stderr, "%s\n", overlay.error().message.c_str()); std::exit(1); }
    w.overlay = std::move(*overlay);
    auto overlayGl = gs::OverlayRenderer::create();
    if (!overlayGl) { std::fprintf(stderr, "GL: %s\n", overlayGl.error().message.c_str()); std::exit(1); }
    w.overlayGl = std::move(*overlayGl);
    w.overlay->sync(*w.store, w.now, *w.overlayGl);
    std::fprintf(stderr, "world: overlay synced %.1f s\n", since());
    std::fprintf(stderr, "world: %d issues, %u drawn, store %.0f MiB\n", records, w.store->drawnCount(),
                 double(w.store->memoryBytes()) / (1 << 20));
    return w;
}

// CPU seconds of every thread of the process (llvmpipe's rasterizer threads included): on a shared
// machine, the wall time depends on the load; this does much less.
double processCpuMs() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3);
}

double frame(World* w) {
    Gl& g = gl();
    g.renderer->setLiveOverlay(w ? w->overlay.get() : nullptr, w ? w->overlayGl.get() : nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    g.target->bind();
    gs::ViewState view;
    g.renderer->render(g.camera, view);
    glFinish();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void BM_MarkerFrame(benchmark::State& state) {
    const int n = int(state.range(0));
    World* w = n > 0 ? &world(n, n) : nullptr;
    frame(w);  // warm: atlases, first upload of transient buffers
    const double cpu0 = processCpuMs();
    for (auto _ : state) frame(w);
    state.counters["cpu_ms_all_threads"] = (processCpuMs() - cpu0) / double(state.iterations());
    state.counters["markers"] = n;
    if (w) state.counters["marker_scale"] = w->overlay->markerScale();
    if (w) state.counters["overdue_labels"] = double(w->overlay->overdueLabels());
}
BENCHMARK(BM_MarkerFrame)->Arg(0)->Arg(20000)->Arg(200000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime()
    ->MinTime(3.0);

// The overlay's CPU share of a frame: mode, visible count, overdue labels (one pass over the slots),
// legend; no GL.
void BM_OverlayPrepare(benchmark::State& state) {
    const int n = int(state.range(0));
    World& w = world(n, n);
    static gs::TextCache fonts;
    gs::ScreenBatch text;
    for (auto _ : state) {
        text.clear();
        fonts.beginFrame();
        w.overlay->prepare(gl().camera, 1.0f, true, fonts, text);
        benchmark::DoNotOptimize(text.vertices().data());
    }
    state.counters["markers"] = n;
}
BENCHMARK(BM_OverlayPrepare)->Arg(20000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The next batch of 1,000 messages, one second after the previous one.
std::vector<std::string> nextBatch(World& w) {
    w.now += 1000;
    std::vector<std::string> batch;
    batch.reserve(1000);
    std::uniform_int_distribution<int> cat(0, 7), pri(1, 3);
    auto takeOpen = [&]() {
        std::uniform_int_distribution<std::size_t> pick(0, w.open.size() - 1);
        return pick(w.rng);
    };
    for (int k = 0; k < 300; ++k) {  // new
        const gs::Vec2d p = randomPoint(w.rng);
        const int id = w.nextId++;
        w.status.push_back(0);
        w.open.push_back(id);
        batch.push_back(issueMessage(id, "reported", cat(w.rng), pri(w.rng), w.now, w.now, w.now + 4 * 3600000, &p));
    }
    for (int k = 0; k < 300; ++k) {  // closed
        const std::size_t i = takeOpen();
        const int id = w.open[i];
        w.open[i] = w.open.back();
        w.open.pop_back();
        w.status[std::size_t(id)] = 4;
        batch.push_back(issueMessage(id, "closed", cat(w.rng), pri(w.rng), w.now - 3600000, w.now, w.now, nullptr));
    }
    for (int k = 0; k < 400; ++k) {  // on in the lifecycle, half of them moving
        const int id = w.open[takeOpen()];
        std::uint8_t& s = w.status[std::size_t(id)];
        s = std::uint8_t(std::min(2, s + 1));
        const gs::Vec2d p = randomPoint(w.rng);
        batch.push_back(issueMessage(id, kStatuses[s], cat(w.rng), pri(w.rng), w.now - 3600000, w.now,
                                     w.now + 3600000, k % 2 ? &p : nullptr));
    }
    return batch;
}

void BM_ApplyBatch1000(benchmark::State& state) {
    World& w = world(1000000, 20000);
    frame(&w);
    double ingestMs = 0, syncMs = 0, frameMs = 0, ranges = 0, slots = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const std::vector<std::string> batch = nextBatch(w);
        state.ResumeTiming();
        const auto t0 = std::chrono::steady_clock::now();
        for (const std::string& m : batch) w.store->ingest(m);
        w.store->setClock(w.now);
        const auto t1 = std::chrono::steady_clock::now();
        const gs::UploadStats up = w.overlay->sync(*w.store, w.now, *w.overlayGl);
        glFinish();  // the uploads themselves, not only their queueing
        const auto t2 = std::chrono::steady_clock::now();
        frameMs += frame(&w);
        ingestMs += std::chrono::duration<double, std::milli>(t1 - t0).count();
        syncMs += std::chrono::duration<double, std::milli>(t2 - t1).count();
        ranges += up.ranges;
        slots += up.slots;
    }
    const double n = double(state.iterations());
    state.counters["ingest_ms"] = ingestMs / n;
    state.counters["sync_ms"] = syncMs / n;
    state.counters["frame_ms"] = frameMs / n;
    state.counters["ranges"] = ranges / n;
    state.counters["slots"] = slots / n;
    state.counters["drawn"] = double(w.store->drawnCount());
    state.counters["capacity"] = double(w.overlayGl->capacity());
}
BENCHMARK(BM_ApplyBatch1000)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(5.0);

}  // namespace

BENCHMARK_MAIN();
