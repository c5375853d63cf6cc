#include "wall/tour.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace gs {

namespace {

// A flight never takes zero time, so a tour of zero dwells and options with minFlySeconds = 0
// still moves time forward instead of spinning inside advance().
constexpr double kShortestFlightSeconds = 1e-3;

double nonNegative(double seconds) { return std::isfinite(seconds) ? std::max(seconds, 0.0) : 0.0; }

}  // namespace

TourScheduler::TourScheduler(std::vector<TourStop> stops, TourOptions options, ViewPoint start)
    : stops_(std::move(stops)), options_(options), start_(start), flight_(start, start), hold_(start) {
    assert(options_.alertWidth > 0 && options_.flySecondsPerLength >= 0);
    for (TourStop& s : stops_) s.seconds = nonNegative(s.seconds);
    options_.alertSeconds = nonNegative(options_.alertSeconds);
    options_.minFlySeconds = std::max(nonNegative(options_.minFlySeconds), kShortestFlightSeconds);
    options_.maxFlySeconds = std::max(options_.maxFlySeconds, options_.minFlySeconds);
    if (!stops_.empty()) {
        stop_ = 0;
        stopDwell_ = stops_[0].seconds;
        startFlight(TourPhase::Flying, stops_[0].view);
    }
    updateFrame();
}

ViewPoint TourScheduler::currentView() const {
    if (phase_ == TourPhase::Flying || phase_ == TourPhase::FlyingToAlert)
        return flight_.at(duration_ > 0 ? elapsed_ / duration_ : 1);
    return hold_;
}

void TourScheduler::startFlight(TourPhase phase, ViewPoint to) {
    flight_ = FlyPath(currentView(), to);
    const double seconds = flight_.length() * options_.flySecondsPerLength;
    duration_ = std::min(std::max(seconds, options_.minFlySeconds), options_.maxFlySeconds);
    elapsed_ = 0;
    hold_ = to;
    phase_ = phase;
}

void TourScheduler::startAlert(const UrgentIssue& issue) {
    frame_.alert = issue;
    startFlight(TourPhase::FlyingToAlert, ViewPoint{issue.point, options_.alertWidth});
}

void TourScheduler::resumeTour() {
    frame_.alert.reset();
    startFlight(TourPhase::Flying, stop_ >= 0 ? stops_[stop_].view : start_);
}

void TourScheduler::urgent(const UrgentIssue& issue) {
    const bool inAlert = phase_ == TourPhase::FlyingToAlert || phase_ == TourPhase::ShowingAlert;
    if (inAlert) {
        if (frame_.alert && frame_.alert->id == issue.id) return;
        for (const UrgentIssue& q : queue_)
            if (q.id == issue.id) return;
        if (queue_.size() >= options_.maxQueued) {
            ++dropped_;
            return;
        }
        queue_.push_back(issue);
    } else {
        // Interrupted mid-dwell: keep what was left of it for the resume. Mid-flight, stopDwell_
        // already holds the dwell due on arrival.
        if (phase_ == TourPhase::Dwelling) stopDwell_ = std::max(duration_ - elapsed_, 0.0);
        startAlert(issue);
    }
    updateFrame();
}

void TourScheduler::finishPhase() {
    switch (phase_) {
    case TourPhase::Idle:
        return;
    case TourPhase::Flying:
        elapsed_ = 0;
        if (stop_ < 0) {
            phase_ = TourPhase::Idle;
            duration_ = 0;
        } else {
            phase_ = TourPhase::Dwelling;
            duration_ = stopDwell_;
        }
        return;
    case TourPhase::Dwelling:
        stop_ = (stop_ + 1) % static_cast<int>(stops_.size());
        stopDwell_ = stops_[stop_].seconds;
        startFlight(TourPhase::Flying, stops_[stop_].view);
        return;
    case TourPhase::FlyingToAlert:
        phase_ = TourPhase::ShowingAlert;
        elapsed_ = 0;
        duration_ = options_.alertSeconds;
        ++shown_;
        return;
    case TourPhase::ShowingAlert:
        if (queue_.empty()) {
            resumeTour();
        } else {
            startAlert(queue_.front());
            queue_.pop_front();
        }
        return;
    }
}

const TourFrame& TourScheduler::advance(double seconds) {
    assert(seconds >= 0);
    double left = nonNegative(seconds);
    while (phase_ != TourPhase::Idle) {
        const double room = duration_ - elapsed_;
        if (left < room) {
            elapsed_ += left;
            break;
        }
        left -= std::max(room, 0.0);
        finishPhase();
    }
    updateFrame();
    return frame_;
}

void TourScheduler::updateFrame() {
    frame_.view = currentView();
    frame_.phase = phase_;
    frame_.stop = stop_;
    if (phase_ == TourPhase::Idle) {
        frame_.phaseProgress = 0;
    } else if (phase_ == TourPhase::Dwelling) {
        // Through the stop's whole dwell, so a resumed dwell's progress bar goes on where it was.
        const double full = stops_[stop_].seconds;
        frame_.phaseProgress = full > 0 ? std::clamp(1 - (duration_ - elapsed_) / full, 0.0, 1.0) : 1;
    } else {
        frame_.phaseProgress = duration_ > 0 ? std::min(elapsed_ / duration_, 1.0) : 1;
    }
    frame_.queuedAlerts = queue_.size();
}

}  // namespace gs
