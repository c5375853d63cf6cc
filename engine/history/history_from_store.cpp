#include "history/history_from_store.hpp"

#include <chrono>
#include <span>

#include "geo/transformer.hpp"
#include "history/history_builder.hpp"
#include "history/history_from_feed.hpp"

namespace gs {

Result<EventHistory> historyFromStore(const LiveStore& store, const StoreHistoryOptions& o,
                                      HistoryLoadReport& report) {
    const auto t0 = std::chrono::steady_clock::now();
    report = {};
    report.sourceLabel = "the live store";
    auto toDisplay = Transformer::create(o.feedCrs, o.displayCrs);
    if (!toDisplay) return Error{"live history: " + toDisplay.error().message};
    HistoryBuilder builder(o.displayCrs, o.grids, false);
    for (std::uint32_t rec = 0; rec < store.size(); ++rec) {
        const LiveRecord& r = store.record(rec);
        ++report.rows;
        if (r.kind != LiveKind::Issue) {
            ++report.skippedByReason["a volunteer, not an event"];
            continue;
        }
        auto last = store.details(rec);  // the message shown: its keys and text
        if (!last) {
            ++report.skippedByReason["unreadable message"];
            continue;
        }
        Vec2d p = r.point;
        if (toDisplay->transform(std::span<Vec2d>(&p, 1)) != 0) {
            ++report.skippedByReason["cannot be projected"];
            continue;
        }
        HistoryBuilder::Event e = issueEvent(*last, r.updatedAt, resolutionTime(r));
        e.position = p;
        builder.add(e, report);
    }
    auto h = builder.finish("the live store");
    if (!h) return h.error();
    report.events = h->size();
    report.totalSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return h;
}

}  // namespace gs
