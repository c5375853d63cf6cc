// What the live overlay draws in one frame, as plain data: the CPU builder
// (live/overlay/overlay_builder) makes it from the live store's state and the camera, the GL
// renderer (render/overlay_renderer) draws it. Nothing here knows the store or GL.
//
// Drawing order: trails and the markers (the persistent instance buffer, uploaded by sub-range
// through InstanceUploader when the builder syncs), then the count badges, the frame's text (badge
// numbers, overdue labels and whatever the scene adds: its legends), the legend panel's text and
// its icons.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/types.hpp"
#include "live/overlay/marker_instance.hpp"
#include "live/overlay/marker_style.hpp"
#include "scene/camera.hpp"
#include "style/layer_colors.hpp"
#include "text/screen_batch.hpp"
#include "text/text_cache.hpp"

namespace gs {

// A trail vertex: 6 per segment (two triangles).
struct TrailVertex {
    float x, y;      // display CRS relative to the overlay origin
    float nx, ny;    // unit normal of the segment
    float side;      // -1 or 1
    float color[4];  // premultiplied
};

// What every marker draw of a frame shares.
struct MarkerUniforms {
    Vec2d origin;  // the packer's origin, display CRS
    MarkerClock clock;
    float pulseSeconds = 10;
    float uiScale = 1;
    const std::array<Rgba, kMarkerPaletteSize>* palette = nullptr;
};

struct OverlayDrawList {
    // False before the builder has seen a store: only the frame's text is drawn.
    bool active = false;
    MarkerUniforms uniforms;  // at the frame's UI scale

    // Under the text: the trails and every drawn slot, when markers are shown (not counts).
    bool markers = false;
    std::span<const TrailVertex> trails;
    float trailHalfWidthPx = 0;
    // The instance buffer's content (its CPU mirror), slots [0, size): drawn from the GPU buffer;
    // the incremental picture compares it with the one it was drawn from.
    std::span<const MarkerInstance> slots;
    float markerUiScale = 1;  // uniforms.uiScale times the crowding scale
    bool dense = false;       // the crowded variant: one point per marker, no rings

    // Over them: count bubbles (display CRS, like the slots), the legend's panel and text, and
    // its icons (screen space).
    std::vector<MarkerInstance> badges;
    ScreenBatch legendText;
    std::vector<MarkerInstance> icons;
};

// The builder as the scene renderer sees it: once a frame, the live choropleth's colours when they
// changed, then the frame's draw list for a camera.
class OverlaySource {
public:
    virtual ~OverlaySource() = default;
    // The level layer's index in the scene and its colours and legend, when configured and the
    // figures changed since the last call.
    virtual std::optional<std::pair<std::size_t, LayerColors>> takeLayerColors() = 0;
    // The CPU part of a frame: mode, badges, labels, legend. Text goes into `text` (the scene's
    // legends follow it there), laid out with `fonts`. The list stays valid until the next call.
    virtual const OverlayDrawList& prepare(const Camera& camera, float uiScale, bool legend, TextCache& fonts,
                                           ScreenBatch& text) = 0;
};

}  // namespace gs
