// The wall's panels drawn into a canvas draw list: title, clock, KPI tiles with animated
// counters, hourly chart, categories, statuses, grid rankings that reorder smoothly, the ticker,
// the alert card, feed health, and the frame around each map panel. Reads a WallModel and the
// layout; never touches GL (the engine's CanvasRenderer draws the list).
#pragma once

#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "render/canvas.hpp"
#include "wall/animation.hpp"
#include "wall/tour.hpp"
#include "wall/wall_layout.hpp"
#include "wall/wall_model.hpp"
#include "assets/strings.hpp"

namespace gs::cli {

// Dark command-center theme; sizes in canvas pixels for monitors of ~1080 lines seen from 5 m
// (the smallest text, 30 px, is about 19 mm tall on a 55-inch 1080p panel).
struct WallTheme {
    Rgba background{0.020f, 0.035f, 0.070f, 1};
    Rgba panel{0.045f, 0.075f, 0.135f, 1};
    Rgba panelEdge{0.13f, 0.26f, 0.42f, 1};
    Rgba text{0.92f, 0.95f, 1.0f, 1};
    Rgba muted{0.55f, 0.65f, 0.78f, 1};
    Rgba accent{0.31f, 0.76f, 0.97f, 1};
    Rgba good{0.30f, 0.85f, 0.55f, 1};
    Rgba bad{1.0f, 0.36f, 0.33f, 1};
    Rgba warn{1.0f, 0.72f, 0.25f, 1};
    Rgba previous{0.40f, 0.47f, 0.58f, 1};
    float titleSize = 52, headerSize = 36, bodySize = 32, smallSize = 30, kpiSize = 84;
    float pad = 24, radius = 14;
};

struct FeedHealthView {
    bool configured = false;
    std::string name;                  // the first source's id
    std::optional<double> silentSeconds;  // since the last message (by the wall's clock)
    std::uint64_t received = 0, rejected = 0;
    double silentThreshold = 120;
};

struct AlertView {
    UrgentEvent event;                 // public layouts: title and id are empty
    double shownSeconds = 0;
    std::size_t queued = 0;
};

// Counters and rankings move smoothly between model updates: their state lives here.
struct WallAnimations {
    std::map<std::string, AnimatedValue> values;       // by KPI name
    std::map<std::string, RankingAnimator> rankings;   // by panel id
    void advance(double seconds);
};

struct WallFrame {
    const WallLayout* layout = nullptr;
    Lang lang = Lang::Zh;
    const WallModel* model = nullptr;
    int utcOffsetMinutes = 480;
    std::int64_t clock = 0;
    FeedHealthView feed;
    std::optional<AlertView> alert;
    std::string stopName;              // the tour stop on the map, if any
    std::vector<std::string> hiddenPanels;  // by the tour stop
    std::map<std::string, int> mapImages;   // map panel id -> canvas image id
    std::set<std::string> freshMaps;        // map panels drawn again this frame
};

// Sets the animation targets from the model (call when the model changes; `snap`: jump there).
void updateWallAnimations(WallAnimations& anim, const WallFrame& frame, bool snap);

// Draws the whole wall (background included) at the canvas's logical size.
void drawWall(CanvasList& canvas, const WallFrame& frame, const WallAnimations& anim, const WallTheme& theme = {});

}  // namespace gs::cli
