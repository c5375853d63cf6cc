// Kernel density benchmarks (issue 13), headless on EGL (llvmpipe here; any GL 3.3 driver).
//
// Events: Boston's 311 cases (shared/data/boston, the city's box: ~340,000 with a position), grown
// to 1,000,000 by resampling them with a 25 m Gaussian jitter (fixed seed), so the 1M set has
// Boston's hot spots and sparse edges; 100k is the first 100,000 of those.
//
//   BM_HeatmapFrame/N/W/R/M  one heatmap frame over all of Boston at W = 1920 (x1080) or 3840
//                          (x2160): density + GPU max + colour pass (log scale, Magma), then
//                          glFinish. R > 0: radius R screen pixels (8, and 30 for the deck.gl
//                          comparison); R = 0: 500 m on the ground (27.4 px at 1920, 55.7 px at
//                          3840, so the density is computed on a coarser grid, 4 and 7 px a texel:
//                          see render/heatmap_renderer.hpp). M = 0: binned (the default), 1: exact
//                          splat. Events uploaded once, outside the timing.
//   BM_DensityGrid/T       the CPU surface of the GeoTIFF export: 1M events, quartic, radius 500 m,
//                          pixel 50 m, over Boston's extent in EPSG:26986 (Massachusetts state plane,
//                          metres), T threads (0: all); exact per-pixel kernel sums.
//   BM_DensityGeoTiff      that surface written as a Float32 GeoTIFF (/tmp).
//
//   build/bench/bench_density [--benchmark_filter=...]
//   build/bench/bench_density --write-points=FILE
//       writes the 1,000,000 events (the first N are the N-event set) to FILE as little-endian
//       Float64 lon/lat pairs, and prints to stdout one JSON object with each frame size's view as
//       BM_HeatmapFrame's camera has it (centre lon/lat, deck.gl's MapView zoom, the pixels of
//       500 m): what bench/heatmap_vs_deckgl.sh gives deck.gl's HeatmapLayer.
//
// Wall time (UseRealTime): llvmpipe rasterizes on its own threads.
#include <benchmark/benchmark.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <numbers>
#include <random>
#include <string>

#include "analysis/density.hpp"
#include "analysis/density_geotiff.hpp"
#include "analysis/density_kernel.hpp"
#include "analysis/point_table.hpp"
#include "geo/transformer.hpp"
#include "render/gl.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/offscreen_target.hpp"
#include "scene/camera.hpp"
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

// The Web Mercator box of all events: BM_HeatmapFrame's camera fits it.
const gs::Box& mercatorBox() {
    static gs::Box box = boxOf(projected("EPSG:3857"));
    return box;
}

// BM_HeatmapFrame's camera at W x (W * 9 / 16).
gs::Camera frameCamera(int w) {
    gs::Camera camera;
    camera.setViewport(w, w * 9 / 16);
    camera.fit(mercatorBox());
    return camera;
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
        g.box = mercatorBox();
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
    const gs::Camera camera = frameCamera(w);
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
    ->ArgsProduct({{100000, 1000000}, {1920, 3840}, {0, 8, 30}, {0}})
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

// --write-points=FILE: the events and the views (see the top of this file).
int writePoints(const char* path) {
    static_assert(std::endian::native == std::endian::little, "writes the host's doubles as little-endian");
    const std::vector<gs::Vec2d>& p = events();
    std::FILE* f = std::fopen(path, "wb");
    if (!f) die(std::string("cannot write ") + path);
    for (const gs::Vec2d& e : p) {
        const double xy[2] = {e.x, e.y};
        if (std::fwrite(xy, sizeof xy, 1, f) != 1) die(std::string("cannot write ") + path);
    }
    if (std::fclose(f) != 0) die(std::string("cannot write ") + path);
    auto toLonLat = gs::Transformer::create("EPSG:3857", "EPSG:4326");
    if (!toLonLat) die(toLonLat.error().message);
    std::printf("{\"points\": \"%s\", \"count\": %zu, \"format\": \"float64le lon lat\", \"views\": [", path, p.size());
    const char* sep = "";
    for (int w : {1920, 3840}) {
        const gs::Camera camera = frameCamera(w);
        std::vector<gs::Vec2d> c{camera.center};
        if (toLonLat->transform(c) != 0) die("the centre does not project");
        // deck.gl's MapView: 512 pixels for the world's 2 pi 6378137 Web Mercator units at zoom 0.
        const double zoom = std::log2(2 * std::numbers::pi * 6378137.0 / (512 * camera.unitsPerPixel));
        // HeatmapRenderer's radius in pixels for 500 m (HeatmapSettings::webMercator).
        const double radius500 = 500 * gs::webMercatorUnitsPerMetre(camera.center.y) / camera.unitsPerPixel;
        std::printf("%s{\"width\": %d, \"height\": %d, \"longitude\": %.9f, \"latitude\": %.9f, \"zoom\": %.9f, "
                    "\"metres_per_pixel\": %.6f, \"radius500_px\": %.6f}",
                    sep, camera.width, camera.height, c[0].x, c[0].y, zoom,
                    camera.unitsPerPixel / gs::webMercatorUnitsPerMetre(camera.center.y), radius500);
        sep = ", ";
    }
    std::printf("]}\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--write-points=", 15) == 0) return writePoints(argv[i] + 15);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
