#include "scene/loader.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <sys/mman.h>

#include "geo/transformer.hpp"
#include "geometry/triangulate.hpp"  // polygonArea
#include "scene/basemap.hpp"
#include "scene/coarse_meshes.hpp"
#include "scene/hierarchy.hpp"
#include "scene/layer_builder.hpp"
#include "source/vector_source.hpp"

namespace gs {

namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

constexpr size_t kBatchFeatures = 2048;
// A layer of fewer features draws fast enough whole at any zoom: no coverage.
constexpr size_t kCoverageMinFeatures = 5000;

struct LayerJob {
    LayerConfig config;  // a copy: fields guessed at open time are filled in here
    std::vector<VectorSource> slices;
    std::optional<Transformer> transformer;
    Box displayExtent;
    std::optional<Error> error;
    std::string skippedNote;  // a basemap layer that loaded nothing, and why
    LoadedLayer result;
};

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
    room(into.fill.vertices, part.fill.vertices, kMesh);
    room(into.fill.indices, part.fill.indices, kMesh);
    room(into.outline.points, part.outline.points, kMesh);
    room(into.outline.features, part.outline.features, kMesh);
    room(into.outline.indices, part.outline.indices, kMesh);
    room(into.geometry.points, part.geometry.points, kMesh);
    room(into.geometry.ringEnds, part.geometry.ringEnds, kMesh);
}

// Reads what `source` yields (a slice's current chunk, or a whole source) into the builder.
// `expectedFeatures`: when nonzero, how many features the builder should make room for once the
// first batch shows their size.
Status buildFrom(VectorSource& source, const Transformer& transformer, LayerBuilder& builder,
                 FeatureBatch& batch, std::vector<PolygonView>& polygons, LoadProgress* progress,
                 size_t expectedFeatures = 0, bool adoptOrigin = false) {
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

// The median size (square root of the area, display units) of the polygons of the source's first
// batch; the source is rewound afterwards. 0 when it has none.
Result<double> sampleTypicalSize(VectorSource& source, const Transformer& transformer) {
    FeatureBatch batch;
    auto more = source.readBatch(batch, kBatchFeatures);
    if (!more) return more.error();
    source.rewind();
    // Points that fail to project make their polygon's area non-finite: such are not counted.
    (void)transformer.transform(batch.points);
    std::vector<double> sizes;
    for (size_t p = 0; p < batch.polygons.size(); ++p) {
        const double a = polygonArea(batch.polygon(p));
        if (std::isfinite(a) && a > 0) sizes.push_back(std::sqrt(a));
    }
    if (sizes.empty()) return 0.0;
    std::nth_element(sizes.begin(), sizes.begin() + std::ptrdiff_t(sizes.size() / 2), sizes.end());
    return sizes[sizes.size() / 2];
}

// The chunks of one sliced layer: handed out in id order to whichever reader asks next, built in
// the reader's own builder, and appended to the layer strictly in id order (so the layer is the
// same whatever the timing) by whichever reader finds the next one ready.
class ChunkedBuild {
public:
    ChunkedBuild(std::vector<std::pair<int64_t, int64_t>> ranges, LoadedLayer& layer, size_t features,
                 const BuildOptions& build, Vec2d origin, const std::vector<FieldInfo>& fields)
        : ranges_(std::move(ranges)), layer_(layer), features_(features), build_(build),
          origin_(origin), fields_(fields) {
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

    // One reader's loop; returns its first error (the others then stop at their next chunk).
    Status read(VectorSource& source, const Transformer& transformer, LoadProgress* progress) {
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

    bool complete() const { return appended_ == ranges_.size(); }

private:
    // About how many features a chunk holds (its share of the layer's by ids), for the builder
    // to make room for them once the first batch shows their size: a builder's arrays then grow
    // once, not by doubling through its first chunk.
    size_t chunkFeatures(size_t chunk) const {
        const int64_t ids = std::max<int64_t>(1, ranges_.back().second - ranges_.front().first);
        const double share = double(ranges_[chunk].second - ranges_[chunk].first) / double(ids);
        return std::max<size_t>(1, size_t(std::ceil(share * double(features_))));
    }

    std::unique_ptr<LayerBuilder> takeBuilder() {
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

    void deposit(size_t chunk, std::unique_ptr<LayerBuilder> builder) {
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

// Splits each slice's id range into chunks of about kBatchFeatures features: for the usual dense
// ids, chunks of exactly kBatchFeatures ids, the very batches one reader per slice would read
// (reprojection works batch by batch); sparser ids (a `where` filter, deletions) get wider chunks
// so as not to run a query for a handful of features. With chunks handed out as readers ask,
// uneven ones cost little.
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

}  // namespace

Result<LoadedScene> loadScene(const SceneConfig& sceneConfig, const LoadOptions& options,
                              LoadProgress* progress) {
    const auto start = Clock::now();
    // The basemap's rules become layers after the scene's own.
    SceneConfig config = sceneConfig;
    std::vector<std::string> basemapNotes;
    if (Status st = appendBasemapLayers(config, basemapNotes); !st) return st.error();
    const size_t layerCount = config.layers.size();
    if (layerCount == 0) return Error{"the scene has no layers"};
    const size_t hardware = std::max(1u, std::thread::hardware_concurrency());
    const size_t slicesWanted = options.slicesPerLayer ? options.slicesPerLayer : hardware;

    std::vector<LayerJob> jobs(layerCount);
    std::latch opened{std::ptrdiff_t(layerCount)};
    std::once_flag toleranceOnce;
    double tolerance = options.simplifyTolerance;

    auto runLayer = [&](size_t i) {
        LayerJob& job = jobs[i];
        job.config = config.layers[i];
        LayerConfig& lc = job.config;
        const auto layerStart = Clock::now();
        bool counted = false;
        auto fail = [&](const Error& e) {
            job.error = Error{"layer \"" + lc.id + "\": " + e.message};
            if (!counted) opened.count_down();
        };

        // Phase 1: open and check every source, and find the display extent.
        const bool polygonsOnly = lc.role == LayerRole::Level || lc.role == LayerRole::Buildings;
        size_t slices = lc.role == LayerRole::Buildings && options.region.empty() ? slicesWanted : 1;
        auto opened_ = VectorSource::openSlices(lc.source, slices, 10000, polygonsOnly ? kPolygons : kAnyGeometry);
        if (!opened_ && lc.role == LayerRole::Basemap) {
            // A basemap rule the extract cannot serve (a field it lacks, no feature) draws nothing.
            job.skippedNote = "basemap layer \"" + lc.id + "\" draws nothing: " + opened_.error().message;
            counted = true;
            opened.count_down();
            job.result.config = lc;
            return;
        }
        if (!opened_) return fail(opened_.error());
        job.slices = std::move(*opened_);
        guessLevelFields(lc, job.slices[0].fields());
        if (!options.allAttributes) {
            for (auto& s : job.slices)
                if (auto st = s.selectFields(fieldsUsed(lc)); !st) return fail(st.error());
        }
        auto tr = Transformer::create(job.slices[0].crsWkt(), config.displayCrs);
        if (!tr) return fail(tr.error());
        if (!options.region.empty()) {
            auto back = Transformer::create(config.displayCrs, job.slices[0].crsWkt());
            if (!back) return fail(back.error());
            auto box = back->transformBounds(options.region);
            if (!box) return fail(box.error());
            for (auto& s : job.slices) s.setSpatialFilter(*box);
        }
        // A driver that knows no extent before reading (OSM) leaves it empty: the data then say.
        if (!job.slices[0].extent().empty()) {
            auto ext = tr->transformBounds(job.slices[0].extent());
            if (!ext) return fail(ext.error());
            job.displayExtent = *ext;
        }
        // Grids are what live points are assigned to: project them exactly (Transformer).
        tr->setLatitudeSeries(lc.role != LayerRole::Level);
        job.transformer = std::move(*tr);
        if (progress)
            for (auto& s : job.slices) progress->featuresTotal += size_t(std::max<int64_t>(0, s.featureCount()));
        counted = true;
        opened.count_down();

        // The level of detail may depend on the whole scene's extent: wait for every layer's.
        if (options.toleranceForExtent) {
            opened.wait();
            std::call_once(toleranceOnce, [&] {
                Box all;
                for (const auto& j : jobs) all.add(j.displayExtent);
                tolerance = options.toleranceForExtent(all);
            });
        }
        BuildOptions build;
        build.simplifyTolerance = tolerance;
        bool snapshotBoxes = false;  // a snapshot draws this layer as its boxes: no meshes
        size_t expected = 0;
        for (const auto& sl : job.slices) expected += size_t(std::max<int64_t>(0, sl.featureCount()));
        if (options.singleScale && tolerance > 0 && lc.role == LayerRole::Buildings &&
            expected >= kCoverageMinFeatures) {
            auto typical = sampleTypicalSize(job.slices[0], *job.transformer);
            if (!typical) return fail(typical.error());
            const double typicalPx = *typical / (2 * tolerance);
            build.areasOnly = *typical > 0 && typicalPx < options.coveragePx;
            snapshotBoxes = *typical > 0 && !build.areasOnly && typicalPx < options.footprintBoxPx;
        }
        build.keepGeometry = lc.role == LayerRole::Level || lc.role == LayerRole::Layer ||
                             (lc.role == LayerRole::Buildings && options.keepBuildingGeometry);
        build.keepDrawnGeometry = lc.role == LayerRole::Buildings;
        build.deferMeshes = options.deferBuildingMeshes && !options.singleScale &&
                            lc.role == LayerRole::Buildings && expected >= kCoverageMinFeatures;
        // Footprints under footprintBoxPx at the snapshot's scale (2 * tolerance a pixel).
        if (snapshotBoxes) build.boxesUnderArea = std::pow(options.footprintBoxPx * 2 * tolerance, 2);
        // A view that zooms (the window, the wall) draws a few pixels a footprint as boxes; a
        // snapshot where that is what it will draw.
        build.boxes = lc.role == LayerRole::Buildings && expected >= kCoverageMinFeatures && !options.meshesOnly &&
                      (!options.singleScale || snapshotBoxes);
        build.labelPoints = lc.role != LayerRole::Buildings;  // buildings carry no labels
        build.linesAndPoints = !polygonsOnly;
        const Vec2d origin = !options.region.empty() ? options.regionOrigin
                             : job.displayExtent.empty() ? Vec2d{}
                                                       : Vec2d{std::round(job.displayExtent.center().x),
                                                               std::round(job.displayExtent.center().y)};

        // Phase 2: read and build, one thread per slice.
        LoadedLayer& layer = job.result;
        layer.origin = origin;
        size_t features = 0;
        for (const auto& s : job.slices) features += size_t(std::max<int64_t>(0, s.featureCount()));
        const std::vector<FieldInfo> fields = job.slices[0].selectedFields();
        if (job.slices.size() == 1) {
            LayerBuilder builder(build, origin);
            for (const FieldInfo& f : fields) builder.layer().attributes.addColumn(f.name, f.type);
            FeatureBatch batch;
            std::vector<PolygonView> polygons;
            Status st = buildFrom(job.slices[0], *job.transformer, builder, batch, polygons, progress, features,
                                  job.displayExtent.empty());
            if (!st) return fail(st.error());
            layer.origin = builder.layer().origin;
            appendLayerPart(layer, std::move(builder.layer()));
        } else {
            std::vector<std::optional<Transformer>> transformers(job.slices.size());
            for (size_t k = 1; k < job.slices.size(); ++k) {
                auto c = job.transformer->clone();
                if (!c) return fail(c.error());
                transformers[k] = std::move(*c);
            }
            for (const FieldInfo& f : fields) layer.attributes.addColumn(f.name, f.type);
            ChunkedBuild chunks(chunkRanges(job.slices), layer, features, build, origin, fields);
            std::vector<Status> results(job.slices.size());
            {
                std::vector<std::jthread> workers;
                for (size_t k = 1; k < job.slices.size(); ++k)
                    workers.emplace_back(
                        [&, k] { results[k] = chunks.read(job.slices[k], *transformers[k], progress); });
                results[0] = chunks.read(job.slices[0], *job.transformer, progress);
            }
            for (const Status& s : results)
                if (!s) return fail(s.error());
            if (!chunks.complete()) return fail(Error{"internal error: chunks left unappended"});
        }

        layer.config = lc;
        layer.meshesDeferred = build.deferMeshes;
        layer.meshTolerance = build.deferMeshes ? tolerance : 0;
        layer.boxesUnderArea = build.boxesUnderArea;
        // Levels get coarser meshes for far zooms, each twice the tolerance of the one before,
        // up to what the whole layer needs at 256 pixels across.
        if (lc.role == LayerRole::Level && tolerance > 0 && !options.singleScale && !options.meshesOnly) {
            const auto coarseStart = std::chrono::steady_clock::now();
            buildCoarserMeshes(layer, coarserTolerances(tolerance, layer.stats.extent));
            layer.stats.coarserSeconds = secondsSince(coarseStart);
        }
        // Buildings get their built-up coverage, in cells of a third of a typical footprint (a
        // snapshot only when it will draw it).
        if (lc.role == LayerRole::Buildings && layer.featureCount() >= kCoverageMinFeatures && !options.meshesOnly &&
            (!options.singleScale || build.areasOnly || snapshotBoxes)) {
            layer.typicalSize = typicalFeatureSize(layer);
            // (A snapshot drawing boxes has footprints of a pixel or more: no coverage.)
            if (!snapshotBoxes) layer.coverage = buildCoverage(layer, layer.typicalSize / 3);
        }
        layer.stats.sourceCrs = job.slices[0].crsName();
        layer.stats.sourceExtent = job.slices[0].extent();
        layer.stats.loadSeconds = secondsSince(layerStart);
        job.slices.clear();  // closes the datasets on this thread
    };

    {
        std::vector<std::jthread> threads;
        for (size_t i = 1; i < layerCount; ++i) threads.emplace_back(runLayer, i);
        runLayer(0);
    }
    for (auto& job : jobs)
        if (job.error) return *job.error;

    LoadedScene scene;
    scene.config = config;
    scene.warnings = std::move(basemapNotes);
    for (auto& job : jobs)
        if (!job.skippedNote.empty()) scene.warnings.push_back(job.skippedNote);
    for (auto& job : jobs) {
        // The basemap is context: "fit the data" fits the scene's own layers.
        if (job.result.config.role != LayerRole::Basemap) scene.extent.add(job.result.stats.extent);
        scene.layers.push_back(std::move(job.result));
    }
    linkLevels(scene.layers, scene.warnings);
    scene.loadSeconds = secondsSince(start);
    return scene;
}

}  // namespace gs
