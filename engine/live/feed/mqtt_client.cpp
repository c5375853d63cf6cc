#include "live/feed/mqtt_client.hpp"

#include <mosquitto.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <thread>

namespace gs {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kLoopTimeoutMs = 50;  // how long one mosquitto_loop() may wait: bounds stop()'s delay

void initLibrary() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string connackText(int rc) {
    switch (rc) {
        case 1: return "refused: unacceptable protocol version (the broker does not speak MQTT 3.1.1)";
        case 2: return "refused: client id rejected (check client_id)";
        case 3: return "refused: server unavailable";
        case 4: return "bad user name or password (check user/password)";
        case 5: return "not authorized (check user/password)";
        default: return "refused (CONNACK code " + std::to_string(rc) + ")";
    }
}

}  // namespace

Result<std::unique_ptr<MqttClient>> MqttClient::create(MqttClientOptions options, Callbacks callbacks) {
    initLibrary();
    const std::string& url = options.endpoint.url;
    if (options.clientId.empty()) options.cleanSession = true;  // libmosquitto picks a random id
    std::unique_ptr<MqttClient> client(new MqttClient(std::move(options), std::move(callbacks)));
    const MqttClientOptions& o = client->options_;
    client->mosq_ = mosquitto_new(o.clientId.empty() ? nullptr : o.clientId.c_str(), o.cleanSession, client.get());
    if (!client->mosq_) return Error{url + ": cannot create an MQTT client (" + std::strerror(errno) + ")"};
    mosquitto* m = client->mosq_;
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_threaded_set(m, true);  // publish() may come from another thread than run()
    mosquitto_max_inflight_messages_set(m, unsigned(std::max(1, o.maxInflight)));
    if (!o.user.empty()) {
        if (mosquitto_username_pw_set(m, o.user.c_str(), o.password.empty() ? nullptr : o.password.c_str()) !=
            MOSQ_ERR_SUCCESS)
            return Error{url + ": the user name or password is not valid UTF-8"};
    }
    if (o.endpoint.tls || !o.caFile.empty()) {
        // Without a CA file, the system's trusted CAs (Debian: ca-certificates in /etc/ssl/certs).
        const char* caFile = o.caFile.empty() ? nullptr : o.caFile.c_str();
        const char* caPath = o.caFile.empty() ? "/etc/ssl/certs" : nullptr;
        if (int rc = mosquitto_tls_set(m, caFile, caPath, nullptr, nullptr, nullptr); rc != MOSQ_ERR_SUCCESS) {
            const std::string what = caFile ? o.caFile : std::string("/etc/ssl/certs");
            return Error{what + ": cannot use as the CA " + (caFile ? "file" : "folder") + " for " + url + " (" +
                         (rc == MOSQ_ERR_INVAL ? std::string("cannot read it") : mosquitto_strerror(rc)) + ")"};
        }
    }
    mosquitto_connect_callback_set(m, &MqttClient::onConnectThunk);
    mosquitto_message_callback_set(m, &MqttClient::onMessageThunk);
    mosquitto_publish_callback_set(m, &MqttClient::onPublishThunk);
    mosquitto_subscribe_callback_set(m, &MqttClient::onSubscribeThunk);
    return client;
}

MqttClient::MqttClient(MqttClientOptions options, Callbacks callbacks)
    : options_(std::move(options)), callbacks_(std::move(callbacks)) {}

MqttClient::~MqttClient() {
    if (mosq_) mosquitto_destroy(mosq_);
}

MqttConnectionStatus MqttClient::status() const {
    std::lock_guard lock(statusMutex_);
    return status_;
}

void MqttClient::publishStatus() {
    MqttConnectionStatus copy;
    {
        std::lock_guard lock(statusMutex_);
        copy = status_;
    }
    if (callbacks_.onStatus) callbacks_.onStatus(copy);
}

std::string MqttClient::describeError(int rc, int savedErrno) const {
    const std::string& url = options_.endpoint.url;
    switch (rc) {
        case MOSQ_ERR_ERRNO:
            if (savedErrno == ECONNREFUSED) return url + ": connection refused (is the broker running?)";
            return url + ": " + std::strerror(savedErrno);
        case MOSQ_ERR_EAI: return url + ": cannot resolve the host name";
        case MOSQ_ERR_CONN_LOST: return url + ": connection lost";
        case MOSQ_ERR_KEEPALIVE: return url + ": no answer within the keepalive time";
        case MOSQ_ERR_TLS:
        case MOSQ_ERR_TLS_HANDSHAKE:
            return url + ": TLS failed (check ca_file and the broker's certificate and host name)";
        case MOSQ_ERR_NO_CONN: return url + ": not connected";
        default: return url + ": " + mosquitto_strerror(rc);
    }
}

void MqttClient::startAttempt() {
    {
        std::lock_guard lock(statusMutex_);
        status_.nextRetry.reset();
        if (status_.state == FeedSourceState::Idle) status_.state = FeedSourceState::Connecting;
    }
    brokerRefused_ = false;
    connecting_ = true;
    attemptStart_ = Clock::now();
    errno = 0;
    const MqttEndpoint& e = options_.endpoint;
    // The first call stores host, port and keepalive; later ones reuse them (and close the old
    // socket). Both only start a non-blocking connect; the loop finishes it.
    const int rc = firstAttempt_ ? mosquitto_connect_async(mosq_, e.host.c_str(), e.port, options_.keepaliveSeconds)
                                 : mosquitto_reconnect_async(mosq_);
    const int savedErrno = errno;
    firstAttempt_ = false;
    if (rc != MOSQ_ERR_SUCCESS) failAttempt(describeError(rc, savedErrno));
    else publishStatus();
}

void MqttClient::failAttempt(const std::string& why) {
    const bool wasConnected = connected_;
    connecting_ = false;
    connected_ = false;
    {
        std::lock_guard lock(statusMutex_);
        ++status_.attempt;
        const double delay = std::min(options_.reconnectMaxSeconds,
                                      options_.reconnectMinSeconds * std::pow(2.0, std::min(status_.attempt - 1, 30)));
        status_.nextRetry = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(delay));
        if (!brokerRefused_) {
            // A refusing CONNACK already set AuthFailed/Refused and its text; keep them.
            status_.state = wasConnected || everConnected_ ? FeedSourceState::Reconnecting : FeedSourceState::Unreachable;
            status_.lastError = why;
        }
    }
    publishStatus();
}

void MqttClient::run(std::stop_token stop) {
    startAttempt();
    while (!stop.stop_requested()) {
        std::optional<SteadyTime> retryAt;
        {
            std::lock_guard lock(statusMutex_);
            retryAt = status_.nextRetry;
        }
        if (retryAt) {
            const auto now = Clock::now();
            if (now >= *retryAt) {
                startAttempt();
            } else {
                std::this_thread::sleep_for(std::min<Clock::duration>(*retryAt - now, std::chrono::milliseconds(kLoopTimeoutMs)));
            }
            continue;
        }
        errno = 0;
        const int rc = mosquitto_loop(mosq_, kLoopTimeoutMs, 1);
        const int savedErrno = errno;
        if (rc != MOSQ_ERR_SUCCESS) {
            failAttempt(connected_ ? describeError(rc == MOSQ_ERR_ERRNO ? MOSQ_ERR_CONN_LOST : rc, savedErrno)
                                   : describeError(rc, savedErrno));
        } else if (brokerRefused_) {
            failAttempt({});  // refused, and the broker has not closed the connection (yet): retry later
        } else if (connecting_ && Clock::now() - attemptStart_ >
                                      std::chrono::duration<double>(options_.connectTimeoutSeconds)) {
            char text[64];
            std::snprintf(text, sizeof text, ": no answer within %.0f s", options_.connectTimeoutSeconds);
            failAttempt(options_.endpoint.url + text);
        }
    }
    if (connected_) {
        // A clean DISCONNECT: the broker keeps a persistent session without waiting for a timeout.
        mosquitto_disconnect(mosq_);
        const auto until = Clock::now() + std::chrono::milliseconds(300);
        while (Clock::now() < until && mosquitto_loop(mosq_, 20, 1) == MOSQ_ERR_SUCCESS) {
        }
        connected_ = false;
    }
    {
        std::lock_guard lock(statusMutex_);
        status_.state = FeedSourceState::Stopped;
        status_.nextRetry.reset();
    }
    publishStatus();
}

Result<int> MqttClient::publish(std::string_view topic, std::string_view payload, int qos) {
    if (payload.size() > 256u * 1024 * 1024) return Error{"a payload over 256 MiB cannot be published"};
    int mid = 0;
    const int rc = mosquitto_publish(mosq_, &mid, std::string(topic).c_str(), int(payload.size()), payload.data(),
                                     qos, false);
    // Not connected: QoS 1/2 messages are queued by libmosquitto and go after the next CONNACK.
    if (rc != MOSQ_ERR_SUCCESS && !(rc == MOSQ_ERR_NO_CONN && qos > 0))
        return Error{options_.endpoint.url + ": cannot publish to \"" + std::string(topic) + "\": " + mosquitto_strerror(rc)};
    return mid;
}

Status MqttClient::subscribe(const std::vector<std::string>& filters, int qos) {
    for (const std::string& f : filters) {
        int mid = 0;
        const int rc = mosquitto_subscribe(mosq_, &mid, f.c_str(), qos);
        if (rc != MOSQ_ERR_SUCCESS)
            return Error{options_.endpoint.url + ": cannot subscribe to \"" + f + "\": " + mosquitto_strerror(rc)};
        std::lock_guard lock(statusMutex_);
        subscriptions_.emplace_back(mid, f);
    }
    return {};
}

void MqttClient::onConnectThunk(mosquitto*, void* self, int rc) {
    auto* c = static_cast<MqttClient*>(self);
    c->connecting_ = false;
    if (rc != 0) {
        // The broker answered and said no; the connection closes next and failAttempt() follows.
        c->brokerRefused_ = true;
        {
            std::lock_guard lock(c->statusMutex_);
            c->status_.state = (rc == 4 || rc == 5) ? FeedSourceState::AuthFailed : FeedSourceState::Refused;
            c->status_.lastError = c->options_.endpoint.url + ": " + connackText(rc);
        }
        c->publishStatus();
        return;
    }
    c->connected_ = true;
    c->everConnected_ = true;
    {
        std::lock_guard lock(c->statusMutex_);
        c->status_.state = FeedSourceState::Connected;
        c->status_.attempt = 0;
        c->status_.nextRetry.reset();
        ++c->status_.connections;
    }
    c->publishStatus();
    if (c->callbacks_.onConnected) c->callbacks_.onConnected(*c);
}

void MqttClient::onMessageThunk(mosquitto*, void* self, const mosquitto_message* message) {
    auto* c = static_cast<MqttClient*>(self);
    if (!c->callbacks_.onMessage) return;
    c->payload_.assign(static_cast<const char*>(message->payload), size_t(std::max(0, message->payloadlen)));
    c->callbacks_.onMessage(message->topic ? std::string_view(message->topic) : std::string_view(), c->payload_);
}

void MqttClient::onPublishThunk(mosquitto*, void* self, int mid) {
    auto* c = static_cast<MqttClient*>(self);
    if (c->callbacks_.onPublished) c->callbacks_.onPublished(mid);
}

void MqttClient::onSubscribeThunk(mosquitto*, void* self, int mid, int count, const int* granted) {
    auto* c = static_cast<MqttClient*>(self);
    bool refused = false;
    {
        std::lock_guard lock(c->statusMutex_);
        auto it = std::find_if(c->subscriptions_.begin(), c->subscriptions_.end(),
                               [&](const auto& s) { return s.first == mid; });
        const std::string filter = it != c->subscriptions_.end() ? it->second : std::string("?");
        if (it != c->subscriptions_.end()) c->subscriptions_.erase(it);
        for (int i = 0; i < count && !refused; ++i) {
            if (granted[i] >= 0 && granted[i] <= 2) continue;
            // 0x80: the broker refused the subscription (its ACL does not allow the filter).
            refused = true;
            c->status_.state = FeedSourceState::Refused;
            c->status_.lastError =
                c->options_.endpoint.url + ": the broker refused the subscription to \"" + filter + "\" (check its ACL)";
        }
    }
    if (refused) c->publishStatus();
}

}  // namespace gs
