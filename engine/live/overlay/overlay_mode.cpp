#include "live/overlay/overlay_mode.hpp"

#include <cmath>

namespace gs {

OverlayMode chooseOverlayMode(const LiveOverlayConfig& config, const OverlayModeInputs& in) {
    if (config.mode == OverlayModeSetting::Markers) return OverlayMode::Markers;
    if (config.mode == OverlayModeSetting::Counts) return OverlayMode::Counts;
    if (in.finestGridPx > 0 && in.finestGridPx < config.minGridPx) return OverlayMode::Counts;
    if (in.visibleMarkers > 0 && in.viewportAreaPx > 0) {
        const double spacing = std::sqrt(in.viewportAreaPx / double(in.visibleMarkers));
        if (spacing < config.minMarkerSpacingPx) return OverlayMode::Counts;
    }
    return OverlayMode::Markers;
}

int chooseCountLevel(std::span<const double> medianGridPx, double countGridPx) {
    for (int l = int(medianGridPx.size()) - 1; l >= 0; --l)
        if (medianGridPx[std::size_t(l)] >= countGridPx) return l;
    return 0;
}

}  // namespace gs
