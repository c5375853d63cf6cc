// Watches files for changes by their modification times, for a wall that runs for weeks: a change
// is reported once the files have been still for `settle` (a copy in progress is never read half
// written). Polled from the frame loop; no threads, no inotify.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gs {

class FileWatch {
public:
    using Clock = std::chrono::steady_clock;
    explicit FileWatch(std::chrono::milliseconds interval = std::chrono::seconds(1),
                       std::chrono::milliseconds settle = std::chrono::seconds(1))
        : interval_(interval), settle_(settle) {}

    // True once after the files changed (modified, created or removed) and then stayed unchanged
    // for `settle`. The first call only records what is there.
    bool poll(const std::vector<std::string>& files, Clock::time_point now = Clock::now());

private:
    std::map<std::string, std::filesystem::file_time_type> stat(const std::vector<std::string>& files) const;

    std::chrono::milliseconds interval_, settle_;
    std::optional<std::map<std::string, std::filesystem::file_time_type>> seen_;
    std::optional<Clock::time_point> changedAt_, lastPoll_;
};

}  // namespace gs
