// The feed transports without a broker: the file replay (speed factor, as fast as possible, fixed
// rate, loop, record separators, every line accounted for, its clock), stopping promptly in every
// state, per-source coordinates (GCJ-02, a projected CRS) on the way into the store, the MQTT
// source's checks and its state against a port where nothing listens, and MQTT URLs and topics.
// The broker itself is exercised by tests/mqtt/run_mqtt_tests.sh.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "geo/china_offsets.hpp"
#include "geo/transformer.hpp"
#include "live/feed/file_feed_source.hpp"
#include "session/live_feed.hpp"
#include "live/feed/mqtt_feed_source.hpp"
#include "live/feed/mqtt_url.hpp"
#include "live/feed/source_crs.hpp"

using namespace gs;
using Clock = std::chrono::steady_clock;

namespace {

const std::int64_t kT0 = *parseRfc3339("2026-11-22T08:00:00+08:00");

std::string issue(const std::string& id, std::int64_t t, double lon = 120.30, double lat = 31.60,
                  const char* status = "reported") {
    const std::string time = formatRfc3339(t, 480);
    char point[64];
    std::snprintf(point, sizeof point, "[%.10f,%.10f]", lon, lat);
    return R"({"type":"Feature","id":")" + id + R"(","geometry":{"type":"Point","coordinates":)" + point +
           R"(},"properties":{"kind":"issue","category":"noise","status":")" + status + R"(","reported_at":")" +
           time + R"(","updated_at":")" + time + R"("}})";
}

class TempFile {
public:
    explicit TempFile(const std::string& text) {
        static int n = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 ("gridscope_feed_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + ".ndjson"))
                    .string();
        std::ofstream(path_, std::ios::binary) << text;
    }
    ~TempFile() { std::filesystem::remove(path_); }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Waits (bounded) until the source reaches `state`.
bool waitFor(const FeedSource& source, FeedSourceState state, double seconds = 5) {
    const auto start = Clock::now();
    while (source.status().state != state) {
        if (secondsSince(start) > seconds) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace

TEST(FeedSources, PeekUpdatedAtReadsTheMemberNotTheText) {
    EXPECT_EQ(peekUpdatedAt(issue("a", kT0)), kT0);
    EXPECT_EQ(peekUpdatedAt(R"({"properties":{"title":"\"updated_at\" is late","updated_at" : "2026-11-22T00:00:00Z"}})"),
              kT0);
    EXPECT_FALSE(peekUpdatedAt(R"({"properties":{"updated_at":"yesterday"}})"));
    EXPECT_FALSE(peekUpdatedAt(R"({"properties":{"updated_at":1764000000}})"));
    EXPECT_FALSE(peekUpdatedAt("not json at all"));
}

TEST(FeedSources, FileAsFastAsPossibleAccountsForEveryLine) {
    // 6 lines with text (one with a record separator, one without a readable time, one not JSON)
    // and 4 to skip: empty, spaces, a lone separator, separators and a CR.
    const std::string text = "\x1e" + issue("a", kT0) + "\n" + "\n" + issue("b", kT0 + 1000) + "\r\n" + "   \n" +
                             "\x1e\n" + R"({"type":"Feature","id":"c","properties":{"updated_at":"yesterday"}})" +
                             "\n" + "{not json\n" + "\x1e\x1e \r\n" + issue("d", kT0 + 3000) + "\n" +
                             issue("a", kT0) + "\n";
    TempFile file(text);
    FileFeedSource source({.path = file.path(), .speed = 0});
    LiveFeed feed;
    auto wgs84 = SourceCrs::create("");
    ASSERT_TRUE(wgs84.ok());
    feed.add(std::make_unique<FileFeedSource>(FileFeedOptions{.path = file.path(), .speed = 0}), std::move(*wgs84));
    LiveStore store;
    const auto start = Clock::now();
    feed.start();
    while (!feed.exhausted() && secondsSince(start) < 5) {
        feed.drainInto(store);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    feed.drainInto(store);
    EXPECT_LT(secondsSince(start), 2.0) << "as fast as possible";

    const auto& stats = static_cast<FileFeedSource&>(feed.source(0)).replayStats();
    EXPECT_EQ(stats.lines, 10u);
    EXPECT_EQ(stats.blank, 4u);
    EXPECT_EQ(stats.pushed, 6u);
    EXPECT_EQ(stats.untimed, 2u);
    EXPECT_EQ(stats.lines, stats.blank + stats.pushed + stats.refused);

    // In the store: all 6 received; a, b, d applied, the repeated a a duplicate, c and the broken
    // line rejected under their reasons.
    const FeedAccounting& acc = store.accounting();
    EXPECT_EQ(acc.received, 6u);
    EXPECT_EQ(acc.applied, 3u);
    EXPECT_EQ(acc.duplicate, 1u);
    EXPECT_EQ(acc.rejectedFor(RejectReason::InvalidJson), 1u);
    EXPECT_EQ(acc.rejected, 2u);
    EXPECT_TRUE(acc.balanced());

    const std::vector<LiveFeedSourceReport> report = feed.report();
    ASSERT_EQ(report.size(), 1u);
    EXPECT_EQ(report[0].status.state, FeedSourceState::Finished);
    EXPECT_EQ(report[0].status.received, 6u);
    EXPECT_EQ(report[0].queue.pushed, report[0].queue.drained + report[0].queue.dropped + report[0].queue.queued);
    EXPECT_EQ(report[0].queue.drained, 6u);
    // As fast as possible, the clock is the newest time pushed.
    EXPECT_EQ(feed.feedClock(), kT0 + 3000);
}

TEST(FeedSources, FileReplaysAtTheSpeedFactor) {
    // Feed times 0, 30 s, 60 s at speed 60: the messages come 0.5 s apart, 1 s in all, and the
    // clock runs at 60 s per second without passing the message still waiting.
    TempFile file(issue("a", kT0) + "\n" + issue("b", kT0 + 30000) + "\n" + issue("c", kT0 + 60000) + "\n");
    FileFeedSource source({.path = file.path(), .speed = 60});
    const auto start = Clock::now();
    source.start();
    FeedBatch batch;
    std::vector<double> arrivals;
    std::optional<std::int64_t> midClock;
    double midBefore = 0, midAfter = 0;
    while (arrivals.size() < 3 && secondsSince(start) < 10) {
        const std::size_t n = source.queue().drain(batch);
        for (std::size_t i = 0; i < n; ++i) arrivals.push_back(secondsSince(start));
        if (!midClock && !arrivals.empty() && secondsSince(start) > 0.25) {
            midBefore = secondsSince(start);
            midClock = source.feedClock();
            midAfter = secondsSince(start);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(arrivals.size(), 3u);
    EXPECT_LT(arrivals[0], 0.3);
    // Never early (the replay waits at least the scaled gap); late only by scheduling noise.
    EXPECT_GE(arrivals[1] - arrivals[0], 0.49);
    EXPECT_GE(arrivals[2] - arrivals[0], 0.99);
    EXPECT_LT(arrivals[2], 3.0);
    ASSERT_TRUE(midClock.has_value());
    // The first message came at (or just after) the wall start, so the clock at wall time w is
    // t0 + 60 * (w - start) within the first message's delay; and below the waiting message.
    EXPECT_GE(*midClock, kT0 + std::int64_t((midBefore - arrivals[0] - 0.05) * 60000));
    EXPECT_LE(*midClock, kT0 + std::int64_t(midAfter * 60000) + 1);
    EXPECT_LE(*midClock, kT0 + 30000);
    ASSERT_TRUE(waitFor(source, FeedSourceState::Finished));
    EXPECT_EQ(source.feedClock(), kT0 + 60000) << "at the end, the last message's time";
}

TEST(FeedSources, FileReplaysFromAGivenTime) {
    // Messages an hour and a minute before "from" are the starting state: they go at once. The
    // clock starts at "from", and the message 30 s after it comes 0.5 s later at speed 60.
    TempFile file(issue("a", kT0 - 3600000) + "\n" + issue("b", kT0 - 60000) + "\n" + issue("c", kT0 + 30000) + "\n");
    FileFeedSource source({.path = file.path(), .speed = 60, .from = kT0});
    const auto start = Clock::now();
    source.start();
    FeedBatch batch;
    std::vector<double> arrivals;
    while (arrivals.size() < 3 && secondsSince(start) < 10) {
        const std::size_t n = source.queue().drain(batch);
        for (std::size_t i = 0; i < n; ++i) arrivals.push_back(secondsSince(start));
        if (arrivals.size() == 2) {
            const auto clock = source.feedClock();
            ASSERT_TRUE(clock.has_value());
            EXPECT_GE(*clock, kT0 - 60000);   // the newest message sent, or the replay's clock
            EXPECT_LE(*clock, kT0 + 30000);   // never past the message still waiting
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(arrivals.size(), 3u);
    EXPECT_LT(arrivals[1], 0.3) << "the messages before \"from\" do not wait";
    EXPECT_GE(arrivals[2] - arrivals[1], 0.45);
    EXPECT_LT(arrivals[2], 3.0);
    ASSERT_TRUE(waitFor(source, FeedSourceState::Finished));
    EXPECT_EQ(source.feedClock(), kT0 + 30000);
}

TEST(FeedSources, FileAtAFixedRate) {
    std::string text;
    for (int i = 0; i < 20; ++i) text += issue("r" + std::to_string(i), kT0 + i * 3600000) + "\n";  // an hour apart
    TempFile file(text);
    FileFeedSource source({.path = file.path(), .rate = 100});  // 100 messages a second, whatever the times
    const auto start = Clock::now();
    source.start();
    ASSERT_TRUE(waitFor(source, FeedSourceState::Finished));
    const double took = secondsSince(start);
    EXPECT_GE(took, 0.19);
    EXPECT_LT(took, 2.0);
    EXPECT_EQ(source.replayStats().pushed, 20u);
    EXPECT_EQ(source.feedClock(), kT0 + 19 * 3600000);
}

TEST(FeedSources, FileLoopsAndTheStoreCountsTheRepeatsAsDuplicates) {
    TempFile file(issue("a", kT0) + "\n\n" + issue("b", kT0 + 1000) + "\n" + issue("a", kT0 + 2000, 120.30, 31.60, "closed") + "\n");
    LiveFeed feed;
    feed.add(std::make_unique<FileFeedSource>(FileFeedOptions{
                 .path = file.path(), .speed = 0, .loop = true, .queue = {.capacity = 16, .policy = OverflowPolicy::Block}}),
             std::move(*SourceCrs::create("")));
    LiveStore store;
    feed.start();
    auto& source = static_cast<FileFeedSource&>(feed.source(0));
    const auto start = Clock::now();
    while (source.replayStats().passes < 4 && secondsSince(start) < 5) feed.drainInto(store);
    feed.stop();
    feed.drainInto(store);
    const FileReplayStats stats = source.replayStats();
    EXPECT_GE(stats.passes, 4);
    EXPECT_EQ(stats.lines, stats.blank + stats.pushed + stats.refused);
    const FeedAccounting& acc = store.accounting();
    EXPECT_EQ(acc.received, stats.pushed) << "Block: nothing dropped, everything pushed reached the store";
    EXPECT_EQ(acc.applied, 3u);
    EXPECT_EQ(acc.duplicate + acc.stale, acc.received - 3);
    EXPECT_TRUE(acc.balanced());
    EXPECT_EQ(feed.report()[0].status.state, FeedSourceState::Stopped);
}

TEST(FeedSources, StopIsPromptWhileWaitingAndWhileBlocked) {
    // Waiting a day of feed time at speed 1.
    TempFile file(issue("a", kT0) + "\n" + issue("b", kT0 + 86400000) + "\n");
    {
        FileFeedSource source({.path = file.path(), .speed = 1});
        source.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        EXPECT_EQ(source.status().state, FeedSourceState::Replaying);
        const auto start = Clock::now();
        source.stop();
        EXPECT_LT(secondsSince(start), 0.5);
        EXPECT_EQ(source.status().state, FeedSourceState::Stopped);
        EXPECT_EQ(source.status().received, 1u);
    }
    // Blocked on a full queue (Block policy) that nobody drains.
    std::string text;
    for (int i = 0; i < 50; ++i) text += issue("q" + std::to_string(i), kT0) + "\n";
    TempFile many(text);
    FileFeedSource source({.path = many.path(), .speed = 0, .queue = {.capacity = 4, .policy = OverflowPolicy::Block}});
    source.start();
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (source.status().received < 4 && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto start = Clock::now();
    source.stop();
    EXPECT_LT(secondsSince(start), 0.5);
    const FileReplayStats stats = source.replayStats();
    EXPECT_EQ(stats.pushed, 4u);
    EXPECT_EQ(stats.refused, 1u) << "the message the closed queue did not take is counted, not lost silently";
    EXPECT_EQ(source.queue().stats().queued, 4u) << "still there to drain";
}

TEST(FeedSources, FileThatCannotBeReadFailsWithItsPath) {
    FileFeedSource source({.path = "/no/such/feed.ndjson"});
    source.start();
    ASSERT_TRUE(waitFor(source, FeedSourceState::Failed));
    EXPECT_NE(source.status().lastError.find("/no/such/feed.ndjson: cannot read"), std::string::npos)
        << source.status().lastError;
}

TEST(FeedSources, SourceCrsConvertsToWgs84) {
    auto wgs = SourceCrs::create("");
    ASSERT_TRUE(wgs.ok());
    EXPECT_TRUE(wgs->isWgs84());
    EXPECT_EQ(wgs->parseOptions().validRange.maxX, 180.0);

    auto gcj = SourceCrs::create("GCJ-02");
    ASSERT_TRUE(gcj.ok());
    const Vec2d truth{120.2975, 31.595};
    Vec2d p = wgs84ToGcj02(truth);
    ASSERT_TRUE(gcj->toWgs84(p));
    EXPECT_NEAR(p.x, truth.x, 1e-8);
    EXPECT_NEAR(p.y, truth.y, 1e-8);
    auto bd = SourceCrs::create("bd09");
    ASSERT_TRUE(bd.ok());
    p = wgs84ToBd09(truth);
    ASSERT_TRUE(bd->toWgs84(p));
    EXPECT_NEAR(p.x, truth.x, 1e-8);

    // A projected CRS: its area of use, projected, is the valid range; points come back to lon/lat.
    auto gk = SourceCrs::create("EPSG:4547");  // CGCS2000 / 3-degree Gauss-Kruger CM 114E
    ASSERT_TRUE(gk.ok()) << gk.error().message;
    const Box& range = gk->parseOptions().validRange;
    EXPECT_GT(range.minX, 200000.0);
    EXPECT_LT(range.maxX, 800000.0);
    auto forward = Transformer::create("EPSG:4326", "EPSG:4547");
    ASSERT_TRUE(forward.ok());
    Vec2d q{114.1, 22.6};
    (void)forward->transform(std::span<Vec2d>(&q, 1));
    EXPECT_TRUE(range.contains(q));
    ASSERT_TRUE(gk->toWgs84(q));
    EXPECT_NEAR(q.x, 114.1, 1e-7);
    EXPECT_NEAR(q.y, 22.6, 1e-7);

    auto custom = SourceCrs::create("EPSG:4547", Box{0, 0, 1, 1});
    EXPECT_EQ(custom->parseOptions().validRange.maxX, 1.0);
    auto bad = SourceCrs::create("EPSG:999999");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("EPSG:999999"), std::string::npos);
}

TEST(FeedSources, EachSourceLandsInTheGridsThroughItsOwnCrs) {
    // Two squares side by side at 120.29..120.31. The same point, sent in GCJ-02 by one source and
    // in WGS 84 by another, lands in the same square W; read as WGS 84 the GCJ-02 text would be in E.
    BruteForceGridAssigner grids;
    grids.addLevel(BruteForceGridAssigner::uniformGrids(Box{120.29, 31.59, 120.31, 31.60}, 2, 1, "S"));
    const Vec2d truth{120.2975, 31.595};
    const Vec2d gcj = wgs84ToGcj02(truth);
    ASSERT_GT(gcj.x, 120.30) << "the offset moves it over the boundary";
    TempFile gcjFile(issue("g", kT0, gcj.x, gcj.y) + "\n" + issue("far", kT0, 200.0, 31.0) + "\n");
    TempFile wgsFile(issue("w", kT0 + 1000, truth.x, truth.y) + "\n");
    LiveFeed feed;
    feed.add(std::make_unique<FileFeedSource>(FileFeedOptions{.path = gcjFile.path(), .speed = 0}),
             std::move(*SourceCrs::create("GCJ-02")));
    feed.add(std::make_unique<FileFeedSource>(FileFeedOptions{.path = wgsFile.path(), .speed = 0}),
             std::move(*SourceCrs::create("")));
    LiveStore store({}, &grids);
    feed.start();
    const auto start = Clock::now();
    while (!feed.exhausted() && secondsSince(start) < 5) feed.drainInto(store);
    feed.drainInto(store);
    store.setClock(kT0 + 1000);
    EXPECT_EQ(store.accounting().applied, 2u);
    EXPECT_EQ(store.accounting().rejectedFor(RejectReason::BadCoordinates), 1u) << "lon 200 is out of GCJ-02's range";
    EXPECT_EQ(store.figures(0, 0).open, 2) << "both in W";
    EXPECT_EQ(store.figures(0, 1).open, 0);
    const std::uint32_t g = store.find(LiveKind::Issue, "g");
    ASSERT_NE(g, LiveStore::kNone);
    EXPECT_NEAR(store.record(g).point.x, truth.x, 1e-8);
    auto details = store.details(g);
    ASSERT_TRUE(details.ok());
    EXPECT_NEAR(details->point->x, truth.x, 1e-8) << "details show the converted point";
    const auto report = feed.report();
    EXPECT_EQ(report[0].crs, "GCJ-02");
    EXPECT_EQ(report[1].crs, "WGS 84");
}

TEST(FeedSources, MqttSourceChecksItsOptions) {
    auto endpoint = parseMqttUrl("mqtt://127.0.0.1:1883");
    ASSERT_TRUE(endpoint.ok());
    MqttFeedOptions o;
    o.client.endpoint = *endpoint;
    o.client.clientId = "t";
    o.topics = {"a/b#"};
    auto bad = MqttFeedSource::create(o);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("a/b#"), std::string::npos) << bad.error().message;
    o.topics = {"district/+/events"};
    o.qos = 3;
    EXPECT_FALSE(MqttFeedSource::create(o).ok());
    o.qos = 1;
    o.client.clientId.clear();
    EXPECT_FALSE(MqttFeedSource::create(o).ok()) << "a persistent session needs a client id";
    o.client.clientId = "t";
    o.client.caFile = "/no/such/ca.crt";
    auto noCa = MqttFeedSource::create(o);
    ASSERT_FALSE(noCa.ok());
    EXPECT_NE(noCa.error().message.find("/no/such/ca.crt"), std::string::npos) << noCa.error().message;
}

TEST(FeedSources, MqttSourceSaysUnreachableAndStopsPromptly) {
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    MqttFeedOptions o;
    o.client.endpoint = *parseMqttUrl("mqtt://127.0.0.1:1");
    o.client.clientId = "gridscope-unit";
    o.client.reconnectMinSeconds = 0.05;
    o.client.reconnectMaxSeconds = 0.2;
    o.topics = {"district/+/events"};
    auto source = MqttFeedSource::create(o);
    ASSERT_TRUE(source.ok()) << source.error().message;
    EXPECT_EQ((*source)->name(), "mqtt://127.0.0.1:1 district/+/events");
    (*source)->start();
    const auto start = Clock::now();
    while ((*source)->status().attempt < 3 && secondsSince(start) < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const FeedSourceStatus s = (*source)->status();
    EXPECT_EQ(s.state, FeedSourceState::Unreachable);
    EXPECT_GE(s.attempt, 3) << "retries with backoff";
    EXPECT_EQ(s.connections, 0);
    EXPECT_NE(s.lastError.find("mqtt://127.0.0.1:1: connection refused"), std::string::npos) << s.lastError;
    EXPECT_NE(describeStatus(s, Clock::now()).find("unreachable (attempt"), std::string::npos);
    const auto stopStart = Clock::now();
    (*source)->stop();
    EXPECT_LT(secondsSince(stopStart), 0.5);
    EXPECT_EQ((*source)->status().state, FeedSourceState::Stopped);
}

TEST(FeedSources, MqttUrlsAndTopics) {
    auto a = parseMqttUrl("mqtt://broker.example");
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->host, "broker.example");
    EXPECT_EQ(a->port, 1883);
    EXPECT_FALSE(a->tls);
    EXPECT_EQ(a->url, "mqtt://broker.example:1883");
    auto b = parseMqttUrl("mqtts://10.0.0.5/");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->port, 8883);
    EXPECT_TRUE(b->tls);
    auto c = parseMqttUrl("mqtt://[::1]:18830");
    ASSERT_TRUE(c.ok());
    EXPECT_EQ(c->host, "::1");
    EXPECT_EQ(c->url, "mqtt://[::1]:18830");
    for (const char* bad : {"http://x", "mqtt://", "mqtt://h:0", "mqtt://h:99999", "mqtt://h:1x", "mqtt://h/path"})
        EXPECT_FALSE(parseMqttUrl(bad).ok()) << bad;
    auto creds = parseMqttUrl("mqtt://wall:secret@h:1883");
    ASSERT_FALSE(creds.ok());
    EXPECT_NE(creds.error().message.find("no credentials in the URL"), std::string::npos);

    for (const char* good : {"a", "a/b", "district/+/events", "#", "a/#", "+", "+/+", "/a"})
        EXPECT_EQ(topicFilterProblem(good), "") << good;
    for (const char* bad : {"", "a+", "a/b#", "#/a", "a/#/b", "a/+b"}) EXPECT_NE(topicFilterProblem(bad), "") << bad;
    EXPECT_NE(topicNameProblem("district/+/events"), "");
    EXPECT_EQ(topicNameProblem("district/07/events"), "");
}

TEST(FeedSources, RateMeterCountsRecentMessages) {
    RateMeter meter;
    const auto t = Clock::now();
    EXPECT_EQ(meter.rate(t), 0.0);
    for (int i = 0; i < 100; ++i) meter.add(t + std::chrono::milliseconds(i * 10));  // 100 msgs/s for 1 s
    EXPECT_NEAR(meter.rate(t + std::chrono::seconds(1)), 100.0, 15.0);
    EXPECT_EQ(meter.rate(t + std::chrono::seconds(10)), 0.0) << "silent: the window has passed";
}
