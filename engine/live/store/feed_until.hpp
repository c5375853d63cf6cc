// A recorded feed up to a moment: the state a headless picture or a check shows "as of" a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/rfc3339.hpp"

namespace gs {

class LiveStore;

struct FeedUntilStats {
    std::uint64_t lines = 0;       // messages read (blank lines aside)
    std::uint64_t afterUntil = 0;  // parsed, but updated after `until`: left out
    std::int64_t newest = kNoTime; // the latest updated_at among the messages taken
};

// Feeds every message of the file (one per line) whose updated_at is at or before `until` (every
// message when none) into the store, in file order. A line that does not parse goes to the store
// too, which counts it under its reason. Does not set the store's clock.
Result<FeedUntilStats> ingestFeedFileUntil(const std::string& path, std::optional<std::int64_t> until,
                                           LiveStore& store);

}  // namespace gs
