// Classes for choropleths: natural breaks against published results (jenkspy's and mapclassify's
// test data) and against an exhaustive O(k n²) optimum, their stability on ties and under a shift
// of the values; manual breaks; quantile and equal interval as the first release made them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "style/classify.hpp"

using namespace gs;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// jenkspy's tests/test_jenks.py: data2, 4 classes -> (1, 416, 767, 1083, 1424), and its labels
// (res5) for each value.
const std::vector<double> kJenkspyData2 = {
    132,  915, 312, 1424, 1240, 1370, 113,  1028, 1078, 416, 963,  359, 1422, 658,  73,   1326, 245,
    848,  683, 255, 1223, 253,  654,  736,  1079, 39,   583, 1367, 1237, 327, 1083, 328,  951,  678,
    927,  301, 96,  297,  179,  230,  767,  1248, 1,    37,  1352, 1009, 663, 1283, 679,  230};
const std::vector<int> kJenkspyLabels = {0, 2, 0, 3, 3, 3, 0, 2, 2, 0, 2, 0, 3, 1, 0, 3, 0, 2, 1, 0, 3, 0, 1, 1, 2,
                                         0, 1, 3, 3, 0, 2, 0, 2, 1, 2, 0, 0, 0, 0, 0, 1, 3, 0, 0, 3, 2, 1, 3, 1, 0};

// mapclassify's example data (load_example(): California employment density, 58 counties), the
// data of its test_FisherJenks: bins [75.29, 192.05, 370.5, 722.85, 4111.45], counts
// [49, 3, 4, 1, 1], adcm 799.24 (riatelab/statsbreaks tests the same data and breaks).
const std::vector<double> kCalEmp = {
    329.92, 0.42,  5.9,   14.03,  2.78,  1.34,  181.27, 1.65,  10.03, 16.7,   1.32,  3.99,  3.16, 0.22, 8.7,
    6.56,   3.27,  0.33,  370.5,  4.51,  75.29, 0.99,   2.74,  8.68,  0.14,   0.92,  12.63, 28.7, 12.02, 722.85,
    36.68,  0.74,  29.82, 192.05, 3.38,  11.15, 110.74, 4111.45, 49.47, 10.33, 317.11, 20.47, 264.93, 66.26,
    5.39,   0.13,  0.61,  50.65,  40.48, 36.67, 13.09,  1.81,  0.2,   7.6,    2.51,  57.26, 24.32, 6.97};

Classes natural(const std::vector<double>& v, int k) { return classify(v, ClassMethod::NaturalBreaks, k); }

// Within-class sum of squared deviations of the classes `c` makes of `v`, two-pass per class.
long double withinSquares(const std::vector<double>& v, const Classes& c) {
    std::vector<std::vector<double>> groups(std::size_t(c.count()));
    for (double x : v)
        if (int k = c.classOf(x); k >= 0) groups[std::size_t(k)].push_back(x);
    long double total = 0;
    for (const auto& g : groups) {
        if (g.empty()) continue;
        long double mean = 0;
        for (double x : g) mean += x;
        mean /= g.size();
        for (double x : g) total += (x - mean) * (x - mean);
    }
    return total;
}

// The exhaustive optimum: every split of the sorted values (ties may be split here) into exactly
// k non-empty contiguous classes, O(k n²). Returns the least cost and, through `uppers`, the
// classes' upper values.
long double bruteForce(std::vector<double> v, int k, std::vector<double>* uppers = nullptr) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    long double mean = 0;
    for (double x : v) mean += x;
    mean /= n;
    std::vector<long double> s(n + 1, 0), q(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        s[i + 1] = s[i] + (v[i] - mean);
        q[i + 1] = q[i] + (v[i] - mean) * (v[i] - mean);
    }
    auto cost = [&](std::size_t j, std::size_t i) {
        long double a = s[i] - s[j];
        return std::max<long double>(0, q[i] - q[j] - a * a / (i - j));
    };
    const long double inf = std::numeric_limits<long double>::infinity();
    std::vector<std::vector<long double>> D(std::size_t(k) + 1, std::vector<long double>(n + 1, inf));
    std::vector<std::vector<std::size_t>> from(std::size_t(k) + 1, std::vector<std::size_t>(n + 1, 0));
    D[0][0] = 0;
    for (std::size_t c = 1; c <= std::size_t(k); ++c)
        for (std::size_t i = c; i <= n; ++i)
            for (std::size_t j = c - 1; j < i; ++j)
                if (long double d = D[c - 1][j] + cost(j, i); d < D[c][i]) D[c][i] = d, from[c][i] = j;
    if (uppers) {
        uppers->assign(std::size_t(k), 0);
        for (std::size_t c = std::size_t(k), i = n; c >= 1; i = from[c][i], --c) (*uppers)[c - 1] = v[i - 1];
    }
    return D[std::size_t(k)][n];
}

std::size_t distinct(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return std::size_t(std::unique(v.begin(), v.end()) - v.begin());
}

}  // namespace

TEST(ClassifyNaturalBreaks, JenkspyIntegers) {
    Classes c = natural(kJenkspyData2, 4);
    EXPECT_EQ(c.breaks, (std::vector<double>{1, 416, 767, 1083, 1424}));
    EXPECT_TRUE(c.upperClosed);
    // jenkspy's labels: 416 (a break) is in class 0, as an upper bound.
    for (std::size_t i = 0; i < kJenkspyData2.size(); ++i)
        EXPECT_EQ(c.classOf(kJenkspyData2[i]), kJenkspyLabels[i]) << "value " << kJenkspyData2[i];
    // Its groups (res6) have 20, 9, 10 and 11 values.
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{20, 9, 10, 11}));
    EXPECT_EQ(c.outside, 0u);
}

TEST(ClassifyNaturalBreaks, MapclassifyExample) {
    // The data is mapclassify's example: its mean is the one its README prints.
    EXPECT_NEAR(std::accumulate(kCalEmp.begin(), kCalEmp.end(), 0.0) / kCalEmp.size(), 125.92810344827588, 1e-9);
    Classes c = natural(kCalEmp, 5);
    EXPECT_EQ(c.breaks, (std::vector<double>{0.13, 75.29, 192.05, 370.5, 722.85, 4111.45}));
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{49, 3, 4, 1, 1}));
    // adcm: the sum of absolute deviations around the class medians.
    std::vector<std::vector<double>> groups(5);
    for (double x : kCalEmp) groups[std::size_t(c.classOf(x))].push_back(x);
    double adcm = 0;
    for (auto& g : groups) {
        std::sort(g.begin(), g.end());
        double median = g.size() % 2 ? g[g.size() / 2] : (g[g.size() / 2 - 1] + g[g.size() / 2]) / 2;
        for (double x : g) adcm += std::fabs(x - median);
    }
    EXPECT_NEAR(adcm, 799.24, 1e-9);
}

TEST(ClassifyNaturalBreaks, SmallPublishedCases) {
    // Expectations from the tests of other Jenks implementations (llimllib/jenks-python,
    // FriedSock/smeargle): the classes' members, as upper bounds here.
    EXPECT_EQ(natural({1, 2, 9, 10, 11}, 2).breaks, (std::vector<double>{1, 2, 11}));
    EXPECT_EQ(natural({1, 2, 3, 10, 11}, 2).breaks, (std::vector<double>{1, 3, 11}));
    EXPECT_EQ(natural({1, 2, 3, 5, 100, 102, 105}, 2).breaks, (std::vector<double>{1, 5, 105}));
    // Ties stay together; with fewer distinct values than classes, each value is a class.
    Classes ties = natural({1, 1, 1, 1, 2}, 2);
    EXPECT_EQ(ties.breaks, (std::vector<double>{1, 1, 2}));
    EXPECT_EQ(ties.counts, (std::vector<std::size_t>{4, 1}));
    EXPECT_EQ(natural({1, 1, 1, 1, 2}, 3).breaks, (std::vector<double>{1, 1, 2}));
    Classes unsorted = natural({1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1}, 2);
    EXPECT_EQ(unsorted.counts, (std::vector<std::size_t>{7, 8}));
}

TEST(ClassifyNaturalBreaks, DegenerateInputs) {
    EXPECT_EQ(natural({}, 5).count(), 0);
    EXPECT_EQ(natural({kNaN, kInf, -kInf}, 5).count(), 0);
    Classes one = natural({7, 7, 7, kNaN}, 5);
    EXPECT_EQ(one.breaks, (std::vector<double>{7, 7}));
    EXPECT_EQ(one.counts, (std::vector<std::size_t>{3}));
    EXPECT_EQ(one.classOf(7), 0);
    EXPECT_EQ(one.classOf(kNaN), -1);
    EXPECT_EQ(natural({3, 3, 1, 1, 2}, 5).breaks, (std::vector<double>{1, 1, 2, 3}));
    EXPECT_EQ(natural({3, 3, 1, 1, 2}, 5).counts, (std::vector<std::size_t>{2, 1, 2}));
    EXPECT_EQ(natural({4, 1, 9}, 1).breaks, (std::vector<double>{1, 9}));
    // Non-finite values are left out, not counted anywhere.
    std::vector<double> with = kCalEmp;
    with.insert(with.begin() + 3, {kNaN, kInf, -kInf});
    Classes c = natural(with, 5);
    EXPECT_EQ(c.breaks, natural(kCalEmp, 5).breaks);
    EXPECT_EQ(c.counts, natural(kCalEmp, 5).counts);
    EXPECT_EQ(c.outside, 0u);
}

TEST(ClassifyNaturalBreaks, EqualsExhaustiveOptimum) {
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        std::mt19937_64 rng(seed);
        const int n = 1 + int(rng() % 40);
        const int k = 1 + int(rng() % 8);
        const bool ties = seed % 3 == 0;  // small integers: many ties, many equal-cost partitions
        std::vector<double> v(static_cast<std::size_t>(n));
        std::uniform_real_distribution<double> real(-50, 150);
        for (double& x : v) x = ties ? double(rng() % 9) : real(rng);
        const std::size_t m = distinct(v);
        Classes c = natural(v, k);
        ASSERT_EQ(std::size_t(c.count()), std::min<std::size_t>(m, std::size_t(k))) << "seed " << seed;
        if (m < std::size_t(k)) continue;  // each distinct value its own class: nothing to optimise
        std::vector<double> uppers;
        const long double best = bruteForce(v, k, &uppers);
        const long double got = withinSquares(v, c);
        ASSERT_NEAR(double(got), double(best), 1e-9 * double(best) + 1e-9) << "seed " << seed << ", n " << n;
        // Counts add up; every break is a data value.
        EXPECT_EQ(std::accumulate(c.counts.begin(), c.counts.end(), std::size_t(0)), v.size());
        for (double b : c.breaks) EXPECT_NE(std::find(v.begin(), v.end(), b), v.end()) << "seed " << seed;
        // Continuous data has one optimum: the same classes.
        if (!ties) EXPECT_EQ(std::vector<double>(c.breaks.begin() + 1, c.breaks.end()), uppers) << "seed " << seed;
    }
}

TEST(ClassifyNaturalBreaks, ExactBeyondQgisSamplingThreshold) {
    // QGIS samples past 3000 values; every one of these 4000 counts.
    std::mt19937_64 rng(2024);
    std::lognormal_distribution<double> skewed(3, 1);
    std::vector<double> v(4000);
    for (double& x : v) x = std::round(skewed(rng) * 100) / 100;
    for (int k : {3, 5}) {
        std::vector<double> uppers;
        const long double best = bruteForce(v, k, &uppers);
        Classes c = natural(v, k);
        EXPECT_NEAR(double(withinSquares(v, c)), double(best), 1e-9 * double(best)) << k;
        EXPECT_EQ(std::vector<double>(c.breaks.begin() + 1, c.breaks.end()), uppers) << k;
    }
}

TEST(ClassifyNaturalBreaks, StableOnTies) {
    // Repeating every value (all ties doubled) or shuffling changes nothing.
    std::vector<double> twice = kCalEmp;
    twice.insert(twice.end(), kCalEmp.begin(), kCalEmp.end());
    std::shuffle(twice.begin(), twice.end(), std::mt19937_64(7));
    Classes c = natural(twice, 5);
    EXPECT_EQ(c.breaks, natural(kCalEmp, 5).breaks);
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{98, 6, 8, 2, 2}));
    // Heavy ties: a value is never split between classes, whatever the run.
    std::vector<double> v;
    for (int i = 0; i < 200; ++i) v.push_back(double((i * 7919) % 13 < 9 ? 5 : (i * 31) % 11));
    for (int k = 2; k <= 8; ++k) {
        Classes t = natural(v, k);
        std::vector<int> classOfValue(11, -2);
        for (double x : v) {
            int cls = t.classOf(x);
            ASSERT_GE(cls, 0);
            if (classOfValue[std::size_t(x)] == -2) classOfValue[std::size_t(x)] = cls;
            EXPECT_EQ(classOfValue[std::size_t(x)], cls);
        }
        const long double best = bruteForce(v, k);
        EXPECT_NEAR(double(withinSquares(v, t)), double(best), 1e-9 * double(best) + 1e-9);
        EXPECT_EQ(natural(v, k).breaks, t.breaks) << "deterministic";
    }
}

TEST(ClassifyNaturalBreaks, ShiftInvariant) {
    // mapclassify's test_fisher_jenks_is_translation_invariant, then larger and tied data.
    const std::vector<double> base = {0, 1, 2, 50, 51, 52, 100, 101, 102};
    std::vector<std::vector<double>> sets = {base, kCalEmp, kJenkspyData2};
    std::vector<double> tied;
    for (int i = 0; i < 300; ++i) tied.push_back(double((i * 37) % 17));  // every value 17-18 times
    sets.push_back(tied);
    // Symmetric data has partitions of exactly equal cost ({0}, {1, 2} and {0, 1}, {2}); rounding
    // of the shifted values must not pick another one.
    sets.push_back({0, 1, 2});
    sets.push_back({0, 1, 2, 3, 4});
    std::vector<double> even;
    for (int i = 0; i <= 20; ++i) even.push_back(i * 0.1);
    sets.push_back(even);
    std::vector<double> flat;
    for (int i = 0; i < 100; ++i) flat.push_back(double(i % 10));
    sets.push_back(flat);
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> real(0, 100);
    std::vector<double> noise(500);
    for (double& x : noise) x = real(rng);
    sets.push_back(noise);
    for (const auto& v : sets) {
        for (int k : {3, 5, 7}) {
            Classes c = natural(v, k);
            for (double offset : {273.15, 1e6, -4096.5, 12345.678}) {
                std::vector<double> shifted = v;
                for (double& x : shifted) x += offset;
                Classes s = natural(shifted, k);
                ASSERT_EQ(s.count(), c.count());
                for (std::size_t i = 0; i < c.breaks.size(); ++i)
                    EXPECT_EQ(s.breaks[i], c.breaks[i] + offset) << "offset " << offset << ", break " << i;
                EXPECT_EQ(s.counts, c.counts) << "offset " << offset;
            }
        }
    }
    Classes three = natural(base, 3);
    EXPECT_EQ(three.breaks, (std::vector<double>{0, 2, 52, 102}));
    // Of equal-cost partitions, the one whose last class starts earliest.
    EXPECT_EQ(natural({0, 1, 2}, 2).breaks, (std::vector<double>{0, 0, 2}));
}

TEST(ClassifyManual, UpperBoundsIncludedOutsideInNoClass) {
    const std::vector<double> edges = {0, 10, 50, 100};
    Classes c = classify(std::vector<double>{-1, 0, 5, 10, 10.5, 50, 99, 100, 101, kNaN}, ClassMethod::Manual, 0,
                         edges);
    EXPECT_EQ(c.breaks, edges);
    EXPECT_TRUE(c.upperClosed);
    EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 2, 2}));  // {0, 5, 10}, {10.5, 50}, {99, 100}
    EXPECT_EQ(c.outside, 2u);                                   // -1 and 101; NaN is no value at all
    EXPECT_EQ(c.classOf(0), 0);
    EXPECT_EQ(c.classOf(10), 0);
    EXPECT_EQ(c.classOf(10.000001), 1);
    EXPECT_EQ(c.classOf(100), 2);
    EXPECT_EQ(c.classOf(-0.5), -1);
    EXPECT_EQ(c.classOf(100.5), -1);
    // The edges stand without data: a fixed legend.
    Classes none = classify(std::vector<double>{}, ClassMethod::Manual, 0, edges);
    EXPECT_EQ(none.breaks, edges);
    EXPECT_EQ(none.counts, (std::vector<std::size_t>{0, 0, 0}));
}

TEST(ClassifyManual, BadEdgesAreRejected) {
    EXPECT_FALSE(checkManualBreaks(std::vector<double>{0, 1}));
    EXPECT_EQ(*checkManualBreaks(std::vector<double>{}), "needs at least 2 edges (one class), got 0");
    EXPECT_EQ(*checkManualBreaks(std::vector<double>{3}), "needs at least 2 edges (one class), got 1");
    EXPECT_EQ(*checkManualBreaks(std::vector<double>{0, 5, 5}), "edge 2 (5) is not above edge 1 (5): edges must ascend");
    EXPECT_EQ(*checkManualBreaks(std::vector<double>{0, 5, 2}), "edge 2 (2) is not above edge 1 (5): edges must ascend");
    EXPECT_EQ(*checkManualBreaks(std::vector<double>{0, kInf}), "edge 1 is not a finite number");
    EXPECT_EQ(*checkManualBreaks(std::vector<double>{kNaN, 1}), "edge 0 is not a finite number");
    EXPECT_EQ(classify(std::vector<double>{1, 2}, ClassMethod::Manual, 0, std::vector<double>{2, 1}).count(), 0);
}

TEST(ClassifyFirstRelease, QuantileAndEqualIntervalUnchanged) {
    std::vector<double> v = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, kNaN};
    Classes q = classify(v, ClassMethod::Quantile, 5);
    EXPECT_EQ(q.breaks, (std::vector<double>{1, 3, 5, 7, 9, 10}));
    EXPECT_FALSE(q.upperClosed);
    EXPECT_EQ(q.classOf(3), 1);  // lower edge included
    EXPECT_EQ(q.classOf(10), 4);
    EXPECT_EQ(q.counts, (std::vector<std::size_t>{2, 2, 2, 2, 2}));
    Classes e = classify(v, ClassMethod::EqualInterval, 5);
    ASSERT_EQ(e.breaks.size(), 6u);
    EXPECT_DOUBLE_EQ(e.breaks[1], 2.8);
    EXPECT_DOUBLE_EQ(e.breaks[4], 8.2);
    EXPECT_EQ(e.counts, (std::vector<std::size_t>{2, 2, 2, 2, 2}));
    // Repeated values merge quantile edges instead of making empty classes.
    Classes merged = classify(std::vector<double>{1, 1, 1, 1, 1, 1, 1, 1, 2, 3}, ClassMethod::Quantile, 5);
    EXPECT_EQ(merged.breaks, (std::vector<double>{1, 2, 3}));
    EXPECT_EQ(merged.counts, (std::vector<std::size_t>{8, 2}));
    Classes flat = classify(std::vector<double>{4, 4}, ClassMethod::EqualInterval, 5);
    EXPECT_EQ(flat.breaks, (std::vector<double>{4, 4}));
    EXPECT_EQ(flat.counts, (std::vector<std::size_t>{2}));
}
