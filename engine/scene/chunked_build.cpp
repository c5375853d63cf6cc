#include "scene/chunked_build.hpp"

#include <algorithm>
#include <cmath>
#include <span>

#include <sys/mman.h>

#include "geo/transformer.hpp"
#include "scene/loader.hpp"  // LoadProgress

namespace gs::detail {
namespace {

// Makes room for n elements and asks the kernel for huge pages there: the meshes of a large layer
// are hundreds of megabytes written once, and faulting them in 4 KiB pages is a large part of
// the load. Reserving touches nothing; pages never written are never used.
template <class V>
void reserveLarge(V& v, size_t n) {
    if (n <= v.capacity()) return;
    v.reserve(n);
#ifdef MADV_HUGEPAGE
    constexpr uintptr_t kHuge = uintptr_t(2) << 20;
    const uintptr_t begin = (reinterpret_cast<uintptr_t>(v.data()) + kHuge - 1) & ~(kHuge - 1);
    const uintptr_t end = reinterpret_cast<uintptr_t>(v.data() + v.capacity()) & ~(kHuge - 1);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint only
#endif
}

// The layer's arrays: room for `total` features, judged from the `done` features appended so
// far (plus `part`, about to be), so that they do not regrow and copy themselves while a large
// layer loads. Per-feature arrays get exactly that; the mesh arrays twice their estimate, as the
// first features can be far from typical (SF's first chunk has 28% fewer points a feature than the
// whole layer): only address space, as pages never written are never used.
void reserveLayer(LoadedLayer& into, const LoadedLayer& part, size_t done, size_t total) {
    const size_t features = done + part.fids.size();
    if (features == 0) return;
    const double perFeature = double(std::max(total, features)) / double(features);
    auto room = [&](auto& dst, const auto& src, double margin) {
        const size_t needed = dst.size() + src.size();
        if (needed > dst.capacity())
            reserveLarge(dst, std::max(needed, size_t(double(needed) * perFeature * margin)));
    };
    constexpr double kExact = 1.0, kMesh = 2.0;
    room(into.fids, part.fids, kExact);
    room(into.bounds, part.bounds, kExact);
    room(into.areas, part.areas, kExact);
    room(into.fillRanges, part.fillRanges, kExact);
    room(into.lineRanges, part.lineRanges, kExact);
    room(into.labelPoints, part.labelPoints, kExact);
    room(into.footprintBoxes, part.footprintBoxes, kExact);
    if (into.attributes.rowCount() + part.fids.size() > (into.attributes.columnCount() == 0 ? 0 : into.attributes.column(0).values.capacity()))
        into.attributes.reserveRows(size_t(double(features) * perFeature));
    room(into.fill.indices, part.fill.indices, kMesh);
    room(into.outline.points, part.outline.points, kMesh);
    room(into.outline.features, part.outline.features, kMesh);
    room(into.geometry.points, part.geometry.points, kMesh);
    room(into.geometry.ringEnds, part.geometry.ringEnds, kMesh);
}

}  // namespace

Status buildFrom(VectorSource& source, const Transformer& transformer, LayerBuilder& builder,
                 FeatureBatch& batch, std::vector<PolygonView>& polygons, LoadProgress* progress,
                 size_t expectedFeatures, bool adoptOrigin) {
    std::vector<std::span<const Vec2d>> lines;
    std::vector<Vec2d> markers;
    LoadedLayer& part = builder.layer();
    const size_t fieldCount = source.selectedFields().size();
    while (true) {
        if (progress && progress->cancel.load()) return Error{"loading cancelled"};
        auto more = source.readBatch(batch, kBatchFeatures);
        if (!more) return more.error();
        if (!*more) break;
        if (expectedFeatures && part.stats.featuresRead == 0 && !batch.features.empty())
            builder.reserve(expectedFeatures, double(batch.points.size()) / double(batch.features.size()));
        size_t nonFinite = transformer.transform(batch.points);
        if (adoptOrigin && part.fids.empty()) {
            // No extent was known before reading: the mesh origin is the first finite point.
            for (const Vec2d& v : batch.points)
                if (std::isfinite(v.x) && std::isfinite(v.y)) {
                    builder.setOrigin({std::round(v.x), std::round(v.y)});
                    adoptOrigin = false;
                    break;
                }
        }
        for (const SkippedFeature& s : batch.skipped) builder.addSkipped(s.fid, s.reason);
        part.stats.featuresRead += batch.features.size() + batch.skipped.size();
        part.stats.ignoredParts += batch.ignoredParts;

        for (size_t f = 0; f < batch.features.size(); ++f) {
            const auto& feat = batch.features[f];
            polygons.clear();
            bool finite = true;
            for (uint32_t p = feat.firstPolygon; p < feat.firstPolygon + feat.polygonCount; ++p) {
                polygons.push_back(batch.polygon(p));
                if (nonFinite)
                    for (const Vec2d& v : polygons.back().points)
                        finite = finite && std::isfinite(v.x) && std::isfinite(v.y);
            }
            lines.clear();
            for (uint32_t l = feat.firstLine; l < feat.firstLine + feat.lineCount; ++l) lines.push_back(batch.line(l));
            markers.clear();
            for (uint32_t m = feat.firstMarker; m < feat.firstMarker + feat.markerCount; ++m)
                markers.push_back(batch.points[batch.markers[m]]);
            if (nonFinite) {
                for (auto line : lines)
                    for (const Vec2d& v : line) finite = finite && std::isfinite(v.x) && std::isfinite(v.y);
                for (const Vec2d& v : markers) finite = finite && std::isfinite(v.x) && std::isfinite(v.y);
            }
            if (!finite) {
                builder.addSkipped(feat.fid, "coordinates outside the display CRS's valid area");
                continue;
            }
            if (!builder.addFeature(feat.fid, polygons, lines, markers)) continue;
            for (size_t i = 0; i < fieldCount; ++i) {
                auto& col = part.attributes.column(i);
                col.values.emplace_back(batch.value(f, i));
                col.isNull.push_back(batch.isNull(f, i));
            }
        }
        if (progress) progress->featuresDone += batch.features.size() + batch.skipped.size();
    }
    return {};
}

std::vector<std::pair<int64_t, int64_t>> chunkRanges(const std::vector<VectorSource>& slices) {
    std::vector<std::pair<int64_t, int64_t>> ranges;
    for (const VectorSource& s : slices) {
        const auto [begin, end] = *s.fidRange();
        const int64_t batch = int64_t(kBatchFeatures);
        const int64_t features = std::max<int64_t>(1, s.featureCount());
        const int64_t step = std::max(batch, int64_t(double(batch) * double(end - begin) / double(features)));
        for (int64_t b = begin; b < end; b += step) ranges.push_back({b, std::min(end, b + step)});
    }
    return ranges;
}

ChunkedBuild::ChunkedBuild(std::vector<std::pair<int64_t, int64_t>> ranges, LoadedLayer& layer, size_t features,
                           const BuildOptions& build, Vec2d origin, const std::vector<FieldInfo>& fields)
    : ranges_(std::move(ranges)), layer_(layer), features_(features), build_(build), origin_(origin),
      fields_(fields) {
    // The per-feature arrays at their size at once: growing them chunk by chunk would copy
    // them and touch fresh pages twice over (page faults are dear on a VM).
    layer_.fids.reserve(features);
    layer_.bounds.reserve(features);
    layer_.areas.reserve(features);
    layer_.fillRanges.reserve(features);
    layer_.lineRanges.reserve(features);
    if (build.boxes) layer_.footprintBoxes.reserve(features);
    if (build.labelPoints) layer_.labelPoints.reserve(features);
}

Status ChunkedBuild::read(VectorSource& source, const Transformer& transformer, LoadProgress* progress) {
    FeatureBatch batch;
    std::vector<PolygonView> polygons;
    while (!failed_.load()) {
        const size_t chunk = next_.fetch_add(1);
        if (chunk >= ranges_.size()) break;
        std::unique_ptr<LayerBuilder> builder = takeBuilder();
        Status st = source.restrictToFidRange(ranges_[chunk].first, ranges_[chunk].second);
        if (st) st = buildFrom(source, transformer, *builder, batch, polygons, progress, chunkFeatures(chunk));
        if (!st) {
            failed_ = true;
            return st;
        }
        deposit(chunk, std::move(builder));
    }
    return {};
}

// About how many features a chunk holds (its share of the layer's by ids), for the builder
// to make room for them once the first batch shows their size: a builder's arrays then grow
// once, not by doubling through its first chunk.
size_t ChunkedBuild::chunkFeatures(size_t chunk) const {
    const int64_t ids = std::max<int64_t>(1, ranges_.back().second - ranges_.front().first);
    const double share = double(ranges_[chunk].second - ranges_[chunk].first) / double(ids);
    return std::max<size_t>(1, size_t(std::ceil(share * double(features_))));
}

std::unique_ptr<LayerBuilder> ChunkedBuild::takeBuilder() {
    {
        std::lock_guard lock(mutex_);
        if (!spare_.empty()) {
            auto b = std::move(spare_.back());
            spare_.pop_back();
            return b;
        }
    }
    auto b = std::make_unique<LayerBuilder>(build_, origin_);
    for (const FieldInfo& f : fields_) b->layer().attributes.addColumn(f.name, f.type);
    return b;
}

void ChunkedBuild::deposit(size_t chunk, std::unique_ptr<LayerBuilder> builder) {
    std::unique_lock lock(mutex_);
    ready_.emplace(chunk, std::move(builder));
    if (appending_) return;  // the reader appending now will find it
    appending_ = true;
    while (true) {
        auto it = ready_.find(appended_);
        if (it == ready_.end()) break;
        std::unique_ptr<LayerBuilder> part = std::move(it->second);
        ready_.erase(it);
        lock.unlock();  // the copy runs while the other readers go on reading
        reserveLayer(layer_, part->layer(), layer_.fids.size(), features_);
        appendLayerChunk(layer_, part->layer());
        lock.lock();
        ++appended_;
        spare_.push_back(std::move(part));
    }
    appending_ = false;
}

}  // namespace gs::detail
