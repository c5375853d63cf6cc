// Kernel density benchmarks (issue 13), headless on EGL (llvmpipe here; any GL 3.3 driver).
//
// Events: Boston's 311 cases (shared/data/boston, the city's box: ~340,000 with a position), grown
// to 1,000,000 by resampling them with a 25 m Gaussian jitter (fixed seed), so the 1M set has
// Boston's hot spots and sparse edges; 100k is the first 100,000 of those.
//
//   BM_HeatmapFrame/N/W/R/M  one heatmap frame over all of Boston at W = 1920 (x1080) or 3840
//                          (x2160): density + GPU max + colour pass (log scale, Magma), then
//                          glFinish. R > 0: radius R screen pixels; R = 0: 500 m on the ground
//                          (~17 px at 1920, ~34 px at 3840, so the density is computed on a coarser
//                          grid: see render/heatmap_renderer.hpp). M = 0: binned (the default),
//                          1: exact splat. Events uploaded once, outside the timing.
//   BM_DensityGrid/T       the CPU surface of the GeoTIFF export: 1M events, quartic, radius 500 m,
//                          pixel 50 m, over Boston's extent in EPSG:26986 (Massachusetts state plane,
//                          metres), T threads (0: all); exact per-pixel kernel sums.
//   BM_DensityGeoTiff      that surface written as a Float32 GeoTIFF (/tmp).
//
//   build/bench/bench_density [--benchmark_filter=...]
//
// Wall time (UseRealTime): llvmpipe rasterizes on its own threads.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>

#include "analysis/density.hpp"
#include "analysis/density_geotiff.hpp"
#include "analysis/point_table.hpp"
#include "geo/transformer.hpp"
#include "render/gl.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/offscreen_target.hpp"
#include "style/palette.hpp"

namespace {

[[noreturn]] void die(const std::string& what) {
    std::fprintf(stderr, "bench_density: %s\n", what.c_str());
    std::exit(1);
}

// 1,000,000 events in lon/lat: Boston's cases in the city's box, resampled with jitter.
const std::vector<gs::Vec2d>& events() {
    static std::vector<gs::Vec2d> all = [] {
        auto table = gs::readPointTable(GRIDSCOPE_SHARED_DATA "/boston/boston311_cases.csv.gz");
        if (!table) die(table.error().message);
        std::vector<gs::Vec2d> city;
        for (const gs::Vec2d& p : table->points)
            if (p.x > -71.20 && p.x < -70.98 && p.y > 42.22 && p.y < 42.41) city.push_back(p);
        std::mt19937 rng(13);
        std::uniform_int_distribution<std::size_t> pick(0, city.size() - 1);
        // 25 m in degrees (latitude; longitude stretched by 1/cos 42.3°).
        std::normal_distribution<double> jy(0.0, 25.0 / 111320.0), jx(0.0, 25.0 / (111320.0 * 0.7396));
        std::vector<gs::Vec2d> out = city;
        while (out.size() < 1000000) {
            gs::Vec2d p = city[pick(rng)];
            out.push_back({p.x + jx(rng), p.y + jy(rng)});
        }
        out.resize(1000000);
        return out;
    }();
    return all;
}

std::vector<gs::Vec2d> projected(const char* crs) {
    std::vector<gs::Vec2d> p = events();
    auto t = gs::Transformer::create("EPSG:4326", crs);
    if (!t) die(t.error().message);
    if (t->transform(p) != 0) die("events that do not project");
    return p;
}

gs::Box boxOf(const std::vector<gs::Vec2d>& points) {
    gs::Box b;
    for (const gs::Vec2d& p : points) b.add(p.x, p.y);
    return b;
}

struct Gl {
    std::unique_ptr<gs::OffscreenTarget> target;  // and the context; 4K, smaller frames use a corner
    std::unique_ptr<gs::HeatmapRenderer> renderer;
    gs::Box box;
};

Gl& gl() {
    static Gl g = [] {
        Gl g;
        std::vector<gs::Vec2d> mercator = projected("EPSG:3857");
        auto target = gs::OffscreenTarget::create(3840, 2160);
        if (!target) die("GL: " + target.error().message);
        g.target = std::move(*target);
        auto r = gs::HeatmapRenderer::create();
        if (!r) die(r.error().message);
        g.renderer = std::move(*r);
        g.box = boxOf(mercator);
        auto magma = gs::paletteColors("Magma", 256);
        if (!magma) die(magma.error().message);
        g.renderer->setRamp(*magma);
        g.renderer->setPoints(g.box.center(), gs::HeatmapRenderer::pack(g.box.center(), mercator, {}));
        std::fprintf(stderr, "renderer: %s\n", g.target->glRenderer().c_str());
        return g;
    }();
    return g;
}

void BM_HeatmapFrame(benchmark::State& state) {
    Gl& g = gl();
    const auto n = std::uint32_t(state.range(0));
    const int w = int(state.range(1)), h = w * 9 / 16;
    gs::Camera camera;
    camera.setViewport(w, h);
    camera.fit(g.box);
    gs::HeatmapSettings s;
    s.scale = gs::HeatmapScale::Log;
    s.method = state.range(3) == 0 ? gs::HeatmapMethod::Binned : gs::HeatmapMethod::Exact;
    if (state.range(2) > 0) {
        s.radiusUnit = gs::HeatmapRadiusUnit::Pixels;
        s.radius = double(state.range(2));
    }
    g.target->bind();
    glViewport(0, 0, w, h);
    for (auto _ : state) {
        glClearColor(0.04f, 0.07f, 0.13f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        g.renderer->draw(camera, s, 0, n);
        glFinish();
    }
    state.counters["px_per_texel"] = g.renderer->pixelsPerTexel();
    state.counters["radius_texels"] = g.renderer->radiusTexels();
}
BENCHMARK(BM_HeatmapFrame)
    ->ArgsProduct({{100000, 1000000}, {1920, 3840}, {0, 8}, {0}})
    ->Args({100000, 1920, 0, 1})
    ->Args({1000000, 1920, 0, 1})
    ->Args({1000000, 1920, 8, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

struct Grid {
    std::vector<gs::Vec2d> points;
    gs::DensityGrid grid;
    std::vector<float> values;
};

Grid& grid() {
    static Grid g = [] {
        Grid g;
        g.points = projected("EPSG:26986");
        g.grid = gs::densityGridCovering(boxOf(g.points), 50, 500, "EPSG:26986");
        return g;
    }();
    return g;
}

void BM_DensityGrid(benchmark::State& state) {
    Grid& g = grid();
    gs::DensityOptions o{gs::DensityKernel::Quartic, 500.0, int(state.range(0))};
    for (auto _ : state) {
        auto v = gs::computeDensity(g.points, {}, g.grid, o);
        if (!v) die(v.error().message);
        g.values = std::move(*v);
        benchmark::DoNotOptimize(g.values.data());
    }
    state.counters["pixels"] = double(g.grid.pixelCount());
    state.counters["width"] = g.grid.width;
    state.counters["height"] = g.grid.height;
}
BENCHMARK(BM_DensityGrid)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DensityGeoTiff(benchmark::State& state) {
    Grid& g = grid();
    if (g.values.empty()) {
        auto v = gs::computeDensity(g.points, {}, g.grid, {gs::DensityKernel::Quartic, 500.0, 0});
        if (!v) die(v.error().message);
        g.values = std::move(*v);
    }
    for (auto _ : state) {
        gs::Status s = gs::writeDensityGeoTiff(g.grid, g.values, "/tmp/gridscope_bench_density.tif");
        if (!s) die(s.error().message);
    }
}
BENCHMARK(BM_DensityGeoTiff)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
