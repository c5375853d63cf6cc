#include "style/classify.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

int Classes::classOf(double value) const {
    if (!std::isfinite(value) || count() == 0) return -1;
    if (value < breaks.front() || value > breaks.back()) return -1;
    // upper_bound finds the first edge above the value; the class is the one before it.
    auto it = std::upper_bound(breaks.begin(), breaks.end(), value);
    int k = int(it - breaks.begin()) - 1;
    return std::clamp(k, 0, count() - 1);
}

Classes classify(std::span<const double> values, ClassMethod method, int classes) {
    std::vector<double> v;
    v.reserve(values.size());
    for (double x : values)
        if (std::isfinite(x)) v.push_back(x);
    Classes out;
    if (v.empty() || classes < 1) return out;
    std::sort(v.begin(), v.end());
    double lo = v.front(), hi = v.back();
    if (lo == hi) {
        out.breaks = {lo, hi};
        return out;
    }
    out.breaks.push_back(lo);
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
        if (edge > out.breaks.back() && edge < hi) out.breaks.push_back(edge);
    }
    out.breaks.push_back(hi);
    return out;
}

}  // namespace gs
