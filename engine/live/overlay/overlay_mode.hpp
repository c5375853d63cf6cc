// When markers give way to per-grid counts. A wall of overlapping markers says less than one
// number per grid, so at low zoom (markers closer than a few pixels on average, or grids too small
// on screen to tell apart) the overlay shows a count badge at each grid's label point instead.
#pragma once

#include <cstddef>
#include <span>

#include "live/overlay/live_overlay_config.hpp"

namespace gs {

enum class OverlayMode { Markers, Counts };

struct OverlayModeInputs {
    std::size_t visibleMarkers = 0;  // drawn things inside the viewport
    double viewportAreaPx = 0;       // width × height
    double finestGridPx = 0;         // median on-screen size (√area) of the finest level's visible grids; 0 unknown
};

// The setting decides unless it is Auto; then counts when the average spacing of the visible
// markers, √(area / n), is under minMarkerSpacingPx, or when the finest grids are under minGridPx.
OverlayMode chooseOverlayMode(const LiveOverlayConfig& config, const OverlayModeInputs& in);

// The level whose grids get badges: the finest whose median on-screen size is at least
// countGridPx (levels listed coarse to fine, sizes in pixels, 0 for a level with nothing visible);
// the coarsest when none is that large.
int chooseCountLevel(std::span<const double> medianGridPx, double countGridPx);

}  // namespace gs
