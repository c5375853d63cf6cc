// What the map does with the mouse and keyboard: drag to pan, wheel to zoom about the cursor, keys,
// fit to extent, hover and click picking. No Dear ImGui and no GL here, so tests drive it with
// synthetic events; the window tells it which input the UI panels have taken.
#pragma once

#include <optional>
#include <vector>

#include "platform/glfw_window.hpp"   // InputEvent, Key
#include "render/scene_renderer.hpp"  // FeatureRef, ViewState
#include "scene/camera.hpp"
#include "scene/feature_index.hpp"
#include "scene/loader.hpp"

namespace gs::cli {

// One picking index per layer (empty for a layer loaded without geometry). Built on the loader
// thread: for the full city's buildings it takes a noticeable moment.
std::vector<FeatureIndex> buildPickIndexes(const LoadedScene& scene);

// The feature under a world point, as a user means it: a plain layer's point, line or area first
// (drawn on top; points and lines within `tolerance`, display units), then a visible building (the
// most specific area there), then visible levels from finest to coarsest.
FeatureRef pickFeature(const LoadedScene& scene, const std::vector<FeatureIndex>& indexes, Vec2d world,
                       double tolerance = 0);

// Pixels of the window that panels cover, so that fitting centres the data in what stays visible.
struct ScreenInsets {
    double left = 0, right = 0, top = 0, bottom = 0;
};

class MapInteraction {
public:
    static constexpr double kDragThresholdPx = 4;  // a press that moves less is a click
    static constexpr double kWheelZoomStep = 1.25;
    static constexpr double kKeyZoomStep = 1.5;
    static constexpr double kKeyPanFraction = 0.1;  // of the visible map per key press

    Camera camera;
    FeatureRef hovered;
    FeatureRef selected;
    bool labels = true;
    ScreenInsets insets;  // kept up to date by the window (panel sizes)

    // The scene and its indexes must outlive this object's use of them; null while loading.
    void setScene(const LoadedScene* scene, const std::vector<FeatureIndex>* indexes);
    void setViewport(int width, int height) { camera.setViewport(width, height); }

    // Shows `box` (display CRS) in the part of the window the panels leave free.
    void fit(const Box& box, double paddingPx = 16);
    void fitScene() { if (scene_) fit(scene_->extent); }

    // Applies one input event. uiMouse / uiKeyboard: the UI wants that input this frame (Dear
    // ImGui's WantCaptureMouse / WantCaptureKeyboard); a drag begun on the map keeps going.
    void handle(const InputEvent& event, bool uiMouse, bool uiKeyboard);

    // Re-picks the hovered feature for a cursor at `screen`; nullopt when the cursor is off the
    // map (outside the window, over a panel, or while dragging).
    void hover(std::optional<Vec2d> screen);

    bool dragging() const { return dragged_; }
    FeatureRef pickAt(Vec2d screen) const;

private:
    Vec2d visibleCenter() const;

    const LoadedScene* scene_ = nullptr;
    const std::vector<FeatureIndex>* indexes_ = nullptr;
    bool pressed_ = false;  // a button went down on the map and is still held
    bool dragged_ = false;  // ... and moved past the threshold
    Vec2d pressAt_, last_;
};

}  // namespace gs::cli
