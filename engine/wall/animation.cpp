#include "wall/animation.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

AnimatedValue::AnimatedValue(double initial, double seconds)
    : from_(initial), to_(initial), seconds_(std::max(seconds, 0.0)), elapsed_(seconds_) {}

void AnimatedValue::setTarget(double v) {
    if (v == to_) return;
    from_ = value();
    to_ = v;
    elapsed_ = 0;
}

void AnimatedValue::snapTo(double v) {
    from_ = to_ = v;
    elapsed_ = seconds_;
}

void AnimatedValue::advance(double dt) {
    if (dt > 0) elapsed_ = std::min(elapsed_ + dt, seconds_);
}

double AnimatedValue::value() const {
    if (settled()) return to_;
    const double rest = 1 - elapsed_ / seconds_;
    return from_ + (to_ - from_) * (1 - rest * rest * rest);
}

RankingAnimator::RankingAnimator(double seconds) : seconds_(seconds) {}

void RankingAnimator::setOrder(const std::vector<std::string>& keys) {
    order_.clear();
    for (auto& [key, row] : rows_) row.leaving = true;
    const double bottom = static_cast<double>(keys.size());
    for (const std::string& key : keys) {
        auto [it, added] =
            rows_.try_emplace(key, Row{AnimatedValue(bottom, seconds_), AnimatedValue(0, seconds_)});
        Row& row = it->second;
        if (!added && !row.leaving) continue;  // listed twice
        row.leaving = false;
        row.position.setTarget(static_cast<double>(order_.size()));
        row.opacity.setTarget(1);
        order_.push_back(key);
    }
    for (auto& [key, row] : rows_)
        if (row.leaving) row.opacity.setTarget(0);
}

void RankingAnimator::advance(double dt) {
    for (auto it = rows_.begin(); it != rows_.end();) {
        Row& row = it->second;
        row.position.advance(dt);
        row.opacity.advance(dt);
        if (row.leaving && row.opacity.settled())
            it = rows_.erase(it);
        else
            ++it;
    }
}

double RankingAnimator::position(const std::string& key) const {
    auto it = rows_.find(key);
    return it == rows_.end() ? -1 : it->second.position.value();
}

double RankingAnimator::opacity(const std::string& key) const {
    auto it = rows_.find(key);
    return it == rows_.end() ? 0 : it->second.opacity.value();
}

std::vector<std::string> RankingAnimator::drawOrder() const {
    std::vector<std::string> keys;
    keys.reserve(rows_.size());
    for (const auto& [key, row] : rows_)
        if (row.leaving) keys.push_back(key);
    keys.insert(keys.end(), order_.begin(), order_.end());
    return keys;
}

}  // namespace gs
