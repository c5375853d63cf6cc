// `gridscope wall`: the wall in a window. Fullscreen on one monitor, or one borderless window over
// every monitor of a video wall: each monitor shows its own rectangle of the canvas, and the
// strips of canvas behind the bezels are skipped, so a line crossing from one monitor to the next
// stays straight. Unattended: no cursor, no chrome, Esc must be held to quit; a minimised window
// keeps its feeds running, a lost GL context is made again, and boundary files changed on disk
// are reloaded without a restart.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <filesystem>
#include <map>
#include <set>

#include "commands.hpp"
#include "image/png.hpp"
#include "platform/glfw_window.hpp"
#include "text/font.hpp"
#include "wall_command.hpp"
#include "wall/file_watch.hpp"
#include "wall_session.hpp"

namespace gs::cli {

namespace {

struct OutputPlan {
    std::vector<OutputViewport> outputs;
    std::vector<std::string> names;
    float scale = 1;
    int framebufferWidth = 0, framebufferHeight = 0;  // planned for
};

// The canvas rectangle of output (column, row): the canvas less the bezel strips, split evenly.
Box cellRect(const WallLayout& l, int column, int row) {
    const float cw = (float(l.width) - float(l.outputs.columns - 1) * l.outputs.bezelX) / float(l.outputs.columns);
    const float ch = (float(l.height) - float(l.outputs.rows - 1) * l.outputs.bezelY) / float(l.outputs.rows);
    Box b;
    b.minX = double(float(column) * (cw + l.outputs.bezelX));
    b.minY = double(float(row) * (ch + l.outputs.bezelY));
    b.maxX = b.minX + cw;
    b.maxY = b.minY + ch;
    return b;
}

// Monitors that tile the window as the layout's grid each get their cell of the canvas (bezel
// strips skipped); otherwise the window shows the whole canvas.
OutputPlan planOutputs(const WallLayout& l, const GlfwWindow& window, bool useMonitors) {
    OutputPlan plan;
    const int fbw = window.framebufferWidth(), fbh = window.framebufferHeight();
    plan.framebufferWidth = fbw, plan.framebufferHeight = fbh;
    const double ratio = window.pixelRatio();
    std::vector<MonitorInfo> inside;
    if (useMonitors) {
        const Vec2d at = window.position();
        for (const auto& m : GlfwWindow::monitors()) {
            const double x = (m.x - at.x) * ratio, y = (m.y - at.y) * ratio;
            if (x >= -0.5 && y >= -0.5 && x + m.width * ratio <= fbw + 0.5 && y + m.height * ratio <= fbh + 0.5)
                inside.push_back(m);
        }
    }
    std::set<int> xs, ys;
    for (const auto& m : inside) xs.insert(m.x), ys.insert(m.y);
    const bool grid = !inside.empty() && int(xs.size()) == l.outputs.columns && int(ys.size()) == l.outputs.rows &&
                      int(inside.size()) == l.outputs.columns * l.outputs.rows;
    if (grid) {
        const Vec2d at = window.position();
        std::sort(inside.begin(), inside.end(), [](const MonitorInfo& a, const MonitorInfo& b) {
            return a.y != b.y ? a.y < b.y : a.x < b.x;
        });
        for (const auto& m : inside) {
            const int column = int(std::distance(xs.begin(), xs.find(m.x)));
            const int row = int(std::distance(ys.begin(), ys.find(m.y)));
            OutputViewport o;
            o.canvas = cellRect(l, column, row);
            o.x = int(std::lround((m.x - at.x) * ratio));
            o.y = int(std::lround((m.y - at.y) * ratio));
            o.width = int(std::lround(m.width * ratio));
            o.height = int(std::lround(m.height * ratio));
            plan.outputs.push_back(o);
            plan.names.push_back(m.name);
        }
    } else {
        // No monitor grid to map (a desk window, or fewer monitors than the layout's grid): the
        // whole canvas, letterboxed in the window.
        const double s = std::min(double(fbw) / l.width, double(fbh) / l.height);
        OutputViewport o;
        o.canvas.minX = 0, o.canvas.minY = 0, o.canvas.maxX = l.width, o.canvas.maxY = l.height;
        o.width = int(std::lround(l.width * s));
        o.height = int(std::lround(l.height * s));
        o.x = (fbw - o.width) / 2;
        o.y = (fbh - o.height) / 2;
        plan.outputs.push_back(o);
        plan.names.push_back("the whole window");
    }
    // Text is rasterized for the output's pixels: the largest scale any output needs.
    plan.scale = 0;
    for (const auto& o : plan.outputs)
        plan.scale = std::max({plan.scale, float(o.width / (o.canvas.maxX - o.canvas.minX)),
                               float(o.height / (o.canvas.maxY - o.canvas.minY))});
    if (!(plan.scale > 0)) plan.scale = 1;
    return plan;
}

enum class RunEnd { Quit, ContextLost, Failed };

// A wall runs for weeks, and a host that pages out cold memory (memory pressure, or a proactive
// reclaimer such as this test VM's DAMON "pageout" scheme) turns the first use after hours of a
// rarely drawn glyph or code path into a disk read: a soak frame of 151 ms with 8 ms of CPU and 2
// major page faults. So every page is locked in memory once it is touched (MCL_ONFAULT: nothing is
// faulted in up front, the resident size does not jump). Only where locking cannot make an
// allocation fail, i.e. with CAP_IPC_LOCK (root) or no RLIMIT_MEMLOCK; GRIDSCOPE_NO_MLOCK=1 turns
// it off.
void keepResident() {
    if (std::getenv("GRIDSCOPE_NO_MLOCK")) return;
    rlimit limit{};
    const bool unlimited = getrlimit(RLIMIT_MEMLOCK, &limit) == 0 && limit.rlim_cur == RLIM_INFINITY;
    if (!unlimited && geteuid() != 0) {
        std::fprintf(stderr, "note: memory not locked (RLIMIT_MEMLOCK is limited): pages idle for hours may "
                             "be paged out and cost a slow frame when used again\n");
        return;
    }
    if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0)
        std::fprintf(stderr, "note: memory not locked (mlockall: %s)\n", std::strerror(errno));
}

}  // namespace

int runWall(const Options& options) {
    keepResident();
    // Glyphs first drawn hours in (a new title on the alert card) read their outlines from memory,
    // not from font file pages the host may have dropped meanwhile (~40 MB for the two weights).
    Font::setReadFilesIntoMemory(true);
    if (options.soakHours > 0) return runWallSoak(options);
    if (Status s = GlfwWindow::checkDisplay(); !s) return reportBad(s.error());
    auto setup = prepareWall(options);
    if (!setup) return reportBad(setup.error());
    const WallLayout& layout = setup->layout;

    WindowOptions wo;
    wo.title = "gridscope wall — " + (layout.name.empty() ? layout.file : layout.name);
    wo.samples = 0;           // the wall draws into its own picture; the window only receives it
    wo.vsync = true;
    wo.robust = true;
    using Placement = WindowOptions::Placement;
    const auto monitors = GlfwWindow::monitors();
    if (options.windowed) {
        wo.placement = Placement::Windowed;
        wo.width = options.width ? options.width : 1600;
        wo.height = options.height ? options.height : int(std::lround(double(wo.width) * layout.height / layout.width));
    } else if (options.monitor >= 0) {
        wo.placement = Placement::Fullscreen;
        wo.monitor = options.monitor;
    } else if (options.span || (monitors.size() > 1 && layout.outputs.columns * layout.outputs.rows > 1)) {
        wo.placement = Placement::Span;
    } else {
        wo.placement = Placement::Fullscreen;
    }
    wo.hideCursor = !options.windowed;

    for (const auto& m : monitors)
        std::fprintf(stderr, "wall: monitor %s at %+d%+d, %dx%d%s\n", m.name.c_str(), m.x, m.y, m.width, m.height,
                     m.primary ? " (primary)" : "");
    int contextsLost = 0;
    for (;;) {
        auto window = GlfwWindow::create(wo);
        if (!window) return reportFailure(window.error());
        GlfwWindow& win = **window;
        OutputPlan plan = planOutputs(layout, win, wo.placement != Placement::Windowed);
        for (std::size_t i = 0; i < plan.outputs.size(); ++i) {
            const auto& o = plan.outputs[i];
            std::fprintf(stderr, "wall: output %zu (%s): window pixels %d,%d %dx%d show canvas %.0f,%.0f %.0fx%.0f\n", i,
                         plan.names[i].c_str(), o.x, o.y, o.width, o.height, o.canvas.minX, o.canvas.minY,
                         o.canvas.maxX - o.canvas.minX, o.canvas.maxY - o.canvas.minY);
        }
        WallSessionOptions so;
        so.lang = setup->lang;
        so.scale = plan.scale;
        auto session = WallSession::create(layout, so);
        if (!session) {
            const std::string& m = session.error().message;
            return m.rfind("GL: ", 0) == 0 ? reportFailure(session.error()) : reportBad(session.error());
        }
        WallSession& wall = **session;
        std::fprintf(stderr, "wall: %s on %s, canvas %dx%d drawn at %.3gx; hold Esc %.0f s to quit\n", layout.file.c_str(),
                     win.glRenderer().c_str(), layout.width, layout.height, plan.scale, options.exitHoldSeconds);

        FileWatch watch;
        std::optional<double> escapeSince;
        const double started = win.time();
        double last = started;
        bool screenshotTaken = false;
        RunEnd end = RunEnd::Quit;
        while (!win.shouldClose()) {
            win.pollEvents(win.iconified() ? 0.1 : 0);
            const double now = win.time();
            const double dt = now - last;
            last = now;
            for (const InputEvent& e : win.takeEvents()) {
                if (e.key != Key::Escape) continue;
                if (e.type == InputEvent::Type::KeyDown && !e.repeat) escapeSince = now;
                if (e.type == InputEvent::Type::KeyUp) escapeSince.reset();
            }
            if (escapeSince && now - *escapeSince >= options.exitHoldSeconds) break;
            // A requested screenshot is taken before the run ends, however slow the first frames
            // (a loaded machine, a 4K llvmpipe wall).
            if (options.runSeconds > 0 && now - started >= options.runSeconds &&
                (options.screenshotPath.empty() || screenshotTaken))
                break;
            if (win.contextLost()) {
                end = RunEnd::ContextLost;
                break;
            }
            if (watch.poll(wall.sceneFiles())) {
                std::fprintf(stderr, "wall: the scene's files changed on disk: reloading\n");
                if (Status st = wall.reloadScene(); !st)
                    std::fprintf(stderr, "wall: reload failed, still showing the previous scene: %s\n",
                                 st.error().message.c_str());
            }
            wall.update(dt);
            if (win.iconified()) continue;  // feeds keep running; nothing to draw
            // Monitors come and go (a cable, a resolution change): plan again when the size moves.
            const int fbw = win.framebufferWidth(), fbh = win.framebufferHeight();
            if (fbw <= 0 || fbh <= 0) continue;
            if (fbw != plan.framebufferWidth || fbh != plan.framebufferHeight) {
                plan = planOutputs(layout, win, wo.placement != Placement::Windowed);
                wall.setScale(plan.scale);
            }
            auto frame = wall.render(false);
            if (!frame) {
                std::fprintf(stderr, "gridscope: %s\n", frame.error().message.c_str());
                end = RunEnd::Failed;
                break;
            }
            wall.present(plan.outputs, fbw, fbh);
            if (!options.screenshotPath.empty() && !screenshotTaken &&
                now - started >= double(options.screenshotDelaySeconds)) {
                screenshotTaken = true;
                auto image = win.readFramebuffer();
                if (!image) return reportFailure(image.error());
                if (Status s = writePng(options.screenshotPath, *image); !s) return reportBad(s.error());
                std::fprintf(stderr, "wall: screenshot %s (%dx%d)\n", options.screenshotPath.c_str(), image->width,
                             image->height);
                if (options.runSeconds <= 0) break;
            }
            win.swapBuffers();
        }
        if (end == RunEnd::Failed) return 1;
        if (end == RunEnd::Quit) return 0;
        // The GPU was reset: every GL object is gone. Make the window and the wall again.
        ++contextsLost;
        std::fprintf(stderr, "wall: the GL context was lost (%d so far): starting again\n", contextsLost);
        if (contextsLost > 20) return reportFailure(Error{"the GL context was lost 20 times; giving up"});
    }
}

}  // namespace gs::cli
