// A history from a recorded live feed (ndjson, one contract message per line: docs/live-feed.md):
// each issue's last state by updated_at becomes one event — reported at its reported_at (else its
// first update), closed at its resolved_at (else the update that closed it), with its category,
// priority, team, title, address and deadline; its position is the last one given. Lines the
// contract rejects are counted by reason; volunteers are counted and left out (they are not
// events). The feed's coordinates are WGS 84 lon/lat unless `feedCrs` says otherwise.
#pragma once

#include <string>

#include "core/result.hpp"
#include "history/event_history.hpp"
#include "history/history_builder.hpp"
#include "live/feed/message.hpp"
#include "history/history_load.hpp"

namespace gs {

struct FeedHistoryOptions {
    std::string path;                 // the recording
    std::string feedCrs = "EPSG:4326";
    std::string displayCrs = "EPSG:3857";
    HistoryGrids grids;
    size_t keepSkippedPerReason = 20;
};

Result<EventHistory> loadHistoryFromFeed(const FeedHistoryOptions& options, HistoryLoadReport& report);

// One issue's event from its last message: reported at its reported_at (else `firstUpdate`), closed
// at its resolved_at (else `closedAt`, the update that closed it, else the message's update), its
// keys and text (views into `last`, which must outlive the event's use). No position.
HistoryBuilder::Event issueEvent(const LiveMessage& last, int64_t firstUpdate, int64_t closedAt);

// True for a path that names a recorded feed (.ndjson, .jsonl, .geojsonl; not gzipped).
bool isFeedRecording(const std::string& path);

}  // namespace gs
