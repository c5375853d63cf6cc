#include "wall/file_watch.hpp"

namespace gs {

std::map<std::string, std::filesystem::file_time_type> FileWatch::stat(const std::vector<std::string>& files) const {
    std::map<std::string, std::filesystem::file_time_type> out;
    for (const auto& f : files) {
        std::error_code ec;
        auto t = std::filesystem::last_write_time(f, ec);
        out[f] = ec ? std::filesystem::file_time_type::min() : t;  // a missing file is a state too
    }
    return out;
}

bool FileWatch::poll(const std::vector<std::string>& files, Clock::time_point now) {
    if (lastPoll_ && now - *lastPoll_ < interval_) return false;
    lastPoll_ = now;
    auto current = stat(files);
    if (!seen_) {
        seen_ = std::move(current);
        return false;
    }
    if (current != *seen_) {
        seen_ = std::move(current);
        changedAt_ = now;
        return false;
    }
    if (changedAt_ && now - *changedAt_ >= settle_) {
        changedAt_.reset();
        return true;
    }
    return false;
}

}  // namespace gs
