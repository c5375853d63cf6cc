// Private to engine/live: the JSON layer of parseMessage(), an nlohmann::json SAX handler that
// fills a LiveMessage in one pass without building a DOM (measured faster than json::parse plus
// field look-ups in bench/bench_ingest.cpp).
#pragma once

#include <optional>
#include <string_view>

#include "live/message.hpp"

namespace gs {

// `json` is the message text, already checked for size and UTF-8; `out` has been cleared.
std::optional<Rejection> parseJsonMessage(std::string_view json, const ParseOptions& options,
                                          LiveMessage& out);

}  // namespace gs
