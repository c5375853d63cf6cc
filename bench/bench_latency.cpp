// Live feed latency benchmark (issue 3): a message published to the broker → the frame that shows it.
//
//   build/bench/bench_latency [--seconds 10] [--rate 1000] [--issues 1000000] [--open 20000]
//                             [--no-buildings] [--no-render] [--no-map-cache] [--no-marker-picture]
//                             [--config data/demo.json]
//                             [--width 1920 --height 1080] [--json FILE]
//
// The bar: at 1,000 msgs/s with 1,000,000 issues in the store (a year's worth: most closed, 20,000
// open and drawn), p99 latency under 50 ms on llvmpipe at 1920x1080.
//
// What runs, all in this process except the broker:
//  - Debian's mosquitto, started here on a free 127.0.0.1 port from a throwaway config (anonymous,
//    no persistence) and stopped at the end, also on failure (and, through PR_SET_PDEATHSIG, when
//    this process dies). No mosquitto: one "SKIP" line and exit 0.
//  - The demo scene (data/demo.json: 6 neighbourhoods and 29 tracts as grid levels, ~3,500
//    buildings; --no-buildings drops those), loaded once, drawn headless (EGL surfaceless; llvmpipe
//    here) at 1920x1080 by SceneRenderer with the live overlay attached in markers mode, the camera
//    fitted to the scene: all 20,000 open issues on screen.
//  - A LiveStore with SceneGridAssigner over the scene's levels, pre-filled through the normal ingest
//    path (LiveStore::ingest: parse, upsert, grid assignment, figures, history) with one message per
//    issue, in time order over the year before the run: 980,000 closed, 20,000 open (the open ones
//    among the last three weeks' issues). Timed and reported.
//  - The transport exactly as a scene config declares it: LiveFeed::fromConfig with one "mqtt"
//    source (QoS 1, persistent session) subscribed to district/+/events.
//  - A publisher thread (gs::MqttClient, QoS 1, its own connection) paced at --rate: per 10 messages
//    3 new issues, 3 closed ones (no geometry: the position is kept), 4 moving on in their lifecycle
//    (half with a new position). Each message carries its send time (steady clock, ns) in the extra
//    property "sent_ns"; the publisher also logs (updated_at → send time) in-process. updated_at is
//    unique per message (the wall clock in ms, bumped by 1 ms when two would share it), so each
//    applied change in the store's history names its message.
//  - The frame loop, back to back as a wall display without vsync: LiveFeed::drainInto(store) (at most
//    4,096 messages a source a frame, as the window does) → store.setClock(wall clock) →
//    OverlayBuilder::sync (sub-range uploads) → SceneRenderer::render → glFinish. The frame is shown
//    when glFinish returns; every change applied in that frame gets latency = that moment − its send
//    time. Also split: send → drained (broker, network loop, queue, waiting for the next frame) and
//    drained → shown (the rest of that frame).
//
// Prints, before the feed starts, the idle frame (median of 10) without and with the overlay; then
// the accounting (published / acknowledged / received by the source / the store's identity
// received = applied + stale + duplicate + rejected), frames and frame-time percentiles with the
// phases (drain, clock, sync, render submit, finish), latency p50/p95/p99/max, the verdict, and one
// JSON line (appended to --json FILE too). The verdict is PASS/FAIL only for the issue's workload
// (the defaults; with or without buildings, which the line names); a changed workload or
// --no-render (the floor: transport + drain + sync, polled every 1 ms, no frame drawn) prints
// "VARIANT". Exit 0 whenever it measured, whatever the verdict; 1 on a setup error.
//
// On a shared machine the numbers depend on the load: llvmpipe's rasterizer threads, the broker and
// both MQTT network loops share the cores. Note `uptime` beside the results.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "geo/transformer.hpp"
#include "session/live_feed.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "session/scene_file.hpp"
#include "live/store/live_store.hpp"
#include "live/feed/mqtt_client.hpp"
#include "live/feed/mqtt_url.hpp"
#include "core/rfc3339.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "live/overlay/overlay_builder.hpp"
#include "render/gl.hpp"
#include "render/offscreen_target.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::size_t kMaxPerSourcePerFrame = 4096;  // as session/live_session.cpp
constexpr double kBarP99Ms = 50;
const char* kCategories[] = {"safety_hazard", "sanitation", "noise", "elderly_care", "facility_repair", "dispute",
                             "traffic", "greenery"};
const char* kStatuses[] = {"reported", "assigned", "in_progress", "resolved", "closed"};

std::int64_t steadyNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}
std::int64_t wallMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }
double msBetween(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

[[noreturn]] void die(const std::string& what);

// ---- the broker ------------------------------------------------------------------------------------

std::string findMosquitto() {
    for (const char* p : {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto"})
        if (::access(p, X_OK) == 0) return p;
    if (const char* path = std::getenv("PATH")) {
        std::string all = path;
        std::size_t start = 0;
        while (start <= all.size()) {
            const std::size_t end = std::min(all.find(':', start), all.size());
            const std::string candidate = all.substr(start, end - start) + "/mosquitto";
            if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
            start = end + 1;
        }
    }
    return {};
}

int freeLoopbackPort() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return 0;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

bool portAccepts(int port) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    if (s < 0) return false;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}

volatile pid_t g_brokerPid = -1;  // for the signal handler

// Stops the broker and reaps it (async-signal-safe calls only), then exits.
void onSignal(int sig) {
    const pid_t pid = g_brokerPid;
    if (pid > 0) {
        ::kill(pid, SIGTERM);
        int status = 0;
        const timespec tick{0, 10'000'000};
        int i = 0;
        for (; i < 300 && ::waitpid(pid, &status, WNOHANG) != pid; ++i) ::nanosleep(&tick, nullptr);
        if (i == 300) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
        }
    }
    ::_exit(128 + sig);
}

class Broker {
public:
    ~Broker() { stop(); }

    // Starts mosquitto on a free loopback port; an error names what went wrong.
    std::optional<std::string> start(const std::string& exe) {
        char tmpl[] = "/tmp/gridscope-bench-latency-XXXXXX";
        if (!::mkdtemp(tmpl)) return std::string("mkdtemp: ") + std::strerror(errno);
        dir_ = tmpl;
        port_ = freeLoopbackPort();
        if (port_ == 0) return std::string("no free loopback port");
        const passwd* pw = ::getpwuid(::getuid());
        {
            std::ofstream conf(dir_ / "mosquitto.conf");
            // As root, mosquitto would switch to its own user; stay this one.
            if (pw) conf << "user " << pw->pw_name << "\n";
            conf << "per_listener_settings false\n"
                    "allow_anonymous true\n"
                    "persistence false\n"
                    "max_queued_messages 100000\n"
                    "log_dest file "
                 << (dir_ / "mosquitto.log").string()
                 << "\n"
                    "log_type error\nlog_type warning\n"
                    "listener "
                 << port_ << " 127.0.0.1\n";
            if (!conf) return "cannot write " + (dir_ / "mosquitto.conf").string();
        }
        const std::string confPath = (dir_ / "mosquitto.conf").string();
        const std::string outPath = (dir_ / "mosquitto.out").string();
        const pid_t parent = ::getpid();
        const pid_t pid = ::fork();
        if (pid < 0) return std::string("fork: ") + std::strerror(errno);
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // the bench dies, the broker goes with it
            if (::getppid() != parent) ::_exit(1);
            if (FILE* f = std::freopen(outPath.c_str(), "w", stdout)) (void)f;
            ::dup2(STDOUT_FILENO, STDERR_FILENO);
            ::execl(exe.c_str(), exe.c_str(), "-c", confPath.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        pid_ = pid;
        g_brokerPid = pid;
        const Clock::time_point t0 = Clock::now();
        while (msSince(t0) < 5000) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                g_brokerPid = -1;
                return "mosquitto exited at start: " + readSmall(outPath) + readSmall((dir_ / "mosquitto.log").string());
            }
            if (portAccepts(port_)) {
                // Nothing left behind whatever happens next: the broker keeps its open files.
                std::error_code ec;
                fs::remove_all(dir_, ec);
                dir_.clear();
                return std::nullopt;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return "mosquitto did not listen on 127.0.0.1:" + std::to_string(port_) + " within 5 s";
    }

    void stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            const Clock::time_point t0 = Clock::now();
            int status = 0;
            while (::waitpid(pid_, &status, WNOHANG) != pid_) {
                if (msSince(t0) > 3000) {
                    ::kill(pid_, SIGKILL);
                    ::waitpid(pid_, &status, 0);
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            pid_ = -1;
            g_brokerPid = -1;
        }
        if (!dir_.empty()) {
            std::error_code ec;
            fs::remove_all(dir_, ec);
            dir_.clear();
        }
    }

    int port() const { return port_; }
    pid_t pid() const { return pid_; }

private:
    static std::string readSmall(const std::string& path) {
        std::ifstream f(path);
        std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
        return s.substr(0, 2000);
    }
    fs::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

Broker* g_broker = nullptr;

void die(const std::string& what) {
    std::fprintf(stderr, "bench_latency: %s\n", what.c_str());
    if (g_broker) g_broker->stop();
    std::exit(1);
}

// ---- messages --------------------------------------------------------------------------------------

struct Issue {
    double x = 0, y = 0;  // lon/lat
    std::int64_t reported = 0;
    std::uint8_t category = 0, priority = 3, status = 0;
};

// One issue message, written directly (a million of them through a JSON library would dominate).
std::string issueMessage(int id, const Issue& is, std::int64_t updated, bool withGeometry, int utcOffset,
                         std::int64_t sentNs) {
    char geometry[96] = "null";
    if (withGeometry)
        std::snprintf(geometry, sizeof geometry, R"({"type":"Point","coordinates":[%.6f,%.6f]})", is.x, is.y);
    char extra[96] = "";
    if (is.status >= 3)
        std::snprintf(extra, sizeof extra, R"(,"resolved_at":"%s")", gs::formatRfc3339(updated, utcOffset).c_str());
    char sent[48] = "";
    if (sentNs) std::snprintf(sent, sizeof sent, R"(,"sent_ns":%lld)", (long long)sentNs);
    char buf[768];
    std::snprintf(buf, sizeof buf,
                  R"({"type":"Feature","id":"evt-%07d","geometry":%s,"properties":{"kind":"issue","category":"%s",)"
                  R"("status":"%s","priority":%d,"title":"楼道堆物","reported_at":"%s","updated_at":"%s",)"
                  R"("due_at":"%s"%s%s}})",
                  id, geometry, kCategories[is.category], kStatuses[is.status], int(is.priority),
                  gs::formatRfc3339(is.reported, utcOffset).c_str(), gs::formatRfc3339(updated, utcOffset).c_str(),
                  gs::formatRfc3339(is.reported + 3 * gs::kMillisPerDay, utcOffset).c_str(), extra, sent);
    return buf;
}

// ---- the publisher ---------------------------------------------------------------------------------

struct Publisher {
    // Set before start.
    gs::MqttClientOptions client;
    std::string topic;
    double rate = 1000, seconds = 10;
    int utcOffset = 0;
    gs::Box lonlat;
    std::vector<Issue> issues;  // by id
    std::vector<int> open;      // ids of open issues
    std::int64_t lastUpdated = 0;

    // Results.
    std::atomic<std::uint64_t> published{0}, acknowledged{0}, failed{0};
    std::atomic<bool> finished{false};
    std::string error;
    double sendSeconds = 0;
    std::uint64_t counts[3] = {};  // new, closed, lifecycle

    // updated_at (ms) → send time (steady ns); strictly increasing in updated_at.
    std::mutex logMutex;
    std::vector<std::pair<std::int64_t, std::int64_t>> log;

    std::optional<std::int64_t> sentAt(std::int64_t updatedAt) {
        std::lock_guard lock(logMutex);
        auto it = std::lower_bound(log.begin(), log.end(), std::pair{updatedAt, std::int64_t(0)},
                                   [](const auto& a, const auto& b) { return a.first < b.first; });
        if (it == log.end() || it->first != updatedAt) return std::nullopt;
        return it->second;
    }

    void run() {
        std::atomic<std::uint64_t>& acked = acknowledged;
        gs::MqttClient::Callbacks callbacks;
        callbacks.onPublished = [&acked](int) { acked.fetch_add(1, std::memory_order_relaxed); };
        auto c = gs::MqttClient::create(client, std::move(callbacks));
        if (!c) {
            error = c.error().message;
            finished = true;
            return;
        }
        gs::MqttClient& mqtt = **c;
        std::jthread loop([&mqtt](std::stop_token stop) { mqtt.run(stop); });
        const Clock::time_point t0 = Clock::now();
        while (mqtt.status().state != gs::FeedSourceState::Connected) {
            if (msSince(t0) > 10000) {
                error = "publisher: not connected within 10 s: " + mqtt.status().lastError;
                finished = true;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> cat(0, 7), pri(1, 3);
        std::uniform_real_distribution<double> ux(lonlat.minX, lonlat.maxX), uy(lonlat.minY, lonlat.maxY);
        const std::uint64_t total = std::uint64_t(std::llround(rate * seconds));
        log.reserve(total);
        const auto period = std::chrono::duration<double>(1.0 / rate);
        const Clock::time_point start = Clock::now();
        for (std::uint64_t k = 0; k < total; ++k) {
            std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(period * double(k)));
            const std::int64_t updated = std::max(wallMs(), lastUpdated + 1);
            lastUpdated = updated;
            const int kind = int(k % 10) < 3 ? 0 : int(k % 10) < 6 ? 1 : 2;
            int id = 0;
            bool geometry = true;
            if (kind == 0 || open.empty()) {  // a new issue
                id = int(issues.size());
                Issue is;
                is.x = ux(rng);
                is.y = uy(rng);
                is.reported = updated;
                is.category = std::uint8_t(cat(rng));
                is.priority = std::uint8_t(pri(rng));
                issues.push_back(is);
                open.push_back(id);
                ++counts[0];
            } else if (kind == 1) {  // closed: no geometry, the position is kept
                const std::size_t i = std::uniform_int_distribution<std::size_t>(0, open.size() - 1)(rng);
                id = open[i];
                open[i] = open.back();
                open.pop_back();
                issues[std::size_t(id)].status = 4;
                geometry = false;
                ++counts[1];
            } else {  // on in the lifecycle; every other one moves
                id = open[std::uniform_int_distribution<std::size_t>(0, open.size() - 1)(rng)];
                Issue& is = issues[std::size_t(id)];
                is.status = std::uint8_t(std::min(2, is.status + 1));
                geometry = k % 2 == 0;
                if (geometry) {
                    is.x = std::clamp(is.x + (ux(rng) - lonlat.center().x) * 0.01, lonlat.minX, lonlat.maxX);
                    is.y = std::clamp(is.y + (uy(rng) - lonlat.center().y) * 0.01, lonlat.minY, lonlat.maxY);
                }
                ++counts[2];
            }
            const std::int64_t sent = steadyNs();
            {
                std::lock_guard lock(logMutex);
                log.emplace_back(updated, sent);
            }
            const std::string m = issueMessage(id, issues[std::size_t(id)], updated, geometry, utcOffset, sent);
            if (mqtt.publish(topic, m, 1)) published.fetch_add(1, std::memory_order_relaxed);
            else failed.fetch_add(1, std::memory_order_relaxed);
        }
        sendSeconds = msSince(start) / 1000;
        const Clock::time_point t1 = Clock::now();
        while (acknowledged.load() < published.load() && msSince(t1) < 10000)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        finished = true;
        loop.request_stop();
    }
};

// ---- statistics ------------------------------------------------------------------------------------

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    const double rank = p / 100 * double(v.size() - 1);
    const std::size_t lo = std::size_t(std::floor(rank)), hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (rank - double(lo));
}
double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? NAN : s / double(v.size());
}
double maxOf(const std::vector<double>& v) { return v.empty() ? NAN : *std::max_element(v.begin(), v.end()); }

std::string loadAverage() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

double processCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Options {
    double seconds = 10, rate = 1000;
    int issues = 1000000, open = 20000;
    bool buildings = true;
    bool render = true;  // --no-render: the floor of transport + drain + sync, no frame drawn
    int width = 1920, height = 1080;
    std::string config;
    std::string json;
    bool noMapCache = false;  // draw the static map every frame (the cost before render/map_cache)
    bool noMarkerPicture = false;  // draw every marker every frame (before OverlayRenderer::drawCached)
};

Options parseArgs(int argc, char** argv) {
    Options o;
#ifdef GRIDSCOPE_SOURCE_DIR
    o.config = std::string(GRIDSCOPE_SOURCE_DIR) + "/data/demo.json";
#else
    o.config = (fs::path(__FILE__).parent_path().parent_path() / "data" / "demo.json").string();
#endif
    CLI::App app{"Live feed latency: a message published to the broker -> the frame that shows it (see the top of "
                 "bench/bench_latency.cpp). The defaults are the issue's workload.",
                 "bench_latency"};
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--seconds", o.seconds, "how long the feed runs (default 10)")->type_name("S");
    app.add_option("--rate", o.rate, "messages per second published (default 1000)")->type_name("R");
    app.add_option("--issues", o.issues, "issues in the store before the run (default 1000000)")->type_name("N");
    app.add_option("--open", o.open, "of those, open and drawn (default 20000)")->type_name("K");
    bool noBuildings = false, noRender = false;
    app.add_flag("--no-buildings", noBuildings, "the scene's grid levels only");
    app.add_flag("--no-render", noRender, "the floor: transport + drain + sync, polled every 1 ms, no frame drawn");
    app.add_flag("--no-map-cache", o.noMapCache, "draw the static map every frame");
    app.add_flag("--no-marker-picture", o.noMarkerPicture, "draw every marker every frame");
    app.add_option("--config", o.config, "the scene (default data/demo.json)")->type_name("SCENE.json");
    app.add_option("--width", o.width, "frame width (default 1920)")->type_name("W");
    app.add_option("--height", o.height, "frame height (default 1080)")->type_name("H");
    app.add_option("--json", o.json, "also append the JSON line to FILE")->type_name("FILE");
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        std::exit(0);
    } catch (const CLI::ParseError& e) {
        die(std::string(e.what()) + " (--help)");
    }
    o.buildings = !noBuildings;
    o.render = !noRender;
    if (o.seconds <= 0 || o.rate <= 0 || o.issues <= 0 || o.open < 0 || o.open > o.issues)
        die("bad workload: --seconds, --rate and --issues > 0, 0 <= --open <= --issues");
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parseArgs(argc, argv);
    const bool fullWorkload = opt.seconds >= 10 && opt.rate == 1000 && opt.issues == 1000000 && opt.open == 20000 &&
                              opt.width == 1920 && opt.height == 1080;
    const std::string variant = std::string(opt.buildings ? "levels+buildings" : "levels only (no buildings)") +
                                (opt.render ? "" : ", NO RENDER (transport + drain + sync floor, polled every 1 ms)") +
                                (opt.noMarkerPicture ? ", every marker drawn every frame" : "") +
                                (opt.noMapCache ? ", the map drawn every frame" : "") +
                                (fullWorkload ? "" : ", reduced/changed workload");

    const std::string mosquitto = findMosquitto();
    if (mosquitto.empty()) {
        std::printf("SKIP bench_latency: the mosquitto broker is not installed (Debian: apt-get install mosquitto)\n");
        return 0;
    }
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    std::printf("bench_latency: %s; %.0f msgs/s for %.0f s; %d issues (%d open) in the store; %dx%d; load %s\n",
                variant.c_str(), opt.rate, opt.seconds, opt.issues, opt.open, opt.width, opt.height,
                loadAverage().c_str());
    std::fflush(stdout);

    // ---- the scene and the GL side ----
    auto file = gs::loadSceneFile(opt.config);
    if (!file) die(file.error().message);
    std::optional<gs::LiveOverlayConfig>& live = file->live;
    gs::SceneConfig* config = &file->scene;
    file->feeds.clear();  // the bench's own MQTT source replaces the demo's file replay
    if (!opt.buildings)
        std::erase_if(config->layers, [](const gs::LayerConfig& l) { return l.role == gs::LayerRole::Buildings; });
    gs::LoadOptions load;
    load.keepBuildingGeometry = false;
    auto scene = gs::loadScene(*config, load);
    if (!scene) die(scene.error().message);

    auto targetMade = gs::OffscreenTarget::create(opt.width, opt.height);  // and the GL context
    if (!targetMade) die("GL: " + targetMade.error().message);
    std::unique_ptr<gs::OffscreenTarget> target = std::move(*targetMade);
    auto renderer = gs::SceneRenderer::create();
    if (!renderer) die("GL: " + renderer.error().message);
    if (auto s = (*renderer)->setScene(*scene); !s) die(s.error().message);
    std::printf("GL: %s | %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)),
                reinterpret_cast<const char*>(glGetString(GL_VERSION)));
    std::size_t buildings = 0, grids = 0;
    for (const auto& l : scene->layers)
        (l.isLevel() ? grids : buildings) += l.bounds.size();
    gs::Camera camera;
    camera.setViewport(opt.width, opt.height);
    camera.fit(scene->extent);
    gs::ViewState view;
    view.uiScale = std::max(1.0f, float(opt.height) / 1080.0f);

    auto toLonLat = gs::Transformer::create(scene->config.displayCrs, "EPSG:4326");
    if (!toLonLat) die(toLonLat.error().message);
    auto lonlatBox = toLonLat->transformBounds(scene->extent);
    if (!lonlatBox) die(lonlatBox.error().message);
    const gs::Box lonlat = *lonlatBox;

    // ---- the store, pre-filled: a year of issues ----
    gs::LiveOverlayConfig overlayConfig = live.value_or(gs::LiveOverlayConfig{});
    overlayConfig.feed.clear();
    overlayConfig.mode = gs::OverlayModeSetting::Markers;
    const int utcOffset = overlayConfig.utcOffsetMinutes;
    auto assigner = gs::SceneGridAssigner::create(*scene);
    if (!assigner) die(assigner.error().message);
    gs::StoreOptions storeOptions;
    storeOptions.utcOffsetMinutes = utcOffset;
    gs::LiveStore store(storeOptions, assigner->get());

    const std::int64_t t0 = wallMs();
    const std::int64_t yearStart = t0 - 365 * gs::kMillisPerDay;
    Publisher pub;
    pub.issues.resize(std::size_t(opt.issues));
    std::mt19937 rng(2026);
    std::uniform_int_distribution<int> cat(0, 7), pri(1, 3), openStatus(0, 2);
    std::uniform_real_distribution<double> ux(lonlat.minX, lonlat.maxX), uy(lonlat.minY, lonlat.maxY), u01(0, 1);
    // The open issues are one in three of the last 3 * open messages (the last three weeks or so).
    const int openFrom = opt.issues - 3 * opt.open;
    double ingestMs = 0;
    const Clock::time_point fill0 = Clock::now();
    int openMade = 0;
    for (int i = 0; i < opt.issues; ++i) {
        // One message per issue, in time order over the year: its latest state.
        const std::int64_t updated = yearStart + std::int64_t(i) * (365 * gs::kMillisPerDay - 60000) / opt.issues;
        Issue& is = pub.issues[std::size_t(i)];
        is.x = ux(rng);
        is.y = uy(rng);
        is.category = std::uint8_t(cat(rng));
        is.priority = std::uint8_t(pri(rng));
        const bool isOpen = openMade < opt.open && i >= openFrom && ((i - openFrom) % 3 == 0 || i >= opt.issues - (opt.open - openMade));
        if (isOpen) {
            is.status = std::uint8_t(openStatus(rng));
            is.reported = updated - std::int64_t(u01(rng) * 6 * 3600e3);
            pub.open.push_back(i);
            ++openMade;
        } else {
            is.status = 4;
            is.reported = updated - std::int64_t((1 + u01(rng) * 71) * 3600e3);  // closed 1 h .. 3 days later
        }
        const std::string m = issueMessage(i, is, updated, true, utcOffset, 0);
        const Clock::time_point a = Clock::now();
        store.ingest(m);
        if (i % 10000 == 9999) store.setClock(updated);  // the year goes by: figures move, history is pruned
        ingestMs += msSince(a);
        if (i % 200000 == 199999) {
            std::fprintf(stderr, "  prefill: %d issues, %.1f s\n", i + 1, msSince(fill0) / 1000);
        }
    }
    {
        const Clock::time_point a = Clock::now();
        store.setClock(wallMs());
        ingestMs += msSince(a);
    }
    const double fillMs = msSince(fill0);
    const gs::FeedAccounting fillAcc = store.accounting();
    std::printf("prefill: %d issues (%u drawn, %zu records) through LiveStore::ingest in %.1f s wall "
                "(%.1f s in ingest + setClock: %.0f msgs/s); applied %" PRIu64 ", rejected %" PRIu64
                "; store ~%.0f MiB; grids %zu, buildings %zu\n",
                opt.issues, store.drawnCount(), store.size(), fillMs / 1000, ingestMs / 1000,
                double(opt.issues) / (ingestMs / 1000), fillAcc.applied, fillAcc.rejected,
                double(store.memoryBytes()) / (1 << 20), grids, buildings);
    std::fflush(stdout);
    if (fillAcc.applied != std::uint64_t(opt.issues)) die("prefill: not every issue was applied");
    pub.lastUpdated = wallMs();

    auto overlay = gs::OverlayBuilder::create(overlayConfig, *scene);
    if (!overlay) die(overlay.error().message);
    auto overlayGl = gs::OverlayRenderer::create();
    if (!overlayGl) die("GL: " + overlayGl.error().message);
    std::int64_t nowMs = wallMs();
    store.setClock(nowMs);
    (*overlay)->sync(store, nowMs, **overlayGl);
    (*renderer)->setLiveOverlay(overlay->get(), overlayGl->get());
    // As the window and a wall do: the static map is drawn once and copied while the camera stays
    // (render/map_cache.hpp); --no-map-cache draws it every frame.
    (*renderer)->setMapCache(!opt.noMapCache);
    // Crowded markers keep a picture of their own, redrawn where they change (OverlayRenderer::drawCached);
    // --no-marker-picture draws every marker every frame.
    (*overlayGl)->setIncremental(!opt.noMarkerPicture);

    auto frameOnly = [&] {
        target->bind();
        (*renderer)->render(camera, view);
        glFinish();
    };
    frameOnly();  // warm: atlases, shaders, first upload

    // Where a frame's time goes, before any message: the same frame without the overlay (map only)
    // and with it, medians of 10 frames each.
    auto medianFrameMs = [&](int n) {
        std::vector<double> v;
        for (int i = 0; i < n; ++i) {
            const Clock::time_point a = Clock::now();
            frameOnly();
            v.push_back(msSince(a));
        }
        return percentile(v, 50);
    };
    (*renderer)->setLiveOverlay(nullptr, nullptr);
    frameOnly();
    const double mapOnlyMs = medianFrameMs(10);
    (*renderer)->setLiveOverlay(overlay->get(), overlayGl->get());
    (*overlayGl)->setIncremental(false);
    frameOnly();
    const double wholeMs = medianFrameMs(10);
    (*overlayGl)->setIncremental(!opt.noMarkerPicture);
    frameOnly();
    const double withOverlayMs = medianFrameMs(10);
    std::printf("idle frame (median of 10): map alone, drawn %.1f ms; the map's picture + %u markers drawn "
                "whole %.1f ms; as this run draws them (%s) %.1f ms\n",
                mapOnlyMs, store.drawnCount(), wholeMs,
                opt.noMarkerPicture ? "every marker" : "the markers' picture, nothing changed", withOverlayMs);
    std::fflush(stdout);

    // ---- the broker, the source, the publisher ----
    Broker broker;
    g_broker = &broker;
    if (auto err = broker.start(mosquitto)) die(*err);
    const std::string url = "mqtt://127.0.0.1:" + std::to_string(broker.port());
    std::printf("broker: %s (pid %d), anonymous, QoS 1\n", url.c_str(), int(broker.pid()));

    gs::FeedConfig fc;
    fc.type = gs::FeedType::Mqtt;
    fc.url = url;
    fc.topics = {"district/+/events"};
    fc.clientId = "gridscope-bench-latency-" + std::to_string(::getpid());
    fc.qos = 1;
    auto feed = gs::LiveFeed::fromConfig({fc}, "bench_latency");
    if (!feed) die(feed.error().message);
    (*feed)->start();
    {
        const Clock::time_point a = Clock::now();
        while ((*feed)->source(0).status().state != gs::FeedSourceState::Connected) {
            if (msSince(a) > 10000) die("the feed source did not connect: " + (*feed)->source(0).status().lastError);
            frameOnly();
        }
        // The SUBACK follows the CONNACK: a few frames' grace before anything is published.
        const Clock::time_point b = Clock::now();
        while (msSince(b) < 300) frameOnly();
    }

    auto endpoint = gs::parseMqttUrl(url);
    if (!endpoint) die(endpoint.error().message);
    pub.client.endpoint = *endpoint;
    pub.client.cleanSession = true;
    pub.topic = "district/07/events";
    pub.rate = opt.rate;
    pub.seconds = opt.seconds;
    pub.utcOffset = utcOffset;
    pub.lonlat = lonlat;

    // ---- the frame loop ----
    std::vector<double> frameMs, drainMs, clockMs, syncMs, submitMs, finishMs, perFrameMsgs;
    std::vector<double> latency, toDrain, inFrame;
    std::uint64_t unmatched = 0, framesWithMessages = 0;
    std::int64_t lastChange = t0;  // history times after this are the live phase's
    const gs::FeedAccounting before = store.accounting();
    const double cpu0 = processCpuSeconds();
    const Clock::time_point run0 = Clock::now();
    std::thread publisher([&pub] { pub.run(); });
    std::optional<Clock::time_point> doneAt;
    for (;;) {
        const Clock::time_point f0 = Clock::now();
        const std::size_t taken = (*feed)->drainInto(store, kMaxPerSourcePerFrame);
        const Clock::time_point f1 = Clock::now();
        nowMs = std::max(nowMs, wallMs());
        store.setClock(nowMs);
        const Clock::time_point f2 = Clock::now();
        (*overlay)->sync(store, nowMs, **overlayGl);
        const Clock::time_point f3 = Clock::now();
        if (opt.render) {
            target->bind();
            (*renderer)->render(camera, view);
        }
        const Clock::time_point f4 = Clock::now();
        glFinish();
        const Clock::time_point f5 = Clock::now();  // shown
        const std::int64_t shownNs = std::chrono::duration_cast<std::chrono::nanoseconds>(f5.time_since_epoch()).count();
        const std::int64_t drainedNs = std::chrono::duration_cast<std::chrono::nanoseconds>(f1.time_since_epoch()).count();

        frameMs.push_back(msBetween(f0, f5));
        drainMs.push_back(msBetween(f0, f1));
        clockMs.push_back(msBetween(f1, f2));
        syncMs.push_back(msBetween(f2, f3));
        submitMs.push_back(msBetween(f3, f4));
        finishMs.push_back(msBetween(f4, f5));
        perFrameMsgs.push_back(double(taken));
        if (taken) ++framesWithMessages;

        // Every change applied in this frame: its updated_at names its message.
        for (const gs::LiveChange& c : store.history().changesBetween(lastChange + 1, std::numeric_limits<std::int64_t>::max())) {
            lastChange = std::max(lastChange, c.time);
            const auto sent = pub.sentAt(c.time);
            if (!sent) {
                ++unmatched;
                continue;
            }
            latency.push_back(double(shownNs - *sent) / 1e6);
            toDrain.push_back(double(drainedNs - *sent) / 1e6);
            inFrame.push_back(double(shownNs - drainedNs) / 1e6);
        }

        // Without a frame to draw, poll every millisecond rather than spin (a spinning loop would take
        // a core from the broker and the network loops).
        if (!opt.render) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        if (pub.finished.load()) {
            if (!doneAt) doneAt = Clock::now();
            const std::uint64_t got = store.accounting().received - before.received;
            if (got >= pub.published.load() && taken == 0) break;
            if (msSince(*doneAt) > 10000) break;  // something was lost: the accounting below says what
        }
    }
    publisher.join();
    const double runSeconds = msSince(run0) / 1000;
    const double cpuSeconds = processCpuSeconds() - cpu0;
    (*feed)->stop();
    (*feed)->drainInto(store, 1 << 20);  // anything still queued is counted too
    const gs::FeedSourceStatus source = (*feed)->source(0).status();
    const gs::FeedQueueStats queue = (*feed)->source(0).queue().stats();
    broker.stop();
    (*renderer)->setLiveOverlay(nullptr, nullptr);
    if (!pub.error.empty()) die(pub.error);

    // ---- results ----
    const gs::FeedAccounting acc = store.accounting();
    const std::uint64_t received = acc.received - before.received, applied = acc.applied - before.applied,
                        stale = acc.stale - before.stale, duplicate = acc.duplicate - before.duplicate,
                        rejected = acc.rejected - before.rejected;
    const std::uint64_t published = pub.published.load();
    const bool balanced = acc.balanced() && received == applied + stale + duplicate + rejected;
    const bool complete = applied == published && rejected == 0;
    const double p50 = percentile(latency, 50), p95 = percentile(latency, 95), p99 = percentile(latency, 99),
                 pmax = maxOf(latency);
    const bool pass = complete && balanced && !latency.empty() && p99 < kBarP99Ms;
    // Only the issue's workload, drawn, is a verdict on the bar (with or without buildings: the
    // scene is the demo's grid levels, and buildings when the frame time allows).
    const bool verdict = fullWorkload && opt.render;
    const char* verdictText = !verdict ? "VARIANT (no verdict on the bar)" : pass ? "PASS" : "FAIL";
    const std::string loadAvg = loadAverage();

    std::printf("publisher: %" PRIu64 " published in %.2f s (%.0f msgs/s: %" PRIu64 " new, %" PRIu64
                " closed, %" PRIu64 " lifecycle), %" PRIu64 " acknowledged, %" PRIu64 " failed\n",
                published, pub.sendSeconds, double(published) / std::max(1e-9, pub.sendSeconds), pub.counts[0],
                pub.counts[1], pub.counts[2], pub.acknowledged.load(), pub.failed.load());
    std::printf("source: %s, %" PRIu64 " pushed to its queue; queue drained %" PRIu64 ", dropped %" PRIu64 "\n",
                std::string(gs::stateName(source.state)).c_str(), source.received, queue.drained, queue.dropped);
    std::printf("store: received %" PRIu64 " = applied %" PRIu64 " + stale %" PRIu64 " + duplicate %" PRIu64
                " + rejected %" PRIu64 " (%s); %u drawn now; latency samples %zu, unmatched %" PRIu64 "\n",
                received, applied, stale, duplicate, rejected, balanced ? "balanced" : "NOT balanced",
                store.drawnCount(), latency.size(), unmatched);
    std::printf("frames: %zu in %.1f s (%.1f fps; %" PRIu64 " with messages, %.1f msgs/frame on those); "
                "process CPU %.1f s (%.2f cores)\n",
                frameMs.size(), runSeconds, double(frameMs.size()) / runSeconds, framesWithMessages,
                framesWithMessages ? double(received) / double(framesWithMessages) : 0.0, cpuSeconds,
                cpuSeconds / runSeconds);
    auto row = [](const char* name, const std::vector<double>& v) {
        std::printf("  %-26s mean %7.2f  p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms\n", name, mean(v),
                    percentile(v, 50), percentile(v, 95), percentile(v, 99), maxOf(v));
    };
    row("frame (drain..glFinish)", frameMs);
    row("  drainInto", drainMs);
    row("  store.setClock", clockMs);
    row("  overlay.sync", syncMs);
    row("  render (submit)", submitMs);
    row("  glFinish", finishMs);
    std::printf("latency, publish -> frame shown (%zu messages):\n", latency.size());
    row("publish -> shown", latency);
    row("  publish -> drained", toDrain);
    row("  drained -> shown", inFrame);
    std::printf("%s: p99 %.1f ms vs bar %.0f ms (%s)%s; load average %s\n", verdictText, p99, kBarP99Ms,
                variant.c_str(), complete ? "" : " [messages missing or rejected]", loadAvg.c_str());

    char json[2048];
    std::snprintf(json, sizeof json,
                  R"({"bench":"latency","variant":"%s","full_workload":%s,"width":%d,"height":%d,"rate":%.0f,)"
                  R"("seconds":%.1f,"issues":%d,"open":%d,"grids":%zu,"buildings":%zu,"prefill_s":%.2f,)"
                  R"("prefill_ingest_s":%.2f,"published":%)" PRIu64 R"(,"acknowledged":%)" PRIu64
                  R"(,"received":%)" PRIu64 R"(,"applied":%)" PRIu64 R"(,"stale":%)" PRIu64
                  R"(,"duplicate":%)" PRIu64 R"(,"rejected":%)" PRIu64 R"(,"balanced":%s,"frames":%zu,)"
                  R"("frame_ms_p50":%.2f,"frame_ms_p99":%.2f,"drain_ms_p99":%.2f,"sync_ms_p99":%.2f,)"
                  R"("render_ms_p99":%.2f,"finish_ms_p99":%.2f,"latency_ms_p50":%.2f,"latency_ms_p95":%.2f,)"
                  R"("latency_ms_p99":%.2f,"latency_ms_max":%.2f,"to_drain_ms_p99":%.2f,"in_frame_ms_p99":%.2f,)"
                  R"("idle_map_only_ms":%.2f,"idle_with_overlay_ms":%.2f,"bar_ms":%.0f,"pass":%s,"loadavg":"%s"})",
                  variant.c_str(), fullWorkload ? "true" : "false", opt.width, opt.height, opt.rate, opt.seconds,
                  opt.issues, opt.open, grids, buildings, fillMs / 1000, ingestMs / 1000, published,
                  pub.acknowledged.load(), received, applied, stale, duplicate, rejected, balanced ? "true" : "false",
                  frameMs.size(), percentile(frameMs, 50), percentile(frameMs, 99), percentile(drainMs, 99),
                  percentile(syncMs, 99), percentile(submitMs, 99), percentile(finishMs, 99), p50, p95, p99, pmax,
                  percentile(toDrain, 99), percentile(inFrame, 99), mapOnlyMs, withOverlayMs, kBarP99Ms, !verdict ? "null" : pass ? "true" : "false", loadAvg.c_str());
    std::printf("%s\n", json);
    if (!opt.json.empty()) {
        std::ofstream f(opt.json, std::ios::app);
        f << json << "\n";
    }
    // The GL objects (overlay, renderer) are destroyed before the target and its context, declared first.
    return 0;
}
