// A transport of the live feed (a file replayed, an MQTT subscription): it runs on its own thread
// and pushes each message's raw bytes into its own FeedQueue, which the GL thread drains once a
// frame (engine/live/live_feed.hpp). What the feed panel and `feed check` show about it comes from
// status(), a snapshot that any thread may take at any time.
//
// start() and stop() never hang: stop() closes the queue (so a producer blocked by the Block
// policy wakes up), asks the thread to stop and joins it; every wait of a source is interruptible
// and no source calls anything that can block for long (the MQTT source connects asynchronously).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

#include "live/feed/feed_queue.hpp"

namespace gs {

enum class FeedSourceKind : std::uint8_t { File, Mqtt };

// Connecting, Connected and Reconnecting are MQTT's; Replaying and Finished the file's. The
// failure states keep their source retrying (MQTT, with backoff) until a connection succeeds.
enum class FeedSourceState : std::uint8_t {
    Idle,          // not started
    Connecting,    // first connection attempt, no answer yet
    Connected,     // connected and subscribed
    Replaying,     // a file being read and replayed
    Reconnecting,  // the connection was lost; retrying with backoff (attempt, nextRetry)
    AuthFailed,    // the broker refused the credentials (CONNACK: not authorized / bad password)
    Refused,       // the broker refused the connection for another reason (protocol, client id, ...)
    Unreachable,   // never connected: connection refused, no route, no answer, TLS failure
    Failed,        // cannot go on (a file that cannot be read); lastError says why
    Finished,      // a file read to its end (without loop)
    Stopped,       // stop() was called
};

std::string_view stateName(FeedSourceState state);  // "connected", "auth_failed", ...

using SteadyTime = std::chrono::steady_clock::time_point;

struct FeedSourceStatus {
    std::string name;  // "feed/demo.ndjson", "mqtt://127.0.0.1:1883 district/+/events"
    FeedSourceKind kind = FeedSourceKind::File;
    FeedSourceState state = FeedSourceState::Idle;
    int attempt = 0;                      // failed connection attempts since the last success
    std::optional<SteadyTime> nextRetry;  // when the next attempt starts, while retrying
    int connections = 0;                  // successful connections so far (1 + reconnections)
    std::uint64_t received = 0;           // messages pushed into the queue
    std::uint64_t refused = 0;            // messages the closed queue did not take (at shutdown)
    double messagesPerSecond = 0;         // over the last few seconds
    std::optional<SteadyTime> lastMessage;
    std::string lastError;                // one line naming the host or the file; empty if none
    std::optional<std::int64_t> feedClock;  // file replay: the feed time being replayed (UTC ms)

    // Seconds since the last message (or since `since`, when none came yet), for "silent for N s".
    double silentFor(SteadyTime now, SteadyTime since) const;
};

// One line for a panel or a log: "connected, 412 msgs/s" / "connected, silent for 12 s" /
// "unreachable (attempt 3, next in 4.0 s): mqtt://127.0.0.1:1883: connection refused".
std::string describeStatus(const FeedSourceStatus& status, SteadyTime now);

// Messages per second over a sliding window of whole seconds. Not thread-safe on its own.
class RateMeter {
public:
    void add(SteadyTime now, std::uint64_t n = 1);
    double rate(SteadyTime now) const;

private:
    static constexpr int kSeconds = 5;
    std::int64_t second(SteadyTime t) const;
    std::uint64_t counts_[kSeconds] = {};
    std::int64_t seconds_[kSeconds] = {};
    std::optional<SteadyTime> first_;
};

class FeedSource {
public:
    virtual ~FeedSource();
    FeedSource(const FeedSource&) = delete;
    FeedSource& operator=(const FeedSource&) = delete;

    // Starts the source's thread. Call once.
    void start();
    // Stops and joins the thread; returns promptly in every state. Queued messages can still be
    // drained afterwards. Called by the destructor too.
    void stop();

    FeedSourceStatus status() const;
    const std::string& name() const { return name_; }
    FeedSourceKind kind() const { return kind_; }
    // The consumer's side: drain it on one thread.
    FeedQueue& queue() { return queue_; }

protected:
    FeedSource(std::string name, FeedSourceKind kind, FeedQueueOptions queue);

    // The source's work, on its own thread; returns when done or when `stop` is requested.
    virtual void run(std::stop_token stop) = 0;
    // Called by stop() before joining, from the stopping thread: wake anything run() waits on
    // that the stop token does not reach. The default does nothing.
    virtual void interrupt() {}
    // Called by status() with statusMutex_ held, to add what only the subclass knows.
    virtual void fillStatus(FeedSourceStatus&) const {}

    // For run(): hands one message to the queue (taking its bytes) and counts it. False when the
    // queue is closed (the source is stopping): then the message was not taken.
    bool deliver(std::string& message);
    void setState(FeedSourceState state, std::string error = {});
    // For connecting sources: failed attempts since the last connection, the next attempt's time
    // (none: not waiting) and the connections made so far.
    void setConnection(int attempt, std::optional<SteadyTime> nextRetry, int connections);
    FeedSourceState state() const;

    // Guards the status; a subclass keeps its own status fields under it too (not held in run()'s
    // helpers above when they return).
    mutable std::mutex statusMutex_;

private:
    std::string name_;
    FeedSourceKind kind_;
    FeedQueue queue_;
    FeedSourceStatus status_;
    RateMeter rate_;
    std::jthread thread_;
    std::mutex lifecycleMutex_;
    bool started_ = false;
};

}  // namespace gs
