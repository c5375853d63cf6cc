// Classification of a numeric attribute into colour classes, for choropleths and their legends.
//
// Methods (ClassMethod in layer_style.hpp):
//   Quantile, EqualInterval  edges between values; class k holds [breaks[k], breaks[k+1]), the
//                            last class closed. Unchanged since the first release: pictures
//                            (render tests) depend on them.
//   NaturalBreaks            Fisher-Jenks: the partition of ALL finite values (no sampling, unlike
//                            QGIS past 3000 values) into k classes with the least within-class sum
//                            of squared deviations (style/natural_breaks.hpp). Breaks are data
//                            values, as jenkspy returns them: [min, upper bound of class 0, ...,
//                            upper bound of the last class = max]; mapclassify's `bins` are
//                            breaks[1..]. Class k holds (breaks[k], breaks[k+1]], the first class
//                            closed [breaks[0], breaks[1]] (so breaks[0] == breaks[1] when the
//                            minimum alone is a class).
//   Manual                   the user's edges, strictly ascending and finite; classes as natural
//                            breaks (upper bound included, first class closed: QGIS's, ArcGIS's and
//                            mapclassify's UserDefined convention). A value outside
//                            [breaks.front(), breaks.back()] belongs to no class (it is counted in
//                            `outside`, not clamped into an end class, so a legend never claims a
//                            value lies in a range it does not).
// Non-finite values (NaN, ±inf) belong to no class and are left out of every computation. Fewer
// classes than asked come back when the data has fewer distinct values.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "style/layer_style.hpp"  // ClassMethod

namespace gs {

struct Classes {
    std::vector<double> breaks;       // classes + 1 edges, non-decreasing (see above)
    std::vector<std::size_t> counts;  // finite values in each class, for legends
    std::size_t outside = 0;          // finite values in no class (only manual breaks have any)
    bool upperClosed = false;         // true: class k is (breaks[k], breaks[k+1]], the first closed

    int count() const { return breaks.size() < 2 ? 0 : int(breaks.size()) - 1; }
    int classOf(double value) const;  // -1 for non-finite or out of range
};

// `classes` is the number asked for (ignored by Manual); `manualBreaks` are Manual's edges.
// Manual with edges that checkManualBreaks() rejects gives no classes (every value in none).
Classes classify(std::span<const double> values, ClassMethod method, int classes,
                 std::span<const double> manualBreaks = {});

// Why `breaks` cannot be manual class edges ("needs at least 2 edges", "edge 2 (5) is not above
// edge 1 (5)"), or nothing when they can.
std::optional<std::string> checkManualBreaks(std::span<const double> breaks);

}  // namespace gs
