// Plays an input script (views/input_script) into the map window and writes what the analyst sees
// (views/window_state) to `--state-out`. The window calls afterFrame() once a frame, after drawing
// and before the swap; the driver then records the states the script asks for and puts the next
// frame's input into the X server's queue (platform/synthetic_input), which the window's next
// pollEvents() delivers to GLFW's callbacks, Dear ImGui and the map like a user's input.
//
// A pointer step takes several frames: the move, then the press (a frame later, so that Dear ImGui
// has seen where the pointer is), then the release; a key goes down and up for one frame. After
// each input step `settle` frames are drawn before the next. A target that is not there — a UI item
// the frame did not draw or drew hidden, a map point off the window or under a panel — stops the
// script with exit code 2 and one line naming the step.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "input_script.hpp"
#include "platform/glfw_window.hpp"
#include "platform/synthetic_input.hpp"
#include "window_state.hpp"

namespace gs::cli {

class ScriptDriver {
public:
    // `script` may be empty (then only the state is written, once the panels have settled);
    // `stateOut` may be empty (then nothing is written).
    ScriptDriver(std::optional<InputScript> script, std::string stateOut, GlfwWindow& window);
    ~ScriptDriver();

    // After each frame drawn with the scene ready. A value: the window exits with it (0: the script
    // ran to its end and the state was written).
    std::optional<int> afterFrame(const WindowStateSources& sources);

private:
    using Action = std::function<Status()>;
    Status begin(const ScriptStep& step, const WindowStateSources& s);
    Result<Vec2d> resolve(const ScriptTarget& t, const ScriptStep& step, const WindowStateSources& s) const;
    Status checkOnMap(const ScriptTarget& t, Vec2d p, const ScriptStep& step) const;
    int finish(const WindowStateSources& s);
    std::string where(const ScriptStep& step) const;

    std::optional<InputScript> script_;
    std::string stateOut_;
    GlfwWindow& window_;
    std::unique_ptr<SyntheticInput> input_;
    std::optional<Transformer> fromLonLat_;
    int readyFrames_ = 0;
    size_t next_ = 0;                    // the next step to begin
    std::vector<Action> pending_;        // one a frame, for the step under way
    size_t pendingAt_ = 0;
    Vec2d pointer_{-1, -1};              // where the last move put it
    std::map<std::string, nlohmann::json> states_;
    std::vector<std::string> order_;     // of the states, as taken
};

}  // namespace gs::cli
