// The MQTT transport: a subscription (topics with wildcards, QoS 1 by default) on a broker such as
// Debian's mosquitto, one message per payload, pushed into the source's queue from the network
// loop's thread. Connection states, backoff and persistence: engine/live/mqtt_client.hpp.
//
// With the Block overflow policy a full queue holds the network loop, and the broker holds the
// rest of the QoS 1 messages (they are acknowledged once taken); with DropOldest (the default)
// the queue drops and counts the oldest instead.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "live/feed/feed_source.hpp"
#include "live/feed/mqtt_client.hpp"

namespace gs {

struct MqttFeedOptions {
    MqttClientOptions client;
    std::vector<std::string> topics;  // filters; "+" and "#" allowed
    int qos = 1;
    std::string name;                 // shown in the panel; "URL TOPIC ..." when empty
    FeedQueueOptions queue;
};

class MqttFeedSource : public FeedSource {
public:
    // Fails on a bad URL, topic or QoS, or options libmosquitto refuses; the error names them.
    static Result<std::unique_ptr<MqttFeedSource>> create(MqttFeedOptions options);
    ~MqttFeedSource() override;

    const MqttFeedOptions& options() const { return options_; }

private:
    explicit MqttFeedSource(MqttFeedOptions options);
    void run(std::stop_token stop) override;
    void onStatus(const MqttConnectionStatus& s);

    MqttFeedOptions options_;
    std::unique_ptr<MqttClient> client_;
};

}  // namespace gs
