// Geometry benchmark on the full SF buildings (85,161 features, 86,203 polygons, 2.54 M vertices,
// 28,704 holes), read into memory once, outside the timed loops, in a local metric frame.
// BM_TriangulateSF: every polygon through triangulate() on one thread, area check included.
// BM_SimplifySF/1, /3: level of detail at 1 m and 3 m tolerance.
// BM_OutlineSF, BM_InteriorPointSF: outline meshes and label points, for scale.
#include <benchmark/benchmark.h>

#include <ogrsf_frmts.h>

#include <cmath>

#include "geometry/outline.hpp"
#include "geometry/point_in_polygon.hpp"
#include "geometry/simplify.hpp"
#include "geometry/triangulate.hpp"

namespace {

struct Buildings {
    std::vector<gs::Vec2d> points;
    std::vector<uint32_t> ringEnds;  // relative to each polygon's first point
    struct Part {
        uint32_t firstPoint, firstRing, ringCount;
    };
    std::vector<Part> parts;
    size_t features = 0;

    gs::PolygonView polygon(size_t i) const {
        const Part& p = parts[i];
        std::span<const uint32_t> ends(ringEnds.data() + p.firstRing, p.ringCount);
        return {std::span(points).subspan(p.firstPoint, ends.back()), ends};
    }
};

const Buildings& sfBuildings() {
    static const Buildings buildings = [] {
        Buildings b;
        GDALAllRegister();
        const std::string path = std::string(GRIDSCOPE_SHARED_DATA) + "/sf/buildings.gpkg";
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        if (!ds) return b;
        const double lon0 = -122.436, lat0 = 37.7686;
        const double kx = std::cos(lat0 * M_PI / 180) * 111320, ky = 110540;
        for (auto& feature : *ds->GetLayerByName("buildings")) {
            ++b.features;
            const OGRGeometry* g = feature->GetGeometryRef();
            if (!g || wkbFlatten(g->getGeometryType()) != wkbMultiPolygon) continue;
            for (const OGRPolygon* polygon : *g->toMultiPolygon()) {
                Buildings::Part part{uint32_t(b.points.size()), uint32_t(b.ringEnds.size()), 0};
                for (const OGRLinearRing* ring : *polygon) {
                    for (int i = 0; i < ring->getNumPoints(); ++i)
                        b.points.push_back({(ring->getX(i) - lon0) * kx, (ring->getY(i) - lat0) * ky});
                    b.ringEnds.push_back(uint32_t(b.points.size()) - part.firstPoint);
                    ++part.ringCount;
                }
                b.parts.push_back(part);
            }
        }
        return b;
    }();
    return buildings;
}

bool haveData(benchmark::State& state, const Buildings& b) {
    if (b.parts.empty()) state.SkipWithError("cannot read " GRIDSCOPE_SHARED_DATA "/sf/buildings.gpkg");
    return !b.parts.empty();
}

void BM_TriangulateSF(benchmark::State& state) {
    const Buildings& b = sfBuildings();
    if (!haveData(state, b)) return;
    std::vector<uint32_t> indices;
    size_t failed = 0;
    for (auto _ : state) {
        indices.clear();
        failed = 0;
        for (size_t i = 0; i < b.parts.size(); ++i) failed += !triangulate(b.polygon(i), 0, indices).ok();
        benchmark::DoNotOptimize(indices.data());
    }
    state.counters["polygons"] = double(b.parts.size());
    state.counters["failed"] = double(failed);
    state.counters["triangles"] = double(indices.size() / 3);
    state.counters["vertices/s"] = benchmark::Counter(double(b.points.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TriangulateSF)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_SimplifySF(benchmark::State& state) {
    const Buildings& b = sfBuildings();
    if (!haveData(state, b)) return;
    const double tolerance = double(state.range(0));
    std::vector<gs::Vec2d> points;
    std::vector<uint32_t> ends;
    size_t kept = 0, collapsed = 0;
    for (auto _ : state) {
        kept = collapsed = 0;
        for (size_t i = 0; i < b.parts.size(); ++i) {
            if (simplifyPolygon(b.polygon(i), tolerance, points, ends) == gs::SimplifyResult::Collapsed) ++collapsed;
            else kept += points.size();
        }
        benchmark::DoNotOptimize(kept);
    }
    state.counters["points in"] = double(b.points.size());
    state.counters["points out"] = double(kept);
    state.counters["collapsed"] = double(collapsed);
}
BENCHMARK(BM_SimplifySF)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_OutlineSF(benchmark::State& state) {
    const Buildings& b = sfBuildings();
    if (!haveData(state, b)) return;
    gs::LineMesh mesh;
    for (auto _ : state) {
        mesh.points.clear();
        mesh.features.clear();
        for (size_t i = 0; i < b.parts.size(); ++i) appendOutline(b.polygon(i), {0, 0}, uint32_t(i), mesh);
        benchmark::DoNotOptimize(mesh.points.data());
    }
    state.counters["line points"] = double(mesh.points.size());
}
BENCHMARK(BM_OutlineSF)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_InteriorPointSF(benchmark::State& state) {
    const Buildings& b = sfBuildings();
    if (!haveData(state, b)) return;
    for (auto _ : state) {
        double sum = 0;
        for (size_t i = 0; i < b.parts.size(); ++i) sum += gs::interiorPoint(b.polygon(i)).x;
        benchmark::DoNotOptimize(sum);
    }
    state.counters["polygons"] = double(b.parts.size());
}
BENCHMARK(BM_InteriorPointSF)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
