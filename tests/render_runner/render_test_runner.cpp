// Render tests as folders (MapLibre's render-test layout): every folder under the root that holds a
// config.json is a case. The runner renders the case's scene, compares it with expected.png, and on
// failure leaves actual.png and diff.png beside it for a person to look at; on a pass it removes
// any left from an earlier failure, so the files on disk always describe the last run.
//
//   render_test_runner [ROOT] [--update] [--filter SUBSTR] [--exact]
//
// ROOT defaults to tests/render (run from the repository root). --update rebaselines: it writes
// expected.png from the render instead of comparing. --filter runs the cases whose name (the folder
// relative to ROOT, with '/') contains SUBSTR; with --exact, only the case of exactly that name
// (CTest runs one case per test this way, so "fill" does not also run "fill-opacity").
// Prints one line per case and then "N passed, M failed". Exit status: 0 all passed, 1 a case
// failed, 2 a bad option, a missing ROOT, or a filter that matches nothing.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "image/compare.hpp"
#include "image/png.hpp"
#include "render_scene.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Options {
    fs::path root = "tests/render";
    bool update = false;
    std::string filter;
    bool exact = false;
};

struct Case {
    std::string name;  // the folder relative to the root, '/'-separated
    fs::path dir;
};

struct Outcome {
    bool passed = false;
    std::string detail;
};

constexpr const char* kUsage =
    "usage: render_test_runner [ROOT] [--update] [--filter SUBSTR] [--exact]\n";

// Every folder under root with a config.json, by name so that output and baselines are stable.
std::vector<Case> findCases(const fs::path& root) {
    std::vector<Case> cases;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_directory() || !fs::is_regular_file(entry.path() / "config.json")) continue;
        cases.push_back({fs::relative(entry.path(), root).generic_string(), entry.path()});
    }
    std::sort(cases.begin(), cases.end(),
              [](const Case& a, const Case& b) { return a.name < b.name; });
    return cases;
}

// Reads test.tolerance; a field of the wrong type is an error naming it, not a silent default.
gs::Result<gs::CompareOptions> readTolerance(const json& test, const std::string& file) {
    gs::CompareOptions options;
    if (!test.contains("tolerance")) return options;
    const json& tolerance = test["tolerance"];
    if (!tolerance.is_object()) return gs::Error{file + ": test.tolerance must be an object"};
    if (tolerance.contains("channel")) {
        const json& channel = tolerance["channel"];
        if (!channel.is_number_integer() || channel.get<int>() < 0 || channel.get<int>() > 255)
            return gs::Error{file + ": test.tolerance.channel must be an integer 0-255"};
        options.channelThreshold = channel.get<int>();
    }
    if (tolerance.contains("fraction")) {
        const json& fraction = tolerance["fraction"];
        if (!fraction.is_number() || fraction.get<double>() < 0 || fraction.get<double>() > 1)
            return gs::Error{file + ": test.tolerance.fraction must be a number 0-1"};
        options.allowedFraction = fraction.get<double>();
    }
    return options;
}

// Reads test.width or test.height: optional for the runner (0 when absent), but a positive
// integer when given.
gs::Result<int> readSize(const json& test, const char* field, const std::string& file) {
    if (!test.contains(field)) return 0;
    const json& value = test[field];
    if (!value.is_number_integer() || value.get<int64_t>() <= 0 || value.get<int64_t>() > 65536)
        return gs::Error{file + ": test." + field + " must be a positive integer"};
    return value.get<int>();
}

// Leaves the render beside the baseline for inspection; a failed write is part of the failure.
std::string saveForInspection(const fs::path& path, const gs::Image& image) {
    const gs::Status status = gs::writePng(path.string(), image);
    return status.ok() ? "" : "; also " + status.error().message;
}

Outcome runCase(const Case& c, const Options& options) {
    const fs::path configPath = c.dir / "config.json";
    const fs::path expectedPath = c.dir / "expected.png";
    const fs::path actualPath = c.dir / "actual.png";
    const fs::path diffPath = c.dir / "diff.png";
    const std::string configName = configPath.string();

    json config;
    std::ifstream configFile(configPath);
    if (!configFile) return {false, configName + ": cannot open"};
    try {
        config = json::parse(configFile);
    } catch (const json::exception& e) {
        return {false, configName + ": " + e.what()};
    }
    if (!config.contains("test") || !config["test"].is_object())
        return {false, configName + ": missing the \"test\" object"};
    const json& test = config["test"];
    auto tolerance = readTolerance(test, configName);
    if (!tolerance) return {false, tolerance.error().message};
    auto width = readSize(test, "width", configName);
    auto height = readSize(test, "height", configName);
    if (!width || !height) return {false, (!width ? width : height).error().message};

    gs::Result<gs::Image> rendered = gs::Error{""};
    try {
        rendered = gs::renderTestScene(configPath, test);
    } catch (const std::exception& e) {  // a test run reports a throwing renderer, never aborts
        return {false, "renderer threw: " + std::string(e.what())};
    }
    if (!rendered) return {false, rendered.error().message};
    const gs::Image& actual = *rendered;

    // The renderer must honour the requested size, or baselines would silently change shape.
    if ((*width && actual.width != *width) || (*height && actual.height != *height))
        return {false, "rendered " + std::to_string(actual.width) + "x" +
                           std::to_string(actual.height) + ", test asks for " +
                           std::to_string(*width) + "x" + std::to_string(*height) +
                           saveForInspection(actualPath, actual)};

    std::error_code ignored;
    if (options.update) {
        const gs::Status written = gs::writePng(expectedPath.string(), actual);
        if (!written) return {false, written.error().message};
        fs::remove(actualPath, ignored);
        fs::remove(diffPath, ignored);
        return {true, "updated " + expectedPath.string()};
    }

    if (!fs::exists(expectedPath))
        return {false, "no " + expectedPath.string() + " (run with --update to create it)" +
                           saveForInspection(actualPath, actual)};
    auto expected = gs::readPng(expectedPath.string());
    if (!expected) return {false, expected.error().message};

    const gs::CompareResult result = gs::compareImages(actual, *expected, *tolerance);
    const std::string summary = gs::describe(result, actual, *expected, *tolerance);
    if (result.passed) {
        fs::remove(actualPath, ignored);
        fs::remove(diffPath, ignored);
        return {true, summary};
    }
    std::string saved = saveForInspection(actualPath, actual);
    if (!result.sizeMismatch) saved += saveForInspection(diffPath, result.diff);
    else fs::remove(diffPath, ignored);  // a diff from an earlier run would mislead
    return {false, summary + saved};
}

// Returns false (after printing why) on a bad command line.
bool parseArguments(int argc, char** argv, Options& options) {
    bool rootGiven = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--update") {
            options.update = true;
        } else if (arg == "--exact") {
            options.exact = true;
        } else if (arg == "--filter" && i + 1 < argc) {
            options.filter = argv[++i];
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (!arg.empty() && arg[0] != '-' && !rootGiven) {
            options.root = arg;
            rootGiven = true;
        } else {
            std::fprintf(stderr, "render_test_runner: unexpected argument '%s'\n%s", arg.c_str(),
                         kUsage);
            return false;
        }
    }
    if (options.exact && options.filter.empty()) {
        std::fprintf(stderr, "render_test_runner: --exact needs --filter NAME\n");
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parseArguments(argc, argv, options)) return 2;
    if (!fs::is_directory(options.root)) {
        std::fprintf(stderr, "render_test_runner: %s: no such folder (run from the repository root "
                             "or pass ROOT)\n", options.root.string().c_str());
        return 2;
    }

    std::vector<Case> cases = findCases(options.root);
    std::erase_if(cases, [&](const Case& c) {
        return options.exact ? c.name != options.filter
                             : c.name.find(options.filter) == std::string::npos;
    });
    if (cases.empty() && !options.filter.empty()) {
        std::fprintf(stderr, "render_test_runner: no case under %s matches '%s'\n",
                     options.root.string().c_str(), options.filter.c_str());
        return 2;
    }

    int passed = 0, failed = 0;
    for (const Case& c : cases) {
        const auto start = std::chrono::steady_clock::now();
        const Outcome outcome = runCase(c, options);
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start).count();
        const char* verdict = !outcome.passed ? "FAIL" : options.update ? "UPDATED" : "PASS";
        std::printf("%-7s %s (%lld ms): %s\n", verdict, c.name.c_str(), static_cast<long long>(ms),
                    outcome.detail.c_str());
        std::fflush(stdout);  // one line per case as it finishes, even when piped
        ++(outcome.passed ? passed : failed);
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
