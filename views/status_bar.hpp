// The status bar along the bottom of the window: what the scene holds, what the last frame drew,
// how long frames take, and where the cursor is.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string>

#include "assets/strings.hpp"
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
    Lang lang = Lang::Zh;       // of the bar's words
};

// Recent frame times, for the status bar's average.
class FrameClock {
public:
    void add(double ms) {
        times_[next_++ % times_.size()] = ms;
        count_ = std::min(count_ + 1, times_.size());
    }
    double averageMs() const {
        return count_ ? std::accumulate(times_.begin(), times_.begin() + long(count_), 0.0) / double(count_) : 0;
    }

private:
    std::array<double, 60> times_{};
    size_t next_ = 0, count_ = 0;
};

// Draws the bar across the bottom of the display; returns its height.
float drawStatusBar(const StatusFigures& figures);

// Digits grouped by thousands ("1,234,567"), as command-centre screens show counts.
std::string groupThousands(size_t n);

}  // namespace gs::cli
