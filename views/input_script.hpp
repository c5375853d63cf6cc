// The window's input script (`gridscope --config F --input-script S.json --state-out OUT.json`):
// a list of steps — pointer moves, presses, clicks and drags, keys, waits, and states written out —
// that views/script_driver plays into the window, one frame after another, through the X server
// (platform/synthetic_input), so they reach the panels and the map as a user's input does.
// The format is docs/analyst.md's "Driving the window"; read with the shared checker, so a typo is
// one line naming the file and the step ("S.json: steps[3].do: \"clik\" is not a step (did you mean
// \"click\"?)").
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs::cli {

// Where a pointer step goes: a point of the window (framebuffer pixels, origin top left), a named
// UI item (views/ui_items; `at` a point inside it as fractions of its width and height, default the
// middle), or a place on the map (lon/lat, through the camera of the frame before).
struct ScriptTarget {
    enum class Kind { None, Pixel, Item, LonLat };
    Kind kind = Kind::None;
    Vec2d pixel;
    std::string item;
    Vec2d at{0.5, 0.5};
    Vec2d lonLat;
};

struct ScriptStep {
    enum class Kind { Move, Press, Release, Click, Drag, Key, Wait, State, Screenshot };
    Kind kind = Kind::Move;
    std::string path;     // "steps[3]", for messages
    ScriptTarget target;  // move, press, release, click; drag: where it starts
    ScriptTarget to;      // drag: where it ends
    int button = 0;       // 0 left, 1 right, 2 middle
    std::string key;      // key: its name (platform/synthetic_input)
    int frames = 0;       // wait: frames; drag: the moves between its ends (default 5)
    std::string name;     // state: its name in the output; screenshot: the PNG's path
};

struct InputScript {
    std::string file;
    int settleFrames = 2;  // frames drawn after each input step before the next one
    std::vector<ScriptStep> steps;
};

const char* scriptStepName(ScriptStep::Kind kind);
Result<InputScript> readInputScript(const std::string& path);

}  // namespace gs::cli
