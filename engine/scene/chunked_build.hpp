// How the loader turns a source into a layer's arrays: one reader into one builder (buildFrom), or
// the chunks of a sliced source on several readers, appended in id order into one layer
// (ChunkedBuild). Private to engine/scene: loadScene() is the interface.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "scene/layer_builder.hpp"
#include "scene/loaded_layer.hpp"
#include "source/vector_source.hpp"

namespace gs {

class Transformer;
struct LoadProgress;

namespace detail {

// Features a reader asks its source for at a time (reprojection works batch by batch).
inline constexpr size_t kBatchFeatures = 2048;

// Reads what `source` yields (a slice's current chunk, or a whole source) into the builder.
// `expectedFeatures`: when nonzero, how many features the builder should make room for once the
// first batch shows their size. `adoptOrigin`: no extent was known before reading, so the mesh
// origin becomes the first finite point.
Status buildFrom(VectorSource& source, const Transformer& transformer, LayerBuilder& builder,
                 FeatureBatch& batch, std::vector<PolygonView>& polygons, LoadProgress* progress,
                 size_t expectedFeatures = 0, bool adoptOrigin = false);

// Splits each slice's id range into chunks of about kBatchFeatures features: for the usual dense
// ids, chunks of exactly kBatchFeatures ids, the very batches one reader per slice would read;
// sparser ids (a `where` filter, deletions) get wider chunks so as not to run a query for a
// handful of features. With chunks handed out as readers ask, uneven ones cost little.
std::vector<std::pair<int64_t, int64_t>> chunkRanges(const std::vector<VectorSource>& slices);

// The chunks of one sliced layer: handed out in id order to whichever reader asks next, built in
// the reader's own builder, and appended to the layer strictly in id order (so the layer is the
// same whatever the timing) by whichever reader finds the next one ready.
class ChunkedBuild {
public:
    ChunkedBuild(std::vector<std::pair<int64_t, int64_t>> ranges, LoadedLayer& layer, size_t features,
                 const BuildOptions& build, Vec2d origin, const std::vector<FieldInfo>& fields);

    // One reader's loop; returns its first error (the others then stop at their next chunk).
    Status read(VectorSource& source, const Transformer& transformer, LoadProgress* progress);

    bool complete() const { return appended_ == ranges_.size(); }

private:
    size_t chunkFeatures(size_t chunk) const;
    std::unique_ptr<LayerBuilder> takeBuilder();
    void deposit(size_t chunk, std::unique_ptr<LayerBuilder> builder);

    const std::vector<std::pair<int64_t, int64_t>> ranges_;
    LoadedLayer& layer_;
    const size_t features_;  // expected in the whole layer
    const BuildOptions build_;
    const Vec2d origin_;
    const std::vector<FieldInfo> fields_;
    std::atomic<size_t> next_{0};
    std::atomic<bool> failed_{false};
    std::mutex mutex_;
    std::map<size_t, std::unique_ptr<LayerBuilder>> ready_;  // built, waiting for earlier chunks
    std::vector<std::unique_ptr<LayerBuilder>> spare_;
    size_t appended_ = 0;
    bool appending_ = false;
};

}  // namespace detail
}  // namespace gs
