// gridscope_compare A.png B.png [--channel N] [--fraction F] [--diff OUT.png]
// Compares two pictures per pixel, as the render tests do; exit 0 when they match within the
// tolerance, 1 when they differ, 2 when a file cannot be read. Used by the PostGIS test.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "image/compare.hpp"
#include "image/png.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: gridscope_compare A.png B.png [--channel N] [--fraction F] [--diff OUT.png]\n");
        return 2;
    }
    gs::CompareOptions options;
    std::string diffPath;
    for (int i = 3; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--channel") options.channelThreshold = std::atoi(argv[i + 1]);
        else if (a == "--fraction") options.allowedFraction = std::atof(argv[i + 1]);
        else if (a == "--diff") diffPath = argv[i + 1];
        else { std::fprintf(stderr, "gridscope_compare: unknown option %s\n", a.c_str()); return 2; }
    }
    auto a = gs::readPng(argv[1]);
    if (!a) { std::fprintf(stderr, "gridscope_compare: %s\n", a.error().message.c_str()); return 2; }
    auto b = gs::readPng(argv[2]);
    if (!b) { std::fprintf(stderr, "gridscope_compare: %s\n", b.error().message.c_str()); return 2; }
    auto r = gs::compareImages(*a, *b, options);
    std::printf("%s\n", gs::describe(r, *a, *b, options).c_str());
    if (!r.passed && !diffPath.empty() && !r.sizeMismatch) (void)gs::writePng(diffPath, r.diff);
    return r.passed ? 0 : 1;
}
