// `gridscope feed check`: runs a feed through the live store headless and prints the accounting
// and every grid's figures (options and help: cli_options.cpp).
//   FEED --grids SRC[:LAYER] ... [--at TIME] [--feed-crs CRS] [--json]
//       a file, as fast as it reads; figures at TIME (default: the newest message's time).
//   --mqtt URL --topic T ... | --config SCENE.json     [--grids ...] [--for S] [--expect N] [--json]
//       live sources (an MQTT subscription, or the feeds a scene declares) for S seconds or until N
//       messages came, then the accounting and each source's state.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <variant>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "session/live_feed.hpp"
#include "live/store/live_store.hpp"
#include "live/feed/mqtt_feed_source.hpp"
#include "core/rfc3339.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "live/feed/source_crs.hpp"
#include "scene_setup.hpp"

namespace gs::cli {

namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json figuresJson(const GridFigures& f) {
    nlohmann::json j = {{"issues", f.issues}, {"open", f.open}, {"overdue", f.overdue},
                        {"newLastHour", f.newLastHour}, {"resolvedToday", f.resolvedToday},
                        {"volunteersOnDuty", f.volunteersOnDuty + f.volunteersBusy}};
    j["medianResponseHours"] = f.medianResponseMs ? nlohmann::json(double(*f.medianResponseMs) / 3.6e6) : nullptr;
    return j;
}

// The accounting and the figures of every grid, as JSON.
nlohmann::json storeJson(const LiveStore& store, const SceneGridAssigner* assigner) {
    const auto& acc = store.accounting();
    nlohmann::json out;
    out["accounting"] = {{"received", acc.received}, {"applied", acc.applied}, {"stale", acc.stale},
                         {"duplicate", acc.duplicate}, {"rejected", acc.rejected}, {"balanced", acc.balanced()}};
    auto& by = out["accounting"]["rejectedBy"] = nlohmann::json::object();
    for (int r = 0; r < kRejectReasonCount; ++r)
        if (acc.rejectedBy[size_t(r)]) by[std::string(reasonName(RejectReason(r)))] = acc.rejectedBy[size_t(r)];
    out["totals"] = figuresJson(store.totals());
    out["levels"] = nlohmann::json::array();
    for (int l = 0; assigner && l < store.levelCount(); ++l) {
        nlohmann::json level;
        level["id"] = assigner->level(l).config.id;
        level["unassigned"] = figuresJson(store.figures(l, -1));
        auto& grids = level["grids"] = nlohmann::json::array();
        for (int g = 0; g < store.gridCount(l); ++g) {
            auto j = figuresJson(store.figures(l, g));
            j["grid"] = assigner->gridName(l, g);
            grids.push_back(std::move(j));
        }
        out["levels"].push_back(std::move(level));
    }
    return out;
}

void printStoreText(const std::string& what, const nlohmann::json& out, const LiveStore& store) {
    const auto& acc = store.accounting();
    const std::string at = out["at"].is_string() ? "at " + out["at"].get<std::string>() : "(no message)";
    std::printf("%s %s: received %llu = applied %llu + stale %llu + duplicate %llu + rejected %llu (%s)\n",
                what.c_str(), at.c_str(), (unsigned long long)acc.received,
                (unsigned long long)acc.applied, (unsigned long long)acc.stale, (unsigned long long)acc.duplicate,
                (unsigned long long)acc.rejected, acc.balanced() ? "balanced" : "NOT BALANCED");
    for (auto& [k, v] : out["accounting"]["rejectedBy"].items())
        std::printf("  rejected %s: %llu\n", k.c_str(), (unsigned long long)v.get<uint64_t>());
    std::printf("totals: %s\n", out["totals"].dump().c_str());
    for (const auto& level : out["levels"])
        std::printf("level %s: %zu grids; unassigned %s\n", level["id"].get<std::string>().c_str(),
                    level["grids"].size(), level["unassigned"].dump().c_str());
}

// The grids: --grids, or the levels of --config (its buildings are not needed); none at all is
// allowed in live mode (then only the totals are kept).
struct Grids {
    std::optional<LoadedScene> scene;
    std::unique_ptr<SceneGridAssigner> assigner;
};
Result<Grids> loadGrids(const Options& options, std::optional<SceneConfig> config) {
    Grids grids;
    if (!config) {
        if (options.grids.empty()) return grids;
        auto c = sceneFromOptions(options);
        if (!c) return c.error();
        config = std::move(c->scene);
    }
    std::erase_if(config->layers, [](const LayerConfig& l) { return l.role != LayerRole::Level; });
    if (config->layers.empty()) return grids;
    auto scene = loadScene(*config, LoadOptions{});
    if (!scene) return scene.error();
    grids.scene = std::move(*scene);
    auto assigner = SceneGridAssigner::create(*grids.scene);
    if (!assigner) return assigner.error();
    grids.assigner = std::move(*assigner);
    return grids;
}

int runFileCheck(const Options& options) {
    const FeedCheckOptions& args = options.feedCheck;
    std::optional<std::int64_t> atMs;
    if (!args.at.empty()) {
        atMs = parseRfc3339(args.at);
        if (!atMs) return reportBad(Error{"--at: \"" + args.at + "\" is not an RFC 3339 time with offset"});
    }
    auto crs = SourceCrs::create(args.feedCrs);
    if (!crs) return reportBad(Error{"--feed-crs: " + crs.error().message});
    std::ifstream in(args.feedPath, std::ios::binary);
    if (!in) return reportBad(Error{args.feedPath + ": cannot read"});

    auto grids = loadGrids(options, std::nullopt);
    if (!grids) return reportBad(grids.error());

    StoreOptions so;
    so.historyRetentionMs = std::int64_t(3650) * 86400000;  // a check keeps everything
    LiveStore store(so, grids->assigner.get());
    std::string line;
    std::int64_t newest = 0;
    size_t afterAt = 0;
    LiveMessage m;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\x1e") continue;
        // Parse once: a message after --at is not part of the state asked for (counted apart);
        // anything that does not parse goes to the store, which counts it under its reason.
        if (auto rejection = parseMessageInto(line, crs->parseOptions(), m)) {
            store.ingestRejected(*rejection, line);
            continue;
        }
        if (m.point && !crs->toWgs84(*m.point)) {
            store.ingestRejected({RejectReason::BadCoordinates, "geometry.coordinates: cannot be converted from " +
                                                                    crs->name() + " to WGS 84"},
                                 line);
            continue;
        }
        if (atMs && m.updatedAt > *atMs) { ++afterAt; continue; }
        store.apply(m, line);
        newest = std::max(newest, m.updatedAt);
    }
    store.setClock(atMs ? *atMs : newest);

    nlohmann::json out = storeJson(store, grids->assigner.get());
    out["feed"] = args.feedPath;
    out["at"] = formatRfc3339(atMs ? *atMs : newest, 480);
    out["accounting"]["afterAt"] = afterAt;
    if (options.json) std::cout << out.dump(2) << "\n";
    else printStoreText(args.feedPath, out, store);
    return store.accounting().balanced() ? 0 : 1;
}

nlohmann::json sourceJson(const LiveFeedSourceReport& r, Clock::time_point now, Clock::time_point start) {
    const FeedSourceStatus& s = r.status;
    nlohmann::json j = {{"name", s.name},
                        {"kind", s.kind == FeedSourceKind::File ? "file" : "mqtt"},
                        {"state", std::string(stateName(s.state))},
                        {"received", s.received},
                        {"connections", s.connections},
                        {"attempt", s.attempt},
                        {"messagesPerSecond", s.messagesPerSecond},
                        {"silentSeconds", s.silentFor(now, start)},
                        {"lastError", s.lastError},
                        {"crs", r.crs},
                        {"status", describeStatus(s, now)}};
    j["queue"] = {{"pushed", r.queue.pushed}, {"drained", r.queue.drained}, {"dropped", r.queue.dropped},
                  {"refused", r.queue.refused}, {"queued", r.queue.queued}};
    return j;
}

int runLiveCheck(const Options& options) {
    const FeedCheckOptions& args = options.feedCheck;
    if (!args.at.empty()) return reportBad(Error{"feed check: --at works with a FEED file, not with live sources"});
    if (!args.feedPath.empty())
        return reportBad(Error{"feed check: give either FEED or live sources (--mqtt, --config), not both"});
    if (!options.configPath.empty() && !options.grids.empty())
        return reportBad(Error{"feed check: with --config the grids are the config's levels; drop --grids"});

    std::optional<SceneConfig> config;
    std::unique_ptr<LiveFeed> feed = std::make_unique<LiveFeed>();
    if (!options.configPath.empty()) {
        auto c = loadSceneFile(options.configPath);
        if (!c) return reportBad(c.error());
        if (c->feeds.empty() && args.mqttUrl.empty())
            return reportBad(Error{options.configPath + ": feeds: none declared (nothing to check)"});
        auto f = LiveFeed::fromConfig(c->feeds, options.configPath);
        if (!f) return reportBad(f.error());
        feed = std::move(*f);
        config = std::move(c->scene);
    }
    if (!args.mqttUrl.empty()) {
        auto endpoint = parseMqttUrl(args.mqttUrl);
        if (!endpoint) return reportBad(Error{"--mqtt: " + endpoint.error().message});
        if (args.topics.empty()) return reportBad(Error{"feed check: --mqtt needs --topic FILTER"});
        MqttFeedOptions o;
        o.client.endpoint = *endpoint;
        // A persistent session only with a chosen id: a default one would leave a session on the
        // broker that collects messages between checks and hands a later check that backlog.
        o.client.clientId = args.clientId;
        o.client.cleanSession = args.clientId.empty();
        o.client.user = args.user;
        if (o.client.user.empty())
            if (const char* u = std::getenv("GRIDSCOPE_MQTT_USER")) o.client.user = u;
        auto password = readMqttPassword(
            args.passwordFile.empty() && std::getenv("GRIDSCOPE_MQTT_PASSWORD") ? "GRIDSCOPE_MQTT_PASSWORD" : "",
            args.passwordFile);
        if (!password) return reportBad(Error{"--password-file: " + password.error().message});
        o.client.password = *password;
        if (!o.client.password.empty() && o.client.user.empty())
            return reportBad(Error{"feed check: a password needs a user (GRIDSCOPE_MQTT_USER or --user)"});
        o.client.caFile = args.caFile;
        // Each attempt ends before the whole wait does, so the last error says why.
        o.client.connectTimeoutSeconds = std::max(0.5, std::min(args.connectTimeout * 0.75, 10.0));
        o.client.reconnectMinSeconds = 0.25;
        o.client.reconnectMaxSeconds = 5;
        o.topics = args.topics;
        o.qos = args.qos;
        // Block: a slow check holds the broker's QoS 1 redelivery instead of dropping.
        o.queue.policy = OverflowPolicy::Block;
        auto crs = SourceCrs::create(args.feedCrs);
        if (!crs) return reportBad(Error{"--feed-crs: " + crs.error().message});
        auto source = MqttFeedSource::create(std::move(o));
        if (!source) return reportBad(source.error());
        feed->add(std::move(*source), std::move(*crs));
    }

    auto grids = loadGrids(options, std::move(config));
    if (!grids) return reportBad(grids.error());
    StoreOptions so;
    so.historyRetentionMs = std::int64_t(3650) * 86400000;
    LiveStore store(so, grids->assigner.get());

    const Clock::time_point start = Clock::now();
    const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(args.forSeconds));
    feed->start();
    std::optional<std::pair<int, std::string>> problem;
    bool expectedCame = false;
    for (;;) {
        feed->drainInto(store);
        const auto& acc = store.accounting();
        if (args.expect && acc.received - acc.duplicate >= *args.expect) {
            expectedCame = true;
            break;
        }
        for (const LiveFeedSourceReport& r : feed->report()) {
            const FeedSourceStatus& s = r.status;
            if (s.state == FeedSourceState::AuthFailed || s.state == FeedSourceState::Refused)
                problem = std::pair{2, s.lastError};
            else if (s.kind == FeedSourceKind::Mqtt && s.connections == 0 &&
                     Clock::now() - start > std::chrono::duration<double>(args.connectTimeout))
                problem = std::pair{1, unreachableMessage(s.name.substr(0, s.name.find(' ')), s.lastError,
                                                          args.connectTimeout, s.attempt)};
            if (problem) break;
        }
        if (problem || feed->exhausted() || Clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const Clock::time_point end = Clock::now();
    std::vector<LiveFeedSourceReport> reports = feed->report();  // the states before stopping
    feed->stop();
    feed->drainInto(store);  // what was queued when the sources stopped

    std::int64_t newest = 0;
    for (std::uint32_t rec = 0; rec < store.size(); ++rec) newest = std::max(newest, store.record(rec).updatedAt);
    const std::int64_t clock = feed->feedClock().value_or(newest);
    store.setClock(clock);
    for (size_t i = 0; i < reports.size(); ++i) reports[i].queue = feed->report()[i].queue;

    nlohmann::json out = storeJson(store, grids->assigner.get());
    out["at"] = store.size() > 0 || feed->feedClock() ? nlohmann::json(formatRfc3339(clock, 480)) : nlohmann::json();
    out["seconds"] = std::chrono::duration<double>(end - start).count();
    if (args.expect) out["expect"] = *args.expect;
    out["sources"] = nlohmann::json::array();
    for (const auto& r : reports) out["sources"].push_back(sourceJson(r, end, start));
    if (options.json) {
        std::cout << out.dump(2) << "\n";
    } else {
        printStoreText("live feed", out, store);
        for (const auto& s : out["sources"])
            std::printf("source %s: %s; %d connection(s); queue pushed %llu = drained %llu + dropped %llu + queued %llu\n",
                        s["name"].get<std::string>().c_str(), s["status"].get<std::string>().c_str(),
                        s["connections"].get<int>(),
                        (unsigned long long)s["queue"]["pushed"].get<uint64_t>(),
                        (unsigned long long)s["queue"]["drained"].get<uint64_t>(),
                        (unsigned long long)s["queue"]["dropped"].get<uint64_t>(),
                        (unsigned long long)s["queue"]["queued"].get<uint64_t>());
    }
    std::fflush(stdout);
    if (problem) {
        std::fprintf(stderr, "gridscope: %s\n", problem->second.c_str());
        return problem->first;
    }
    const auto& acc = store.accounting();
    if (args.expect && !expectedCame && acc.received - acc.duplicate < *args.expect) {
        std::fprintf(stderr, "gridscope: expected %llu messages, %llu came (not counting %llu duplicates) in %.1f s\n",
                     (unsigned long long)*args.expect, (unsigned long long)(acc.received - acc.duplicate),
                     (unsigned long long)acc.duplicate, out["seconds"].get<double>());
        return 1;
    }
    return acc.balanced() ? 0 : 1;
}

}  // namespace

std::string unreachableMessage(const std::string& url, const std::string& lastError, double seconds, int attempts) {
    std::string reason = lastError;
    if (reason.starts_with(url + ": ")) reason.erase(0, url.size() + 2);
    char text[96];
    std::snprintf(text, sizeof text, ": unreachable for %.0f s (%d attempt%s", seconds, attempts, attempts == 1 ? "" : "s");
    return url + text + (reason.empty() ? std::string("; no answer yet)") : "; last: " + reason + ")");
}

int runFeedCheck(const Options& options) {
    const FeedCheckOptions& args = options.feedCheck;
    for (const std::string& t : args.topics)
        if (std::string problem = topicFilterProblem(t); !problem.empty())
            return reportBad(Error{"--topic \"" + t + "\": " + problem});
    if (!args.mqttUrl.empty() || !options.configPath.empty()) return runLiveCheck(options);
    if (args.feedPath.empty() || options.grids.empty())
        return reportBad(Error{"feed check: give FEED and --grids SRC[:LAYER] (levels, coarse to fine), or live "
                               "sources (--mqtt URL --topic T, --config SCENE.json); see gridscope feed check --help"});
    return runFileCheck(options);
}

}  // namespace gs::cli
