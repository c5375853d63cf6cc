#include "map_window_impl.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace gs::cli::window_detail {

void MapWindow::startLoading() {
    trace("window open, loading starts");
    LoadOptions load;
    load.keepBuildingGeometry = true;  // hover and click pick buildings
    // A city's buildings are triangulated region by region once the view needs them (the
    // coverage and boxes are what the city shows of them): pollMeshing().
    load.deferBuildingMeshes = !options_.fullDetail;
    load.allAttributes = true;         // the feature panel lists them all
    if (!options_.fullDetail) {
        const int w = window_.framebufferWidth(), h = window_.framebufferHeight();
        auto tolerance = [w, h](const Box& box) {
            Camera c;
            c.setViewport(w, h);
            c.fit(box);
            return c.unitsPerPixel * 0.5 / kDetailZoom;
        };
        if (requestedView_) load.simplifyTolerance = tolerance(*requestedView_);
        else load.toleranceForExtent = tolerance;
    }
    loadStarted_ = window_.time();
    loading_ = std::async(std::launch::async, [config = config_, load, progress = progress_]() -> Result<LoadedView> {
        auto scene = loadScene(config, load, progress.get());
        if (scene && std::getenv("GRIDSCOPE_TRACE")) {
            traceLayers(*scene);
        }
        if (!scene) {
            GlfwWindow::wake();
            return scene.error();
        }
        LoadedView view;
        view.indexes = buildPickIndexes(*scene);
        view.scene = std::move(*scene);
        GlfwWindow::wake();  // the UI thread may be asleep waiting for input
        return view;
    });
}

std::vector<std::string> MapWindow::sceneTexts() const {
    std::vector<std::string> texts{config_.name};
    for (const auto& layer : view_->scene.layers) {
        texts.push_back(layer.config.title);
        if (!layer.isLevel()) continue;  // building fields are ids and codes
        for (size_t c = 0; c < layer.attributes.columnCount(); ++c) {
            const auto& column = layer.attributes.column(c);
            texts.push_back(column.name);
            texts.insert(texts.end(), column.values.begin(), column.values.end());
        }
    }
    return texts;
}

void MapWindow::finishLoading() {
    auto result = loading_.get();
    if (!result) {
        phase_ = Phase::Failed;
        loadError_ = result.error().message;
        exitCode_ = reportBad(result.error());
        return;
    }
    trace("scene and pick indexes ready");
    view_ = std::make_unique<LoadedView>(std::move(*result));
    LoadedScene& scene = view_->scene;
    for (const auto& w : scene.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    reportSkipped(scene);
    if (Status s = renderer_->setScene(scene); !s) {
        phase_ = Phase::Failed;
        loadError_ = s.error().message;
        exitCode_ = reportBad(s.error());
        return;
    }
    trace("uploaded");
    map_.setScene(&scene, &view_->indexes);
    panel_.attach(scene);
    trace("layer panel ready");
    // The live feed: its errors (a missing password, an unreadable recording) are reported and
    // shown, and the map runs on without it. Its legend and labels speak the window's language.
    if (!file_.live && !file_.feeds.empty()) file_.live.emplace();
    if (file_.live) file_.live->lang = lang_;
    // New messages redraw the overlays, not the map; and a camera at rest keeps the map's picture
    // while a tooltip or a panel redraws the frame (ViewState::atRest).
    renderer_->setMapCache(true);
    if (auto live = LiveSession::create(file_, scene, *renderer_)) {
        live_ = std::move(*live);
        if (file_.live) feedPanel_.utcOffsetMinutes = file_.live->utcOffsetMinutes;
    } else {
        liveError_ = live.error().message;
        std::fprintf(stderr, "gridscope: live feed: %s\n", liveError_.c_str());
    }
    // The analyst's view of the scene's history, if it has one: errors are reported and shown, and
    // the map runs on without it.
    if (file_.analysis) {
        auto a = AnalysisView::create(*file_.analysis, scene, *renderer_, lang_, live_ ? &live_->store() : nullptr);
        if (a) {
            analysis_ = std::move(*a);
            analysis_->progressive = true;  // a coarse heatmap first, the full one the frame after
            std::fprintf(stderr, "%s\n", analysis_->loadReport().summary().c_str());
        } else {
            analysisError_ = a.error().message;
            std::fprintf(stderr, "gridscope: analysis: %s\n", analysisError_.c_str());
        }
    }
    analysisPanel_.lang = lang_;
    // Now that every name is known, make sure the UI font has each character in it.
    const UiTheme& theme = uiTheme();
    if (buildUiFont(theme.fontPx * imguiScale_, sceneTexts()).rebuilt) refreshUiFontTexture();
    trace("live, analysis and UI font ready");

    // Start where the config says, in the part of the window the panels leave free.
    map_.setViewport(window_.framebufferWidth(), window_.framebufferHeight());
    map_.insets = {theme.layerPanelWidth * imguiScale_ * pixelRatio_,
                   (live_ || !liveError_.empty() ? theme.feedPanelWidth : 0) * imguiScale_ * pixelRatio_, 0,
                   (theme.fontPx + 16) * imguiScale_ * pixelRatio_};
    if (requestedView_) map_.fit(*requestedView_, 0);
    else map_.fitScene();
    phase_ = Phase::Ready;
    pollMeshing();  // a view that starts close in asks for its region at once
}

// A deferred layer's region: the view and half of it on each side (a quarter where that holds
// more than kRegionFeatures footprints), asked for a little before the footprints reach
// footprintBoxPx so that it is often in when they do.
std::optional<Box> MapWindow::regionWanted(size_t i) const {
    const LoadedLayer& layer = view_->scene.layers[i];
    if (std::find(meshesFailed_.begin(), meshesFailed_.end(), i) != meshesFailed_.end()) return std::nullopt;
    if (!layer.meshesDeferred || !layer.config.style.visible || layer.typicalSize <= 0) return std::nullopt;
    const Camera& c = map_.camera;
    if (layer.typicalSize / c.unitsPerPixel < kFootprintBoxPx * kRegionAhead) return std::nullopt;
    const Box view = c.visibleBox();
    if (layer.meshedRegion.contains(view)) return std::nullopt;
    Box region;
    for (double margin : {0.5, 0.25, 0.0}) {
        const double mx = view.width() * margin, my = view.height() * margin;
        region = Box{view.minX - mx, view.minY - my, view.maxX + mx, view.maxY + my};
        if (margin == 0.0) break;
        size_t n = 0;
        for (const Box& b : layer.bounds) n += b.intersects(region);
        if (n <= kRegionFeatures) break;
    }
    return region;
}

bool MapWindow::meshesPending() const {
    if (meshing_.valid()) return true;
    if (!view_) return false;
    for (size_t i = 0; i < view_->scene.layers.size(); ++i)
        if (regionWanted(i)) return true;
    return false;
}

void MapWindow::pollMeshing() {
    if (meshing_.valid()) {
        if (meshing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
        LoadedLayer& layer = view_->scene.layers[meshingLayer_];
        const size_t skippedBefore = layer.stats.skipped.size();
        RegionMeshes region = meshing_.get();
        auto& meshes = region.meshes;
        if (!meshes) {
            // The boxes stay: the map runs on, and says why its footprints did not come. The
            // layer is not asked again (the same read would fail the same way).
            std::fprintf(stderr, "warning: %s; its buildings stay drawn as boxes\n", meshes.error().message.c_str());
            meshesFailed_.push_back(meshingLayer_);
            return;
        }
        traceRegion(*meshes);
        adoptMeshes(layer, std::move(*meshes));
        trace("a region's meshes adopted");
        renderer_->meshesArrived(meshingLayer_, layer, true, std::move(region.order));
        ++regionsRead_;
        meshesSeconds_ = processAgeSeconds();
        trace("a region's meshes uploaded");
        idleFrames_ = 0;  // footprints replace boxes wherever they are in view
        if (const size_t n = layer.stats.skipped.size() - skippedBefore)
            std::fprintf(stderr, "warning: layer \"%s\": %zu geometries skipped (%s: %s); see `gridscope info`\n",
                         layer.config.id.c_str(), n, std::to_string(layer.stats.skipped[skippedBefore].fid).c_str(),
                         layer.stats.skipped[skippedBefore].reason.c_str());
    }
    const auto& layers = view_->scene.layers;
    for (size_t i = 0; i < layers.size(); ++i) {
        const auto region = regionWanted(i);
        if (!region) continue;
        meshingLayer_ = i;
        trace("a region's meshes asked for");
        // Ordered by size here, off the GL thread, when the renderer would order them on upload.
        const bool order = renderer_->ordersRegionsBySize(i, layers[i]);
        meshing_ = std::async(std::launch::async, [&layer = layers[i], crs = view_->scene.config.displayCrs, r = *region, order] {
            RegionMeshes out{loadDeferredMeshes(layer, crs, r), std::nullopt};
            if (out.meshes && order)
                out.order = orderMeshesBySize(layer.areas, out.meshes->fillRanges, out.meshes->lineRanges,
                                              out.meshes->fill.indices, out.meshes->outline);
            GlfwWindow::wake();
            return out;
        });
        return;
    }
}

bool MapWindow::pictureComplete() const {
    if (meshing_.valid()) return false;
    for (const auto& layer : view_->scene.layers)
        if (layer.meshesDeferred && layer.config.style.visible && layer.typicalSize > 0 &&
            layer.typicalSize / map_.camera.unitsPerPixel >= kFootprintBoxPx &&
            !layer.meshedRegion.contains(map_.camera.visibleBox()))
            return false;
    return true;
}

StatusFigures MapWindow::statusFigures() const {
    StatusFigures s;
    for (const auto& layer : view_->scene.layers) {
        s.features += layer.featureCount();
        s.vertices += layer.stats.vertices;
    }
    s.triangles = lastStats_.triangles;
    s.labelsPlaced = lastStats_.labelsPlaced;
    s.labelCandidates = lastStats_.labelCandidates;
    s.frameMs = clock_.averageMs();
    s.crs = config_.displayCrs;
    s.warnings = view_->scene.warnings.size();
    s.lang = lang_;
    if (cursor_) {
        Vec2d world = map_.camera.screenToWorld(*cursor_);
        s.cursor = world;
        if (toLonLat_) {
            Vec2d p = world;
            if (toLonLat_->transform(std::span<Vec2d>(&p, 1)) == 0) s.cursorLonLat = p;
        }
    }
    return s;
}

}  // namespace gs::cli::window_detail
