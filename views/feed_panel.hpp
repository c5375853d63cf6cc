// The live feed panel: each feed source's state (connected, silent for N s, msgs/s, queue), the
// accounting counters with the rejection reasons and the last rejected messages, the district's
// live totals, and the newest events, which can be clicked to fly to them. Widgets only; the
// window does the flying.
#pragma once

#include <cstdint>
#include <optional>

#include "assets/strings.hpp"
#include "session/live_session.hpp"

namespace gs::cli {

struct FeedPanelState {
    float width = 0, height = 0;                // on screen this frame (0: not drawn)
    std::optional<std::uint32_t> flyTo;         // a record the user clicked this frame
    int utcOffsetMinutes = 8 * 60;              // times are shown in this zone (+08:00)
    Lang lang = Lang::Zh;                       // of the panel's words
};

// At the window's right edge from `top`, at most `maxHeight` tall.
void drawFeedPanel(const LiveSession& live, FeedPanelState& state, float top, float maxHeight, float uiScale);

}  // namespace gs::cli
