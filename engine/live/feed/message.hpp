// One message of the live feed (docs/live-feed.md): a GeoJSON Feature describing an issue (a
// resident-reported event) or a volunteer, parsed and checked against every rule of the contract.
//
// parseMessage() never throws and never stops a stream: a message either parses into a LiveMessage
// or comes back as a Rejection whose reason has a stable name ("invalid_json", "bad_time", ...)
// that feed checks and the UI show. Whether a geometry is needed (a new id) is the store's call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/types.hpp"
#include "core/rfc3339.hpp"

namespace gs {

enum class LiveKind : std::uint8_t { Issue, Volunteer };

// Both status enums are declared in lifecycle order: a larger value is further along, which is how
// ties between updates with the same updated_at are broken.
enum class IssueStatus : std::uint8_t { Reported, Assigned, InProgress, Resolved, Closed, Cancelled };
enum class VolunteerStatus : std::uint8_t { OffDuty, OnDuty, Busy };

// Why a message was not applied. The names are part of the public interface: keep them stable and
// add new reasons at the end.
enum class RejectReason : std::uint8_t {
    InvalidJson,
    InvalidUtf8,
    MissingField,
    WrongType,
    BadValue,
    BadGeometry,
    BadCoordinates,
    TooLarge,
    BadTime,
    NoGeometryForNewId,  // decided by the store: the id is new and the message has no geometry
    QueueOverflow,       // decided by the feed queue: dropped before it reached the store
};
inline constexpr int kRejectReasonCount = int(RejectReason::QueueOverflow) + 1;

std::string_view reasonName(RejectReason reason);       // "invalid_json", ...
std::optional<RejectReason> reasonFromName(std::string_view name);
std::string_view kindName(LiveKind kind);                // "issue", "volunteer"
std::string_view statusName(LiveKind kind, std::uint8_t status);  // "in_progress", "on_duty", ...
std::optional<std::uint8_t> statusFromName(LiveKind kind, std::string_view name);
int statusCount(LiveKind kind);

struct Rejection {
    RejectReason reason = RejectReason::InvalidJson;
    std::string detail;  // human text naming the field, e.g. "properties.priority: 7 is not 1, 2 or 3"
};

struct LiveMessage {
    LiveKind kind = LiveKind::Issue;
    std::string id;                   // a numeric id comes as its decimal string
    std::optional<Vec2d> point;       // in the feed's CRS (lon/lat for WGS 84); absent = null geometry
    std::uint8_t status = 0;          // an IssueStatus or a VolunteerStatus, by kind
    int priority = 3;                 // 1 urgent .. 3 routine
    std::int64_t reportedAt = kNoTime;  // UTC epoch milliseconds, or kNoTime when absent
    std::int64_t updatedAt = kNoTime;
    std::int64_t dueAt = kNoTime;
    std::int64_t resolvedAt = kNoTime;
    std::string category, gridId, title, team, assignedIssue, address;  // empty when absent
    std::string extraProperties;      // every other property, as a compact JSON object; empty if none

    IssueStatus issueStatus() const { return IssueStatus(status); }
    VolunteerStatus volunteerStatus() const { return VolunteerStatus(status); }
    // Empties every field but keeps the strings' buffers, so a reused message does not allocate.
    void clear();
};

struct ParseOptions {
    std::size_t maxBytes = std::size_t(1) << 20;  // larger messages are rejected as too_large
    // Valid coordinates of the feed's CRS (x = lon, y = lat for WGS 84 and GCJ-02 / BD-09); a point
    // outside is bad_coordinates. A source in a projected CRS sets its own area of use here.
    Box validRange{-180.0, -90.0, 180.0, 90.0};
};

using ParseResult = std::variant<LiveMessage, Rejection>;

// Parses one message: a JSON object, optionally preceded by RFC 8142 record separators (0x1E)
// and surrounded by whitespace.
ParseResult parseMessage(std::string_view bytes, const ParseOptions& options = {});

// The same into a caller-owned message whose buffers are reused (the store's hot path). Returns
// nothing when the message is good; `out` is unspecified after a rejection.
std::optional<Rejection> parseMessageInto(std::string_view bytes, const ParseOptions& options,
                                          LiveMessage& out);

// The message's own text: the bytes without leading 0x1E separators and surrounding whitespace.
// Duplicates are detected and ties broken on this text.
std::string_view messageText(std::string_view bytes);

// True when the bytes are well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool isValidUtf8(std::string_view bytes);

}  // namespace gs
