// The "feeds" of a scene config: file and MQTT sources with their defaults, relative paths, and
// every bad field named by its JSON path; credentials read when the sources are made.
#include <gtest/gtest.h>

#include <cstdlib>

#include "session/live_feed.hpp"
#include "session/scene_file.hpp"

using namespace gs;

namespace {

std::string withFeeds(const std::string& feeds) {
    return R"({"layers": [{"source": "grid.geojson"}], "feeds": )" + feeds + "}";
}

Result<SceneFile> parse(const std::string& feeds) {
    return parseSceneFile(withFeeds(feeds), "scene.json", "/maps");
}

std::string errorOf(const std::string& feeds) {
    auto scene = parse(feeds);
    EXPECT_FALSE(scene.ok()) << "accepted: " << feeds;
    return scene.ok() ? "" : scene.error().message;
}

}  // namespace

TEST(FeedConfig, ParsesFileAndMqttSources) {
    auto scene = parse(R"([
      {"type": "file", "path": "feed/demo.ndjson", "speed": 60, "loop": true, "crs": "GCJ-02"},
      {"type": "mqtt", "url": "mqtt://127.0.0.1:1883", "topics": ["district/+/events", "volunteers/#"],
       "client_id": "wall-1", "qos": 1, "user": "wall", "password_env": "GRIDSCOPE_MQTT_PASSWORD",
       "ca_file": "certs/ca.crt", "id": "city", "overflow": "block", "queue_capacity": 1000,
       "crs": "EPSG:4547", "valid_range": [300000, 2000000, 700000, 3000000]}])");
    ASSERT_TRUE(scene.ok()) << scene.error().message;
    ASSERT_EQ(scene->feeds.size(), 2u);
    const FeedConfig& file = scene->feeds[0];
    EXPECT_EQ(file.type, FeedType::File);
    EXPECT_EQ(file.path, "/maps/feed/demo.ndjson");  // relative to the config
    EXPECT_DOUBLE_EQ(file.speed, 60);
    EXPECT_TRUE(file.loop);
    EXPECT_EQ(file.crs, "GCJ-02");
    EXPECT_EQ(file.queue.policy, OverflowPolicy::DropOldest);
    const FeedConfig& mqtt = scene->feeds[1];
    EXPECT_EQ(mqtt.type, FeedType::Mqtt);
    EXPECT_EQ(mqtt.topics, (std::vector<std::string>{"district/+/events", "volunteers/#"}));
    EXPECT_EQ(mqtt.clientId, "wall-1");
    EXPECT_EQ(mqtt.user, "wall");
    EXPECT_EQ(mqtt.passwordEnv, "GRIDSCOPE_MQTT_PASSWORD");
    EXPECT_EQ(mqtt.caFile, "/maps/certs/ca.crt");
    EXPECT_EQ(mqtt.id, "city");
    EXPECT_EQ(mqtt.queue.policy, OverflowPolicy::Block);
    EXPECT_EQ(mqtt.queue.capacity, 1000u);
    ASSERT_TRUE(mqtt.validRange.has_value());
    EXPECT_EQ(mqtt.validRange->maxX, 700000);

    auto none = parseSceneFile(R"({"layers": [{"source": "grid.geojson"}]})", "scene.json", "/maps");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->feeds.empty());
}

TEST(FeedConfig, BadFieldsAreNamed) {
    EXPECT_EQ(errorOf(R"([{"type": "file", "path": "f.ndjson", "sped": 60}])"),
              "scene.json: feeds[0].sped: unknown key (did you mean \"speed\"?)");
    EXPECT_EQ(errorOf(R"([{"path": "f.ndjson"}])"),
              "scene.json: feeds[0].type: missing (required: \"file\" or \"mqtt\")");
    EXPECT_NE(errorOf(R"([{"type": "kafka"}])").find("feeds[0].type: \"kafka\" is not a feed type"), std::string::npos);
    EXPECT_EQ(errorOf(R"([{"type": "file"}])"), "scene.json: feeds[0].path: missing (required)");
    EXPECT_NE(errorOf(R"([{"type": "file", "path": "f", "speed": -1}])").find("feeds[0].speed"), std::string::npos);
    EXPECT_NE(errorOf(R"([{"type": "file", "path": "f", "crs": "EPSG:999999"}])").find("feeds[0].crs"),
              std::string::npos);
    EXPECT_NE(errorOf(R"([{"type": "file", "path": "f", "overflow": "newest"}])").find("feeds[0].overflow"),
              std::string::npos);
    EXPECT_NE(errorOf(R"({"type": "file"})").find("feeds: expected an array"), std::string::npos);

    const std::string mqtt = R"("type": "mqtt", "url": "mqtt://h", "topics": ["a/+/b"])";
    EXPECT_TRUE(parse("[{" + mqtt + "}]").ok());
    EXPECT_NE(errorOf(R"([{"type": "mqtt", "topics": ["a"]}])").find("feeds[0].url: missing"), std::string::npos);
    EXPECT_NE(errorOf(R"([{"type": "mqtt", "url": "mqtt://u:p@h", "topics": ["a"]}])")
                  .find("feeds[0].url: \"mqtt://u:p@h\": no credentials in the URL"),
              std::string::npos);
    EXPECT_NE(errorOf(R"([{"type": "mqtt", "url": "tcp://h", "topics": ["a"]}])").find("feeds[0].url"),
              std::string::npos);
    EXPECT_NE(errorOf(R"([{"type": "mqtt", "url": "mqtt://h"}])").find("feeds[0].topics: missing"), std::string::npos);
    EXPECT_NE(errorOf(R"([{"type": "mqtt", "url": "mqtt://h", "topics": ["a", "b#"]}])").find("feeds[0].topics[1]"),
              std::string::npos);
    EXPECT_NE(errorOf("[{" + mqtt + R"(, "qos": 3}])").find("feeds[0].qos"), std::string::npos);
    EXPECT_NE(errorOf("[{" + mqtt + R"(, "password": "x"}])").find("feeds[0].password: unknown key"),
              std::string::npos)
        << "no password in the config, only where to find it";
    EXPECT_NE(errorOf("[{" + mqtt + R"(, "user": "u", "password_env": "A", "password_file": "p"}])")
                  .find("give either password_env or password_file"),
              std::string::npos);
    EXPECT_NE(errorOf("[{" + mqtt + R"(, "password_env": "A"}])").find("feeds[0].user: missing"), std::string::npos);
}

TEST(FeedConfig, LiveFeedReadsCredentialsWhenItMakesTheSources) {
    auto scene = parse(R"([{"type": "mqtt", "url": "mqtt://127.0.0.1:1", "topics": ["a/#"], "user": "wall",
                           "password_env": "GRIDSCOPE_TEST_UNSET_PASSWORD"}])");
    ASSERT_TRUE(scene.ok());
    ::unsetenv("GRIDSCOPE_TEST_UNSET_PASSWORD");
    auto feed = LiveFeed::fromConfig(scene->feeds, "scene.json");
    ASSERT_FALSE(feed.ok());
    EXPECT_EQ(feed.error().message, "scene.json: feeds[0].password_env: GRIDSCOPE_TEST_UNSET_PASSWORD is not set");

    ::setenv("GRIDSCOPE_TEST_UNSET_PASSWORD", "secret", 1);
    auto made = LiveFeed::fromConfig(scene->feeds, "scene.json");
    ASSERT_TRUE(made.ok()) << made.error().message;
    EXPECT_EQ((*made)->size(), 1u);
    EXPECT_EQ((*made)->source(0).kind(), FeedSourceKind::Mqtt);
    ::unsetenv("GRIDSCOPE_TEST_UNSET_PASSWORD");

    auto file = parse(R"([{"type": "mqtt", "url": "mqtt://h", "topics": ["a"], "user": "u",
                          "password_file": "/no/such/password"}])");
    ASSERT_TRUE(file.ok());
    auto noFile = LiveFeed::fromConfig(file->feeds, "scene.json");
    ASSERT_FALSE(noFile.ok());
    EXPECT_EQ(noFile.error().message, "scene.json: feeds[0].password_file: /no/such/password: cannot read the password file");
}
