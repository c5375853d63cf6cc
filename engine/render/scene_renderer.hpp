// Draws a loaded scene the same way in a window and in a headless snapshot: layer fills and
// outlines in style order, hover and selection highlights, non-overlapping labels, legends.
// Views own the camera and what is hovered or selected; this class owns the GPU side.
#pragma once

#include <map>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.hpp"
#include "live/overlay/overlay_draw_list.hpp"
#include "render/map_cache.hpp"
#include "render/map_renderer.hpp"
#include "render/map_tiles.hpp"
#include "scene/camera.hpp"
#include "scene/loader.hpp"
#include "style/layer_colors.hpp"
#include "text/label_placer.hpp"
#include "text/text_cache.hpp"

namespace gs {

class OverlayRenderer;

struct FeatureRef {
    int layer = -1;
    int feature = -1;
    bool valid() const { return layer >= 0 && feature >= 0; }
    friend bool operator==(FeatureRef a, FeatureRef b) { return a.layer == b.layer && a.feature == b.feature; }
};

struct ViewState {
    FeatureRef hovered;
    FeatureRef selected;
    bool labels = true;
    bool legend = true;
    float uiScale = 1.0f;  // legend and label sizes (e.g. 2 for a 4K snapshot read like 1080p)
    // False: buildings drawn without outlines (a moving camera on a software renderer, where
    // footprints' outlines cost more than all the rest of the map).
    bool buildingOutlines = true;
    // Level of detail: a large layer whose typical feature is under kCoveragePx on screen draws its
    // built-up coverage instead (scene/coverage.hpp). False: every triangle at any zoom.
    bool levelOfDetail = true;
    double coveragePx = kCoveragePx;
    double footprintBoxPx = kFootprintBoxPx;  // and under this, as boxes (scene/footprint_boxes.hpp)
    // With the map cache: a new picture of the static map may be drawn over this many frames, a
    // band of rows each (render() says `partial` until the last), so that a software renderer
    // never spends a whole map on one frame. The wall uses it when its map comes to rest.
    int mapBands = 1;
    // The camera has not moved since the last frame: with the map cache on, a scene without live
    // data keeps the static map (with its labels) as a picture and redraws only the legends and
    // what goes over them, until the map's own state changes (a hover, a style, new meshes).
    bool atRest = false;
    // While the camera moves: the static map from tiles (render/map_tiles.hpp), at most this many
    // new ones drawn a frame, coarser ones shown where a tile is still missing. 0: the map drawn
    // in full every frame. Not with live overlays, a map pass or clustered points (drawn in full).
    int motionTiles = 0;
    // And no more once they have taken this long (0: no limit; MapTiles::Budget).
    double motionTileMs = 0;
    // A line over the map's top edge (a compare view's period), at the left or the right.
    std::string caption;
    bool captionRight = false;
};

struct RenderStats {
    size_t triangles = 0;
    size_t drawCalls = 0;
    size_t labelsPlaced = 0;
    size_t labelCandidates = 0;
    // The static map's new picture is not complete yet (ViewState::mapBands): nothing was drawn
    // to the target; show the previous frame and call again.
    bool partial = false;
    // With ViewState::motionTiles: the frame was composed from tiles (render/map_tiles.hpp);
    // how many were in view at the wanted scale, how many of those were shown from their own
    // picture (the rest from coarser or finer ones), and how many were drawn this frame.
    bool tiled = false;
    int tilesVisible = 0, tilesExact = 0, tilesRendered = 0;
};

class SceneRenderer {
public:
    static Result<std::unique_ptr<SceneRenderer>> create();

    // Uploads every layer and evaluates its style. The scene must outlive this renderer's use of
    // it. With releaseMeshes, each layer's CPU meshes are freed as soon as they are on the GPU
    // (a snapshot needs them once; a window keeps them for nothing either).
    Status setScene(LoadedScene& scene, bool releaseMeshes = true);
    // Layer i of the scene (`layer`) has adopted meshes made after setScene
    // (scene/deferred_meshes.hpp): uploads them. Until then a layer with
    // LoadedLayer::meshesDeferred is drawn as its boxes.
    // `ordered`: as MapRenderer::replaceMeshes, when ordersRegionsBySize(i) said so.
    void meshesArrived(size_t i, LoadedLayer& layer, bool releaseMeshes = true,
                       std::optional<SizeOrder> ordered = std::nullopt);
    bool ordersRegionsBySize(size_t i, const LoadedLayer& layer) const {
        return renderer_->ordersRegionsBySize(handles_.at(i), layer);
    }
    // Compiles the map's shader variants ahead of the first frame (MapRenderer::warmUp).
    void warmUp() { renderer_->warmUp(); }
    // Re-evaluates one layer's colours after its style changed (scene.layers[i].config.style).
    Status restyle(size_t layer);
    const std::optional<Legend>& legend(size_t layer) const { return legends_.at(layer); }
    // Colours and legend of one layer from outside its style (a live figure); restyle() undoes it.
    void setLayerColors(size_t layer, const LayerColors& colors);

    // Live overlays (issue 3): each frame `source` (the CPU builder, live/overlay) makes the
    // overlay's draw list for the camera and `gl` draws it after the map's fills, outlines and grid
    // labels, under the legends; the live choropleth, if any, is applied each frame it changed.
    // Not owned; both null detaches. GL thread.
    void setLiveOverlay(OverlaySource* source, OverlayRenderer* gl) {
        live_ = gl ? source : nullptr;
        liveGl_ = source ? gl : nullptr;
    }
    // With live overlays, keep the static map (fills, outlines, grid labels) as a picture and draw
    // it again only when the camera, a style or the highlight changes (render/map_cache.hpp): the
    // frames a wall draws for new messages then cost the overlays and one copy. For windows and
    // walls; a one-off snapshot gains nothing from it. GL thread.
    void setMapCache(bool on);
    // How many pictures of the static map the cache has completed (0 without it).
    std::uint64_t mapPictures() const { return mapCache_ ? mapCache_->generation() : 0; }

    // A pass drawn right after the map (fills, outlines, labels), under the live overlay: the
    // analyst's heatmap. It draws into the bound framebuffer, whose viewport is the camera's; with
    // the map cache it is part of the cached picture, so call mapPassChanged() when what it draws
    // changes. An empty function removes it. GL thread.
    void setMapPass(std::function<void(const Camera&)> pass) {
        mapPass_ = std::move(pass);
        ++generation_;
    }
    void mapPassChanged() { ++generation_; }
    // Legends beside the layers' (the heatmap's in real units, the hexagon bins'): titles and rows
    // as given, in this order.
    void setExtraLegends(std::vector<Legend> legends) { extraLegends_ = std::move(legends); }

    RenderStats render(const Camera& camera, const ViewState& view);
    // A camera at rest, after render(): draws up to view.motionTiles of the tiles a move from
    // here would show first (render/map_tiles.hpp), where the map comes from tiles at this zoom.
    // Returns how many of them are still missing (0: nothing left to do). GL thread.
    int warmTiles(const Camera& camera, const ViewState& view);

private:
    SceneRenderer() = default;
    const TextLayout* labelLayout(const LoadedLayer& layer, std::optional<size_t> column, size_t feature,
                                  int pixelSize, int& atlasId);
    void buildLabels(const Camera& camera, const ViewState& view, RenderStats& stats);
    void buildLegends(const Camera& camera, const ViewState& view);
    // The basemap's credit ("© OpenStreetMap contributors") in the bottom-right corner.
    void buildAttribution(const Camera& camera, const ViewState& view);
    // Point layers with a "cluster" distance: their points gathered per cell of that many pixels;
    // a cell of several is one bigger symbol with its count (its layer's own symbols then off).
    void buildClusters(const Camera& camera, const ViewState& view);
    void buildCaption(const Camera& camera, const ViewState& view);
    void uploadAtlases();
    RenderStats renderCached(const Camera& camera, const ViewState& view);
    // Each layer's draw state for `camera` (the basemap first, then the scene's in order).
    void layerStates(const Camera& camera, const ViewState& view, std::vector<LayerDrawState>& states) const;
    // Whether the static map can and should come from tiles: not under live overlays, a map pass
    // or clusters (each drawn for the frame's camera), and only where a large layer's features
    // are a few pixels.
    bool canTile(const Camera& camera, const ViewState& view) const;
    RenderStats renderTiled(const Camera& camera, const ViewState& view);
    // The tile pyramid for this scene and generation, with how its levels are drawn for `view`.
    MapTiles& tiles(const ViewState& view, MapTiles::StatesFor& statesFor, MapTiles::DrawTile& drawTile);

    std::unique_ptr<MapRenderer> renderer_;
    const LoadedScene* scene_ = nullptr;
    std::vector<int> handles_;
    std::vector<std::uint64_t> meshVersions_;  // per layer: LayerDrawState::meshes
    std::vector<std::optional<Legend>> legends_;
    std::vector<LayerDrawState> states_;
    ScreenBatch overlay_;

    TextCache text_;  // glyph atlases and laid-out lines: labels, legends, the live overlay's text
    LabelPlacer placer_;
    std::vector<LabelCandidate> candidates_;
    std::vector<std::pair<const TextLayout*, int>> candidateText_;
    std::vector<Rgba> candidateColor_, candidateHalo_;
    std::unordered_set<uint64_t> lastPlaced_;

    OverlaySource* live_ = nullptr;
    OverlayRenderer* liveGl_ = nullptr;
    const OverlayDrawList* liveList_ = nullptr;  // this frame's, from live_
    ScreenBatch mapText_;  // with a live overlay: the grid labels, drawn under the markers
    std::unique_ptr<MapCache> mapCache_;
    std::unique_ptr<MapTiles> tiles_;
    RenderStats mapStats_;           // of the cached picture, when it was drawn
    std::uint64_t generation_ = 0;   // bumped by every change of colours or scene
    std::function<void(const Camera&)> mapPass_;
    std::vector<Legend> extraLegends_;
};

}  // namespace gs
