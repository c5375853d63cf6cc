#include "scene/loader.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

#include "geo/transformer.hpp"
#include "geometry/triangulate.hpp"  // polygonArea
#include "scene/basemap.hpp"
#include "scene/chunked_build.hpp"
#include "scene/coarse_meshes.hpp"
#include "scene/hierarchy.hpp"
#include "scene/layer_builder.hpp"
#include "source/vector_source.hpp"

namespace gs {

namespace {

using detail::buildFrom;
using detail::ChunkedBuild;
using detail::chunkRanges;
using detail::kBatchFeatures;

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

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
