#include "style/classify.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "style/natural_breaks.hpp"

namespace gs {

int Classes::classOf(double value) const {
    if (!std::isfinite(value) || count() == 0) return -1;
    if (value < breaks.front() || value > breaks.back()) return -1;
    int k;
    if (upperClosed) {
        // The first upper bound at or above the value is the value's class's; the first class
        // also holds breaks[0] itself.
        auto it = std::lower_bound(breaks.begin() + 1, breaks.end(), value);
        k = int(it - breaks.begin()) - 1;
    } else {
        // upper_bound finds the first edge above the value; the class is the one before it.
        auto it = std::upper_bound(breaks.begin(), breaks.end(), value);
        k = int(it - breaks.begin()) - 1;
    }
    return std::clamp(k, 0, count() - 1);
}

std::optional<std::string> checkManualBreaks(std::span<const double> breaks) {
    if (breaks.size() < 2) return "needs at least 2 edges (one class), got " + std::to_string(breaks.size());
    char buf[160];
    for (std::size_t i = 0; i < breaks.size(); ++i) {
        if (!std::isfinite(breaks[i])) {
            std::snprintf(buf, sizeof buf, "edge %zu is not a finite number", i);
            return std::string(buf);
        }
        if (i > 0 && !(breaks[i] > breaks[i - 1])) {
            std::snprintf(buf, sizeof buf, "edge %zu (%.17g) is not above edge %zu (%.17g): edges must ascend", i,
                          breaks[i], i - 1, breaks[i - 1]);
            return std::string(buf);
        }
    }
    return std::nullopt;
}

namespace {

// Quantile and equal-interval edges of sorted values (the first release's rules, kept exactly).
std::vector<double> quantileOrEqualBreaks(const std::vector<double>& v, ClassMethod method, int classes) {
    double lo = v.front(), hi = v.back();
    if (lo == hi) return {lo, hi};
    std::vector<double> breaks{lo};
    for (int k = 1; k < classes; ++k) {
        double edge;
        if (method == ClassMethod::EqualInterval) {
            edge = lo + (hi - lo) * k / classes;
        } else {
            // Quantile edge: the value at rank k/classes of the sorted data.
            size_t rank = std::min(v.size() - 1, size_t(std::floor(double(k) * v.size() / classes)));
            edge = v[rank];
        }
        // Repeated values can make equal quantile edges; merge them instead of empty classes.
        if (edge > breaks.back() && edge < hi) breaks.push_back(edge);
    }
    breaks.push_back(hi);
    return breaks;
}

}  // namespace

Classes classify(std::span<const double> values, ClassMethod method, int classes,
                 std::span<const double> manualBreaks) {
    std::vector<double> v;
    v.reserve(values.size());
    for (double x : values)
        if (std::isfinite(x)) v.push_back(x);
    Classes out;
    if (method == ClassMethod::Manual) {
        // The edges are the user's, whatever the data (none at all included): a legend of fixed
        // thresholds stays the same from one day's data to the next.
        if (checkManualBreaks(manualBreaks)) return out;
        out.breaks.assign(manualBreaks.begin(), manualBreaks.end());
        out.upperClosed = true;
    } else {
        if (v.empty() || classes < 1) return out;
        std::sort(v.begin(), v.end());
        if (method == ClassMethod::NaturalBreaks) {
            out.breaks = naturalBreaks(v, classes);
            out.upperClosed = true;
        } else {
            out.breaks = quantileOrEqualBreaks(v, method, classes);
        }
    }
    out.counts.assign(std::size_t(out.count()), 0);
    for (double x : v) {
        int k = out.classOf(x);
        if (k < 0)
            ++out.outside;
        else
            ++out.counts[std::size_t(k)];
    }
    return out;
}

}  // namespace gs
