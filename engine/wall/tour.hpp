// The wall's unattended tour: a playlist of stops (a view, the layers and panels it shows, how
// long) visited in order forever, with a smooth fly-to (van Wijk and Nuij) between them. An urgent
// issue interrupts at once: fly to it, show its card, take the next queued one, then fly back and
// resume the interrupted stop where it was. Pure time and geometry: the wall view calls advance(dt)
// each frame and draws what the frame says; nothing here knows GL or the live store.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "scene/fly_path.hpp"

namespace gs {

struct TourStop {
    std::string name;                  // shown on the wall while the stop is on ("鼓楼街道 · 概览")
    ViewPoint view;                    // where the map looks (display CRS)
    double seconds = 20;               // dwell once arrived
    std::vector<std::string> layers;   // layer ids shown during this stop; empty = all
    std::vector<std::string> panels;   // panel ids shown; empty = all
};

struct UrgentIssue {
    std::string id;                    // issue id (dedup key: an id already queued or showing is ignored)
    Vec2d point;                       // display CRS
    std::int64_t reportedAt = 0;       // for the card
};

struct TourOptions {
    double flySecondsPerLength = 1.0;  // flight duration = clamp(path.length() * this, minFly, maxFly)
    double minFlySeconds = 1.5, maxFlySeconds = 6.0;
    double alertSeconds = 15;          // the card stays this long once arrived
    double alertWidth = 1500;          // world width shown around an urgent issue (display units, metres in 3857)
    std::size_t maxQueued = 32;        // beyond this, urgent issues are counted as dropped (never silently)
};

enum class TourPhase { Idle /*no stops and no alerts*/, Flying, Dwelling, FlyingToAlert, ShowingAlert };

struct TourFrame {
    ViewPoint view;                    // the camera for this frame
    TourPhase phase = TourPhase::Idle;
    int stop = -1;                     // the stop flown to / dwelt at / to be resumed (-1 none)
    std::optional<UrgentIssue> alert;  // while FlyingToAlert / ShowingAlert
    double phaseProgress = 0;          // 0..1 within the current phase (a dwell: of the stop's whole dwell)
    std::size_t queuedAlerts = 0;      // waiting behind the current one
};

class TourScheduler {
public:
    // Starts flying from `start` to stop 0; with no stops it stays Idle at `start` (alerts still
    // interrupt, and the camera comes back to `start` after them).
    TourScheduler(std::vector<TourStop> stops, TourOptions options, ViewPoint start);

    // Queue an interruption (FIFO). Outside an alert it starts at once, from the current view.
    // An id already queued or showing is ignored; one more than maxQueued waiting is dropped and
    // counted in droppedAlerts().
    void urgent(const UrgentIssue& issue);
    // Move time forward (seconds >= 0) and return the frame. One call may cross several phases;
    // leftover time carries into the next, so one big step equals many small ones.
    const TourFrame& advance(double seconds);

    const TourFrame& frame() const { return frame_; }
    std::uint64_t droppedAlerts() const { return dropped_; }  // over maxQueued
    std::uint64_t shownAlerts() const { return shown_; }      // cards that came up (on arrival)
    const std::vector<TourStop>& stops() const { return stops_; }

private:
    ViewPoint currentView() const;
    void startFlight(TourPhase phase, ViewPoint to);
    void finishPhase();
    void startAlert(const UrgentIssue& issue);
    void resumeTour();
    void updateFrame();

    std::vector<TourStop> stops_;
    TourOptions options_;
    ViewPoint start_;

    TourPhase phase_ = TourPhase::Idle;
    double elapsed_ = 0, duration_ = 0;  // within the current phase
    FlyPath flight_;                     // the current flight (Flying / FlyingToAlert)
    ViewPoint hold_;                     // where the current or last flight ends; the view when not flying
    int stop_ = -1;                      // the stop flown to, dwelt at, or to resume
    double stopDwell_ = 0;               // dwell at stop_ on arrival: full, or what was left when interrupted
    std::deque<UrgentIssue> queue_;      // waiting behind frame_.alert
    std::uint64_t dropped_ = 0, shown_ = 0;
    TourFrame frame_;
};

}  // namespace gs
