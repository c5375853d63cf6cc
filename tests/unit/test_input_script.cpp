// The window's input script (views/input_script): the steps read as written, the scripts the window
// tests play all read, and each kind of mistake is one line naming the file and the step.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "input_script.hpp"

using namespace gs::cli;

namespace {

std::string written(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / ("gridscope_script_" + name + ".json");
    std::ofstream(path) << text;
    return path.string();
}

std::string errorOf(const std::string& name, const std::string& text) {
    const std::string path = written(name, text);
    auto s = readInputScript(path);
    if (s) return "(read)";
    EXPECT_EQ(s.error().message.rfind(path, 0), 0u) << s.error().message;  // the file first
    return s.error().message.substr(path.size());
}

}  // namespace

TEST(InputScript, ReadsEachStepAsWritten) {
    const std::string path = written("all", R"({
      "_about": "a note", "settle": 3,
      "steps": [
        {"do": "move", "x": 10, "y": 20},
        {"do": "press", "button": "right"},
        {"do": "release", "item": "analysis.slider", "at": [0.25, 0.5]},
        {"do": "click", "lonlat": [-122.41, 37.8]},
        {"do": "drag", "from": {"item": "analysis.slider", "at": [0.1, 0.5]}, "to": {"x": 300, "y": 40}, "frames": 7},
        {"do": "key", "key": "]"},
        {"do": "wait", "frames": 4},
        {"do": "state", "name": "after"},
        {"do": "screenshot", "path": "shot.png"}
      ]})");
    auto s = readInputScript(path);
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->settleFrames, 3);
    ASSERT_EQ(s->steps.size(), 9u);
    using K = ScriptStep::Kind;
    using T = ScriptTarget::Kind;
    const auto& st = s->steps;
    EXPECT_EQ(st[0].kind, K::Move);
    EXPECT_EQ(st[0].target.kind, T::Pixel);
    EXPECT_EQ(st[0].target.pixel, (gs::Vec2d{10, 20}));
    EXPECT_EQ(st[1].kind, K::Press);
    EXPECT_EQ(st[1].target.kind, T::None);  // where the pointer is
    EXPECT_EQ(st[1].button, 1);
    EXPECT_EQ(st[2].target.kind, T::Item);
    EXPECT_EQ(st[2].target.item, "analysis.slider");
    EXPECT_EQ(st[2].target.at, (gs::Vec2d{0.25, 0.5}));
    EXPECT_EQ(st[2].button, 0);
    EXPECT_EQ(st[3].target.kind, T::LonLat);
    EXPECT_EQ(st[3].target.lonLat, (gs::Vec2d{-122.41, 37.8}));
    EXPECT_EQ(st[4].kind, K::Drag);
    EXPECT_EQ(st[4].target.at, (gs::Vec2d{0.1, 0.5}));
    EXPECT_EQ(st[4].to.kind, T::Pixel);
    EXPECT_EQ(st[4].frames, 7);
    EXPECT_EQ(st[5].key, "]");
    EXPECT_EQ(st[6].frames, 4);
    EXPECT_EQ(st[7].name, "after");
    EXPECT_EQ(st[8].name, "shot.png");
    EXPECT_EQ(st[8].path, "steps[8]");
    // An item's middle unless told.
    EXPECT_EQ(readInputScript(written("mid", R"({"steps": [{"do": "click", "item": "a"}]})"))->steps[0].target.at,
              (gs::Vec2d{0.5, 0.5}));
}

TEST(InputScript, TheWindowTestsScriptsRead) {
    for (const char* name : {"scrub", "filter", "drill", "keys"}) {
        const std::string path = std::string(GRIDSCOPE_SOURCE_DIR) + "/tests/window/scripts/" + name + ".json";
        auto s = readInputScript(path);
        EXPECT_TRUE(s) << (s ? "" : s.error().message);
    }
}

TEST(InputScript, EachMistakeIsOneLineNamingTheStep) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"steps": [{"do": "clik", "item": "a"}]})",
         ": steps[0].do: \"clik\" is not a step (did you mean \"click\"?)"},
        {R"({"steps": [{"item": "a"}]})",
         ": steps[0].do: missing (required): one of \"move\", \"press\", \"release\", \"click\", \"drag\", \"key\", "
         "\"wait\", \"state\" or \"screenshot\""},
        {R"({"steps": [{"do": "click", "itme": "a"}]})", ": steps[0].itme: unknown key (did you mean \"item\"?)"},
        {R"({"steps": [{"do": "click"}]})",
         ": steps[0]: give where: \"x\" and \"y\" (window pixels), \"item\" (a UI item's name) or \"lonlat\" "
         "([lon, lat] on the map)"},
        {R"({"steps": [{"do": "click", "x": 1, "y": 2, "item": "a"}]})",
         ": steps[0]: give one of \"x\"/\"y\", \"item\" or \"lonlat\", not several"},
        {R"({"steps": [{"do": "move", "x": 1}]})", ": steps[0].y: missing (give both \"x\" and \"y\")"},
        {R"({"steps": [{"do": "move", "x": 1, "y": 2, "at": [0, 0]}]})", ": steps[0].at: only with \"item\""},
        {R"({"steps": [{"do": "move", "item": "a", "at": [0.5, 2]}]})", ": steps[0].at: fractions must be in 0..1"},
        {R"({"steps": [{"do": "move", "lonlat": [37.8, -122.4]}]})",
         ": steps[0].lonlat: longitude must be in -180..180 and latitude in -90..90"},
        {R"({"steps": [{"do": "key", "key": "ctrl"}]})", ": steps[0].key: \"ctrl\" is not a key ("},
        {R"({"steps": [{"do": "click", "item": "a", "button": "left-ish"}]})",
         ": steps[0].button: \"left-ish\" is not a mouse button"},
        {R"({"steps": [{"do": "wait"}]})", ": steps[0].frames: missing (required)"},
        {R"({"steps": [{"do": "drag", "from": {"item": "a"}}]})", ": steps[0].to: missing (required)"},
        {R"({"steps": [{"do": "state"}]})", ": steps[0].name: missing (required)"},
        {R"({"steps": []})", ": steps: expected a non-empty array of steps, got []"},
        {R"({"stpes": []})", ": stpes: unknown key (did you mean \"steps\"?)"},
        {R"({"steps": ["click"]})", ": steps[0]: expected a step object ({\"do\": \"click\", ...}), got \"click\""},
    };
    int i = 0;
    for (const auto& [text, message] : cases) {
        const std::string error = errorOf("bad" + std::to_string(i++), text);
        EXPECT_EQ(error.substr(0, message.size()), message) << text;
        EXPECT_EQ(error.find('\n'), std::string::npos) << text;
    }
}
