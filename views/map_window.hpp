// The interactive map window (`gridscope`, `gridscope --config FILE`): GLFW + GL 3.3 core + Dear
// ImGui. The scene loads on worker threads while the window shows a progress bar; then the map
// fills the window under a layer panel, a feature panel and a status bar.
//
// Frame loop, as in Dear ImGui's GLFW/OpenGL3 example: poll events, NewFrame, build widgets (which
// edit view state and style data only), draw the map through the engine, ImGui::Render, swap.
//
// Three non-interactive modes make the window testable and measurable:
//   --screenshot F.png   once loaded, draws two frames and saves the second to F.png;
//   --bench-frames N     once loaded, draws N frames with vsync off and prints their times as one
//                        JSON line (each frame ends with glFinish, so GPU work is counted);
//   --bench-path zoom    the same along a scripted camera path, the whole view down to the busiest
//                        street and back, with per-frame view widths, zoom bands, start-up time and
//                        peak RSS (views/map_window_bench.cpp);
//   --input-script S     plays S's clicks, drags and keys through the X server and writes what the
//                        analyst sees to --state-out (views/script_driver).
#pragma once

#include <string>
#include <vector>

namespace gs::cli {

struct FrameTimeSummary {
    size_t frames = 0;
    double minMs = 0, medianMs = 0, p95Ms = 0, maxMs = 0, meanMs = 0;
};

// Order statistics of frame times (nearest rank); all zero for no frames.
FrameTimeSummary summarizeFrameTimes(std::vector<double> ms);

}  // namespace gs::cli
