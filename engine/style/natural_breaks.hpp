// Exact natural breaks (Fisher 1958, Jenks 1977): the partition of sorted values into k
// contiguous classes with the least total within-class sum of squared deviations from the class
// means, i.e. optimal 1-D k-means. Exact on every value: no sampling at any size.
//
// How: equal values are merged first into (value, multiplicity) pairs, so ties can never be split
// across classes and every break is a data value. The dynamic programme over the m distinct values
//   D[c][i] = min over j of D[c-1][j] + SSE(j .. i-1)
// has monotone optimal split points, so each layer is solved by divide and conquer in O(m log m)
// (Wang & Song 2011, Ckmeans.1d.dp): O(k m log m) in all, plus the sort. SSE comes from prefix
// sums of weights, values and squares, summed in long double, taken about the median distinct
// value so the cancellation in SSE = Σx² - (Σx)²/w does not grow with the values' offset from
// zero (natural_breaks.cpp bounds the error).
//
// Ties between partitions: costs within 1e-9 of the data's total sum of squares are equal, and the
// earliest split wins. This keeps the answer from flipping on rounding noise: a shifted copy of
// the data (every value + c) gets the same classes, its breaks shifted by c exactly (breaks being
// data values, they are the shifted values themselves).
#pragma once

#include <span>
#include <vector>

namespace gs {

// `sorted`: finite values in ascending order (not empty). Returns classes + 1 breaks in jenkspy's
// convention, [min, upper bound of class 0, ..., max], with min(classes, distinct values) classes.
// One distinct value gives {v, v}: one class. Memory: 4 bytes per distinct value per class beyond
// the first (the split points traced back at the end): 44 MB for 1M values in 12 classes.
std::vector<double> naturalBreaks(std::span<const double> sorted, int classes);

}  // namespace gs
