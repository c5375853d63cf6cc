#include "live/feed/feed_source.hpp"

#include <cassert>
#include <cstdio>

namespace gs {

std::string_view stateName(FeedSourceState state) {
    switch (state) {
        case FeedSourceState::Idle: return "idle";
        case FeedSourceState::Connecting: return "connecting";
        case FeedSourceState::Connected: return "connected";
        case FeedSourceState::Replaying: return "replaying";
        case FeedSourceState::Reconnecting: return "reconnecting";
        case FeedSourceState::AuthFailed: return "auth_failed";
        case FeedSourceState::Refused: return "refused";
        case FeedSourceState::Unreachable: return "unreachable";
        case FeedSourceState::Failed: return "failed";
        case FeedSourceState::Finished: return "finished";
        case FeedSourceState::Stopped: return "stopped";
    }
    return "?";
}

double FeedSourceStatus::silentFor(SteadyTime now, SteadyTime since) const {
    const SteadyTime from = lastMessage ? *lastMessage : since;
    return std::chrono::duration<double>(now - from).count();
}

std::string describeStatus(const FeedSourceStatus& s, SteadyTime now) {
    std::string text(stateName(s.state));
    char buf[128];
    if (s.nextRetry) {
        const double in = std::max(0.0, std::chrono::duration<double>(*s.nextRetry - now).count());
        std::snprintf(buf, sizeof buf, " (attempt %d, next in %.1f s)", s.attempt, in);
        text += buf;
    }
    if (s.state == FeedSourceState::Connected || s.state == FeedSourceState::Replaying) {
        if (s.lastMessage && std::chrono::duration<double>(now - *s.lastMessage).count() < 2.0) {
            std::snprintf(buf, sizeof buf, ", %.0f msgs/s", s.messagesPerSecond);
        } else if (s.lastMessage) {
            std::snprintf(buf, sizeof buf, ", silent for %.0f s", s.silentFor(now, now));
        } else {
            std::snprintf(buf, sizeof buf, ", no message yet");
        }
        text += buf;
    }
    std::snprintf(buf, sizeof buf, ", %llu received", (unsigned long long)s.received);
    text += buf;
    if (!s.lastError.empty() && s.state != FeedSourceState::Connected && s.state != FeedSourceState::Replaying &&
        s.state != FeedSourceState::Finished)
        text += ": " + s.lastError;
    return text;
}

// ---------------------------------------------------------------------------------------------

std::int64_t RateMeter::second(SteadyTime t) const {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

void RateMeter::add(SteadyTime now, std::uint64_t n) {
    if (!first_) first_ = now;
    const std::int64_t s = second(now);
    const int slot = int(((s % kSeconds) + kSeconds) % kSeconds);
    if (seconds_[slot] != s) {
        seconds_[slot] = s;
        counts_[slot] = 0;
    }
    counts_[slot] += n;
}

double RateMeter::rate(SteadyTime now) const {
    if (!first_) return 0;
    // The last kSeconds - 1 whole seconds plus the current partial one, over the time they span
    // (shorter right after the first message, so the rate is right from the start).
    const std::int64_t s = second(now);
    std::uint64_t total = 0;
    for (int i = 0; i < kSeconds; ++i)
        if (seconds_[i] > s - kSeconds && seconds_[i] <= s) total += counts_[i];
    const double windowStart = double(s - (kSeconds - 1));
    const double firstSecond = std::chrono::duration<double>(first_->time_since_epoch()).count();
    const double nowSecond = std::chrono::duration<double>(now.time_since_epoch()).count();
    const double span = nowSecond - std::max(windowStart, firstSecond);
    return span > 0.05 ? double(total) / span : 0.0;
}

// ---------------------------------------------------------------------------------------------

FeedSource::FeedSource(std::string name, FeedSourceKind kind, FeedQueueOptions queue)
    : name_(std::move(name)), kind_(kind), queue_(queue) {
    status_.name = name_;
    status_.kind = kind_;
}

FeedSource::~FeedSource() {
    // A subclass must have stopped the thread in its own destructor: run() is gone by now.
    assert(!thread_.joinable());
}

void FeedSource::start() {
    std::lock_guard lock(lifecycleMutex_);
    assert(!started_);
    started_ = true;
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void FeedSource::stop() {
    std::lock_guard lock(lifecycleMutex_);
    queue_.close();  // a producer blocked on a full queue (Block policy) returns at once
    if (thread_.joinable()) {
        thread_.request_stop();
        interrupt();
        thread_.join();
    }
    std::lock_guard statusLock(statusMutex_);
    // A file that ended (or could not be read) says so still; anything else is now stopped.
    if (status_.state != FeedSourceState::Finished && status_.state != FeedSourceState::Failed)
        status_.state = FeedSourceState::Stopped;
    status_.nextRetry.reset();
}

FeedSourceStatus FeedSource::status() const {
    std::lock_guard lock(statusMutex_);
    FeedSourceStatus s = status_;
    s.messagesPerSecond = rate_.rate(std::chrono::steady_clock::now());
    fillStatus(s);
    return s;
}

bool FeedSource::deliver(std::string& message) {
    if (!queue_.push(message)) {
        std::lock_guard lock(statusMutex_);
        ++status_.refused;
        return false;
    }
    const SteadyTime now = std::chrono::steady_clock::now();
    std::lock_guard lock(statusMutex_);
    ++status_.received;
    status_.lastMessage = now;
    rate_.add(now);
    return true;
}

void FeedSource::setState(FeedSourceState state, std::string error) {
    std::lock_guard lock(statusMutex_);
    status_.state = state;
    if (!error.empty()) status_.lastError = std::move(error);
}

void FeedSource::setConnection(int attempt, std::optional<SteadyTime> nextRetry, int connections) {
    std::lock_guard lock(statusMutex_);
    status_.attempt = attempt;
    status_.nextRetry = nextRetry;
    status_.connections = connections;
}

FeedSourceState FeedSource::state() const {
    std::lock_guard lock(statusMutex_);
    return status_.state;
}

}  // namespace gs
