#include "render/scene_renderer.hpp"

#include <algorithm>
#include <cmath>

#include "render/overlay_renderer.hpp"
#include "style/palette.hpp"

namespace gs {

namespace {

uint64_t labelKey(size_t layer, size_t feature) { return (uint64_t(layer) << 32) | uint64_t(feature); }

// Labels need room: a feature narrower than this on screen gets none.
constexpr double kMinLabelFeaturePx = 28;

}  // namespace

Result<std::unique_ptr<SceneRenderer>> SceneRenderer::create() {
    auto r = MapRenderer::create();
    if (!r) return r.error();
    std::unique_ptr<SceneRenderer> s(new SceneRenderer());
    s->renderer_ = std::move(*r);
    return s;
}

Status SceneRenderer::setScene(LoadedScene& scene, bool releaseMeshes) {
    ++generation_;
    renderer_->clearLayers();
    scene_ = &scene;
    handles_.clear();
    meshVersions_.assign(scene.layers.size(), 1);
    legends_.assign(scene.layers.size(), std::nullopt);
    lastPlaced_.clear();
    for (LoadedLayer& layer : scene.layers) {
        auto handle = renderer_->addLayer(layer, releaseMeshes);
        if (!handle) return handle.error();
        handles_.push_back(*handle);
    }
    for (size_t i = 0; i < scene.layers.size(); ++i)
        if (Status s = restyle(i); !s) return s;
    return {};
}

void SceneRenderer::meshesArrived(size_t i, LoadedLayer& layer, bool releaseMeshes, std::optional<SizeOrder> ordered) {
    // Not a new generation: only the pictures that draw this layer's meshes or boxes change
    // (LayerDrawState::meshes), not the tiles of a city's zooms that draw its coverage.
    ++meshVersions_.at(i);
    renderer_->replaceMeshes(handles_.at(i), layer, releaseMeshes, std::move(ordered));
}

Status SceneRenderer::restyle(size_t i) {
    ++generation_;
    const LoadedLayer& layer = scene_->layers.at(i);
    auto colors = evaluateLayerColors(layer.config.id, layer.config.style, layer.attributes,
                                      layer.featureCount());
    if (!colors) return colors.error();
    renderer_->setFillColors(handles_[i], colors->fill);
    legends_[i] = colors->hasLegend ? std::optional<Legend>(std::move(colors->legend)) : std::nullopt;
    return {};
}

void SceneRenderer::setLayerColors(size_t i, const LayerColors& colors) {
    ++generation_;
    renderer_->setFillColors(handles_.at(i), colors.fill);
    legends_.at(i) = colors.hasLegend ? std::optional<Legend>(colors.legend) : std::nullopt;
}

const TextLayout* SceneRenderer::labelLayout(const LoadedLayer& layer, std::optional<size_t> column, size_t feature,
                                             int pixelSize, int& atlasId) {
    if (!text_.atlas(pixelSize, atlasId)) return nullptr;  // the atlas first, as for any text
    if (!column || layer.attributes.column(*column).isNull[feature]) return nullptr;
    const std::string_view text = layer.attributes.column(*column).values[feature];
    return text.empty() ? nullptr : text_.layout(text, pixelSize, atlasId);
}

void SceneRenderer::buildLabels(const Camera& camera, const ViewState& view, RenderStats& stats) {
    candidates_.clear();
    candidateText_.clear();
    candidateColor_.clear();
    candidateHalo_.clear();
    const Box visible = camera.visibleBox();
    size_t levelRank = 0;
    for (size_t li = 0; li < scene_->layers.size(); ++li) {
        const LoadedLayer& layer = scene_->layers[li];
        // Levels are labelled inside their areas; plain layers at their points, along their
        // lines and inside their polygons, under the levels' labels in priority.
        const bool plain = layer.config.role == LayerRole::Layer;
        if (!layer.isLevel() && !plain) continue;
        if (layer.isLevel()) ++levelRank;
        const LayerStyle& st = layer.config.style;
        if (!st.visible || st.label.field.empty() || layer.labelPoints.size() != layer.featureCount()) continue;
        const int px = int(std::lround(st.label.sizePx * view.uiScale));
        const std::optional<size_t> column = layer.attributes.find(st.label.field);
        for (size_t f = 0; f < layer.featureCount(); ++f) {
            const Box& b = layer.bounds[f];
            if (!b.intersects(visible)) continue;
            double wPx = b.width() / camera.unitsPerPixel, hPx = b.height() / camera.unitsPerPixel;
            const bool symbol = plain && f < layer.symbolRanges.size() && layer.symbolRanges[f].count > 0;
            const bool area = !plain || (f < layer.fillRanges.size() && layer.fillRanges[f].count > 0 && !symbol);
            if (area && (wPx < kMinLabelFeaturePx * view.uiScale || hPx < px)) continue;
            int atlasId = 0;
            const TextLayout* layout = labelLayout(layer, column, f, px, atlasId);
            if (!layout || layout->inkBox.empty()) continue;
            LabelCandidate c;
            c.id = labelKey(li, f);
            c.anchor = camera.worldToScreen(layer.labelPoints[f]);
            c.width = layout->inkBox.width();
            c.height = layout->inkBox.height();
            c.offset = layout->inkBox.center();
            // A point's label goes under its symbol.
            if (symbol) c.anchor.y += st.symbol.sizePx * view.uiScale * 0.5f + 2 * view.uiScale + c.height * 0.5f;
            // Coarser levels first, then bigger features on screen; plain layers after the levels.
            c.priority = plain ? std::min(wPx * hPx, 1e8) : double(100 - levelRank) * 1e9 + std::min(wPx * hPx, 1e8);
            candidates_.push_back(c);
            candidateText_.push_back({layout, atlasId});
            candidateColor_.push_back(st.label.color);
            candidateHalo_.push_back(st.label.halo);
        }
    }
    stats.labelCandidates = candidates_.size();
    if (candidates_.empty()) return;
    LabelPlacerOptions opt;
    opt.viewport.add(0, 0);
    opt.viewport.add(camera.width, camera.height);
    opt.padding = 4 * view.uiScale;
    const auto& placed = placer_.place(candidates_, opt, &lastPlaced_);
    lastPlaced_.clear();
    for (uint32_t i : placed) {
        addText(overlay_, *candidateText_[i].first, candidateText_[i].second, candidates_[i].anchor,
                candidateColor_[i], candidateHalo_[i]);
        lastPlaced_.insert(candidates_[i].id);
    }
    stats.labelsPlaced = placed.size();
}

void SceneRenderer::buildLegends(const Camera& camera, const ViewState& view) {
    const float s = view.uiScale;
    const int px = int(std::lround(14 * s));
    int atlasId = 0;
    if (!text_.atlas(px, atlasId)) return;
    float x = 16 * s, bottom = float(camera.height) - 16 * s;
    const Rgba text{0.92f, 0.95f, 1.0f, 1.0f}, halo{0, 0, 0, 0};
    auto draw = [&](const std::string& title, const Legend& lg) {
        const TextLayout* titleLayout = text_.layout(title, px, atlasId, HAlign::Left);
        std::vector<const TextLayout*> rows;
        float width = titleLayout ? titleLayout->advance : 0;
        for (const auto& e : lg.entries) {
            const TextLayout* l = text_.layout(e.label, px, atlasId, HAlign::Left);
            if (!l) continue;
            width = std::max(width, 28 * s + l->advance);
            rows.push_back(l);
        }
        const float rowH = 22 * s, pad = 10 * s;
        float h = pad * 2 + rowH * float(rows.size() + 1);
        float w = width + pad * 2;
        float top = bottom - h;
        overlay_.addRect(x, top, x + w, bottom, {0.02f, 0.05f, 0.10f, 0.82f});
        overlay_.addRectOutline(x, top, x + w, bottom, std::max(1.0f, s), {0.35f, 0.55f, 0.8f, 0.9f});
        float y = top + pad + rowH / 2;
        if (titleLayout) addText(overlay_, *titleLayout, atlasId, {x + pad, y}, text, halo);
        for (size_t k = 0; k < rows.size() && k < lg.entries.size(); ++k) {
            y += rowH;
            Rgba c = lg.entries[k].color;
            c.a = 1;
            overlay_.addRect(x + pad, y - 7 * s, x + pad + 20 * s, y + 7 * s, c);
            addText(overlay_, *rows[k], atlasId, {x + pad + 28 * s, y}, text, halo);
        }
        x += w + 12 * s;
    };
    for (size_t li = 0; li < scene_->layers.size(); ++li) {
        if (!legends_[li] || !scene_->layers[li].config.style.visible) continue;
        const Legend& lg = *legends_[li];
        const LoadedLayer& layer = scene_->layers[li];
        draw((layer.config.title.empty() ? layer.config.id : layer.config.title) + " · " + lg.title, lg);
    }
    for (const Legend& lg : extraLegends_) draw(lg.title, lg);
}

void SceneRenderer::buildCaption(const Camera& camera, const ViewState& view) {
    const float s = view.uiScale;
    const int px = int(std::lround(18 * s));
    int atlasId = 0;
    if (!text_.atlas(px, atlasId)) return;
    const TextLayout* layout = text_.layout(view.caption, px, atlasId, HAlign::Left);
    if (!layout) return;
    const float pad = 10 * s, h = 34 * s, w = layout->advance + 2 * pad, margin = 16 * s;
    const float x = view.captionRight ? float(camera.width) - margin - w : margin, top = margin;
    overlay_.addRect(x, top, x + w, top + h, {0.02f, 0.05f, 0.10f, 0.86f});
    overlay_.addRectOutline(x, top, x + w, top + h, std::max(1.0f, s), {0.35f, 0.55f, 0.8f, 0.9f});
    addText(overlay_, *layout, atlasId, {x + pad, top + h / 2}, {0.95f, 0.97f, 1.0f, 1.0f}, {0, 0, 0, 0});
}

void SceneRenderer::buildClusters(const Camera& camera, const ViewState& view) {
    std::vector<SymbolBatch> batches;
    const Box visible = camera.visibleBox();
    for (size_t li = 0; li < scene_->layers.size(); ++li) {
        const LoadedLayer& layer = scene_->layers[li];
        const LayerStyle& st = layer.config.style;
        if (layer.config.role != LayerRole::Layer || st.clusterPx <= 0 || !layer.geometry.hasLinesOrPoints()) continue;
        // The layer's state (states_ holds the basemap first: find it by handle).
        LayerDrawState* state = nullptr;
        for (auto& s : states_)
            if (s.layer == handles_[li]) state = &s;
        if (!state || !state->visible) continue;
        const double cell = st.clusterPx * view.uiScale * camera.unitsPerPixel;
        struct Cell {
            double x = 0, y = 0;
            uint32_t n = 0;
        };
        std::unordered_map<uint64_t, Cell> cells;
        const auto& markers = layer.geometry.markers;
        for (const Vec2d& p : markers) {
            if (!visible.contains(p)) continue;
            const auto cx = int64_t(std::floor(p.x / cell)), cy = int64_t(std::floor(p.y / cell));
            Cell& c = cells[(uint64_t(cx) << 32) ^ uint64_t(uint32_t(cy))];
            c.x += p.x;
            c.y += p.y;
            ++c.n;
        }
        bool crowded = false;
        for (const auto& [key, c] : cells) crowded = crowded || c.n > 1;
        if (!crowded) continue;  // every point alone: the layer's own symbols
        state->symbolSizePx = 0;  // drawn here instead
        // Sizes by the count's order of magnitude: 1, 2-9, 10-99, 100+.
        SymbolBatch sized[4];
        const int px = int(std::lround(11 * view.uiScale));
        int atlasId = 0;
        const bool text = text_.atlas(px, atlasId);
        for (int k = 0; k < 4; ++k) {
            sized[k].origin = layer.origin;
            sized[k].style = *state;
            sized[k].style.symbolSizePx = (st.symbol.sizePx + (k == 0 ? 0.0f : 8.0f + 6.0f * float(k))) * view.uiScale;
            sized[k].style.symbolShape = k == 0 ? int(st.symbol.shape) : 0;  // groups are circles
            sized[k].color = st.fill;
            sized[k].color.a = std::min(1.0f, st.fill.a * std::max(st.fillOpacity, 0.85f));
        }
        for (const auto& [key, c] : cells) {
            const Vec2d at{c.x / c.n, c.y / c.n};
            const int k = c.n == 1 ? 0 : c.n < 10 ? 1 : c.n < 100 ? 2 : 3;
            sized[k].points.push_back({float(at.x - layer.origin.x), float(at.y - layer.origin.y)});
            if (k > 0 && text) {
                if (const TextLayout* l = text_.layout(std::to_string(c.n), px, atlasId))
                    addText(overlay_, *l, atlasId, camera.worldToScreen(at), {0.02f, 0.05f, 0.1f, 1}, {0, 0, 0, 0});
            }
        }
        for (auto& b : sized)
            if (!b.points.empty()) batches.push_back(std::move(b));
    }
    renderer_->setFrameSymbols(std::move(batches));
}

void SceneRenderer::buildAttribution(const Camera& camera, const ViewState& view) {
    if (!scene_->config.basemap || scene_->config.basemap->attribution.empty()) return;
    const float s = view.uiScale;
    const int px = int(std::lround(10 * s));
    int atlasId = 0;
    if (!text_.atlas(px, atlasId)) return;
    const TextLayout* layout = text_.layout(scene_->config.basemap->attribution, px, atlasId, HAlign::Left);
    if (!layout) return;
    // Under the legends' 16 px margin: the corner's own strip, never over a legend.
    const float pad = 4 * s, h = 14 * s, w = layout->advance + 2 * pad;
    const float x = float(camera.width) - w, top = float(camera.height) - h;
    overlay_.addRect(x, top, x + w, top + h, {0.02f, 0.05f, 0.10f, 0.7f});
    addText(overlay_, *layout, atlasId, {x + pad, top + h / 2}, {0.85f, 0.9f, 0.96f, 1.0f}, {0, 0, 0, 0});
}

void SceneRenderer::uploadAtlases() {
    for (const auto& [size, entry] : text_.atlases()) {
        GlyphAtlas& a = *entry.second;
        // The live overlay draws text after the map, from its own copy of each atlas.
        if (liveGl_ && !liveGl_->hasAtlas(entry.first, a.width(), a.height()))
            liveGl_->updateAtlas(entry.first, a.width(), a.height(), a.pixels().data(), 0, a.height());
        if (!a.dirty()) continue;
        AtlasDirty d = a.dirtyRegion();
        if (d.resized)
            renderer_->updateAtlas(entry.first, a.width(), a.height(), a.pixels().data(), 0, a.height());
        else
            renderer_->updateAtlas(entry.first, a.width(), a.height(), a.pixels().data(), d.region.y0, d.region.y1);
        if (liveGl_ && !d.resized)
            liveGl_->updateAtlas(entry.first, a.width(), a.height(), a.pixels().data(), d.region.y0, d.region.y1);
        a.markClean();
    }
}

RenderStats SceneRenderer::render(const Camera& camera, const ViewState& view) {
    RenderStats stats;
    if (!scene_) return stats;
    text_.beginFrame();
    layerStates(camera, view, states_);
    // A camera on the move draws straight or from tiles: the picture kept for rest is let go (its
    // memory counts at a city's peak, when a street's meshes come in while the camera flies).
    if (mapCache_ && !live_ && !view.atRest) mapCache_->clear();
    if (view.motionTiles > 0 && canTile(camera, view)) return renderTiled(camera, view);
    // Live data keeps the map's picture while markers change; a camera at rest keeps it while the
    // frame is redrawn for anything else (a tooltip, a panel). Not under a map pass, which may
    // change without the map (the analysis view's heatmap).
    if (mapCache_ && (live_ || (view.atRest && !mapPass_))) return renderCached(camera, view);
    overlay_.clear();
    if (view.labels) buildLabels(camera, view, stats);
    buildClusters(camera, view);
    if (live_) {
        if (auto colors = live_->takeLayerColors()) setLayerColors(colors->first, colors->second);
        // Grid labels stay under the markers; badges, overdue labels and legends go over them.
        std::swap(overlay_, mapText_);
        overlay_.clear();
        liveList_ = &live_->prepare(camera, view.uiScale, view.legend, text_, overlay_);
    }
    if (view.legend) buildLegends(camera, view);
    if (!view.caption.empty()) buildCaption(camera, view);
    buildAttribution(camera, view);
    uploadAtlases();
    FrameStats fs;
    if (mapPass_ && !live_) {
        // The pass goes between the map and its text: labels and legends stay readable over it.
        fs = renderer_->draw(camera, scene_->config.background, states_, ScreenBatch{});
        mapPass_(camera);
        fs.drawCalls += renderer_->drawScreen(camera, overlay_);
    } else {
        fs = renderer_->draw(camera, scene_->config.background, states_, live_ ? mapText_ : overlay_);
        if (mapPass_) mapPass_(camera);
    }
    if (live_) fs.drawCalls += size_t(liveGl_->draw(camera, *liveList_, overlay_));
    stats.triangles = fs.triangles;
    stats.drawCalls = fs.drawCalls;
    return stats;
}

RenderStats SceneRenderer::renderCached(const Camera& camera, const ViewState& view) {
    // The live choropleth first: new colours change the map's picture.
    if (live_)
        if (auto colors = live_->takeLayerColors()) setLayerColors(colors->first, colors->second);
    MapCacheKey key{camera.center, camera.unitsPerPixel, camera.width, camera.height, view.labels,
                    view.uiScale, generation_, states_};
    if (!mapCache_->begin(key, view.mapBands)) {
        // The grid labels are laid out once per picture and kept for its later bands.
        const bool cached = mapCache_->active();
        const bool firstOfPicture = !cached || mapCache_->firstBand();
        if (firstOfPicture) {
            RenderStats map;
            overlay_.clear();
            if (view.labels) buildLabels(camera, view, map);
            buildClusters(camera, view);  // their counts with the grid labels, under the markers
            std::swap(overlay_, mapText_);
            mapStats_ = map;
        } else {
            // A later band: the clusters' symbols again (each draw takes them), their counts kept.
            overlay_.clear();
            buildClusters(camera, view);
            overlay_.clear();
        }
        uploadAtlases();
        FrameStats fs = renderer_->draw(camera, scene_->config.background, states_, mapText_);
        if (mapPass_) mapPass_(camera);
        if (firstOfPicture) {
            mapStats_.triangles = fs.triangles;
            mapStats_.drawCalls = fs.drawCalls;
        }
        mapCache_->finish();
        if (cached && !mapCache_->ready()) {
            RenderStats partial = mapStats_;
            partial.partial = true;
            return partial;
        }
    }
    RenderStats stats = mapStats_;
    overlay_.clear();
    if (live_) liveList_ = &live_->prepare(camera, view.uiScale, view.legend, text_, overlay_);
    if (view.legend) buildLegends(camera, view);
    if (!view.caption.empty()) buildCaption(camera, view);
    buildAttribution(camera, view);
    uploadAtlases();
    if (!live_) {
        mapCache_->draw();
        stats.drawCalls += renderer_->drawScreen(camera, overlay_);
        return stats;
    }
    // Crowded markers keep a picture of their own over the map's, redrawn where they change.
    if (mapCache_->ready()) {
        const int calls = liveGl_->drawCached(camera, *liveList_, overlay_, mapCache_->framebuffer(),
                                              mapCache_->generation());
        if (calls >= 0) {
            stats.drawCalls += size_t(calls);
            return stats;
        }
    }
    mapCache_->draw();
    stats.drawCalls += size_t(liveGl_->draw(camera, *liveList_, overlay_));
    return stats;
}


void SceneRenderer::setMapCache(bool on) {
    if (on && !mapCache_) mapCache_ = std::make_unique<MapCache>();
    if (!on) mapCache_.reset();
}

}  // namespace gs
