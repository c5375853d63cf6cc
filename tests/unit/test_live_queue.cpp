// The feed queue between transport threads and the GL thread: order, both overflow policies, every
// drop counted, exact totals under many producers, and the store's accounting across the queue.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "live/feed/feed_queue.hpp"
#include "live/store/live_store.hpp"

namespace gs {
namespace {

TEST(LiveQueue, DrainsInOrderAndRecyclesBuffers) {
    FeedQueue queue({.capacity = 8, .policy = OverflowPolicy::DropOldest});
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(queue.push(std::string_view("m" + std::to_string(i))));
    FeedBatch batch;
    EXPECT_EQ(queue.drain(batch, 3), 3u);
    ASSERT_EQ(batch.count, 3u);
    EXPECT_EQ(batch.view()[0], "m0");
    EXPECT_EQ(batch.view()[2], "m2");
    EXPECT_EQ(queue.drain(batch), 2u);
    EXPECT_EQ(batch.view()[0], "m3");
    EXPECT_EQ(batch.view()[1], "m4");
    EXPECT_EQ(batch.dropped, 0u);
    EXPECT_EQ(queue.drain(batch), 0u);
    EXPECT_EQ(batch.count, 0u);

    // push(std::string&) takes the bytes and hands back an empty string.
    std::string message(100, 'x');
    EXPECT_TRUE(queue.push(message));
    EXPECT_TRUE(message.empty());
    queue.drain(batch);
    EXPECT_EQ(batch.view()[0], std::string(100, 'x'));
    const FeedQueueStats s = queue.stats();
    EXPECT_EQ(s.pushed, 6u);
    EXPECT_EQ(s.drained, 6u);
    EXPECT_EQ(s.queued, 0u);
}

TEST(LiveQueue, DropOldestCountsEveryDropAndHandsItToTheStore) {
    FeedQueue queue({.capacity = 4, .policy = OverflowPolicy::DropOldest});
    for (int i = 0; i < 10; ++i) queue.push(std::string_view("m" + std::to_string(i)));
    FeedBatch batch;
    EXPECT_EQ(queue.drain(batch), 4u);
    EXPECT_EQ(batch.dropped, 6u);
    EXPECT_EQ(batch.view()[0], "m6") << "the newest four survive";
    EXPECT_EQ(batch.view()[3], "m9");
    FeedQueueStats s = queue.stats();
    EXPECT_EQ(s.dropped, 6u);
    EXPECT_EQ(s.pushed, s.drained + s.dropped + s.queued);
    queue.drain(batch);
    EXPECT_EQ(batch.dropped, 0u) << "each drop is reported once";

    // In the store, drops are received and rejected as queue_overflow, so the identity holds.
    LiveStore store;
    store.ingestBatch(std::span<const std::string>(), 6);
    EXPECT_EQ(store.accounting().received, 6u);
    EXPECT_EQ(store.accounting().rejectedFor(RejectReason::QueueOverflow), 6u);
    EXPECT_TRUE(store.accounting().balanced());
    ASSERT_EQ(store.recentRejections().size(), 1u) << "one inspection entry per run of drops";
    EXPECT_NE(store.recentRejections()[0].detail.find("6 message(s) dropped"), std::string::npos);
}

TEST(LiveQueue, BlockWaitsForRoomAndDropsNothing) {
    FeedQueue queue({.capacity = 2, .policy = OverflowPolicy::Block});
    queue.push(std::string_view("a"));
    queue.push(std::string_view("b"));
    std::atomic<bool> pushed{false};
    std::thread producer([&] {
        queue.push(std::string_view("c"));  // blocks: the queue is full
        pushed = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(pushed.load()) << "the producer waits while the queue is full";
    FeedBatch batch;
    EXPECT_EQ(queue.drain(batch, 1), 1u);
    producer.join();
    EXPECT_TRUE(pushed.load());
    EXPECT_EQ(queue.drain(batch), 2u);
    EXPECT_EQ(batch.view()[0], "b");
    EXPECT_EQ(batch.view()[1], "c");
    EXPECT_EQ(queue.stats().dropped, 0u);
}

TEST(LiveQueue, CloseWakesBlockedProducersAndRefusesLaterPushes) {
    FeedQueue queue({.capacity = 1, .policy = OverflowPolicy::Block});
    queue.push(std::string_view("a"));
    std::atomic<int> result{-1};
    std::thread producer([&] { result = queue.push(std::string_view("b")) ? 1 : 0; });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    queue.close();
    producer.join();
    EXPECT_EQ(result.load(), 0) << "a push woken by close() reports that it was not taken";
    EXPECT_FALSE(queue.push(std::string_view("c")));
    EXPECT_TRUE(queue.closed());
    FeedBatch batch;
    EXPECT_EQ(queue.drain(batch), 1u) << "what was queued can still be drained";
    const FeedQueueStats s = queue.stats();
    EXPECT_EQ(s.refused, 2u);
    EXPECT_EQ(s.pushed, 1u);
}

// Producers push numbered messages while the consumer drains; every message is delivered or
// counted as dropped, exactly once, and each producer's messages stay in order.
struct StressTotals {
    std::uint64_t pushed = 0, delivered = 0, dropped = 0;
};

// Four producers through a small queue; checks order and the queue's own counters, and returns the
// totals so each test states what it expects of them.
StressTotals stress(OverflowPolicy policy, std::size_t capacity) {
    constexpr int kProducers = 4;
    constexpr int kPerProducer = 50000;
    FeedQueue queue({.capacity = capacity, .policy = policy});
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&queue, p] {
            std::string message;
            for (int i = 0; i < kPerProducer; ++i) {
                message = std::to_string(p) + ":" + std::to_string(i);
                ASSERT_TRUE(queue.push(message));
            }
        });
    }
    std::vector<int> last(kProducers, -1);
    std::vector<std::uint64_t> received(kProducers, 0);
    std::uint64_t delivered = 0, dropped = 0;
    FeedBatch batch;
    auto consume = [&] {
        queue.drain(batch, 64);
        dropped += batch.dropped;
        for (const std::string& m : batch.view()) {
            const auto colon = m.find(':');
            const int p = std::stoi(m.substr(0, colon)), i = std::stoi(m.substr(colon + 1));
            ASSERT_GT(i, last[size_t(p)]) << "producer " << p << " out of order";
            last[size_t(p)] = i;
            ++received[size_t(p)];
            ++delivered;
        }
    };
    std::atomic<bool> done{false};
    std::thread joiner([&] {
        for (auto& t : producers) t.join();
        done = true;
    });
    while (!done) consume();
    joiner.join();
    do consume(); while (batch.count > 0);

    const FeedQueueStats s = queue.stats();
    EXPECT_EQ(delivered + dropped, std::uint64_t(kProducers) * kPerProducer);
    EXPECT_EQ(s.pushed, std::uint64_t(kProducers) * kPerProducer);
    EXPECT_EQ(s.drained, delivered);
    EXPECT_EQ(s.dropped, dropped);
    EXPECT_EQ(s.queued, 0u);
    if (policy == OverflowPolicy::Block) {
        EXPECT_EQ(dropped, 0u);
        for (int p = 0; p < kProducers; ++p) EXPECT_EQ(received[size_t(p)], std::uint64_t(kPerProducer));
        for (int p = 0; p < kProducers; ++p) EXPECT_EQ(last[size_t(p)], kPerProducer - 1);
    } else {
        EXPECT_GT(dropped, 0u) << "16 slots cannot keep up with four producers";
    }
    return {s.pushed, delivered, dropped};
}

TEST(LiveQueue, ManyProducersBlockDeliversEverythingExactlyOnce) {
    StressTotals t = stress(OverflowPolicy::Block, 16);
    EXPECT_EQ(t.pushed, 200000u);
    EXPECT_EQ(t.delivered, 200000u);
    EXPECT_EQ(t.dropped, 0u);
}

TEST(LiveQueue, ManyProducersDropOldestAccountsForEveryMessage) {
    StressTotals t = stress(OverflowPolicy::DropOldest, 16);
    EXPECT_EQ(t.pushed, 200000u);
    EXPECT_EQ(t.delivered + t.dropped, 200000u);
    EXPECT_GT(t.dropped, 0u);
}

// Transports -> queue -> store, as the GL thread runs it: the store accounts for every message pushed.
TEST(LiveQueue, StoreAccountsForEveryMessagePushed) {
    FeedQueue queue({.capacity = 32, .policy = OverflowPolicy::DropOldest});
    constexpr int kProducers = 3, kPerProducer = 3000;
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
        producers.emplace_back([&queue, p] {
            for (int i = 0; i < kPerProducer; ++i) {
                std::string m = R"({"type":"Feature","id":"v)" + std::to_string(p) + "-" + std::to_string(i % 50) +
                                R"(","geometry":{"type":"Point","coordinates":[120.3,31.6]},"properties":)"
                                R"({"kind":"volunteer","status":"on_duty","updated_at":"2026-11-22T08:)" +
                                std::to_string(10 + i % 50) + R"(:00+08:00"}})";
                if (i % 100 == 0) m = "garbage";
                queue.push(m);
            }
        });
    }
    LiveStore store;
    FeedBatch batch;
    std::atomic<bool> done{false};
    std::thread joiner([&] {
        for (auto& t : producers) t.join();
        done = true;
    });
    while (!done) {
        queue.drain(batch, 16);
        store.ingestBatch(batch.view(), batch.dropped);
        ASSERT_TRUE(store.accounting().balanced());
    }
    joiner.join();
    do {
        queue.drain(batch);
        store.ingestBatch(batch.view(), batch.dropped);
    } while (batch.count > 0);
    const FeedAccounting& a = store.accounting();
    EXPECT_EQ(a.received, std::uint64_t(kProducers) * kPerProducer);
    EXPECT_EQ(a.rejectedFor(RejectReason::QueueOverflow), queue.stats().dropped);
    EXPECT_TRUE(a.balanced());
}

}  // namespace
}  // namespace gs
