#include "live/feed/mqtt_url.hpp"

#include <charconv>

namespace gs {

Result<MqttEndpoint> parseMqttUrl(std::string_view url) {
    std::string shown(1, '"');
    shown.append(url).push_back('"');
    MqttEndpoint e;
    std::string_view rest;
    if (url.starts_with("mqtt://")) {
        rest = url.substr(7);
    } else if (url.starts_with("mqtts://")) {
        rest = url.substr(8);
        e.tls = true;
        e.port = 8883;
    } else {
        return Error{shown + " is not an MQTT URL (use mqtt://HOST[:PORT] or mqtts://HOST[:PORT])"};
    }
    if (rest.ends_with('/')) rest.remove_suffix(1);
    if (rest.find('@') != std::string_view::npos)
        return Error{shown + ": no credentials in the URL (give the user in the config or "
                             "GRIDSCOPE_MQTT_USER, the password in an environment variable or a file)"};
    if (rest.find_first_of("/?#") != std::string_view::npos)
        return Error{shown + ": an MQTT URL has no path (topics are given apart)"};
    std::string_view host = rest, port;
    if (rest.starts_with('[')) {
        const size_t close = rest.find(']');
        if (close == std::string_view::npos) return Error{shown + ": unclosed \"[\" in the host"};
        host = rest.substr(1, close - 1);
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after[0] != ':') return Error{shown + ": expected \":PORT\" after the host"};
            port = after.substr(1);
        }
    } else if (const size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    if (host.empty()) return Error{shown + ": no host"};
    if (!port.empty() || rest.ends_with(':')) {
        int p = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
        if (ec != std::errc() || end != port.data() + port.size() || p < 1 || p > 65535)
            return Error{shown + ": the port must be a number from 1 to 65535"};
        e.port = p;
    }
    e.host = std::string(host);
    const bool v6 = e.host.find(':') != std::string::npos;
    e.url = e.tls ? "mqtts://" : "mqtt://";
    if (v6) e.url += '[';
    e.url += e.host;
    if (v6) e.url += ']';
    e.url += ':';
    e.url += std::to_string(e.port);
    return e;
}

std::string topicFilterProblem(std::string_view f) {
    if (f.empty()) return "a topic filter cannot be empty";
    if (f.find('\0') != std::string_view::npos) return "a topic filter cannot hold a NUL character";
    if (f.size() > 65535) return "a topic filter is at most 65535 bytes";
    size_t start = 0;
    for (;;) {
        const size_t slash = f.find('/', start);
        const std::string_view level = f.substr(start, slash == std::string_view::npos ? f.npos : slash - start);
        if (level.find('+') != std::string_view::npos && level != "+")
            return "\"+\" must be a whole topic level (\"a/+/b\")";
        if (level.find('#') != std::string_view::npos) {
            if (level != "#" || slash != std::string_view::npos)
                return "\"#\" must be the whole last topic level (\"a/#\")";
        }
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return {};
}

std::string topicNameProblem(std::string_view topic) {
    if (topic.find_first_of("+#") != std::string_view::npos)
        return "a topic to publish to has no wildcards (\"+\", \"#\")";
    return topicFilterProblem(topic);
}

}  // namespace gs
