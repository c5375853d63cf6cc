// `gridscope feed publish FEED --mqtt URL --topic TOPIC [--speed X | --rate N] ...`: replays a feed
// file into an MQTT broker, one message per line, and counts the broker's acknowledgements.
//
// The file is read and paced by the same FileFeedSource the viewer replays with (through a
// blocking queue, so nothing is dropped here); this thread publishes what it drains, and the MQTT
// loop runs on its own thread. Messages published while the broker is away are queued by
// libmosquitto and go after the reconnect: the exit code says whether all were acknowledged.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "commands.hpp"
#include "live/feed/file_feed_source.hpp"
#include "session/live_feed.hpp"
#include "live/feed/mqtt_client.hpp"

namespace gs::cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int runFeedPublish(const Options& options) {
    const FeedPublishOptions& o = options.feedPublish;
    const std::string& feedPath = o.feedPath;
    const std::string& url = o.mqttUrl;
    const std::string& topic = o.topic;
    const double connectTimeout = o.connectTimeout, ackTimeout = o.ackTimeout;
    const int qos = o.qos;
    std::string user = o.user;

    auto endpoint = parseMqttUrl(url);
    if (!endpoint) return reportBad(Error{"--mqtt: " + endpoint.error().message});
    if (std::string problem = topicNameProblem(topic); !problem.empty())
        return reportBad(Error{"--topic \"" + topic + "\": " + problem});
    if (FILE* f = std::fopen(feedPath.c_str(), "rb")) std::fclose(f);
    else return reportBad(Error{feedPath + ": cannot read the feed"});

    MqttClientOptions mo;
    mo.endpoint = *endpoint;
    mo.clientId = o.clientId;
    mo.cleanSession = o.clientId.empty();
    if (user.empty())
        if (const char* u = std::getenv("GRIDSCOPE_MQTT_USER")) user = u;
    mo.user = user;
    auto password = readMqttPassword(o.passwordFile.empty() && std::getenv("GRIDSCOPE_MQTT_PASSWORD")
                                         ? "GRIDSCOPE_MQTT_PASSWORD" : "",
                                     o.passwordFile);
    if (!password) return reportBad(Error{"--password-file: " + password.error().message});
    mo.password = *password;
    if (!mo.password.empty() && mo.user.empty())
        return reportBad(Error{"feed publish: a password needs a user (GRIDSCOPE_MQTT_USER or --user)"});
    mo.caFile = o.caFile;
    // Each attempt ends before the whole wait does, so the last error says why.
    mo.connectTimeoutSeconds = std::max(0.5, std::min(connectTimeout * 0.75, 10.0));
    mo.reconnectMinSeconds = 0.25;
    mo.reconnectMaxSeconds = 5;

    std::atomic<std::uint64_t> acknowledged{0};
    MqttClient::Callbacks callbacks;
    callbacks.onPublished = [&](int) { acknowledged.fetch_add(1, std::memory_order_relaxed); };
    auto client = MqttClient::create(mo, std::move(callbacks));
    if (!client) return reportBad(client.error());
    MqttClient& mqtt = **client;

    FileFeedOptions fo;
    fo.path = feedPath;
    fo.speed = o.speed;
    fo.rate = o.rate;
    fo.queue = {.capacity = 4096, .policy = OverflowPolicy::Block};
    FileFeedSource source(fo);

    const Clock::time_point start = Clock::now();
    std::jthread loop([&mqtt](std::stop_token stop) { mqtt.run(stop); });
    source.start();

    std::uint64_t published = 0, failed = 0;
    std::string firstFailure;
    FeedBatch batch;
    // Stops the loop; returns the error that ends the run, if any.
    auto trouble = [&]() -> std::optional<std::pair<int, std::string>> {
        const MqttConnectionStatus s = mqtt.status();
        if (s.state == FeedSourceState::AuthFailed || s.state == FeedSourceState::Refused)
            return std::pair{2, s.lastError};
        if (s.connections == 0 && secondsSince(start) > connectTimeout)
            return std::pair{1, unreachableMessage(endpoint->url, s.lastError, connectTimeout, s.attempt)};
        return std::nullopt;
    };
    std::optional<std::pair<int, std::string>> problem;
    for (;;) {
        const std::size_t n = source.queue().drain(batch, 1024);
        for (const std::string& m : batch.view()) {
            if (auto mid = mqtt.publish(topic, m, qos)) {
                ++published;
            } else {
                if (firstFailure.empty()) firstFailure = mid.error().message;
                ++failed;
            }
        }
        if ((problem = trouble())) break;
        if (n == 0) {
            const FeedSourceState s = source.status().state;
            if ((s == FeedSourceState::Finished || s == FeedSourceState::Failed) && source.queue().stats().queued == 0)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    source.stop();
    const FeedSourceStatus fileStatus = source.status();
    const FileReplayStats lines = source.replayStats();
    // Every message out: wait for the broker's acknowledgements.
    const Clock::time_point sent = Clock::now();
    while (!problem && acknowledged.load() < published && secondsSince(sent) < ackTimeout) {
        if ((problem = trouble())) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    loop.request_stop();
    loop.join();

    const MqttConnectionStatus s = mqtt.status();
    const std::uint64_t acked = acknowledged.load();
    std::printf("%s -> %s topic \"%s\": published %llu of %llu messages, %s %llu (QoS %d); %llu blank lines "
                "skipped; %d connection(s); %.1f s\n",
                feedPath.c_str(), endpoint->url.c_str(), topic.c_str(), (unsigned long long)published,
                (unsigned long long)lines.pushed, qos > 0 ? "acknowledged" : "sent", (unsigned long long)acked,
                qos, (unsigned long long)lines.blank, s.connections, secondsSince(start));
    std::fflush(stdout);
    if (fileStatus.state == FeedSourceState::Failed) return reportBad(Error{fileStatus.lastError});
    if (problem) {
        std::fprintf(stderr, "gridscope: %s\n", problem->second.c_str());
        return problem->first;
    }
    if (failed) return reportFailure(Error{std::to_string(failed) + " message(s) not published: " + firstFailure});
    if (acked < published) {
        char text[160];
        std::snprintf(text, sizeof text, ": %llu of %llu message(s) not acknowledged within %.0f s",
                      (unsigned long long)(published - acked), (unsigned long long)published, ackTimeout);
        return reportFailure(Error{endpoint->url + text});
    }
    return 0;
}

}  // namespace gs::cli
