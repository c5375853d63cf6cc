// Private to engine/live: the JSON layer of parseMessage(), an nlohmann::json SAX handler that
// fills a LiveMessage in one pass without building a DOM (measured faster than json::parse plus
// field look-ups: bench/bench_ingest.cpp, BM_ParseMessage against BM_DomParseExtract).
//
// It rejects what each JSON value shows on its own (syntax, types, sets, times, geometry type);
// message.cpp then checks the message as a whole (required fields, coordinates, status per kind)
// from what the handler saw.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "live/feed/message.hpp"

namespace gs {

// What the JSON layer saw beyond the fields it filled in.
struct SaxFindings {
    bool id = false;              // a usable id
    bool geometryObject = false;  // geometry was an object (not null, not absent)
    bool geometryType = false;    // ... with "type": "Point"
    bool coordinates = false;     // ... with a "coordinates" array
    int coordCount = 0;
    double coords[3] = {0, 0, 0};
    bool kind = false, status = false, category = false;
    std::string statusText;       // checked against the kind's statuses once the kind is known
};

// `json` is the message text, already checked for size and UTF-8; `out` has been cleared.
std::optional<Rejection> parseJsonMessage(std::string_view json, LiveMessage& out, SaxFindings& seen);

}  // namespace gs
