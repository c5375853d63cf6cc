// The status bar along the bottom of the window: what the scene holds, what the last frame drew,
// how long frames take, and where the cursor is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/types.hpp"

namespace gs::cli {

struct StatusFigures {
    size_t features = 0;
    size_t vertices = 0;        // fill vertices loaded (after level of detail)
    size_t triangles = 0;       // drawn in the last frame
    size_t labelsPlaced = 0, labelCandidates = 0;
    double frameMs = 0;         // averaged over recent frames
    std::string crs;            // the display CRS
    std::optional<Vec2d> cursor;        // display CRS
    std::optional<Vec2d> cursorLonLat;  // WGS 84
    size_t warnings = 0;
};

// Draws the bar across the bottom of the display; returns its height.
float drawStatusBar(const StatusFigures& figures);

// Digits grouped by thousands ("1,234,567"), as command-centre screens show counts.
std::string groupThousands(size_t n);

}  // namespace gs::cli
