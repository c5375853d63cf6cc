// Plain data the live overlay hands to the marker renderer each frame: trail vertices and the
// uniforms every marker draw shares. No GL here, so the overlay's header needs none.
#pragma once

#include <array>

#include "core/types.hpp"
#include "live/overlay/marker_instances.hpp"
#include "live/overlay/marker_style.hpp"

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

}  // namespace gs
