// The bounded queue between the transports' threads (file replay, MQTT) and the GL thread, which
// drains one batch per frame into the LiveStore.
//
// Many producers, one consumer, one mutex: a push or a drain holds it for a few string swaps, far
// below a frame's budget at the feed's rates, and a lock-free queue would buy nothing measurable
// here. Message buffers circulate: a drain swaps the queued strings into the batch and the batch's
// previous strings back into the ring, and a push swaps the caller's string with a free slot's, so
// once warm nothing allocates.
//
// When full, the policy decides: Block waits for room (backpressure on the transport; MQTT QoS 1
// then holds the broker's redelivery), DropOldest drops the oldest queued message so the map stays
// current. Every drop is counted and handed to the store with the next batch (FeedBatch::dropped),
// where it is received and rejected with reason "queue_overflow": the store's identity
// received = applied + stale + duplicate + rejected includes them.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gs {

enum class OverflowPolicy : std::uint8_t { Block, DropOldest };

struct FeedQueueOptions {
    std::size_t capacity = 65536;  // messages
    OverflowPolicy policy = OverflowPolicy::DropOldest;
};

// One frame's worth of messages. Keep it between drains: its buffers are reused.
struct FeedBatch {
    std::vector<std::string> messages;  // [0, count) hold this batch; the rest are spare buffers
    std::size_t count = 0;
    std::uint64_t dropped = 0;          // messages the queue dropped since the previous drain
    std::span<const std::string> view() const { return {messages.data(), count}; }
};

struct FeedQueueStats {
    std::uint64_t pushed = 0;    // accepted by push()
    std::uint64_t drained = 0;   // handed to a batch
    std::uint64_t dropped = 0;   // pushed, then dropped by DropOldest
    std::uint64_t refused = 0;   // push() after close(): not taken, not counted anywhere else
    std::size_t queued = 0;      // pushed = drained + dropped + queued
};

class FeedQueue {
public:
    explicit FeedQueue(FeedQueueOptions options = {});
    FeedQueue(const FeedQueue&) = delete;
    FeedQueue& operator=(const FeedQueue&) = delete;

    // Producer side, any thread. Takes the bytes of `message`, which comes back empty (holding a
    // recycled buffer). With Block, waits while the queue is full. False once the queue is closed:
    // then the message was not taken.
    bool push(std::string& message);
    bool push(std::string_view message);

    // Consumer side, one thread: moves up to `maxMessages` messages, oldest first, into `batch`.
    std::size_t drain(FeedBatch& batch, std::size_t maxMessages = std::numeric_limits<std::size_t>::max());

    // Wakes blocked producers; every later push() returns false. Queued messages can still be drained.
    void close();
    bool closed() const;

    FeedQueueStats stats() const;
    const FeedQueueOptions& options() const { return options_; }

private:
    FeedQueueOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable notFull_;
    std::vector<std::string> ring_;
    std::size_t head_ = 0, size_ = 0;
    FeedQueueStats stats_;
    std::uint64_t droppedSinceDrain_ = 0;
    bool closed_ = false;
};

}  // namespace gs
