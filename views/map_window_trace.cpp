// GRIDSCOPE_TRACE=1: the window's start phase by phase on stderr, with the resident set (peak and
// now) and, once loaded, what each layer holds in memory.
#include "map_window_impl.hpp"

#include <cstdio>
#include <cstdlib>

#include <unistd.h>

namespace gs::cli::window_detail {

namespace {

bool tracing() {
    static const bool on = std::getenv("GRIDSCOPE_TRACE") != nullptr;
    return on;
}

template <class V>
double megabytes(const V& v) {
    return double(v.capacity() * sizeof(typename V::value_type)) / 1e6;
}

}  // namespace

// GRIDSCOPE_TRACE=1: the window's start, phase by phase, in seconds since the process started,
// with the peak resident set so far.
void MapWindow::trace(const char* what) const {
    if (!tracing()) return;
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    std::fprintf(stderr, "trace: %7.3f s  peak %5.0f MB  now %5.0f MB  %s\n", processAgeSeconds(), peakRssMegabytes(),
                 double(resident) * double(sysconf(_SC_PAGESIZE)) / 1048576.0, what);
}

void traceLayers(const LoadedScene& scene) {
    if (!tracing()) return;
    std::fprintf(stderr, "trace: %7.3f s  scene loaded (worker)\n", processAgeSeconds());
    for (const auto& l : scene.layers) {
        std::fprintf(stderr, "trace:            layer %s: %.3f s (coarser meshes %.3f s), %zu features\n",
                     l.config.id.c_str(), l.stats.loadSeconds, l.stats.coarserSeconds, l.featureCount());
        const auto& g = l.geometry;
        double attributes = 0;
        for (size_t c = 0; c < l.attributes.columnCount(); ++c) {
            const auto& column = l.attributes.column(c);
            attributes += double(column.values.bytesHeld()) / 1e6 + megabytes(column.isNull);
        }
        double coarser = 0;
        for (const auto& c : l.coarser)
            coarser += megabytes(c.fill.indices) + megabytes(c.outline.points) +
                       megabytes(c.outline.features) + megabytes(c.fillRanges) +
                       megabytes(c.lineRanges);
        std::fprintf(stderr,
                     "trace:              MB: geometry %.1f, fill triangles %.1f, points (fills' and outlines') %.1f, coarser %.1f, boxes %.1f, "
                     "bounds, labels, areas, ids %.1f, ranges %.1f, coverage %.1f, attributes %.1f\n",
                     megabytes(g.points) + megabytes(g.ringEnds) + megabytes(g.polygonRingEnd) +
                         megabytes(g.featurePolyEnd),
                     megabytes(l.fill.indices),
                     megabytes(l.outline.points) + megabytes(l.outline.features),
                     coarser, megabytes(l.footprintBoxes),
                     megabytes(l.bounds) + megabytes(l.labelPoints) + megabytes(l.areas) + megabytes(l.fids) +
                         megabytes(l.parents),
                     megabytes(l.fillRanges) + megabytes(l.lineRanges), double(l.coverage.alpha.size()) / 1e6,
                     attributes);
    }
}

void traceRegion(const LayerMeshes& m) {
    if (!tracing()) return;
    size_t features = 0;
    for (const auto& r : m.fillRanges) features += r.count > 0;
    std::fprintf(stderr, "trace:            a region of %zu features: fill triangles %.1f MB, points %.1f MB, "
                 "geometry %.1f MB\n",
                 features, megabytes(m.fill.indices),
                 megabytes(m.outline.points) + megabytes(m.outline.features),
                 megabytes(m.geometry.points));
}

}  // namespace gs::cli::window_detail
