// `gridscope feed check FEED --grids SRC[:LAYER] ... [--at TIME] [--json]`: runs a feed through the
// live store headless (as fast as it reads) against real grids and prints the accounting and
// every grid's figures at TIME (default: the newest message's time).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "live/live_store.hpp"
#include "live/rfc3339.hpp"
#include "live/scene_grid_assigner.hpp"
#include "scene_setup.hpp"

namespace gs::cli {

namespace {

nlohmann::json figuresJson(const GridFigures& f) {
    nlohmann::json j = {{"issues", f.issues}, {"open", f.open}, {"overdue", f.overdue},
                        {"newLastHour", f.newLastHour}, {"resolvedToday", f.resolvedToday},
                        {"volunteersOnDuty", f.volunteersOnDuty + f.volunteersBusy}};
    j["medianResponseHours"] = f.medianResponseMs ? nlohmann::json(double(*f.medianResponseMs) / 3.6e6) : nullptr;
    return j;
}

}  // namespace

int runFeedCheck(int argc, char** argv) {
    std::string feedPath, at;
    Options o;
    bool json = false;
    for (int i = 0; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--grids" && (v = next())) o.grids.push_back(v);
        else if (a == "--src-crs" && (v = next())) o.srcCrs = v;
        else if (a == "--at" && (v = next())) at = v;
        else if (a == "--json") json = true;
        else if (feedPath.empty() && !a.starts_with("--")) feedPath = a;
        else return reportBad(Error{"feed check: unexpected argument \"" + a + "\""});
    }
    if (feedPath.empty() || o.grids.empty())
        return reportBad(Error{"feed check: give FEED and --grids SRC[:LAYER] (levels, coarse to fine)"});
    std::optional<std::int64_t> atMs;
    if (!at.empty()) {
        atMs = parseRfc3339(at);
        if (!atMs) return reportBad(Error{"--at: \"" + at + "\" is not an RFC 3339 time with offset"});
    }
    std::ifstream in(feedPath, std::ios::binary);
    if (!in) return reportBad(Error{feedPath + ": cannot read"});

    auto config = sceneFromOptions(o);
    if (!config) return reportBad(config.error());
    auto scene = loadScene(*config, LoadOptions{});
    if (!scene) return reportBad(scene.error());
    auto assigner = SceneGridAssigner::create(*scene);
    if (!assigner) return reportBad(assigner.error());

    StoreOptions so;
    so.historyRetentionMs = std::int64_t(3650) * 86400000;  // a check keeps everything
    LiveStore store(so, assigner->get());
    std::string line;
    std::int64_t newest = 0;
    size_t afterAt = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\x1e") continue;
        // Parse once: a message after --at is not part of the state asked for (counted apart);
        // anything that does not parse goes to the store, which counts it under its reason.
        ParseResult parsed = parseMessage(line);
        auto* m = std::get_if<LiveMessage>(&parsed);
        if (!m) { store.ingest(line); continue; }
        if (atMs && m->updatedAt > *atMs) { ++afterAt; continue; }
        store.apply(*m, line);
        newest = std::max(newest, m->updatedAt);
    }
    store.setClock(atMs ? *atMs : newest);

    const auto& acc = store.accounting();
    nlohmann::json out;
    out["feed"] = feedPath;
    out["at"] = formatRfc3339(atMs ? *atMs : newest, 480);
    out["accounting"] = {{"received", acc.received}, {"applied", acc.applied}, {"stale", acc.stale},
                         {"duplicate", acc.duplicate}, {"rejected", acc.rejected},
                         {"balanced", acc.balanced()}, {"afterAt", afterAt}};
    auto& by = out["accounting"]["rejectedBy"] = nlohmann::json::object();
    for (int r = 0; r < kRejectReasonCount; ++r)
        if (acc.rejectedBy[size_t(r)]) by[std::string(reasonName(RejectReason(r)))] = acc.rejectedBy[size_t(r)];
    out["totals"] = figuresJson(store.totals());
    out["levels"] = nlohmann::json::array();
    for (int l = 0; l < store.levelCount(); ++l) {
        nlohmann::json level;
        level["id"] = (*assigner)->level(l).config.id;
        level["unassigned"] = figuresJson(store.figures(l, -1));
        auto& grids = level["grids"] = nlohmann::json::array();
        for (int g = 0; g < store.gridCount(l); ++g) {
            auto j = figuresJson(store.figures(l, g));
            j["grid"] = (*assigner)->gridName(l, g);
            grids.push_back(std::move(j));
        }
        out["levels"].push_back(std::move(level));
    }
    if (json) {
        std::cout << out.dump(2) << "\n";
    } else {
        std::printf("%s at %s: received %llu = applied %llu + stale %llu + duplicate %llu + rejected %llu (%s)\n",
                    feedPath.c_str(), out["at"].get<std::string>().c_str(), (unsigned long long)acc.received,
                    (unsigned long long)acc.applied, (unsigned long long)acc.stale,
                    (unsigned long long)acc.duplicate, (unsigned long long)acc.rejected,
                    acc.balanced() ? "balanced" : "NOT BALANCED");
        for (auto& [k, v] : by.items()) std::printf("  rejected %s: %llu\n", k.c_str(), (unsigned long long)v.get<uint64_t>());
        std::printf("totals: %s\n", out["totals"].dump().c_str());
        for (const auto& level : out["levels"])
            std::printf("level %s: %zu grids; unassigned %s\n", level["id"].get<std::string>().c_str(),
                        level["grids"].size(), level["unassigned"].dump().c_str());
    }
    return acc.balanced() ? 0 : 1;
}

}  // namespace gs::cli
