// The file transport: one message per line (docs/live-feed.md), replayed against the messages'
// own updated_at at a speed factor, at a fixed rate, or as fast as possible; optionally looping.
// The embedded default that needs no server, and what `gridscope feed publish` reads.
//
// Timing: the first message with a readable updated_at anchors the replay (feed time t0 at wall
// time w0); a message of time t is pushed at w0 + (t - t0) / speed. A message already due (out of
// order, or one whose time cannot be read) goes at once: nothing is held back or dropped here, and
// the store accounts for every message, good or bad. Blank lines and lines holding only RFC 8142
// record separators are skipped and counted; every other line is pushed.
//
// The replay's clock (feedClock) is the feed time being replayed: it advances at speed x wall
// time between messages but never passes the next message still waiting, so a view that sets
// LiveStore::setClock from it never shows figures ahead of the messages. Each pass of a loop
// starts the clock again at the feed's first time; the store counts the repeated messages as
// duplicates, so a looped feed ends in the same state as one pass.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "live/feed/feed_source.hpp"
#include "core/rfc3339.hpp"

namespace gs {

struct FileFeedOptions {
    std::string path;
    std::string name;    // shown in the panel; the path when empty
    double speed = 1;    // feed seconds per wall second (60: a minute a second); 0: as fast as possible
    double rate = 0;     // > 0: this many messages per second, whatever their times (overrides speed)
    bool loop = false;   // start again at the end
    // Replay from this feed time (UTC ms): messages before it go at once (the state to start
    // from), the clock starts here, and later messages follow at `speed`.
    std::optional<std::int64_t> from;
    FeedQueueOptions queue;
};

struct FileReplayStats {
    std::uint64_t lines = 0;    // lines read, all passes: lines = blank + pushed + refused
    std::uint64_t blank = 0;    // empty, whitespace or 0x1E only: skipped
    std::uint64_t pushed = 0;   // handed to the queue
    std::uint64_t refused = 0;  // not taken: the queue was closed (stop) before they went
    std::uint64_t untimed = 0;  // pushed without a readable updated_at (sent at once)
    int passes = 0;             // passes started
};

class FileFeedSource : public FeedSource {
public:
    explicit FileFeedSource(FileFeedOptions options);
    ~FileFeedSource() override;

    // The feed time being replayed (UTC epoch ms); none before the first timed message.
    std::optional<std::int64_t> feedClock() const;
    FileReplayStats replayStats() const;
    const FileFeedOptions& options() const { return options_; }

private:
    void run(std::stop_token stop) override;
    void interrupt() override;
    void fillStatus(FeedSourceStatus& status) const override;
    std::optional<std::int64_t> clockLocked(SteadyTime now) const;
    // Waits until `due` or a stop; false on stop.
    bool waitUntil(SteadyTime due, std::stop_token& stop);
    // One pass over the file; false when the source must end (stopped, closed queue, read error).
    bool replayOnce(std::stop_token& stop, bool& delivered);

    FileFeedOptions options_;
    std::mutex waitMutex_;
    std::condition_variable_any wake_;

    // Under statusMutex_:
    FileReplayStats stats_;
    bool anchored_ = false;
    std::int64_t feedStart_ = 0;       // t0
    SteadyTime wallStart_{};           // w0
    std::int64_t waitingFor_ = kNoTime;  // the time of the message waiting to go, if any
    std::int64_t newest_ = kNoTime;    // the newest time pushed in this pass
    bool ended_ = false;
};

// The updated_at of a message read without parsing it: the first `"updated_at"` member whose
// value is a string holding an RFC 3339 time. For replay timing only; the store parses properly.
std::optional<std::int64_t> peekUpdatedAt(std::string_view message);

}  // namespace gs
