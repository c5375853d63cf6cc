// The live feed at run time: the sources a scene declares (several may run at once), each with its
// own queue and its own coordinates, drained into one LiveStore by the GL thread once a frame.
//
//   transport thread (file / MQTT) --push--> FeedQueue (per source) --drainInto--> LiveStore
//
// drainInto() parses each message with its source's ParseOptions (the valid range of the source's
// CRS), converts the point to WGS 84 (SourceCrs) and applies it; what fails is rejected in the
// store with its reason, and each queue's drops arrive as queue_overflow, so the store's identity
// received = applied + stale + duplicate + rejected covers every source. Queue statistics and each
// source's status (state, msgs/s, silence) are there for the feed panel and `feed check`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "live/feed/feed_source.hpp"
#include "live/store/live_store.hpp"
#include "live/feed/source_crs.hpp"
#include "live/feed/feed_config.hpp"

namespace gs {

struct LiveFeedSourceReport {
    FeedSourceStatus status;
    FeedQueueStats queue;
    std::string crs;  // "WGS 84", "GCJ-02", "EPSG:4547" ...
};

class LiveFeed {
public:
    LiveFeed() = default;
    ~LiveFeed();
    LiveFeed(const LiveFeed&) = delete;
    LiveFeed& operator=(const LiveFeed&) = delete;

    // The sources of a scene's "feeds", not started. Reads the credentials (password_env from the
    // environment, password_file from its file); errors name the config and the field, e.g.
    // "scene.json: feeds[1].password_env: GRIDSCOPE_MQTT_PASSWORD is not set".
    static Result<std::unique_ptr<LiveFeed>> fromConfig(const std::vector<FeedConfig>& feeds,
                                                        const std::string& configLabel);

    void add(std::unique_ptr<FeedSource> source, SourceCrs crs);
    void start();
    void stop();  // prompt; queued messages can still be drained

    // On the store's thread: up to `maxPerSource` messages of each source; returns how many were
    // handed to the store (drops not included).
    std::size_t drainInto(LiveStore& store, std::size_t maxPerSource = 65536);

    std::size_t size() const { return sources_.size(); }
    FeedSource& source(std::size_t i) { return *sources_[i].source; }
    std::vector<LiveFeedSourceReport> report() const;
    // The newest replay clock of the file sources (UTC ms), for LiveStore::setClock; none when no
    // file source has one yet.
    std::optional<std::int64_t> feedClock() const;
    // Whether a file source replays here (one that has not failed): then the clock is the
    // replay's, and before its first message there is none yet. The caller must not take the wall
    // clock meanwhile: a clock never goes back, so the replay's would never be seen.
    bool replays() const;
    // Every source finished or failed and its queue empty: nothing more will come.
    bool exhausted() const;

private:
    struct Entry {
        std::unique_ptr<FeedSource> source;
        SourceCrs crs;
        FeedBatch batch;
    };
    std::vector<Entry> sources_;
    LiveMessage scratch_;  // reused for every message
};

// Reads an MQTT password: from the environment variable `envName` or the first line of `file`
// (one of them; both empty: no password). The error names the variable or the file, not the
// option: the caller adds that.
Result<std::string> readMqttPassword(const std::string& envName, const std::string& file);

// The default client id of a persistent session, stable on one machine: "gridscope-<purpose>-<host>"
// (two programs on one machine that share a client id take the session from each other: give
// each its own client_id).
std::string defaultMqttClientId(std::string_view purpose);

}  // namespace gs
