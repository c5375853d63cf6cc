#include "live/feed/feed_config.hpp"

#include "geo/china_offsets.hpp"
#include "geo/crs.hpp"
#include "live/feed/mqtt_url.hpp"

namespace gs {

namespace {

using config::Json;
using config::Object;
using config::shown;

// What every feed source has: a name, its coordinates' CRS and range, its queue.
void readCommon(const Object& o, FeedConfig& feed) {
    o.string("id", feed.id);
    std::string crs;
    o.string("crs", crs);
    if (!crs.empty()) {
        if (chinaOffsetCrs(crs) != ChinaOffsetCrs::None)
            feed.crs = crs;
        else if (auto problem = crsProblem(crs, false))
            o.fail("crs", *problem + " (or use \"GCJ-02\" / \"BD-09\")");
        else
            feed.crs = crs;
    }
    if (auto range = o.box("valid_range")) feed.validRange = *range;
    o.integer("queue_capacity", feed.queue.capacity, 1, 1 << 24);
    o.choice("overflow", feed.queue.policy,
             {{"drop_oldest", OverflowPolicy::DropOldest}, {"block", OverflowPolicy::Block}}, "policy");
}

void readFile(const Object& o, FeedConfig& feed) {
    feed.type = FeedType::File;
    readCommon(o, feed);
    o.path("path", feed.path, true);
    o.number("speed", feed.speed, 0, 1e9);
    o.number("rate", feed.rate, 0, 1e9);
    o.boolean("loop", feed.loop);
    o.time("from", feed.from);
}

void readMqtt(const Object& o, FeedConfig& feed) {
    feed.type = FeedType::Mqtt;
    readCommon(o, feed);
    o.string("url", feed.url, true);
    if (!feed.url.empty())
        if (auto endpoint = parseMqttUrl(feed.url); !endpoint) o.fail("url", endpoint.error().message);
    const Json* topics = o.get("topics");
    if (!topics) {
        o.fail("topics", "missing (required: an array of topic filters)");
    } else if (!topics->is_array() || topics->empty()) {
        o.fail("topics", "expected a non-empty array of topic filters, got " + shown(*topics));
    } else {
        for (std::size_t i = 0; i < topics->size(); ++i) {
            const std::string at = "topics[" + std::to_string(i) + "]";
            const Json& t = (*topics)[i];
            if (!t.is_string())
                o.fail(at, "expected a topic filter (a string), got " + shown(t));
            else if (std::string problem = topicFilterProblem(t.get<std::string>()); !problem.empty())
                o.fail(at, shown(t) + ": " + problem);
            else
                feed.topics.push_back(t.get<std::string>());
        }
    }
    o.string("client_id", feed.clientId);
    if (feed.clientId.size() > 65535) o.fail("client_id", "longer than 65535 bytes");
    o.integer("qos", feed.qos, 0, 2);
    o.string("user", feed.user);
    o.string("password_env", feed.passwordEnv);
    o.path("password_file", feed.passwordFile);
    if (!feed.passwordEnv.empty() && !feed.passwordFile.empty())
        o.fail("password_file", "give either password_env or password_file, not both");
    if ((!feed.passwordEnv.empty() || !feed.passwordFile.empty()) && feed.user.empty())
        o.fail("user", "missing (a password needs a user)");
    o.path("ca_file", feed.caFile);
    o.integer("keepalive", feed.keepalive, 5, 65535);
}

}  // namespace

void readFeeds(const config::Object& root, std::vector<FeedConfig>& out) {
    config::Context& ctx = root.context();
    root.array("feeds", "feed sources", false, false, [&](const Json& j, const std::string& path) {
        if (!j.is_object()) return ctx.fail(path, "expected an object, got " + shown(j));
        const Json* type = j.contains("type") ? &j["type"] : nullptr;
        FeedConfig feed;
        if (type && *type == "file") {
            readFile(Object(ctx, &j, path,
                            {"type", "id", "crs", "valid_range", "queue_capacity", "overflow", "path", "speed", "rate",
                             "loop", "from"}),
                     feed);
        } else if (type && *type == "mqtt") {
            readMqtt(Object(ctx, &j, path,
                            {"type", "id", "crs", "valid_range", "queue_capacity", "overflow", "url", "topics",
                             "client_id", "qos", "user", "password_env", "password_file", "ca_file", "keepalive"}),
                     feed);
        } else {
            ctx.fail(path + ".type", type ? shown(*type) + " is not a feed type (use \"file\" or \"mqtt\")"
                                          : "missing (required: \"file\" or \"mqtt\")");
        }
        out.push_back(std::move(feed));
    });
}

}  // namespace gs
