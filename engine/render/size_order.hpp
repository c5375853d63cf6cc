// Footprints ordered by size within each run of a building layer's meshes, largest first, so that
// "the footprints of this view that are at least N pixels across" is a prefix of every run: those
// are drawn as their triangles and the rest, at the same zoom, as their boxes
// (scene/footprint_boxes.hpp), one draw of each per run. A district where a typical footprint is
// six to twelve pixels still has half of its footprints under six, and most of their triangles go.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "geometry/mesh.hpp"

namespace gs {

struct SizeOrder {
    std::vector<uint32_t> feature;     // per position: the feature drawn there
    std::vector<float> size;           // per position: its size (display units), descending in a run
    std::vector<uint32_t> fillBefore;  // per position: fill indices of its run's positions before it
    std::vector<uint32_t> lineBefore;  // the same for outline points
};

// Reorders each run's features (`runs`: consecutive feature ranges covering the layer, whose fill
// index ranges and outline point ranges make one span each, in feature order or any other) by
// size, the square root of the area (0 for a feature with no fill triangles), largest first:
// permutes `fillIndices`, and `outline`'s points and features, within each run's span (a
// feature's point range holds its whole rings, so they stay whole), renames each feature's
// triangles for where its points went (they name its own points only), and writes where each
// feature's ranges now are to fillOut and lineOut (per feature; may be the inputs).
// The runs of features a layer of `features` is drawn in (MapRenderer's culling and size order):
// about 1,024 runs of consecutive features, 1 to 256 each.
std::vector<IndexRange> featureRuns(size_t features);

SizeOrder orderRunsBySize(const std::vector<IndexRange>& runs, const std::vector<double>& areas,
                          const std::vector<IndexRange>& fillRanges, const std::vector<IndexRange>& lineRanges,
                          std::vector<uint32_t>& fillIndices, LineMesh& outline, std::vector<IndexRange>& fillOut,
                          std::vector<IndexRange>& lineOut);

// A region's meshes (scene/deferred_meshes.hpp) for a layer whose features have `areas`, ordered
// as MapRenderer orders them on upload (featureRuns), on the thread that read them: permutes
// their indices, points and ranges in place and returns the order for MapRenderer::replaceMeshes.
// nullopt, nothing changed, where the ranges are not one per feature.
std::optional<SizeOrder> orderMeshesBySize(const std::vector<double>& areas, std::vector<IndexRange>& fillRanges,
                                           std::vector<IndexRange>& lineRanges, std::vector<uint32_t>& fillIndices,
                                           LineMesh& outline);

}  // namespace gs
