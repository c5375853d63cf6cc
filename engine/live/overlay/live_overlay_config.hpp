// What the live overlays show and how: the "live" object of a scene config (README, "Scene
// config"), or the same from `gridscope render --feed --at --color-by-live`. Plain data, read by
// readLiveOverlay() from the object the scene file's reader (engine/session/scene_file) hands it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assets/strings.hpp"
#include "core/result.hpp"
#include "live/overlay/live_colors.hpp"
#include "live/overlay/marker_style.hpp"
#include "config/checker.hpp"

namespace gs {

// Markers at high zoom, per-grid count badges at low zoom (see chooseOverlayMode).
enum class OverlayModeSetting { Auto, Markers, Counts };

struct LiveOverlayConfig {
    std::string feed;                 // messages to replay (one per line); resolved against the config's folder
    std::optional<std::int64_t> at;   // the clock (UTC ms); none: the newest message's time
    int utcOffsetMinutes = 8 * 60;    // where "today" starts for the figures

    bool markers = true;              // markers / counts at all (false: only the choropleth)
    OverlayModeSetting mode = OverlayModeSetting::Auto;
    double minMarkerSpacingPx = 6;    // auto: counts when visible markers are closer on average
    double minGridPx = 64;            // auto: counts when the finest level's grids are smaller on screen
    double shrinkBelowSpacingPx = 32; // markers shrink when the visible ones are closer than this on average
    double minMarkerScale = 0.25;     // ... down to this fraction of their size
    std::string countLevel;           // the level whose grids get badges; empty: the finest level
                                      // whose median grid is at least countGridPx on screen
    double countGridPx = 36;

    std::optional<LiveColorBy> colorBy;  // grids coloured by a live figure

    double pulseSeconds = 10;         // a new issue pulses this long after it was reported
    double trailMinutes = 30;         // a volunteer's trail covers this much of the recent past
    int trailPoints = 16;             // at most this many positions per trail
    int overdueLabels = 5;            // "超时 3h" ("overdue 3h") labels for the most overdue visible issues
    bool legend = true;               // the marker legend (bottom right)
    int minCount = 0;                 // public displays: a grid count under this shows as "<k"
    std::vector<std::pair<std::string, MarkerShape>> shapes;  // category -> shape overrides
    Lang lang = Lang::Zh;             // of the legend and labels: the scene file's "lang" (not a key of
                                      // "live"), --lang, or the wall's language

    MarkerStyle markerStyle() const;
};

// The keys of the "live" object.
const config::Object::Keys& liveOverlayKeys();
// Reads the "live" object `o` (present) into `out`.
void readLiveOverlay(const config::Object& o, LiveOverlayConfig& out);

// A "live" object on its own (tests, tools). `fileLabel` prefixes messages ("scene.json:
// live.mode: ..."); relative paths resolve against `baseDir`.
Result<LiveOverlayConfig> parseLiveOverlayConfig(std::string_view json, const std::string& fileLabel,
                                                 const std::filesystem::path& baseDir);

}  // namespace gs
