// Classing a grid attribute, exact on every value (QGIS samples natural breaks past 3000 values).
// BM_NaturalBreaks/n/k: classify() by natural breaks, the sort included, on n lognormal values
//   (all distinct: the dynamic programme's worst case; ties only shrink it), n = 10k, 100k, 1M,
//   k = 5..9.
// BM_NaturalBreaksTied/n/k: the same values rounded to whole numbers (counts, as grids have them).
// BM_Quantile/n: the quantile classes of the same values, for scale (a sort and a pass).
// BM_Hexbin/n: n points into 500 m hexagons over a 20 km square in Web Mercator.
//
// Figures (Release, a shared 2-core machine at load 3-4): natural breaks of 1M distinct
// values 0.58-0.75 s for k = 5..9 (of which the sort ~0.09 s), 100k 23-68 ms, 10k 3-5 ms; 1M whole
// counts (ties) 44-51 ms; quantile of 1M 95 ms; 1M points into hexagons 80 ms. The inner loop in
// x87 long double took 1.4-2.5 s for 1M (see natural_breaks.cpp).
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "analysis/hexbin.hpp"
#include "style/classify.hpp"

namespace {

const std::vector<double>& values(std::size_t n, bool rounded) {
    static std::vector<double> cache[2];
    std::vector<double>& v = cache[rounded];
    if (v.size() != n) {
        std::mt19937_64 rng(42);
        std::lognormal_distribution<double> skewed(3, 1.2);  // grid counts are skewed like this
        v.resize(n);
        for (double& x : v) x = rounded ? std::round(skewed(rng)) : skewed(rng);
    }
    return v;
}

void naturalBreaks(benchmark::State& state, bool rounded) {
    const auto& v = values(std::size_t(state.range(0)), rounded);
    const int k = int(state.range(1));
    for (auto _ : state) {
        gs::Classes c = gs::classify(v, gs::ClassMethod::NaturalBreaks, k);
        benchmark::DoNotOptimize(c.breaks.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_NaturalBreaks(benchmark::State& state) { naturalBreaks(state, false); }
void BM_NaturalBreaksTied(benchmark::State& state) { naturalBreaks(state, true); }

void BM_Quantile(benchmark::State& state) {
    const auto& v = values(std::size_t(state.range(0)), false);
    for (auto _ : state) {
        gs::Classes c = gs::classify(v, gs::ClassMethod::Quantile, 7);
        benchmark::DoNotOptimize(c.breaks.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_Hexbin(benchmark::State& state) {
    const double y0 = 4852000;  // about 40° N
    auto grid = gs::HexGrid::make(500, gs::webMercatorMetresPerUnitAtY(y0), {12958000, y0});
    std::mt19937_64 rng(7);
    std::normal_distribution<double> spread(0, 5000);
    std::vector<gs::Vec2d> points(std::size_t(state.range(0)));
    for (auto& p : points) p = {12958000 + spread(rng), y0 + spread(rng)};
    for (auto _ : state) {
        auto bins = gs::hexbin(*grid, points);
        benchmark::DoNotOptimize(bins->cells.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}

}  // namespace

BENCHMARK(BM_NaturalBreaks)
    ->ArgsProduct({{10'000, 100'000, 1'000'000}, benchmark::CreateDenseRange(5, 9, 1)})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NaturalBreaksTied)->ArgsProduct({{1'000'000}, {5, 9}})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Quantile)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Hexbin)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
