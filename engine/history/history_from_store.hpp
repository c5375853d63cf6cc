// A history from the live store as events arrive (issue 13): each issue the store holds is one
// event, as a recording's last state would be (history_from_feed's issueEvent: reported at its
// reported_at, else its last update; closed at its resolved_at, else the update that closed it),
// its position the store's, projected to the display CRS. Volunteers are left out (counted). Read
// again whenever the store has taken new messages (LiveStore::accounting().applied).
#pragma once

#include <string>

#include "core/result.hpp"
#include "history/history_load.hpp"
#include "live/store/live_store.hpp"

namespace gs {

struct StoreHistoryOptions {
    std::string feedCrs = "EPSG:4326";  // the store's points
    std::string displayCrs = "EPSG:3857";
    HistoryGrids grids;
};

Result<EventHistory> historyFromStore(const LiveStore& store, const StoreHistoryOptions& options,
                                      HistoryLoadReport& report);

}  // namespace gs
