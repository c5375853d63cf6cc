#include "live/feed/mqtt_feed_source.hpp"

namespace gs {

namespace {

std::string defaultName(const MqttFeedOptions& o) {
    std::string name = o.client.endpoint.url;
    for (const std::string& t : o.topics) name += " " + t;
    return name;
}

}  // namespace

Result<std::unique_ptr<MqttFeedSource>> MqttFeedSource::create(MqttFeedOptions options) {
    const std::string& url = options.client.endpoint.url;
    if (url.empty() || options.client.endpoint.host.empty()) return Error{"MQTT source: no broker URL"};
    if (options.topics.empty()) return Error{url + ": no topic to subscribe to"};
    for (const std::string& t : options.topics)
        if (std::string problem = topicFilterProblem(t); !problem.empty())
            return Error{url + ": topic \"" + t + "\": " + problem};
    if (options.qos < 0 || options.qos > 2) return Error{url + ": QoS " + std::to_string(options.qos) + " is not 0, 1 or 2"};
    if (!options.client.cleanSession && options.client.clientId.empty())
        return Error{url + ": a persistent session needs a client id"};
    std::unique_ptr<MqttFeedSource> source(new MqttFeedSource(std::move(options)));
    MqttFeedSource* self = source.get();
    MqttClient::Callbacks callbacks;
    callbacks.onConnected = [self](MqttClient& client) {
        if (Status s = client.subscribe(self->options_.topics, self->options_.qos); !s)
            self->setState(FeedSourceState::Failed, s.error().message);
    };
    callbacks.onMessage = [self](std::string_view, std::string& payload) { self->deliver(payload); };
    callbacks.onStatus = [self](const MqttConnectionStatus& s) { self->onStatus(s); };
    auto client = MqttClient::create(source->options_.client, std::move(callbacks));
    if (!client) return client.error();
    source->client_ = std::move(*client);
    return source;
}

MqttFeedSource::MqttFeedSource(MqttFeedOptions options)
    : FeedSource(options.name.empty() ? defaultName(options) : options.name, FeedSourceKind::Mqtt, options.queue),
      options_(std::move(options)) {}

MqttFeedSource::~MqttFeedSource() { stop(); }

void MqttFeedSource::run(std::stop_token stop) { client_->run(stop); }

void MqttFeedSource::onStatus(const MqttConnectionStatus& s) {
    // The client's loop runs on this source's thread, so its states arrive in order. Stopped is
    // the base class's to set.
    if (s.state == FeedSourceState::Stopped) return;
    setState(s.state, s.lastError);
    setConnection(s.attempt, s.nextRetry, s.connections);
}

}  // namespace gs
