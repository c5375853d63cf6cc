// A live feed source as a scene's "feeds" array declares it (docs/live-feed.md, "Transports").
// Plain data, read by readFeeds(). Relative paths are resolved against the config's folder.
// Credentials are not read here: LiveFeed reads password_env and password_file when it makes
// the source.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/checker.hpp"
#include "core/types.hpp"
#include "live/feed/feed_queue.hpp"

namespace gs {

enum class FeedType { File, Mqtt };

struct FeedConfig {
    FeedType type = FeedType::File;
    std::string id;                 // shown in the feed panel; empty: the path, or the URL and topics
    std::string crs;                // the points' CRS: empty (WGS 84), "GCJ-02", "BD-09" or a PROJ CRS
    std::optional<Box> validRange;  // overrides the CRS's range (in the source CRS)
    FeedQueueOptions queue;
    // type "file"
    std::string path;
    double speed = 1;   // feed seconds per second; 0 as fast as possible
    double rate = 0;    // > 0: messages per second, whatever their times
    bool loop = false;
    std::optional<std::int64_t> from;  // replay from this feed time: earlier messages go at once
    // type "mqtt"
    std::string url;                  // checked: mqtt://HOST[:PORT] or mqtts://...
    std::vector<std::string> topics;  // checked filters
    std::string clientId;             // empty: "gridscope-feed<index>-<host name>"
    int qos = 1;
    std::string user, passwordEnv, passwordFile, caFile;
    int keepalive = 30;               // seconds
};

// The "feeds" key of `root` (absent: no feeds).
void readFeeds(const config::Object& root, std::vector<FeedConfig>& out);

}  // namespace gs
