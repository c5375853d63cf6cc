// One MQTT 3.1.1 connection through libmosquitto, with the states the feed panel shows and a
// network loop that can always be stopped promptly. Used by the MQTT feed source (subscribing)
// and by `gridscope feed publish` (publishing).
//
// Why not mosquitto_loop_start()/loop_forever(): their reconnects use a blocking connect, which
// against a host that drops packets waits for the kernel's TCP timeout (minutes), and
// mosquitto_loop_stop() cannot interrupt it. Here run() drives mosquitto_loop() itself with short
// timeouts, connects with mosquitto_connect_async()/mosquitto_reconnect_async(), gives up on an
// attempt that has no CONNACK within connectTimeout, and waits between attempts with exponential
// backoff (reconnectMin doubling up to reconnectMax, the schedule mosquitto_reconnect_delay_set()
// would give). The broker's answer decides the state: a CONNACK "not authorized" or "bad user name
// or password" is AuthFailed, another refusal Refused, no connection at all Unreachable, a lost
// connection Reconnecting. Retries go on in every failure state until stop is requested.
//
// Persistence: with a stable client id and cleanSession = false the broker keeps the session
// (subscriptions and QoS 1 messages not yet acknowledged) across disconnections and, with its
// persistence on, across its own restart; libmosquitto resends unacknowledged outgoing QoS 1
// messages after a reconnect. So nothing published with QoS 1 is lost, though a message may come
// twice (the store counts the second as a duplicate).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "live/feed/feed_source.hpp"
#include "live/feed/mqtt_url.hpp"

struct mosquitto;
struct mosquitto_message;

namespace gs {

struct MqttClientOptions {
    MqttEndpoint endpoint;
    std::string clientId;       // empty: a random id, and then a clean session
    bool cleanSession = false;  // false: a persistent session (needs a client id)
    std::string user;           // empty: anonymous
    std::string password;       // from the environment or a file, never from the command line
    std::string caFile;         // TLS with this CA (mqtts:// or a CA file turns TLS on)
    int keepaliveSeconds = 30;
    double connectTimeoutSeconds = 10;  // no CONNACK by then: the attempt failed
    double reconnectMinSeconds = 0.5;
    double reconnectMaxSeconds = 30;
    int maxInflight = 100;      // outgoing QoS 1/2 messages in flight at once
};

// The connection's side of a source's status.
struct MqttConnectionStatus {
    FeedSourceState state = FeedSourceState::Idle;
    int attempt = 0;                      // failed attempts since the last connection
    std::optional<SteadyTime> nextRetry;  // while waiting to retry
    int connections = 0;                  // successful connections so far
    std::string lastError;                // "mqtt://127.0.0.1:1883: connection refused"
};

class MqttClient {
public:
    struct Callbacks {
        // After each accepted CONNACK, on the loop thread: subscribe here.
        std::function<void(MqttClient&)> onConnected;
        // Each message, on the loop thread. `payload` may be taken (swapped out).
        std::function<void(std::string_view topic, std::string& payload)> onMessage;
        // The broker acknowledged message `mid` (PUBACK for QoS 1), on the loop thread.
        std::function<void(int mid)> onPublished;
        // Each change of the connection status, on the loop thread.
        std::function<void(const MqttConnectionStatus&)> onStatus;
    };

    // Fails on options libmosquitto refuses (e.g. a CA file it cannot read), naming them.
    static Result<std::unique_ptr<MqttClient>> create(MqttClientOptions options, Callbacks callbacks);
    ~MqttClient();
    MqttClient(const MqttClient&) = delete;
    MqttClient& operator=(const MqttClient&) = delete;

    // The network loop: connects, reconnects, delivers callbacks; returns soon after `stop` is
    // requested, after a clean DISCONNECT when connected. Run it on one thread.
    void run(std::stop_token stop);

    // Any thread. Queued while disconnected (QoS 1/2) and sent after the next connection. Returns
    // the message id, or an error (a payload over 256 MiB, a bad topic).
    Result<int> publish(std::string_view topic, std::string_view payload, int qos);
    // Subscriptions; call from onConnected (any thread works).
    Status subscribe(const std::vector<std::string>& filters, int qos);

    MqttConnectionStatus status() const;
    const MqttClientOptions& options() const { return options_; }

private:
    MqttClient(MqttClientOptions options, Callbacks callbacks);

    static void onConnectThunk(mosquitto*, void* self, int rc);
    static void onMessageThunk(mosquitto*, void* self, const mosquitto_message* message);
    static void onPublishThunk(mosquitto*, void* self, int mid);
    static void onSubscribeThunk(mosquitto*, void* self, int mid, int count, const int* granted);

    void startAttempt();
    void failAttempt(const std::string& why);
    void publishStatus();
    std::string describeError(int rc, int savedErrno) const;

    MqttClientOptions options_;
    Callbacks callbacks_;
    mosquitto* mosq_ = nullptr;

    mutable std::mutex statusMutex_;
    MqttConnectionStatus status_;  // under statusMutex_; written by the loop thread only

    // Loop thread only.
    bool firstAttempt_ = true;
    bool connecting_ = false;     // an attempt is under way, no CONNACK yet
    bool connected_ = false;
    bool everConnected_ = false;
    bool brokerRefused_ = false;  // this attempt got a refusing CONNACK: keep its state
    SteadyTime attemptStart_{};
    std::string payload_;         // reused for each message
    std::vector<std::pair<int, std::string>> subscriptions_;  // awaiting SUBACK: mid, filter (statusMutex_)
};

}  // namespace gs
