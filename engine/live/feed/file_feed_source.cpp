#include "live/feed/file_feed_source.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "live/feed/message.hpp"

namespace gs {

namespace {

using Clock = std::chrono::steady_clock;

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Clock::duration secondsToDuration(double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

std::optional<std::int64_t> peekUpdatedAt(std::string_view m) {
    static constexpr std::string_view kKey = "\"updated_at\"";
    for (size_t at = m.find(kKey); at != std::string_view::npos; at = m.find(kKey, at + 1)) {
        size_t i = at + kKey.size();
        while (i < m.size() && isSpace(m[i])) ++i;
        if (i >= m.size() || m[i] != ':') continue;  // the text inside a string, not a member name
        ++i;
        while (i < m.size() && isSpace(m[i])) ++i;
        if (i >= m.size() || m[i] != '"') continue;
        const size_t end = m.find('"', i + 1);
        if (end == std::string_view::npos) return std::nullopt;
        if (auto t = parseRfc3339(m.substr(i + 1, end - i - 1))) return t;
    }
    return std::nullopt;
}

FileFeedSource::FileFeedSource(FileFeedOptions options)
    : FeedSource(options.name.empty() ? options.path : options.name, FeedSourceKind::File, options.queue),
      options_(std::move(options)) {}

FileFeedSource::~FileFeedSource() { stop(); }

void FileFeedSource::interrupt() {
    // Taking the mutex orders this notify after a waiter's check of the stop token.
    std::lock_guard lock(waitMutex_);
    wake_.notify_all();
}

bool FileFeedSource::waitUntil(SteadyTime due, std::stop_token& stop) {
    std::unique_lock lock(waitMutex_);
    wake_.wait_until(lock, stop, due, [] { return false; });
    return !stop.stop_requested();
}

std::optional<std::int64_t> FileFeedSource::clockLocked(SteadyTime now) const {
    if (!anchored_ && newest_ == kNoTime) return std::nullopt;
    // As fast as possible, at a fixed rate, or at the end: the newest time pushed.
    if (options_.speed <= 0 || options_.rate > 0 || ended_ || !anchored_) return newest_;
    const double elapsedMs = std::chrono::duration<double, std::milli>(now - wallStart_).count();
    std::int64_t t = feedStart_ + std::int64_t(std::floor(elapsedMs * options_.speed));
    if (newest_ != kNoTime) t = std::max(t, newest_);
    if (waitingFor_ != kNoTime) t = std::min(t, waitingFor_);
    return t;
}

std::optional<std::int64_t> FileFeedSource::feedClock() const {
    std::lock_guard lock(statusMutex_);
    return clockLocked(Clock::now());
}

FileReplayStats FileFeedSource::replayStats() const {
    std::lock_guard lock(statusMutex_);
    return stats_;
}

void FileFeedSource::fillStatus(FeedSourceStatus& status) const { status.feedClock = clockLocked(Clock::now()); }

bool FileFeedSource::replayOnce(std::stop_token& stop, bool& delivered) {
    std::ifstream in(options_.path, std::ios::binary);
    if (!in) {
        setState(FeedSourceState::Failed, options_.path + ": cannot read (" + std::strerror(errno) + ")");
        return false;
    }
    {
        std::lock_guard lock(statusMutex_);
        ++stats_.passes;
        anchored_ = false;  // newest_ keeps the last pass's end until this pass's first message
        waitingFor_ = kNoTime;
        ended_ = false;
    }
    setState(FeedSourceState::Replaying);
    const SteadyTime passStart = Clock::now();
    std::uint64_t index = 0;  // messages of this pass, for the fixed rate
    bool firstTimed = true;   // the pass's first timed message restarts the clock
    std::string line, message;
    while (std::getline(in, line)) {
        if (stop.stop_requested()) return false;
        const std::string_view text = messageText(line);
        if (text.empty()) {
            std::lock_guard lock(statusMutex_);
            ++stats_.lines;
            ++stats_.blank;
            continue;
        }
        const std::optional<std::int64_t> t = peekUpdatedAt(text);
        SteadyTime due = Clock::now();
        if (options_.rate > 0) {
            due = passStart + secondsToDuration(double(index) / options_.rate);
        } else if (options_.speed > 0 && t && options_.from && *t < *options_.from) {
            // Before the replay's start: at once, the clock not started yet.
        } else if (options_.speed > 0 && t) {
            std::lock_guard lock(statusMutex_);
            if (!anchored_ && options_.from) {
                anchored_ = true;
                feedStart_ = *options_.from;
                wallStart_ = due;
                if (*t > feedStart_) due = wallStart_ + secondsToDuration(double(*t - feedStart_) / 1000.0 / options_.speed);
            } else if (!anchored_) {
                anchored_ = true;
                feedStart_ = *t;
                wallStart_ = due;
                newest_ = kNoTime;
            } else if (*t > feedStart_) {
                due = wallStart_ + secondsToDuration(double(*t - feedStart_) / 1000.0 / options_.speed);
            }
        }
        ++index;
        if (due > Clock::now()) {
            {
                std::lock_guard lock(statusMutex_);
                waitingFor_ = t ? *t : kNoTime;
            }
            if (!waitUntil(due, stop)) return false;
        }
        message.assign(text);
        const bool taken = deliver(message);
        std::lock_guard lock(statusMutex_);
        ++stats_.lines;
        waitingFor_ = kNoTime;
        if (!taken) {
            ++stats_.refused;
            return false;
        }
        ++stats_.pushed;
        delivered = true;
        if (!t) ++stats_.untimed;
        else if (firstTimed || *t > newest_) newest_ = *t;
        if (t) firstTimed = false;
    }
    if (in.bad()) {
        setState(FeedSourceState::Failed, options_.path + ": read error (" + std::strerror(errno) + ")");
        return false;
    }
    return true;
}

void FileFeedSource::run(std::stop_token stop) {
    for (;;) {
        bool delivered = false;
        if (!replayOnce(stop, delivered)) return;
        // A pass that pushed nothing would loop forever without a pause: end instead.
        if (!options_.loop || !delivered) break;
    }
    {
        std::lock_guard lock(statusMutex_);
        ended_ = true;
    }
    setState(FeedSourceState::Finished);
}

}  // namespace gs
