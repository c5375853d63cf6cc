#include "map_interaction.hpp"

#include <cmath>

namespace gs::cli {

std::vector<FeatureIndex> buildPickIndexes(const LoadedScene& scene) {
    std::vector<FeatureIndex> indexes;
    indexes.reserve(scene.layers.size());
    for (const auto& layer : scene.layers) {
        // A layer whose geometry comes with its deferred meshes is indexed by its boxes now and
        // picks once the geometry is in (FeatureIndex::pick needs it).
        if ((layer.geometry.featureCount() == layer.featureCount() || layer.meshesDeferred) && layer.featureCount() > 0)
            indexes.emplace_back(layer);
        else
            indexes.emplace_back();
    }
    return indexes;
}

FeatureRef pickFeature(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes, Vec2d world,
                       double tolerance) {
    auto tryLayer = [&](size_t i) -> FeatureRef {
        const LoadedLayer& layer = scene.layers[i];
        if (!layer.config.style.visible || i >= indexes.size() || indexes[i].empty()) return {};
        int f = indexes[i].pick(layer, world, tolerance);
        return f >= 0 ? FeatureRef{int(i), f} : FeatureRef{};
    };
    // Plain layers' points and lines lie over everything else, the last drawn on top.
    for (size_t i = scene.layers.size(); i-- > 0;)
        if (scene.layers[i].config.role == LayerRole::Layer)
            if (FeatureRef r = tryLayer(i); r.valid()) return r;
    for (size_t i = 0; i < scene.layers.size(); ++i)
        if (scene.layers[i].config.role == LayerRole::Buildings)
            if (FeatureRef r = tryLayer(i); r.valid()) return r;
    for (size_t i = scene.layers.size(); i-- > 0;)
        if (scene.layers[i].isLevel())
            if (FeatureRef r = tryLayer(i); r.valid()) return r;
    return {};
}

void MapInteraction::setScene(const LoadedScene* scene, const std::vector<FeatureIndex>* indexes) {
    scene_ = scene;
    indexes_ = indexes;
    hovered = selected = {};
}

void MapInteraction::fit(const Box& box, double paddingPx) {
    if (box.empty()) return;
    const double w = camera.width, h = camera.height;
    const double freeW = std::max(32.0, w - insets.left - insets.right);
    const double freeH = std::max(32.0, h - insets.top - insets.bottom);
    Camera inner;
    inner.setViewport(int(freeW), int(freeH));
    inner.fit(box, paddingPx);
    camera.unitsPerPixel = inner.unitsPerPixel;
    // Put the box's centre at the centre of the free area rather than of the window.
    const double sx = insets.left + freeW / 2, sy = insets.top + freeH / 2;
    camera.center = {box.center().x - (sx - w / 2) * camera.unitsPerPixel,
                     box.center().y + (sy - h / 2) * camera.unitsPerPixel};
}

Vec2d MapInteraction::visibleCenter() const {
    const double freeW = std::max(1.0, camera.width - insets.left - insets.right);
    const double freeH = std::max(1.0, camera.height - insets.top - insets.bottom);
    return {insets.left + freeW / 2, insets.top + freeH / 2};
}

FeatureRef MapInteraction::pickAt(Vec2d screen) const {
    if (!scene_ || !indexes_) return {};
    // Points and lines are hit within a few pixels of the cursor.
    return pickFeature(*scene_, *indexes_, camera.screenToWorld(screen), 6 * camera.unitsPerPixel);
}

void MapInteraction::hover(std::optional<Vec2d> screen) {
    hovered = screen && !dragged_ ? pickAt(*screen) : FeatureRef{};
}

void MapInteraction::handle(const InputEvent& e, bool uiMouse, bool uiKeyboard) {
    using T = InputEvent::Type;
    switch (e.type) {
        case T::ButtonDown:
            if (uiMouse || e.button == 1) break;  // left or middle button pans; right is free
            pressed_ = true;
            dragged_ = false;
            pressAt_ = last_ = e.position;
            break;
        case T::CursorMove:
            if (!pressed_) break;
            if (!dragged_) {
                Vec2d d = e.position - pressAt_;
                if (std::hypot(d.x, d.y) < kDragThresholdPx) break;
                dragged_ = true;
            }
            camera.panPixels(e.position.x - last_.x, e.position.y - last_.y);
            last_ = e.position;
            break;
        case T::ButtonUp:
            if (!pressed_) break;
            if (!dragged_ && e.button == 0) selected = pickAt(e.position);  // empty ground clears
            pressed_ = dragged_ = false;
            break;
        case T::Scroll:
            if (uiMouse || e.scroll == 0) break;
            camera.zoomAbout(e.position, std::pow(kWheelZoomStep, e.scroll));
            break;
        case T::KeyDown: {
            if (uiKeyboard) break;
            const double stepX = (camera.width - insets.left - insets.right) * kKeyPanFraction;
            const double stepY = (camera.height - insets.top - insets.bottom) * kKeyPanFraction;
            switch (e.key) {
                // The view moves the way the key points: the map slides the other way.
                case Key::Left: case Key::A: camera.panPixels(stepX, 0); break;
                case Key::Right: case Key::D: camera.panPixels(-stepX, 0); break;
                case Key::Up: case Key::W: camera.panPixels(0, stepY); break;
                case Key::Down: case Key::S: camera.panPixels(0, -stepY); break;
                case Key::Plus: camera.zoomAbout(visibleCenter(), kKeyZoomStep); break;
                case Key::Minus: camera.zoomAbout(visibleCenter(), 1 / kKeyZoomStep); break;
                case Key::F: case Key::Home: if (!e.repeat) fitScene(); break;
                case Key::L: if (!e.repeat) labels = !labels; break;
                case Key::Escape: selected = {}; break;
                case Key::Other: break;
            }
            break;
        }
        case T::KeyUp: break;
    }
}

}  // namespace gs::cli
