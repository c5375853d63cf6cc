#include "scene/loader.hpp"

#include <chrono>
#include <cmath>
#include <latch>
#include <mutex>
#include <optional>
#include <thread>

#include "geo/transformer.hpp"
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

struct LayerJob {
    LayerConfig config;  // a copy: fields guessed at open time are filled in here
    std::vector<VectorSource> slices;
    std::optional<Transformer> transformer;
    Box displayExtent;
    std::optional<Error> error;
    LoadedLayer result;
};

// Reads one slice of a layer and builds its part of the meshes. `expectedFeatures`: how many
// features the meshes should make room for once the first batch shows their size (the first
// slice makes room for the whole layer, so the others append to it without regrowing it).
Status buildSlice(VectorSource& source, const Transformer& transformer, const BuildOptions& build,
                  Vec2d origin, LoadProgress* progress, size_t expectedFeatures, LoadedLayer& out) {
    LayerBuilder builder(build, origin);
    LoadedLayer& part = builder.layer();
    for (const FieldInfo& f : source.selectedFields()) part.attributes.addColumn(f.name, f.type);
    const size_t fieldCount = source.selectedFields().size();

    FeatureBatch batch;
    std::vector<PolygonView> polygons;
    while (true) {
        if (progress && progress->cancel.load()) return Error{"loading cancelled"};
        auto more = source.readBatch(batch, kBatchFeatures);
        if (!more) return more.error();
        if (!*more) break;
        if (part.stats.featuresRead == 0 && !batch.features.empty())
            builder.reserve(expectedFeatures, double(batch.points.size()) / double(batch.features.size()));
        size_t nonFinite = transformer.transform(batch.points);
        for (const SkippedFeature& s : batch.skipped) builder.addSkipped(s.fid, s.reason);
        part.stats.featuresRead += batch.features.size() + batch.skipped.size();

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
            if (!finite) {
                builder.addSkipped(feat.fid, "coordinates outside the display CRS's valid area");
                continue;
            }
            if (!builder.addFeature(feat.fid, polygons)) continue;
            for (size_t i = 0; i < fieldCount; ++i) {
                auto& col = part.attributes.column(i);
                col.values.emplace_back(batch.value(f, i));
                col.isNull.push_back(batch.isNull(f, i));
            }
        }
        if (progress) progress->featuresDone += batch.features.size() + batch.skipped.size();
    }
    out = std::move(part);
    return {};
}

}  // namespace

Result<LoadedScene> loadScene(const SceneConfig& config, const LoadOptions& options,
                              LoadProgress* progress) {
    const auto start = Clock::now();
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
        size_t slices = lc.role == LayerRole::Buildings ? slicesWanted : 1;
        auto opened_ = VectorSource::openSlices(lc.source, slices);
        if (!opened_) return fail(opened_.error());
        job.slices = std::move(*opened_);
        guessLevelFields(lc, job.slices[0].fields());
        if (!options.allAttributes) {
            for (auto& s : job.slices)
                if (auto st = s.selectFields(fieldsUsed(lc)); !st) return fail(st.error());
        }
        auto tr = Transformer::create(job.slices[0].crsWkt(), config.displayCrs);
        if (!tr) return fail(tr.error());
        auto ext = tr->transformBounds(job.slices[0].extent());
        if (!ext) return fail(ext.error());
        job.displayExtent = *ext;
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
        build.keepGeometry = lc.role == LayerRole::Level || options.keepBuildingGeometry;
        build.labelPoints = lc.role == LayerRole::Level;  // buildings carry no labels
        const Vec2d origin{std::round(job.displayExtent.center().x), std::round(job.displayExtent.center().y)};

        // Phase 2: read and build, one thread per slice.
        std::vector<LoadedLayer> parts(job.slices.size());
        std::vector<Status> results(job.slices.size());
        std::vector<std::optional<Transformer>> transformers(job.slices.size());
        for (size_t k = 1; k < job.slices.size(); ++k) {
            auto c = job.transformer->clone();
            if (!c) return fail(c.error());
            transformers[k] = std::move(*c);
        }
        {
            std::vector<std::jthread> workers;
            for (size_t k = 1; k < job.slices.size(); ++k)
                workers.emplace_back([&, k] {
                    const size_t expected = size_t(std::max<int64_t>(0, job.slices[k].featureCount()));
                    results[k] = buildSlice(job.slices[k], *transformers[k], build, origin, progress, expected, parts[k]);
                });
            size_t all = 0;
            for (const auto& s : job.slices) all += size_t(std::max<int64_t>(0, s.featureCount()));
            results[0] = buildSlice(job.slices[0], *job.transformer, build, origin, progress, all, parts[0]);
        }
        for (const Status& s : results)
            if (!s) return fail(s.error());

        LoadedLayer& layer = job.result;
        layer.origin = origin;
        for (auto& p : parts) appendLayerPart(layer, std::move(p));
        layer.config = lc;
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
    for (auto& job : jobs) {
        scene.extent.add(job.result.stats.extent);
        scene.layers.push_back(std::move(job.result));
    }
    linkLevels(scene.layers, scene.warnings);
    scene.loadSeconds = secondsSince(start);
    return scene;
}

}  // namespace gs
