#include "style/natural_breaks.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>

namespace gs {

namespace {

// Costs are compared in double; the sums behind them are taken in long double and then rounded
// once. Why that is enough: with x taken from the median distinct value, every partial sum of
// squares is at most Q = Σ w·(x - ref)², at most twice the total SSE (the mean lies within a
// standard deviation of the median), and (Σwx)²/w ≤ Σwx² (Cauchy-Schwarz), so each cost is off by
// a few ulps of Q: some 1e-15 of the total SSE, far below the 1e-9 that tells ties apart. Summing
// a million terms in double instead would cost up to n·ulp, near that threshold. x87 arithmetic in
// the O(k n log n) inner loop ran 3-4 times slower (bench_classify).
using Real = double;

// Prefix sums over the distinct values: sums over [0, i) of weight, weight·x and weight·x², x
// taken relative to a reference value (see the header: cancellation).
struct Prefix {
    std::vector<Real> w, s, q;

    // Sum of squared deviations from their mean of the distinct values [j, i), weighted.
    Real sse(std::size_t j, std::size_t i) const {
        const Real weight = w[i] - w[j], sum = s[i] - s[j], squares = q[i] - q[j];
        const Real cost = squares - sum * sum / weight;
        return cost > 0 ? cost : 0;  // rounding can leave a tiny negative for a one-value class
    }
};

// One layer of the dynamic programme: cur[i] = min over j of prev[j] + sse(j, i), and the j that
// gives it, for i in [lo, hi], knowing the best j lies in [optLo, optHi] (monotone in i).
class Layer {
public:
    Layer(const Prefix& p, const std::vector<Real>& prev, std::vector<Real>& cur, std::uint32_t* split,
          std::size_t firstJ, Real tolerance)
        : p_(p), prev_(prev), cur_(cur), split_(split), firstJ_(firstJ), tolerance_(tolerance) {}

    void solve(std::size_t lo, std::size_t hi, std::size_t optLo, std::size_t optHi) {
        // Iterative on the right half, recursive on the left: the depth stays log2(m).
        while (lo <= hi) {
            const std::size_t mid = lo + (hi - lo) / 2;
            const std::size_t jLo = std::max(optLo, firstJ_);
            const std::size_t jHi = std::min(optHi, mid - 1);
            // Two passes: the least cost, then the earliest j within the tolerance of it (ties).
            costs_.resize(jHi - jLo + 1);
            Real best = std::numeric_limits<Real>::infinity();
            for (std::size_t j = jLo; j <= jHi; ++j) {
                const Real c = prev_[j] + p_.sse(j, mid);
                costs_[j - jLo] = c;
                best = std::min(best, c);
            }
            std::size_t at = jLo;
            while (costs_[at - jLo] > best + tolerance_) ++at;
            cur_[mid] = costs_[at - jLo];
            split_[mid] = std::uint32_t(at);
            if (mid > lo) solve(lo, mid - 1, optLo, at);
            lo = mid + 1;
            optLo = at;
        }
    }

private:
    const Prefix& p_;
    const std::vector<Real>& prev_;
    std::vector<Real>& cur_;
    std::uint32_t* split_;
    std::size_t firstJ_;
    Real tolerance_;
    std::vector<Real> costs_;
};

}  // namespace

std::vector<double> naturalBreaks(std::span<const double> sorted, int classes) {
    assert(!sorted.empty() && classes >= 1);
    // Distinct values and their multiplicities.
    std::vector<double> x;
    std::vector<std::size_t> weight;
    for (double v : sorted) {
        if (!x.empty() && v == x.back()) {
            ++weight.back();
        } else {
            x.push_back(v);
            weight.push_back(1);
        }
    }
    const std::size_t m = x.size();
    const std::size_t k = std::min<std::size_t>(std::size_t(classes), m);

    std::vector<double> breaks{x.front()};
    if (k == m) {
        // Each distinct value is a class of its own: nothing to optimise.
        breaks.insert(breaks.end(), x.begin(), x.end());
        return breaks;
    }
    if (k == 1) {
        breaks.push_back(x.back());
        return breaks;
    }

    const long double ref = x[m / 2];
    Prefix p{std::vector<Real>(m + 1, 0), std::vector<Real>(m + 1, 0), std::vector<Real>(m + 1, 0)};
    long double sw = 0, ss = 0, sq = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const long double d = x[i] - ref, w = weight[i];
        sw += w;
        ss += w * d;
        sq += w * d * d;
        p.w[i + 1] = Real(sw);
        p.s[i + 1] = Real(ss);
        p.q[i + 1] = Real(sq);
    }
    const Real tolerance = 1e-9 * p.sse(0, m);

    // D[c][i]: least cost of the first i distinct values in c + 1 classes. Only two rows are kept;
    // split[c][i] (the first value of the last class) is kept for every layer to trace back.
    std::vector<Real> prev(m + 1), cur(m + 1, 0);
    for (std::size_t i = 1; i <= m; ++i) prev[i] = p.sse(0, i);
    std::vector<std::uint32_t> split((k - 1) * (m + 1), 0);
    for (std::size_t c = 1; c < k; ++c) {
        std::uint32_t* row = split.data() + (c - 1) * (m + 1);
        // c + 1 classes need at least c + 1 values; the classes still to come need one each.
        const std::size_t lo = c + 1, hi = m - (k - 1 - c);
        // The last layer needs the full set only: one entry instead of a row.
        Layer layer(p, prev, cur, row, c, tolerance);
        if (c + 1 == k)
            layer.solve(m, m, c, m - 1);
        else
            layer.solve(lo, hi, c, hi - 1);
        std::swap(prev, cur);
    }

    // Trace back the classes' first values; each class's upper bound is the value before the next.
    std::vector<std::size_t> firsts(k, 0);
    std::size_t end = m;
    for (std::size_t c = k - 1; c >= 1; --c) {
        firsts[c] = split[(c - 1) * (m + 1) + end];
        end = firsts[c];
    }
    for (std::size_t c = 1; c < k; ++c) breaks.push_back(x[firsts[c] - 1]);
    breaks.push_back(x.back());
    return breaks;
}

}  // namespace gs
