// libFuzzer target: the live feed's parser and store must never crash or hit undefined behaviour,
// whatever the bytes. Built by tests/fuzz.cmake with -fsanitize=fuzzer,address,undefined.
//
// Each input is split at newlines into messages (as a replayed file would be) and fed to a fresh
// store, so upsert, ties, null geometries, figures, the drawn set and the history are exercised
// with state and every crash reproduces from its input alone. Invariants that the contract
// promises are checked too; a violation aborts, which libFuzzer reports like a crash.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

#include "live/store/live_store.hpp"

namespace {

void check(bool condition, const char* what) {
    if (!condition) {
        std::fprintf(stderr, "fuzz_message: invariant broken: %s\n", what);
        std::abort();
    }
}

const gs::GridAssigner& assigner() {
    static const gs::BruteForceGridAssigner grids = [] {
        gs::BruteForceGridAssigner a;
        const gs::Box extent{120.0, 31.0, 121.0, 32.0};
        a.addLevel(gs::BruteForceGridAssigner::uniformGrids(extent, 2, 2, "S"));
        a.addLevel(gs::BruteForceGridAssigner::uniformGrids(extent, 10, 10, "G"));
        return a;
    }();
    return grids;
}

void checkMessage(const gs::LiveMessage& m, const gs::ParseOptions& options) {
    check(!m.id.empty(), "an accepted message has an id");
    check(m.priority >= 1 && m.priority <= 3, "priority in 1..3");
    check(m.status < gs::statusCount(m.kind), "status in its kind's set");
    check(m.updatedAt != gs::kNoTime, "updated_at present");
    if (m.point)
        check(std::isfinite(m.point->x) && std::isfinite(m.point->y) && options.validRange.contains(*m.point),
              "point finite and in range");
    if (!m.extraProperties.empty())
        check(nlohmann::json::accept(m.extraProperties), "extra properties are valid JSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    gs::StoreOptions options;
    options.keptRejections = 4;
    options.historyRetentionMs = gs::kMillisPerHour;
    gs::LiveStore store(options, &assigner());

    // The whole input as one message: the parser alone.
    gs::ParseResult whole = gs::parseMessage(input, options.parse);
    if (auto* m = std::get_if<gs::LiveMessage>(&whole)) checkMessage(*m, options.parse);

    // Line by line into the store.
    std::int64_t latest = 0;
    std::size_t messages = 0;
    for (std::size_t begin = 0; begin <= input.size();) {
        std::size_t end = input.find('\n', begin);
        if (end == std::string_view::npos) end = input.size();
        const std::string_view line = input.substr(begin, end - begin);
        begin = end + 1;
        if (gs::messageText(line).empty()) continue;
        store.ingest(line);
        ++messages;
        check(store.accounting().balanced(), "received = applied + stale + duplicate + rejected");
        if (store.size() > 0) latest = std::max(latest, store.record(std::uint32_t(store.size() - 1)).updatedAt);
        if (messages % 3 == 0) store.setClock(latest);
        if (end == input.size()) break;
    }
    check(store.accounting().received == messages, "every message received once");

    // Views of the result: none may crash, and they must agree with each other.
    store.setClock(latest + gs::kMillisPerMinute);
    gs::DrawChanges changes = store.takeChanges();
    check(changes.drawnCount == store.drawnCount(), "drawn count");
    std::uint32_t drawn = 0;
    for (std::uint32_t rec = 0; rec < store.size(); ++rec) {
        drawn += gs::isDrawn(store.record(rec));
        auto details = store.details(rec);
        check(details.ok(), "the message shown parses again");
        checkMessage(*details, options.parse);
    }
    check(drawn == store.drawnCount(), "drawn set = records drawn");
    for (std::uint32_t slot = 0; slot < store.drawnCount(); ++slot)
        check(store.drawnRecord(slot) < store.size(), "slot holds a record");
    const gs::GridFigures totals = store.totals();
    check(totals.issues + totals.volunteers == std::int32_t(store.size()), "totals count every record");
    check(totals.open >= totals.overdue && totals.open <= totals.issues, "open and overdue consistent");
    for (int level = 0; level < store.levelCount(); ++level) {
        std::int32_t sum = 0;
        for (int grid = -1; grid < store.gridCount(level); ++grid) sum += store.figures(level, grid).issues;
        check(sum == totals.issues, "every issue is in one grid or unassigned at each level");
    }
    if (auto states = store.stateAt(latest)) check(states->size() <= store.size(), "state at T");
    (void)store.changesBetween(latest - gs::kMillisPerHour, latest + 1);
    (void)store.recentRejections();
    return 0;
}
