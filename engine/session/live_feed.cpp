#include "session/live_feed.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "live/feed/file_feed_source.hpp"
#include "live/feed/mqtt_feed_source.hpp"

namespace gs {

Result<std::string> readMqttPassword(const std::string& envName, const std::string& file) {
    if (!envName.empty()) {
        const char* value = std::getenv(envName.c_str());
        if (!value) return Error{envName + " is not set"};
        return std::string(value);
    }
    if (!file.empty()) {
        std::ifstream in(file, std::ios::binary);
        if (!in) return Error{file + ": cannot read the password file"};
        std::string line;
        std::getline(in, line);
        while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
        if (line.empty()) return Error{file + ": the password file is empty"};
        return line;
    }
    return std::string();
}

std::string defaultMqttClientId(std::string_view purpose) {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0 || !host[0]) std::snprintf(host, sizeof host, "localhost");
    std::string id = "gridscope-";
    id.append(purpose).append("-").append(host);
    return id;
}

Result<std::unique_ptr<LiveFeed>> LiveFeed::fromConfig(const std::vector<FeedConfig>& feeds,
                                                       const std::string& configLabel) {
    auto feed = std::make_unique<LiveFeed>();
    for (size_t i = 0; i < feeds.size(); ++i) {
        const FeedConfig& f = feeds[i];
        const std::string where = configLabel + ": feeds[" + std::to_string(i) + "]";
        auto crs = SourceCrs::create(f.crs, f.validRange);
        if (!crs) return Error{where + ".crs: " + crs.error().message};
        if (f.type == FeedType::File) {
            FileFeedOptions o;
            o.path = f.path;
            o.name = f.id;
            o.speed = f.speed;
            o.rate = f.rate;
            o.loop = f.loop;
            o.from = f.from;
            o.queue = f.queue;
            feed->add(std::make_unique<FileFeedSource>(std::move(o)), std::move(*crs));
            continue;
        }
        MqttFeedOptions o;
        auto endpoint = parseMqttUrl(f.url);
        if (!endpoint) return Error{where + ".url: " + endpoint.error().message};
        o.client.endpoint = *endpoint;
        o.client.clientId = f.clientId.empty() ? defaultMqttClientId("feed" + std::to_string(i)) : f.clientId;
        o.client.cleanSession = false;
        o.client.user = f.user;
        auto password = readMqttPassword(f.passwordEnv, f.passwordFile);
        if (!password)
            return Error{where + (f.passwordEnv.empty() ? ".password_file: " : ".password_env: ") +
                         password.error().message};
        o.client.password = *password;
        o.client.caFile = f.caFile;
        o.client.keepaliveSeconds = f.keepalive;
        o.topics = f.topics;
        o.qos = f.qos;
        o.name = f.id;
        o.queue = f.queue;
        auto source = MqttFeedSource::create(std::move(o));
        if (!source) return Error{where + ": " + source.error().message};
        feed->add(std::move(*source), std::move(*crs));
    }
    return feed;
}

LiveFeed::~LiveFeed() { stop(); }

void LiveFeed::add(std::unique_ptr<FeedSource> source, SourceCrs crs) {
    sources_.push_back(Entry{std::move(source), std::move(crs), {}});
}

void LiveFeed::start() {
    for (Entry& e : sources_) e.source->start();
}

void LiveFeed::stop() {
    // Close every queue first, so no producer is left blocked while another source is joined.
    for (Entry& e : sources_) e.source->queue().close();
    for (Entry& e : sources_) e.source->stop();
}

std::size_t LiveFeed::drainInto(LiveStore& store, std::size_t maxPerSource) {
    std::size_t handled = 0;
    for (Entry& e : sources_) {
        const std::size_t n = e.source->queue().drain(e.batch, maxPerSource);
        store.countQueueOverflow(e.batch.dropped);
        for (const std::string& bytes : e.batch.view()) {
            if (auto rejection = parseMessageInto(bytes, e.crs.parseOptions(), scratch_)) {
                store.ingestRejected(*rejection, bytes);
                continue;
            }
            if (scratch_.point && !e.crs.isWgs84()) {
                const Vec2d from = *scratch_.point;
                if (!e.crs.toWgs84(*scratch_.point)) {
                    std::ostringstream detail;
                    detail.precision(10);
                    detail << "geometry.coordinates: [" << from.x << ", " << from.y << "] in " << e.crs.name()
                           << " cannot be converted to WGS 84";
                    store.ingestRejected(Rejection{RejectReason::BadCoordinates, detail.str()}, bytes);
                    continue;
                }
            }
            store.apply(scratch_, bytes);
        }
        handled += n;
    }
    return handled;
}

std::vector<LiveFeedSourceReport> LiveFeed::report() const {
    std::vector<LiveFeedSourceReport> out;
    out.reserve(sources_.size());
    for (const Entry& e : sources_) out.push_back({e.source->status(), e.source->queue().stats(), e.crs.name()});
    return out;
}

std::optional<std::int64_t> LiveFeed::feedClock() const {
    std::optional<std::int64_t> clock;
    for (const Entry& e : sources_) {
        if (e.source->kind() != FeedSourceKind::File) continue;
        if (auto t = static_cast<const FileFeedSource&>(*e.source).feedClock(); t && (!clock || *t > *clock)) clock = t;
    }
    return clock;
}

bool LiveFeed::replays() const {
    for (const Entry& e : sources_)
        if (e.source->kind() == FeedSourceKind::File && e.source->status().state != FeedSourceState::Failed)
            return true;
    return false;
}

bool LiveFeed::exhausted() const {
    for (const Entry& e : sources_) {
        const FeedSourceState s = e.source->status().state;
        if (s != FeedSourceState::Finished && s != FeedSourceState::Failed) return false;
        if (e.source->queue().stats().queued > 0) return false;
    }
    return true;
}

}  // namespace gs
