// SceneRenderer's level of detail: what each layer draws at a camera's scale (its coverage, boxes
// or meshes; widths in pixels or metres), and the moving map composed from tiles
// (render/map_tiles.hpp).
#include "render/scene_renderer.hpp"

#include <algorithm>

#include "analysis/hexbin.hpp"  // webMercatorMetresPerUnitAtY
#include "geo/crs.hpp"

namespace gs {

void SceneRenderer::layerStates(const Camera& camera, const ViewState& view, std::vector<LayerDrawState>& states) const {
    states.clear();
    // Ground metres per display unit at the view's centre (Web Mercator stretches away from the
    // equator): widths in metres and scale limits are on the ground.
    const double metresPerUnit =
        isWebMercator(scene_->config.displayCrs) ? webMercatorMetresPerUnitAtY(camera.center.y) : 1.0;
    const double metresPerPixel = camera.unitsPerPixel * metresPerUnit;
    // The basemap first, under everything; then the scene's layers in order.
    for (size_t k = 0; k < 2 * scene_->layers.size(); ++k) {
        const size_t i = k % scene_->layers.size();
        if ((scene_->layers[i].config.role == LayerRole::Basemap) != (k < scene_->layers.size())) continue;
        const LayerStyle& st = scene_->layers[i].config.style;
        LayerDrawState s;
        s.layer = handles_[i];
        s.visible = st.visible && (st.maxScale <= 0 || metresPerPixel <= st.maxScale);
        s.fill = st.fillOpacity > 0;
        s.outline = st.strokeWidth > 0 &&
                    (view.buildingOutlines || scene_->layers[i].config.role != LayerRole::Buildings);
        s.opacity = st.opacity;
        s.stroke = st.stroke;
        const float widthPx = st.strokeUnit == WidthUnit::Metres ? float(st.strokeWidth / metresPerPixel)
                                                                 : st.strokeWidth * view.uiScale;
        s.strokeWidthPx = widthPx;
        s.pathWidthPx = widthPx;
        s.pathsByFeature = !st.colorBy.field.empty();
        s.casing = st.casing;
        s.casingWidthPx = st.casingWidth * view.uiScale;
        if (st.dash.size() == 2) {
            s.dashPx = st.dash[0] * view.uiScale;
            s.gapPx = st.dash[1] * view.uiScale;
        }
        s.symbolShape = int(st.symbol.shape);
        s.symbolSizePx = st.symbol.sizePx * view.uiScale;
        s.symbolOutline = st.symbol.outline;
        s.symbolOutlineWidthPx = st.symbol.outlineWidthPx * view.uiScale;
        const LoadedLayer& loaded = scene_->layers[i];
        const double typicalPx = loaded.typicalSize / camera.unitsPerPixel;
        if (view.levelOfDetail && loaded.typicalSize > 0 && typicalPx < view.coveragePx &&
            renderer_->hasCoverage(handles_[i])) {
            s.coverage = true;
            // What the full detail would show: each footprint filled and ringed by its outline
            // (drawn at least a pixel wide, its alpha scaled by its width), so a small one covers
            // (size + outline)² pixels in a tone that tends to the outline's as it shrinks.
            // An outline reaches a pixel past its width on each side (core at least a pixel, a
            // half-pixel fringe): a footprint s wide covers about s + width + 1.
            const float strokePx = st.strokeWidth > 0 ? std::max(1.0f, s.strokeWidthPx) + 1.0f : 0.0f;
            const float strokeAlpha = std::min(1.0f, s.strokeWidthPx) * st.stroke.a;
            const float t = float(std::clamp(strokePx / std::max(typicalPx, 0.25), 0.0, 1.0));
            const float fillAlpha = st.fillOpacity * st.fill.a;
            auto mix = [t](float a, float b) { return a + (b - a) * t; };
            const float alpha = mix(fillAlpha, strokeAlpha);
            s.coverageColor = {mix(st.fill.r * fillAlpha, st.stroke.r * strokeAlpha) / std::max(alpha, 1e-6f),
                               mix(st.fill.g * fillAlpha, st.stroke.g * strokeAlpha) / std::max(alpha, 1e-6f),
                               mix(st.fill.b * fillAlpha, st.stroke.b * strokeAlpha) / std::max(alpha, 1e-6f), alpha};
            const double grown = (typicalPx + strokePx) / std::max(typicalPx, 0.25);
            s.coverageGain = float(grown * grown);
        }
        // A few pixels a footprint: each as its box (where the layer has boxes).
        // Boxes too wherever footprints would be drawn but their meshes are still being made (a
        // deferred layer with meshes in a region draws the others as boxes by their size order).
        const bool meshless = loaded.meshesDeferred && (loaded.meshedRegion.empty() || !view.levelOfDetail ||
                                                        view.footprintBoxPx <= 0 || loaded.typicalSize <= 0);
        s.boxes = !s.coverage && ((view.levelOfDetail && loaded.typicalSize > 0 && typicalPx < view.footprintBoxPx) ||
                                  meshless || loaded.boxesUnderArea > 0);
        s.boxesAndMeshes = s.boxes && loaded.boxesUnderArea > 0;
        // Larger typical footprints: each one under footprintBoxPx as its box, the others as
        // their triangles (where the layer's mesh is ordered by size; else all as triangles).
        if (view.levelOfDetail && !s.coverage && !s.boxes && loaded.typicalSize > 0 && view.footprintBoxPx > 0)
            s.boxesUnder = float(view.footprintBoxPx * camera.unitsPerPixel);
        s.meshes = s.coverage ? 0 : meshVersions_[i];
        if (view.hovered.layer == int(i)) s.hovered = view.hovered.feature;
        if (view.selected.layer == int(i)) s.selected = view.selected.feature;
        states.push_back(s);
    }
}

bool SceneRenderer::canTile(const Camera& camera, const ViewState& view) const {
    if (live_ || mapPass_) return false;
    // Only where a large layer's typical feature is a few pixels (under twice footprintBoxPx:
    // drawn as its coverage, as boxes, or many of them so): there a frame costs pixels and
    // primitives a tile pays a share of. Closer in, a tile draws whole blocks' and grids' meshes
    // over a small square and costs about as much as the whole view.
    const bool small = std::any_of(scene_->layers.begin(), scene_->layers.end(), [&](const LoadedLayer& l) {
        return l.config.style.visible && l.typicalSize > 0 &&
               l.typicalSize / camera.unitsPerPixel < 2 * std::max(view.footprintBoxPx, view.coveragePx);
    });
    if (!small) return false;
    for (const LoadedLayer& layer : scene_->layers)
        if (layer.config.role == LayerRole::Layer && layer.config.style.clusterPx > 0 && layer.geometry.hasLinesOrPoints())
            return false;
    return true;
}

MapTiles& SceneRenderer::tiles(const ViewState& view, MapTiles::StatesFor& statesFor, MapTiles::DrawTile& drawTile) {
    if (!tiles_) tiles_ = std::make_unique<MapTiles>();
    // The pyramid over everything drawn, the basemap included.
    Box extent = scene_->extent;
    for (const LoadedLayer& layer : scene_->layers) extent.add(layer.stats.extent);
    tiles_->setPyramid(extent, generation_);
    // A level's states: for a tile-sized view at its scale, at the pyramid's middle (widths in
    // metres then the same on every tile of a level); no highlight (drawn over the tiles).
    statesFor = [this, view, center = extent.center()](int level, std::vector<LayerDrawState>& out) {
        Camera c;
        c.setViewport(MapTiles::kTilePx, MapTiles::kTilePx);
        c.center = center;
        c.unitsPerPixel = tiles_->unitsPerPixel(level);
        layerStates(c, view, out);
        for (LayerDrawState& s : out) s.hovered = s.selected = -1;
    };
    drawTile = [this](const Camera& c, std::span<const LayerDrawState> states) {
        return renderer_->draw(c, scene_->config.background, states, ScreenBatch{});
    };
    return *tiles_;
}

int SceneRenderer::warmTiles(const Camera& camera, const ViewState& view) {
    if (!scene_ || view.motionTiles <= 0 || !canTile(camera, view)) return 0;
    MapTiles::StatesFor statesFor;
    MapTiles::DrawTile drawTile;
    return tiles(view, statesFor, drawTile).warm(camera, {view.motionTiles, view.motionTileMs}, statesFor, drawTile);
}

RenderStats SceneRenderer::renderTiled(const Camera& camera, const ViewState& view) {
    RenderStats stats;
    MapTiles::StatesFor statesFor;
    MapTiles::DrawTile drawTile;
    const TileFrame tf =
        tiles(view, statesFor, drawTile).draw(camera, scene_->config.background, {view.motionTiles, view.motionTileMs}, statesFor, drawTile);
    if (!tf.drawn) {  // a multisampled target: in full
        ViewState full = view;
        full.motionTiles = 0;
        return render(camera, full);
    }
    overlay_.clear();
    if (view.labels) buildLabels(camera, view, stats);
    if (view.legend) buildLegends(camera, view);
    if (!view.caption.empty()) buildCaption(camera, view);
    buildAttribution(camera, view);
    uploadAtlases();
    FrameStats fs = tf.stats;
    renderer_->drawSelection(camera, states_, fs);
    fs.drawCalls += renderer_->drawScreen(camera, overlay_);
    stats.triangles = fs.triangles;
    stats.drawCalls = fs.drawCalls;
    stats.tiled = true;
    stats.tilesVisible = tf.visible;
    stats.tilesExact = tf.exact;
    stats.tilesRendered = tf.rendered;
    return stats;
}

}  // namespace gs
