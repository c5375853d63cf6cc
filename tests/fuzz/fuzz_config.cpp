// libFuzzer target: the parsers of the configuration files a user hands gridscope (a scene file, a
// wall layout, a CSV mapping) must answer any bytes with a value or a gs::Error: never a crash, a
// hang, an exception that escapes, or a sanitizer report. Built by tests/fuzz.cmake with
// -fsanitize=fuzzer,address,undefined.
//
// The first byte picks the parser: 's' the scene file (engine/session/scene_file), 'w' the wall
// layout (engine/wall/wall_layout), 'm' the CSV mapping (engine/live/import/csv_mapping); any
// other byte picks by its value modulo 3, so every input reaches one of them. The rest is the file.
// The seeds in tests/fuzz/config_corpus are the repository's own files with their letter in front.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "live/import/csv_mapping.hpp"
#include "session/scene_file.hpp"
#include "wall/wall_layout.hpp"

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_config: invariant broken: %s\n", what);
        std::abort();
    }
}

// An error names the file it is about, like every message of the checker.
template <class T>
void checkResult(const gs::Result<T>& r, const std::string& label) {
    if (!r) check(r.error().message.rfind(label, 0) == 0, "an error starts with the file's name");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    // A folder that does not exist: relative paths resolve against it and nothing is read.
    const std::filesystem::path base = "/nonexistent/gridscope-fuzz";
    char which = char(data[0]);
    if (which != 's' && which != 'w' && which != 'm') which = "swm"[data[0] % 3];
    switch (which) {
        case 's': checkResult(gs::parseSceneFile(text, "scene.json", base), "scene.json"); break;
        case 'w': checkResult(gs::parseWallLayout(text, "wall.json", base), "wall.json"); break;
        default: checkResult(gs::parseCsvFeedMapping(text, "mapping.json"), "mapping.json"); break;
    }
    return 0;
}
