// `gridscope render --layout` (the whole wall as one PNG, headless) and `gridscope wall --soak`
// (the wall run headless on its feed at many times real time, reporting memory and frame times).
// The window itself is in wall_window.cpp.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/resource.h>

#include "commands.hpp"
#include "core/rfc3339.hpp"
#include "render/offscreen_target.hpp"
#include "wall_command.hpp"
#include "wall_session.hpp"

namespace gs::cli {

Result<WallSetup> prepareWall(const Options& options) {
    auto layout = loadWallLayout(options.layoutPath);
    if (!layout) return layout.error();
    WallSetup setup;
    setup.layout = std::move(*layout);
    if (options.langGiven) {
        auto lang = parseLang(options.lang);
        if (!lang) return Error{"--lang: \"" + options.lang + "\" is not a language (zh, en)"};
        setup.lang = *lang;
    }
    return setup;
}

double residentMegabytes(bool peak) {
    long kb = 0;
    if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
            std::sscanf(line, peak ? "VmHWM: %ld" : "VmRSS: %ld", &kb);
        std::fclose(f);
    }
    return double(kb) / 1024.0;
}

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

struct Percentiles {
    double p50 = 0, p95 = 0, p99 = 0, max = 0, mean = 0;
};

Percentiles percentiles(std::vector<double> v) {
    Percentiles p;
    if (v.empty()) return p;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[std::min(v.size() - 1, std::size_t(q * double(v.size())))]; };
    double sum = 0;
    for (double x : v) sum += x;
    p = {at(0.5), at(0.95), at(0.99), v.back(), sum / double(v.size())};
    return p;
}

struct ThreadUsage {
    double cpuMs = 0;
    long majorFaults = 0, minorFaults = 0, involuntary = 0;
};

ThreadUsage threadUsage() {
    ThreadUsage u;
    rusage r{};
    if (getrusage(RUSAGE_THREAD, &r) != 0) return u;
    u.cpuMs = double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
    u.majorFaults = r.ru_majflt, u.minorFaults = r.ru_minflt, u.involuntary = r.ru_nivcsw;
    return u;
}

// Frame times over a soak in memory that does not grow with its length: the soak measures the
// wall's resident size, and a vector of every frame's time (three of them, 394,000 frames in
// 24 h at 200x) was itself ~13 MB of that growth, in steps of a doubling vector. Buckets of
// 0.01 ms to 100 ms and of 1 ms to 10 s, one above; count, sum and max exact. A percentile is
// its bucket's middle (within 0.005 ms below 100 ms; the soak prints 0.1 ms).
class FrameTimes {
public:
    FrameTimes() : counts_(kFine + kCoarse + 1, 0) {}
    void add(double ms) {
        ms = std::max(0.0, ms);
        std::size_t b;
        if (ms < 100.0) b = std::min<std::size_t>(kFine - 1, std::size_t(ms * 100.0));
        else if (ms < 10000.0) b = kFine + std::min<std::size_t>(kCoarse - 1, std::size_t(ms - 100.0));
        else b = kFine + kCoarse;
        ++counts_[b];
        ++count_;
        sum_ += ms;
        max_ = std::max(max_, ms);
    }
    void clear() {
        std::fill(counts_.begin(), counts_.end(), 0);
        count_ = 0, sum_ = 0, max_ = 0;
    }
    std::size_t size() const { return count_; }
    Percentiles percentiles() const {
        Percentiles p;
        if (count_ == 0) return p;
        auto at = [&](double q) {
            const std::uint64_t rank = std::min<std::uint64_t>(count_ - 1, std::uint64_t(q * double(count_)));
            std::uint64_t seen = 0;
            for (std::size_t b = 0; b < counts_.size(); ++b) {
                seen += counts_[b];
                if (seen > rank) {
                    const double mid = b < kFine ? (double(b) + 0.5) / 100.0
                                       : b < kFine + kCoarse ? 100.0 + double(b - kFine) + 0.5 : max_;
                    return std::min(mid, max_);
                }
            }
            return max_;
        };
        p = {at(0.5), at(0.95), at(0.99), max_, sum_ / double(count_)};
        return p;
    }

private:
    static constexpr std::size_t kFine = 10000, kCoarse = 9900;
    std::vector<std::uint64_t> counts_;
    std::uint64_t count_ = 0;
    double sum_ = 0, max_ = 0;
};

}  // namespace

int runWallRender(const Options& options) {
    auto setup = prepareWall(options);
    if (!setup) return reportBad(setup.error());
    const WallLayout& layout = setup->layout;
    const float scale = options.width ? float(options.width) / float(layout.width) : 1.0f;
    const int w = int(std::lround(float(layout.width) * scale)), h = int(std::lround(float(layout.height) * scale));
    auto target = OffscreenTarget::create(w, h);
    if (!target) return reportFailure(Error{"GL: " + target.error().message});
    WallSessionOptions so;
    so.lang = setup->lang;
    so.fixedClock = true;
    so.fullDetail = options.fullDetail;
    so.scale = scale;
    auto session = WallSession::create(layout, so);
    if (!session) {
        const std::string& m = session.error().message;
        return m.rfind("GL: ", 0) == 0 ? reportFailure(session.error()) : reportBad(session.error());
    }
    (*target)->bind();
    auto frame = (*session)->render(true);
    if (!frame) return reportFailure(frame.error());
    if (Status st = (*target)->writePng(options.outPath); !st) return reportBad(st.error());
    if (options.benchFrames > 0) {
        std::vector<double> ms;
        for (int i = 0; i < options.benchFrames; ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            (*session)->update(1.0 / 60.0);
            if (auto f = (*session)->render(false); !f) return reportFailure(f.error());
            (*target)->finish();
            ms.push_back(msSince(t0));
        }
        const Percentiles p = percentiles(ms);
        std::printf("frames: %d at %dx%d on %s: mean %.2f ms, p50 %.2f ms, p95 %.2f ms, max %.2f ms\n",
                    options.benchFrames, w, h, (*target)->glRenderer().c_str(), p.mean, p.p50, p.p95, p.max);
    }
    if (const char* dump = std::getenv("GRIDSCOPE_WALL_STRINGS")) {
        // The text the wall drew, one string per line: tests read it (a public wall shows no titles).
        std::ofstream out(dump);
        for (const auto& s : (*session)->canvas().strings()) out << s << '\n';
    }
    return 0;
}

int runWallSoak(const Options& options) {
    auto setup = prepareWall(options);
    if (!setup) return reportBad(setup.error());
    const WallLayout& layout = setup->layout;
    if (layout.clock)
        return reportBad(Error{layout.file + ": the soak needs a running feed, and this layout has a fixed \"clock\""});
    auto target = OffscreenTarget::create(layout.width, layout.height);
    if (!target) return reportFailure(Error{"GL: " + target.error().message});
    WallSessionOptions so;
    so.lang = setup->lang;
    so.feedSpeed = options.speed > 0 ? options.speed : 100.0;
    auto session = WallSession::create(layout, so);
    if (!session) return reportBad(session.error());
    WallSession& wall = **session;
    if (!wall.store() || !wall.hasFeed())
        return reportBad(Error{layout.file + ": the soak needs a feed: the scene declares none"});

    const double speed = *so.feedSpeed;
    // The replay's clock starts with its first message.
    for (int i = 0; i < 1000 && wall.clock() <= 0; ++i) {
        wall.update(0.01);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (wall.clock() <= 0) return reportFailure(Error{"the feed gave no clock within 10 s"});
    // Warm-up frames (shaders, glyph atlases, the first upload) are reported apart.
    double warmupMax = 0;
    for (int i = 0; i < 5; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        wall.update(0.0);
        if (auto f = wall.render(false); !f) return reportFailure(f.error());
        (*target)->finish();
        warmupMax = std::max(warmupMax, msSince(t0));
    }
    const std::int64_t start = wall.clock();
    const std::int64_t end = start + std::int64_t(options.soakHours * 3600000.0);
    std::printf("soak: %s, %.1f simulated hours from %s at %.0fx, %dx%d on %s\n", layout.file.c_str(),
                options.soakHours, formatRfc3339(start, 0).c_str(), speed, layout.width, layout.height,
                (*target)->glRenderer().c_str());
    std::printf("%8s %10s %10s %9s %9s %9s %9s %9s %9s\n", "sim h", "clock", "records", "rss MB", "peak MB",
                "p50 ms", "p99 ms", "max ms", "frames");
    std::fflush(stdout);
    FrameTimes window, all, mapMs, panelMs;  // allocated here, before the first hour
    double peakAfterHour = 0, peakFirstHour = 0, maxFrame = 0;
    int nextReport = 1;
    auto last = std::chrono::steady_clock::now();
    const auto began = last;
    std::uint64_t framesOver100 = 0;
    std::int64_t lastClock = wall.clock();
    auto lastMove = last;
    // GRIDSCOPE_SOAK_SLOW=1 lists the frames over 100 ms; a larger number is the threshold in ms.
    const char* slowEnv = std::getenv("GRIDSCOPE_SOAK_SLOW");
    const bool slowReport = slowEnv != nullptr;
    const double slowMs = slowEnv && std::atof(slowEnv) >= 2 ? std::atof(slowEnv) : 100.0;
    while (wall.clock() < end) {
        const ThreadUsage u0 = slowReport ? threadUsage() : ThreadUsage{};
        const auto t0 = std::chrono::steady_clock::now();
        const double dt = std::chrono::duration<double>(t0 - last).count();
        last = t0;
        wall.update(dt);
        const double updateMs = msSince(t0);
        auto f = wall.render(false);  // into the wall's picture, as the window does (partial redraws)
        if (!f) return reportFailure(f.error());
        (*target)->finish();
        const double ms = msSince(t0);
        mapMs.add(f->mapMs);
        panelMs.add(f->panelsMs);
        window.add(ms);
        all.add(ms);
        maxFrame = std::max(maxFrame, ms);
        framesOver100 += ms > 100.0;
        if (ms > slowMs && slowReport) {
            // The phases are wall time; the frame's CPU time on this thread (the GL driver's
            // rasterizer threads not counted) and its page faults tell work from a stall.
            const ThreadUsage u1 = threadUsage();
            std::fprintf(stderr, "slow frame %.1f ms at simulated hour %.2f: update %.1f ms, map %s%s %.1f ms, panels %.1f ms, %.0f px redrawn; "
                         "this thread's CPU %.1f ms, %ld major and %ld minor page faults, %ld involuntary switches; %s\n",
                         ms, double(wall.clock() - start) / 3600000.0, updateMs, f->mapDrawn ? "drawn" : "kept",
                         f->moving ? " (moving)" : f->refining ? " (a band)" : "", f->mapMs,
                         f->panelsMs, f->redrawPixels, u1.cpuMs - u0.cpuMs, u1.majorFaults - u0.majorFaults,
                         u1.minorFaults - u0.minorFaults, u1.involuntary - u0.involuntary,
                         wall.atlasSummary().c_str());
        }
        const double simHours = double(wall.clock() - start) / 3600000.0;
        const double peak = residentMegabytes(true);
        if (slowReport && simHours >= 1.0 && peakAfterHour > 0 && peak > peakAfterHour + 1.0)
            std::fprintf(stderr, "peak RSS %.1f -> %.1f MB at simulated hour %.2f (frame %.1f ms, map %s, %.0f px redrawn; %s)\n",
                         peakAfterHour, peak, simHours, ms, f->mapDrawn ? "drawn" : "kept", f->redrawPixels,
                         wall.atlasSummary().c_str());
        if (simHours < 1.0) peakFirstHour = peak;
        else peakAfterHour = peak;
        if (simHours >= double(nextReport) || wall.clock() >= end) {
            const Percentiles p = window.percentiles();
            std::printf("%8.2f %10s %10zu %9.1f %9.1f %9.1f %9.1f %9.1f %9zu\n", simHours,
                        formatClock(wall.clock(), 0).c_str(), wall.store()->size(), residentMegabytes(false), peak,
                        p.p50, p.p99, p.max, window.size());
            std::fflush(stdout);
            window.clear();
            nextReport = int(simHours) + 1;
        }
        // A clock that stands still for 30 s of wall time (a feed with nothing left to say) ends it.
        if (wall.clock() != lastClock) lastClock = wall.clock(), lastMove = t0;
        else if (t0 - lastMove > std::chrono::seconds(30)) {
            std::printf("soak: the feed's clock stood still for 30 s at %s; stopping\n",
                        formatRfc3339(wall.clock(), 0).c_str());
            break;
        }
        if (wall.feedExhausted()) {
            std::printf("soak: the feed ended at %s (simulated hour %.2f); set \"loop\" to replay it\n",
                        formatRfc3339(wall.clock(), 0).c_str(), simHours);
            break;
        }
    }
    const Percentiles p = all.percentiles();
    const double growth = peakFirstHour > 0 && peakAfterHour > 0 ? (peakAfterHour / peakFirstHour - 1.0) * 100.0 : 0.0;
    std::printf("soak: warm-up (5 frames) max %.1f ms; map panel p50 %.1f ms, max %.1f; panels p50 %.1f ms, max %.1f "
                "(CPU submit times; the rest is the GPU finishing)\n",
                warmupMax, mapMs.percentiles().p50, mapMs.percentiles().max, panelMs.percentiles().p50,
                panelMs.percentiles().max);
    std::printf("soak: %zu frames in %.0f s; frame p50 %.1f ms, p99 %.1f ms, max %.1f ms, %llu over 100 ms; "
                "peak RSS %.1f MB after the first hour, %.1f MB at the end: %+.1f%%\n",
                all.size(), msSince(began) / 1000.0, p.p50, p.p99, p.max, (unsigned long long)framesOver100,
                peakFirstHour, peakAfterHour > 0 ? peakAfterHour : peakFirstHour, growth);
    return 0;
}

}  // namespace gs::cli
