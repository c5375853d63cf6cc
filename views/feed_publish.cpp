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

const char* kPublishUsage =
    "usage: gridscope feed publish FEED --mqtt URL --topic TOPIC [--speed X | --rate N] [--qos 0|1|2]\n"
    "                              [--client-id ID] [--user USER] [--password-file FILE] [--ca-file FILE]\n"
    "                              [--connect-timeout S] [--ack-timeout S]\n"
    "  replays FEED (one message per line; blank and 0x1E-only lines skipped) into an MQTT broker,\n"
    "  one message per publish: at X times the pace of the messages' own updated_at (--speed,\n"
    "  default 1; 0 = as fast as possible) or at N messages per second (--rate). QoS 1 by default.\n"
    "  URL: mqtt://HOST[:PORT] or mqtts://HOST[:PORT] (TLS; --ca-file to trust a private CA).\n"
    "  Credentials: GRIDSCOPE_MQTT_USER (or --user) and GRIDSCOPE_MQTT_PASSWORD or --password-file;\n"
    "  a password is never taken from the command line.\n"
    "  --client-id ID: a stable id with a persistent session (default: a random id, clean session).\n"
    "  --connect-timeout S: give up when no connection succeeded within S seconds (default 10).\n"
    "  --ack-timeout S: after the last message, wait up to S seconds for acknowledgements (default 30).\n"
    "  Prints how many messages were published and acknowledged (PUBACK). Exit 0 only when every\n"
    "  message was acknowledged; 2 for a bad option or credentials the broker refused; 1 when the\n"
    "  broker stayed unreachable or did not acknowledge every message in time.\n";

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool parseNumber(const char* text, double& out, double min) {
    char* end = nullptr;
    const double v = std::strtod(text, &end);
    if (!end || *end || !(v >= min) || v > 1e12) return false;
    out = v;
    return true;
}

}  // namespace

int runFeedPublish(int argc, char** argv) {
    std::string feedPath, url, topic, clientId, user, passwordFile, caFile;
    double speed = 1, rate = 0, connectTimeout = 10, ackTimeout = 30, qos = 1;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        auto number = [&](double& out, double min) {
            if (!(v = next()) || !parseNumber(v, out, min))
                return reportBad(Error{"feed publish: " + a + " needs a number >= " + std::to_string(int(min)) +
                                       (v ? std::string(", not \"") + v + "\"" : std::string())});
            return 0;
        };
        int bad = 0;
        if (a == "--help" || a == "-h") {
            std::fputs(kPublishUsage, stdout);
            return 0;
        } else if (a == "--mqtt" && (v = next())) url = v;
        else if (a == "--topic" && (v = next())) topic = v;
        else if (a == "--client-id" && (v = next())) clientId = v;
        else if (a == "--user" && (v = next())) user = v;
        else if (a == "--password-file" && (v = next())) passwordFile = v;
        else if (a == "--ca-file" && (v = next())) caFile = v;
        else if (a == "--password") return reportBad(Error{"feed publish: no --password: give it in GRIDSCOPE_MQTT_PASSWORD or --password-file"});
        else if (a == "--speed") bad = number(speed, 0);
        else if (a == "--rate") bad = number(rate, 0);
        else if (a == "--qos") bad = number(qos, 0);
        else if (a == "--connect-timeout") bad = number(connectTimeout, 0);
        else if (a == "--ack-timeout") bad = number(ackTimeout, 0);
        else if (feedPath.empty() && !a.starts_with("-")) feedPath = a;
        else return reportBad(Error{"feed publish: unexpected argument \"" + a + "\" (see gridscope feed publish --help)"});
        if (bad) return bad;
    }
    if (feedPath.empty() || url.empty() || topic.empty())
        return reportBad(Error{"feed publish: give FEED, --mqtt URL and --topic TOPIC (see gridscope feed publish --help)"});
    if (qos != 0 && qos != 1 && qos != 2) return reportBad(Error{"feed publish: --qos must be 0, 1 or 2"});
    auto endpoint = parseMqttUrl(url);
    if (!endpoint) return reportBad(Error{"--mqtt: " + endpoint.error().message});
    if (std::string problem = topicNameProblem(topic); !problem.empty())
        return reportBad(Error{"--topic \"" + topic + "\": " + problem});
    if (FILE* f = std::fopen(feedPath.c_str(), "rb")) std::fclose(f);
    else return reportBad(Error{feedPath + ": cannot read the feed"});

    MqttClientOptions mo;
    mo.endpoint = *endpoint;
    mo.clientId = clientId;
    mo.cleanSession = clientId.empty();
    if (user.empty())
        if (const char* u = std::getenv("GRIDSCOPE_MQTT_USER")) user = u;
    mo.user = user;
    auto password = readMqttPassword(passwordFile.empty() && std::getenv("GRIDSCOPE_MQTT_PASSWORD")
                                         ? "GRIDSCOPE_MQTT_PASSWORD" : "",
                                     passwordFile);
    if (!password) return reportBad(Error{"--password-file: " + password.error().message});
    mo.password = *password;
    if (!mo.password.empty() && mo.user.empty())
        return reportBad(Error{"feed publish: a password needs a user (GRIDSCOPE_MQTT_USER or --user)"});
    mo.caFile = caFile;
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
    fo.speed = speed;
    fo.rate = rate;
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
            if (auto mid = mqtt.publish(topic, m, int(qos))) {
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
                int(qos), (unsigned long long)lines.blank, s.connections, secondsSince(start));
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
