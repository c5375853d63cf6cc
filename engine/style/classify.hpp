// Classification of a numeric attribute into colour classes, for choropleths and their legends.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "style/layer_style.hpp"  // ClassMethod

namespace gs {

// Class k holds values in [breaks[k], breaks[k+1]) (the last class is closed). Non-finite values
// belong to no class. Fewer classes than asked come back when the data has fewer distinct values.
struct Classes {
    std::vector<double> breaks;  // classes + 1 edges, ascending
    int count() const { return breaks.size() < 2 ? 0 : int(breaks.size()) - 1; }
    int classOf(double value) const;  // -1 for non-finite or out of range
};

Classes classify(std::span<const double> values, ClassMethod method, int classes);

}  // namespace gs
