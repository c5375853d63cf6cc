// Where an MQTT broker is and what may be subscribed to, checked without a connection (the scene
// config and the command line check them before anything starts).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace gs {

struct MqttEndpoint {
    std::string host;  // a name, an IPv4 address, or an IPv6 address without brackets
    int port = 1883;
    bool tls = false;  // mqtts://
    std::string url;   // "mqtt://127.0.0.1:1883", for messages: always with the port
};

// "mqtt://HOST[:PORT]" (default port 1883) or "mqtts://HOST[:PORT]" (TLS, default 8883); an IPv6
// host in brackets. Credentials in the URL are refused: they would end up in configs, logs and
// process lists (user and password come from the config, the environment or a file).
Result<MqttEndpoint> parseMqttUrl(std::string_view url);

// An MQTT topic filter for a subscription (MQTT 3.1.1 section 4.7): not empty, "+" only as a
// whole level, "#" only as the whole last level, no NUL. Returns why not, or an empty string.
std::string topicFilterProblem(std::string_view filter);
// A topic to publish to: a filter without wildcards.
std::string topicNameProblem(std::string_view topic);

}  // namespace gs
