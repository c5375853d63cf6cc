#include "live/feed/message.hpp"

#include <array>
#include <cmath>
#include <cstring>

#include "live/feed/json_text.hpp"
#include "live/feed/message_sax.hpp"

namespace gs {
namespace {

constexpr std::array<std::string_view, kRejectReasonCount> kReasonNames = {
    "invalid_json", "invalid_utf8",  "missing_field",  "wrong_type",     "bad_value",      "bad_geometry",
    "bad_coordinates", "too_large",  "bad_time",       "no_geometry_for_new_id", "queue_overflow",
};

constexpr std::array<std::string_view, 6> kIssueStatusNames = {"reported", "assigned",  "in_progress",
                                                               "resolved", "closed",    "cancelled"};
constexpr std::array<std::string_view, 3> kVolunteerStatusNames = {"off_duty", "on_duty", "busy"};

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string_view reasonName(RejectReason reason) {
    const auto i = size_t(reason);
    return i < kReasonNames.size() ? kReasonNames[i] : std::string_view("unknown");
}

std::optional<RejectReason> reasonFromName(std::string_view name) {
    for (size_t i = 0; i < kReasonNames.size(); ++i)
        if (kReasonNames[i] == name) return RejectReason(i);
    return std::nullopt;
}

std::string_view kindName(LiveKind kind) { return kind == LiveKind::Issue ? "issue" : "volunteer"; }

int statusCount(LiveKind kind) {
    return kind == LiveKind::Issue ? int(kIssueStatusNames.size()) : int(kVolunteerStatusNames.size());
}

std::string_view statusName(LiveKind kind, std::uint8_t status) {
    if (kind == LiveKind::Issue)
        return status < kIssueStatusNames.size() ? kIssueStatusNames[status] : std::string_view("?");
    return status < kVolunteerStatusNames.size() ? kVolunteerStatusNames[status] : std::string_view("?");
}

std::optional<std::uint8_t> statusFromName(LiveKind kind, std::string_view name) {
    if (kind == LiveKind::Issue) {
        for (size_t i = 0; i < kIssueStatusNames.size(); ++i)
            if (kIssueStatusNames[i] == name) return std::uint8_t(i);
    } else {
        for (size_t i = 0; i < kVolunteerStatusNames.size(); ++i)
            if (kVolunteerStatusNames[i] == name) return std::uint8_t(i);
    }
    return std::nullopt;
}

void LiveMessage::clear() {
    kind = LiveKind::Issue;
    id.clear();
    point.reset();
    status = 0;
    priority = 3;
    reportedAt = updatedAt = dueAt = resolvedAt = kNoTime;
    category.clear();
    gridId.clear();
    title.clear();
    team.clear();
    assignedIssue.clear();
    address.clear();
    extraProperties.clear();
}

std::string_view messageText(std::string_view bytes) {
    size_t b = 0, e = bytes.size();
    while (b < e && (bytes[b] == '\x1e' || isJsonSpace(bytes[b]))) ++b;
    while (e > b && isJsonSpace(bytes[e - 1])) --e;
    return bytes.substr(b, e - b);
}

bool isValidUtf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
        // ASCII fast path, eight bytes at a time.
        while (end - p >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            if (word & 0x8080808080808080ull) break;
            p += 8;
        }
        if (p >= end) break;
        const unsigned c = *p;
        if (c < 0x80) { ++p; continue; }
        int extra;
        unsigned lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0) lo = 0xA0;       // overlong
            else if (c == 0xED) hi = 0x9F;  // UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0) lo = 0x90;       // overlong
            else if (c == 0xF4) hi = 0x8F;  // past U+10FFFF
        } else {
            return false;  // continuation byte in lead position, C0/C1 overlong, F5..FF
        }
        if (end - p <= extra) return false;
        if (p[1] < lo || p[1] > hi) return false;
        for (int i = 2; i <= extra; ++i)
            if ((p[i] & 0xC0) != 0x80) return false;
        p += extra + 1;
    }
    return true;
}

namespace {

// The rules about the message as a whole, once every value has passed on its own.
std::optional<Rejection> checkComplete(const SaxFindings& seen, const ParseOptions& options, LiveMessage& out) {
    if (!seen.id) return Rejection{RejectReason::MissingField, "id is missing"};
    if (seen.geometryObject) {
        if (!seen.geometryType) return Rejection{RejectReason::BadGeometry, "geometry has no type"};
        if (!seen.coordinates) return Rejection{RejectReason::BadGeometry, "geometry.coordinates is missing"};
        if (seen.coordCount < 2 || seen.coordCount > 3)
            return Rejection{RejectReason::BadGeometry, "geometry.coordinates must be [x, y] or [x, y, z], not " +
                                                            std::to_string(seen.coordCount) + " numbers"};
        const double x = seen.coords[0], y = seen.coords[1];
        const Box& r = options.validRange;
        if (!std::isfinite(x) || !std::isfinite(y))
            return Rejection{RejectReason::BadCoordinates, "geometry.coordinates are not finite"};
        if (x < r.minX || x > r.maxX || y < r.minY || y > r.maxY)
            return Rejection{RejectReason::BadCoordinates,
                             "geometry.coordinates [" + std::to_string(x) + ", " + std::to_string(y) +
                                 "] are outside the CRS's valid range [" + std::to_string(r.minX) + ".." +
                                 std::to_string(r.maxX) + ", " + std::to_string(r.minY) + ".." +
                                 std::to_string(r.maxY) + "]"};
        out.point = Vec2d{x, y};
    }
    if (!seen.kind) return Rejection{RejectReason::MissingField, "properties.kind is missing"};
    if (!seen.status) return Rejection{RejectReason::MissingField, "properties.status is missing"};
    if (auto s = statusFromName(out.kind, seen.statusText)) {
        out.status = *s;
    } else {
        std::string known;
        for (int i = 0; i < statusCount(out.kind); ++i)
            known += (i ? ", " : "") + std::string(statusName(out.kind, std::uint8_t(i)));
        return Rejection{RejectReason::BadValue, "properties.status is " + quotedForMessage(seen.statusText) +
                                                     ", not a " + std::string(kindName(out.kind)) + " status (" +
                                                     known + ")"};
    }
    if (out.updatedAt == kNoTime) return Rejection{RejectReason::MissingField, "properties.updated_at is missing"};
    if (out.kind == LiveKind::Issue) {
        if (!seen.category) return Rejection{RejectReason::MissingField, "properties.category is missing (issue)"};
        if (out.category.empty()) return Rejection{RejectReason::BadValue, "properties.category is empty"};
        if (out.reportedAt == kNoTime)
            return Rejection{RejectReason::MissingField, "properties.reported_at is missing (issue)"};
    }
    return std::nullopt;
}

}  // namespace

std::optional<Rejection> parseMessageInto(std::string_view bytes, const ParseOptions& options,
                                          LiveMessage& out) {
    if (bytes.size() > options.maxBytes)
        return Rejection{RejectReason::TooLarge, "message of " + std::to_string(bytes.size()) +
                                                     " bytes is larger than the limit of " +
                                                     std::to_string(options.maxBytes)};
    const std::string_view text = messageText(bytes);
    if (!isValidUtf8(text)) return Rejection{RejectReason::InvalidUtf8, "message is not valid UTF-8"};
    if (text.empty()) return Rejection{RejectReason::InvalidJson, "message is empty"};
    out.clear();
    SaxFindings seen;
    if (auto rejection = parseJsonMessage(text, out, seen)) return rejection;
    return checkComplete(seen, options, out);
}

ParseResult parseMessage(std::string_view bytes, const ParseOptions& options) {
    LiveMessage message;
    if (auto rejection = parseMessageInto(bytes, options, message)) return std::move(*rejection);
    return message;
}

}  // namespace gs
