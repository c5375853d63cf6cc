// The store's compact, hot state of one issue or volunteer: what drawing and the figures read.
// Display text (title, address, other properties) stays in the message text, which the store keeps
// beside the record and parses again on demand (LiveStore::details).
#pragma once

#include <cstdint>

#include "core/types.hpp"
#include "live/feed/message.hpp"

namespace gs {

struct LiveRecord {
    Vec2d point;                        // feed CRS
    std::int64_t updatedAt = kNoTime;   // of the message now shown
    std::int64_t reportedAt = kNoTime;
    std::int64_t dueAt = kNoTime;
    std::int64_t resolvedAt = kNoTime;  // as sent (see resolutionTime)
    std::uint32_t version = 0;          // bumped on every change; invalidates lazy heap entries
    std::uint32_t category = 0;         // index into the store's category pool
    std::uint32_t gridId = 0xffffffffu; // sender's grid_id, index into the store's grid id pool
    LiveKind kind = LiveKind::Issue;
    std::uint8_t status = 0;
    std::uint8_t priority = 3;
    bool pointFromWinner = true;        // the point came with the message now shown
    std::uint16_t figureBits = 0;       // LiveFigures' bookkeeping (threshold membership)
};

inline bool isIssueOpen(const LiveRecord& r) {
    return r.kind == LiveKind::Issue && r.status <= std::uint8_t(IssueStatus::InProgress);
}
inline bool isIssueResolved(const LiveRecord& r) {
    return r.kind == LiveKind::Issue &&
           (r.status == std::uint8_t(IssueStatus::Resolved) || r.status == std::uint8_t(IssueStatus::Closed));
}
// When a resolved (or closed) issue was resolved: resolved_at, or the updated_at of the message
// that carries the status when the sender gave no resolved_at. kNoTime for anything else.
inline std::int64_t resolutionTime(const LiveRecord& r) {
    if (!isIssueResolved(r)) return kNoTime;
    return r.resolvedAt != kNoTime ? r.resolvedAt : r.updatedAt;
}
// What the map draws as markers: open issues, and volunteers on duty or busy.
inline bool isDrawn(const LiveRecord& r) {
    return r.kind == LiveKind::Issue ? isIssueOpen(r) : r.status != std::uint8_t(VolunteerStatus::OffDuty);
}

// A record's state at one time, as the history keeps it (see LiveHistory).
struct LiveState {
    Vec2d point;
    std::int32_t grid = -1;      // at the finest level, -1 unassigned or no levels
    std::uint8_t status = 0;
    std::uint8_t priority = 3;
    bool exists = false;         // false before the record's first message
    friend bool operator==(const LiveState&, const LiveState&) = default;
};

}  // namespace gs
