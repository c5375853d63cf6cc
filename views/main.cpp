#include <cstdio>
#include <string>

#include "cli_options.hpp"
#include "commands.hpp"
#include "huge_pages.hpp"
#include "scene_setup.hpp"

int main(int argc, char** argv) {
    using namespace gs::cli;
    auto options = parse(argc, argv);
    if (!options) {
        std::fprintf(stderr, "gridscope: %s\n", options.error().message.c_str());
        return 2;
    }
    switch (options->command) {
        case Command::Help: std::fputs(options->helpText.c_str(), stdout); return 0;
        case Command::Version: std::puts("gridscope 0.1.0"); return 0;
        default: break;
    }
    useHugePages(argv);  // returns once the big arrays get 2 MB pages (or cannot)
    // What ships with gridscope (assets/), read at start: a bad or missing file is one line that
    // names it and the JSON path, exit code 2.
    if (gs::Status s = loadAssets(); !s) {
        std::fprintf(stderr, "gridscope: %s\n", s.error().message.c_str());
        return 2;
    }
    switch (options->command) {
        case Command::Help:
        case Command::Version: return 0;
        case Command::Render: return runRender(*options);
        case Command::Info: return runInfo(*options);
        case Command::Window: return runWindow(*options);
        case Command::Wall: return runWall(*options);
        case Command::FeedFromCsv: return runFromCsv(*options);
        case Command::FeedCheck: return runFeedCheck(*options);
        case Command::FeedPublish: return runFeedPublish(*options);
        case Command::History: return runHistory(*options);
        case Command::Density: return runDensity(*options);
    }
    return 1;
}
