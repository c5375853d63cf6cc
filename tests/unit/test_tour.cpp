// The wall's unattended tour: stops in order and cycling, flight and dwell durations, urgent issues
// interrupting mid-dwell and mid-flight, queued FIFO, deduplicated, dropped over the limit and
// counted, then the tour resumed where it was; one big time step equals many small ones. Then the
// panels' animation helpers: eased values and ranking rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "scene/fly_path.hpp"
#include "wall/animation.hpp"
#include "wall/tour.hpp"

namespace gs {
namespace {

constexpr double kStep = 1e-3;  // the timeline's clock step: changes are found to within it

// What the wall would show change: phase, stop, alert.
struct Change {
    double time;
    TourPhase phase;
    int stop;
    std::string alert;  // "" for none
};

std::string alertId(const TourFrame& f) { return f.alert ? f.alert->id : std::string(); }

// Runs a scheduler in small steps on an exact clock and records every change of phase, stop or alert.
class Timeline {
public:
    explicit Timeline(TourScheduler& s) : s_(s) { note(); }

    void runUntil(double time) {
        while (now() + kStep / 2 < time) {
            s_.advance(kStep);
            ++steps_;
            note();
        }
    }
    void urgent(const UrgentIssue& issue) {
        s_.urgent(issue);
        note();
    }
    double now() const { return static_cast<double>(steps_) * kStep; }
    const std::vector<Change>& changes() const { return changes_; }

private:
    void note() {
        const TourFrame& f = s_.frame();
        if (!changes_.empty() && changes_.back().phase == f.phase && changes_.back().stop == f.stop &&
            changes_.back().alert == alertId(f))
            return;
        changes_.push_back({now(), f.phase, f.stop, alertId(f)});
    }

    TourScheduler& s_;
    long steps_ = 0;
    std::vector<Change> changes_;
};

std::string describe(const std::vector<Change>& changes) {
    std::string s;
    for (const Change& c : changes)
        s += std::to_string(c.time) + " phase " + std::to_string(static_cast<int>(c.phase)) + " stop " +
             std::to_string(c.stop) + " " + c.alert + "\n";
    return s;
}

void expectChanges(const std::vector<Change>& got, const std::vector<Change>& want) {
    ASSERT_EQ(got.size(), want.size()) << "got\n" << describe(got) << "want\n" << describe(want);
    for (std::size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE("change " + std::to_string(i));
        EXPECT_EQ(got[i].phase, want[i].phase);
        EXPECT_EQ(got[i].stop, want[i].stop);
        EXPECT_EQ(got[i].alert, want[i].alert);
        // Found at the first step on or after the change.
        EXPECT_GE(got[i].time, want[i].time - 1e-9);
        EXPECT_LE(got[i].time, want[i].time + kStep + 1e-9);
    }
}

// The flight time between two views with the default options (1 s per unit of length, 1.5..6 s).
double flySeconds(ViewPoint a, ViewPoint b) { return std::clamp(FlyPath(a, b).length(), 1.5, 6.0); }

ViewPoint alertView(Vec2d p) { return {p, 1500}; }

void expectView(const ViewPoint& got, const ViewPoint& want, double tolerance = 1e-9) {
    EXPECT_NEAR(got.center.x, want.center.x, tolerance);
    EXPECT_NEAR(got.center.y, want.center.y, tolerance);
    EXPECT_NEAR(got.width, want.width, tolerance);
}

const ViewPoint kA{{0, 0}, 1000}, kB{{3000, 0}, 1000}, kC{{0, 2000}, 1000};

std::vector<TourStop> threeStops() {
    return {{"鼓楼街道 · 概览", kA, 10, {"grids"}, {"ranking"}}, {"B", kB, 5, {}, {}}, {"C", kC, 7, {}, {}}};
}

using P = TourPhase;

TEST(Tour, VisitsStopsInOrderAndCycles) {
    TourScheduler tour(threeStops(), {}, kA);
    EXPECT_EQ(tour.stops().size(), 3u);
    EXPECT_EQ(tour.stops()[0].name, "鼓楼街道 · 概览");
    EXPECT_EQ(tour.frame().phase, P::Flying);
    EXPECT_EQ(tour.frame().stop, 0);
    expectView(tour.frame().view, kA);

    Timeline line(tour);
    line.runUntil(80);
    const double ab = flySeconds(kA, kB), bc = flySeconds(kB, kC), ca = flySeconds(kC, kA);
    std::vector<Change> want = {{0, P::Flying, 0, ""}};
    double t = 1.5;  // start == stop 0: the shortest flight
    want.push_back({t, P::Dwelling, 0, ""});
    for (int lap = 0; lap < 3 && t < 80; ++lap) {
        for (auto [dwell, fly, next] : {std::tuple{10.0, ab, 1}, std::tuple{5.0, bc, 2}, std::tuple{7.0, ca, 0}}) {
            if ((t += dwell) > 80) break;
            want.push_back({t, P::Flying, next, ""});
            if ((t += fly) > 80) break;
            want.push_back({t, P::Dwelling, next, ""});
        }
    }
    EXPECT_GT(want.size(), 12u);  // more than two laps
    expectChanges(line.changes(), want);
}

TEST(Tour, DwellsAtTheStopsViewForItsSeconds) {
    TourScheduler tour(threeStops(), {}, kA);
    tour.advance(1.5 + 5);  // half of stop 0's dwell
    EXPECT_EQ(tour.frame().phase, P::Dwelling);
    EXPECT_EQ(tour.frame().stop, 0);
    EXPECT_NEAR(tour.frame().phaseProgress, 0.5, 1e-12);
    expectView(tour.frame().view, kA, 0);
    tour.advance(4.999);
    EXPECT_EQ(tour.frame().phase, P::Dwelling);
    tour.advance(0.002);
    EXPECT_EQ(tour.frame().phase, P::Flying);
    EXPECT_EQ(tour.frame().stop, 1);
    tour.advance(flySeconds(kA, kB));
    EXPECT_EQ(tour.frame().phase, P::Dwelling);
    expectView(tour.frame().view, kB, 0);
    EXPECT_NEAR(tour.frame().phaseProgress, 0.001 / 5, 1e-9);
}

TEST(Tour, FlightDurationsFollowThePathLengthClamped) {
    const ViewPoint zoom{{0, 0}, 1100}, far{{1e6, 0}, 100};
    const double panLength = FlyPath(kA, kB).length();
    ASSERT_GT(panLength, 1.5);  // a flight inside the clamp
    ASSERT_LT(panLength, 6.0);
    ASSERT_LT(FlyPath(kB, zoom).length(), 6.0);
    ASSERT_LT(FlyPath(kA, zoom).length(), 0.1);  // far under the minimum
    ASSERT_GT(FlyPath(zoom, far).length(), 12);  // twice the maximum

    std::vector<TourStop> stops = {{"A", kA, 1, {}, {}}, {"B", kB, 1, {}, {}}, {"zoom", zoom, 1, {}, {}},
                                   {"far", far, 1, {}, {}}};
    {
        TourScheduler tour(stops, {}, kA);
        Timeline line(tour);
        line.runUntil(29);
        const double bz = FlyPath(kB, zoom).length();
        std::vector<Change> want = {{0, P::Flying, 0, ""},        {1.5, P::Dwelling, 0, ""},
                                    {2.5, P::Flying, 1, ""},      {2.5 + panLength, P::Dwelling, 1, ""},
                                    {3.5 + panLength, P::Flying, 2, ""}};
        double t = 3.5 + panLength + std::max(bz, 1.5);
        want.push_back({t, P::Dwelling, 2, ""});
        want.push_back({t + 1, P::Flying, 3, ""});
        want.push_back({t + 7, P::Dwelling, 3, ""});  // clamped to 6 s
        want.push_back({t + 8, P::Flying, 0, ""});
        want.push_back({t + 14, P::Dwelling, 0, ""});  // back: clamped to 6 s
        want.push_back({t + 15, P::Flying, 1, ""});
        want.push_back({t + 15 + panLength, P::Dwelling, 1, ""});
        want.push_back({t + 16 + panLength, P::Flying, 2, ""});
        expectChanges(line.changes(), want);
    }
    {
        // Twice the seconds per length: the pan takes twice as long; bounds of the clamp as set.
        TourOptions options{.flySecondsPerLength = 2, .minFlySeconds = 0.5, .maxFlySeconds = 8};
        TourScheduler tour(stops, options, kA);
        Timeline line(tour);
        line.runUntil(2 + 2 * panLength);
        expectChanges(line.changes(), {{0, P::Flying, 0, ""},
                                       {0.5, P::Dwelling, 0, ""},
                                       {1.5, P::Flying, 1, ""},
                                       {1.5 + 2 * panLength, P::Dwelling, 1, ""}});
    }
}

TEST(Tour, UrgentIssueMidDwellResumesWithTheDwellLeft) {
    std::vector<TourStop> stops = {{"A", kA, 20, {}, {}}, {"B", kB, 5, {}, {}}};
    TourScheduler tour(stops, {}, kA);
    Timeline line(tour);
    line.runUntil(9.5);  // 8 s into stop 0's 20 s
    EXPECT_NEAR(tour.frame().phaseProgress, 0.4, 1e-9);
    const UrgentIssue fire{"ISSUE-2024-000017", {10000, 0}, 1700000000};
    line.urgent(fire);

    // At once, from where the camera is.
    const TourFrame& f = tour.frame();
    EXPECT_EQ(f.phase, P::FlyingToAlert);
    EXPECT_EQ(f.stop, 0);  // to be resumed
    ASSERT_TRUE(f.alert.has_value());
    EXPECT_EQ(f.alert->id, "ISSUE-2024-000017");
    EXPECT_EQ(f.alert->reportedAt, 1700000000);
    EXPECT_EQ(f.phaseProgress, 0);
    EXPECT_EQ(f.queuedAlerts, 0u);
    expectView(f.view, kA, 0);
    EXPECT_EQ(tour.shownAlerts(), 0u);

    line.runUntil(54);
    const double to = flySeconds(kA, alertView(fire.point)), back = flySeconds(alertView(fire.point), kA);
    const double shown = 9.5 + to, resumed = shown + 15 + back;
    expectChanges(line.changes(), {{0, P::Flying, 0, ""},
                                   {1.5, P::Dwelling, 0, ""},
                                   {9.5, P::FlyingToAlert, 0, fire.id},
                                   {shown, P::ShowingAlert, 0, fire.id},
                                   {shown + 15, P::Flying, 0, ""},
                                   {resumed, P::Dwelling, 0, ""},
                                   {resumed + 12, P::Flying, 1, ""},  // 20 - 8: the dwell left
                                   {resumed + 12 + flySeconds(kA, kB), P::Dwelling, 1, ""},
                                   {resumed + 17 + flySeconds(kA, kB), P::Flying, 0, ""}});
    EXPECT_EQ(tour.shownAlerts(), 1u);
    EXPECT_EQ(tour.droppedAlerts(), 0u);

    // While shown, the camera holds on the issue; the resumed dwell's progress goes on from 0.4.
    TourScheduler again(stops, {}, kA);
    again.advance(9.5);
    again.urgent(fire);
    again.advance(to + 7);
    EXPECT_EQ(again.frame().phase, P::ShowingAlert);
    EXPECT_NEAR(again.frame().phaseProgress, 7.0 / 15, 1e-9);
    expectView(again.frame().view, alertView(fire.point), 0);
    again.advance(8 + back);
    EXPECT_EQ(again.frame().phase, P::Dwelling);
    EXPECT_NEAR(again.frame().phaseProgress, 0.4, 1e-9);
    EXPECT_FALSE(again.frame().alert.has_value());
}

TEST(Tour, UrgentIssueMidFlightFliesFromHereAndDwellsInFull) {
    const ViewPoint farB{{20000, 0}, 1000};
    std::vector<TourStop> stops = {{"A", kA, 5, {}, {}}, {"B", farB, 5, {}, {}}};
    TourScheduler tour(stops, {}, kA);
    const double ab = flySeconds(kA, farB);
    tour.advance(6.5 + ab / 2);
    ASSERT_EQ(tour.frame().phase, P::Flying);
    ASSERT_EQ(tour.frame().stop, 1);
    const ViewPoint here = tour.frame().view;
    expectView(here, FlyPath(kA, farB).at(0.5), 1e-6);

    const UrgentIssue issue{"7", {0, 30000}, 0};
    tour.urgent(issue);
    EXPECT_EQ(tour.frame().phase, P::FlyingToAlert);
    EXPECT_EQ(tour.frame().stop, 1);
    expectView(tour.frame().view, here, 0);  // no jump

    const double to = flySeconds(here, alertView(issue.point));
    tour.advance(to / 2);  // the alert flight starts from the interrupted view
    expectView(tour.frame().view, FlyPath(here, alertView(issue.point)).at(0.5), 1e-6);
    tour.advance(to / 2 + 15 + flySeconds(alertView(issue.point), farB) - 1e-6);
    EXPECT_EQ(tour.frame().phase, P::Flying);
    EXPECT_EQ(tour.frame().stop, 1);
    tour.advance(2e-6);
    EXPECT_EQ(tour.frame().phase, P::Dwelling);
    EXPECT_EQ(tour.frame().stop, 1);
    expectView(tour.frame().view, farB, 0);
    tour.advance(5 - 1e-5);  // the full dwell
    EXPECT_EQ(tour.frame().phase, P::Dwelling);
    tour.advance(2e-5);
    EXPECT_EQ(tour.frame().phase, P::Flying);
    EXPECT_EQ(tour.frame().stop, 0);
    EXPECT_EQ(tour.shownAlerts(), 1u);
}

TEST(Tour, QueuedAlertsShowFirstInFirstOutThenResume) {
    std::vector<TourStop> stops = {{"A", kA, 30, {}, {}}};
    TourScheduler tour(stops, {}, kA);
    Timeline line(tour);
    line.runUntil(5);  // 3.5 s into the dwell
    const UrgentIssue x{"x", {5000, 0}, 1}, y{"y", {5000, 8000}, 2}, z{"z", {-9000, 0}, 3};
    line.urgent(x);
    line.urgent(y);
    line.urgent(z);
    EXPECT_EQ(tour.frame().queuedAlerts, 2u);
    EXPECT_EQ(alertId(tour.frame()), "x");
    line.runUntil(123.5);

    const ViewPoint vx = alertView(x.point), vy = alertView(y.point), vz = alertView(z.point);
    double t = 5 + flySeconds(kA, vx);
    std::vector<Change> want = {{0, P::Flying, 0, ""}, {1.5, P::Dwelling, 0, ""}, {5, P::FlyingToAlert, 0, "x"}};
    want.push_back({t, P::ShowingAlert, 0, "x"});
    want.push_back({t += 15, P::FlyingToAlert, 0, "y"});  // alert to alert, straight
    want.push_back({t += flySeconds(vx, vy), P::ShowingAlert, 0, "y"});
    want.push_back({t += 15, P::FlyingToAlert, 0, "z"});
    want.push_back({t += flySeconds(vy, vz), P::ShowingAlert, 0, "z"});
    want.push_back({t += 15, P::Flying, 0, ""});
    want.push_back({t += flySeconds(vz, kA), P::Dwelling, 0, ""});
    want.push_back({t += 26.5, P::Flying, 0, ""});  // one stop: it flies to itself
    want.push_back({t += 1.5, P::Dwelling, 0, ""});
    ASSERT_LT(t + 30, 123.5);
    want.push_back({t += 30, P::Flying, 0, ""});
    expectChanges(line.changes(), want);
    EXPECT_EQ(tour.shownAlerts(), 3u);
    EXPECT_EQ(tour.droppedAlerts(), 0u);
    EXPECT_EQ(tour.frame().queuedAlerts, 0u);
}

TEST(Tour, DuplicateIdsAreIgnoredWhileQueuedOrShowing) {
    std::vector<TourStop> stops = {{"A", kA, 30, {}, {}}};
    TourScheduler tour(stops, {}, kA);
    tour.advance(5);
    const UrgentIssue x{"x", {5000, 0}, 1}, y{"y", {5000, 8000}, 2};
    tour.urgent(x);
    tour.urgent(y);
    tour.urgent(x);  // flying to it
    tour.urgent(y);  // queued
    EXPECT_EQ(tour.frame().queuedAlerts, 1u);
    tour.advance(flySeconds(kA, alertView(x.point)) + 1);
    EXPECT_EQ(tour.frame().phase, P::ShowingAlert);
    tour.urgent(x);  // showing
    EXPECT_EQ(tour.frame().queuedAlerts, 1u);
    tour.advance(15);  // x done, flying to y
    EXPECT_EQ(tour.frame().phase, P::FlyingToAlert);
    EXPECT_EQ(alertId(tour.frame()), "y");
    EXPECT_EQ(tour.frame().queuedAlerts, 0u);
    tour.urgent(x);  // no longer queued or showing: it comes back
    tour.urgent(y);
    EXPECT_EQ(tour.frame().queuedAlerts, 1u);
    EXPECT_EQ(tour.droppedAlerts(), 0u);
    const ViewPoint vx = alertView(x.point), vy = alertView(y.point);
    tour.advance(flySeconds(vx, vy) - 1 + 15 + flySeconds(vy, vx) + 5);
    EXPECT_EQ(tour.frame().phase, P::ShowingAlert);
    EXPECT_EQ(alertId(tour.frame()), "x");
    EXPECT_EQ(tour.shownAlerts(), 3u);  // x, y, x
}

TEST(Tour, AlertsOverTheQueueLimitAreCountedAsDropped) {
    TourOptions options;
    options.maxQueued = 2;
    std::vector<TourStop> stops = {{"A", kA, 30, {}, {}}};
    TourScheduler tour(stops, options, kA);
    Timeline line(tour);
    line.runUntil(2);
    for (int i = 1; i <= 5; ++i) line.urgent({std::to_string(i), {1000.0 * i, 0}, i});
    EXPECT_EQ(tour.frame().queuedAlerts, 2u);
    EXPECT_EQ(tour.droppedAlerts(), 2u);
    line.urgent({"2", {0, 0}, 0});  // a duplicate is ignored, not dropped
    EXPECT_EQ(tour.droppedAlerts(), 2u);
    line.runUntil(100);
    std::vector<std::string> shown;
    for (const Change& c : line.changes())
        if (c.phase == P::ShowingAlert) shown.push_back(c.alert);
    EXPECT_EQ(shown, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(tour.shownAlerts(), 3u);
    EXPECT_EQ(line.changes().back().phase, P::Dwelling);
    EXPECT_EQ(line.changes().back().stop, 0);
}

TEST(Tour, WithoutStopsItIdlesAtTheStartAndComesBackAfterAlerts) {
    const ViewPoint start{{500, 500}, 8000};
    TourScheduler tour({}, {}, start);
    EXPECT_EQ(tour.frame().phase, P::Idle);
    tour.advance(1000);
    EXPECT_EQ(tour.frame().phase, P::Idle);
    EXPECT_EQ(tour.frame().stop, -1);
    expectView(tour.frame().view, start, 0);

    const UrgentIssue issue{"a", {-3000, 4000}, 0};
    tour.urgent(issue);
    EXPECT_EQ(tour.frame().phase, P::FlyingToAlert);
    const double to = flySeconds(start, alertView(issue.point)), back = flySeconds(alertView(issue.point), start);
    tour.advance(to + 15 + back / 2);
    EXPECT_EQ(tour.frame().phase, P::Flying);
    EXPECT_EQ(tour.frame().stop, -1);
    EXPECT_FALSE(tour.frame().alert.has_value());
    tour.advance(back / 2 + 1e-6);
    EXPECT_EQ(tour.frame().phase, P::Idle);
    expectView(tour.frame().view, start, 0);
    EXPECT_EQ(tour.shownAlerts(), 1u);
}

void expectSameFrame(const TourFrame& a, const TourFrame& b) {
    EXPECT_EQ(a.phase, b.phase);
    EXPECT_EQ(a.stop, b.stop);
    EXPECT_EQ(alertId(a), alertId(b));
    EXPECT_EQ(a.queuedAlerts, b.queuedAlerts);
    EXPECT_NEAR(a.phaseProgress, b.phaseProgress, 1e-6);
    auto near = [](double u, double v) { return std::abs(u - v) <= 1e-6 * std::max({std::abs(u), std::abs(v), 1.0}); };
    EXPECT_TRUE(near(a.view.center.x, b.view.center.x)) << a.view.center.x << " vs " << b.view.center.x;
    EXPECT_TRUE(near(a.view.center.y, b.view.center.y)) << a.view.center.y << " vs " << b.view.center.y;
    EXPECT_TRUE(near(a.view.width, b.view.width)) << a.view.width << " vs " << b.view.width;
}

TEST(Tour, OneBigStepEqualsManySmallOnes) {
    std::vector<TourStop> stops = threeStops();
    stops.push_back({"far", {{40000, -25000}, 300}, 3, {}, {}});
    TourScheduler small(stops, {}, kA), big(stops, {}, kA);
    const UrgentIssue x{"x", {12000, 3000}, 0}, y{"y", {-8000, 3000}, 0};
    double now = 0;
    std::vector<TourPhase> seen;
    for (double checkpoint : {20.0, 61.3, 100.0, 173.45, 311.7}) {
        const long steps = std::lround((checkpoint - now) / 0.01);
        for (long i = 0; i < steps; ++i) {
            small.advance(0.01);
            seen.push_back(small.frame().phase);
        }
        big.advance(checkpoint - now);
        now = checkpoint;
        SCOPED_TRACE("at " + std::to_string(checkpoint));
        expectSameFrame(small.frame(), big.frame());
        if (checkpoint == 20.0 || checkpoint == 100.0) {
            for (TourScheduler* s : {&small, &big}) {
                s->urgent(x);
                s->urgent(y);
            }
        }
    }
    // The big steps crossed many phases, alerts included.
    EXPECT_GT(std::count(seen.begin(), seen.end(), P::ShowingAlert), 0);
    long switches = 0;
    for (std::size_t i = 1; i < seen.size(); ++i) switches += seen[i] != seen[i - 1];
    EXPECT_GT(switches, 20);
    EXPECT_EQ(small.shownAlerts(), 4u);
    EXPECT_EQ(big.shownAlerts(), 4u);
}

TEST(Tour, LongPansZoomOutOnTheWay) {
    const ViewPoint a{{0, 0}, 300}, b{{20000, 0}, 300};
    TourOptions options;
    options.maxFlySeconds = 60;
    TourScheduler tour({{"a", a, 5, {}, {}}, {"b", b, 5, {}, {}}}, options, a);
    const double flight = FlyPath(a, b).length();
    ASSERT_GT(flight, 1.5);
    tour.advance(6.5 + flight / 2);
    ASSERT_EQ(tour.frame().phase, P::Flying);
    EXPECT_NEAR(tour.frame().phaseProgress, 0.5, 1e-9);
    EXPECT_GT(tour.frame().view.width, 10 * 300.0);  // far wider than either end
    EXPECT_NEAR(tour.frame().view.center.x, 10000, 1e-6);
    double widest = 0;
    for (int i = 0; i < 101; ++i) widest = std::max(widest, tour.advance(flight / 200).view.width);
    EXPECT_EQ(tour.frame().phase, P::Dwelling);
    EXPECT_DOUBLE_EQ(tour.frame().view.width, 300);
    EXPECT_GT(widest, 10 * 300.0);
}

TEST(AnimatedValue, EasesOutToTheTargetInItsSeconds) {
    AnimatedValue v(0, 0.8);
    EXPECT_TRUE(v.settled());
    v.setTarget(10);
    EXPECT_FALSE(v.settled());
    EXPECT_EQ(v.value(), 0);
    EXPECT_EQ(v.target(), 10);
    double last = 0;
    for (int i = 1; i <= 8; ++i) {
        v.advance(0.05);
        EXPECT_GT(v.value(), last);
        last = v.value();
    }
    EXPECT_NEAR(v.value(), 10 * (1 - 0.125), 1e-9);  // half way in time: ease-out cubic is at 7/8
    v.setTarget(10);                                 // the same target does not restart it
    for (int i = 0; i < 7; ++i) {
        v.advance(0.05);
        EXPECT_GT(v.value(), last);
        EXPECT_LT(v.value(), 10);
        last = v.value();
    }
    EXPECT_FALSE(v.settled());
    v.advance(0.05);
    EXPECT_TRUE(v.settled());
    EXPECT_EQ(v.value(), 10);
    v.advance(5);
    EXPECT_EQ(v.value(), 10);
}

TEST(AnimatedValue, RetargetingStartsFromWhereItIs) {
    AnimatedValue v(0, 0.8);
    v.setTarget(10);
    v.advance(0.4);
    const double here = v.value();
    EXPECT_NEAR(here, 8.75, 1e-9);
    v.setTarget(0);
    EXPECT_EQ(v.value(), here);  // no jump
    v.advance(0.4);
    EXPECT_NEAR(v.value(), here * 0.125, 1e-9);
    v.advance(0.4);
    EXPECT_EQ(v.value(), 0);
    EXPECT_TRUE(v.settled());
    v.snapTo(42);
    EXPECT_EQ(v.value(), 42);
    EXPECT_TRUE(v.settled());
    AnimatedValue instant(3, 0);
    instant.setTarget(7);
    EXPECT_EQ(instant.value(), 7);
}

TEST(RankingAnimator, RowsMoveEnterAndLeave) {
    RankingAnimator r(0.8);
    r.setOrder({"a", "b", "c"});
    EXPECT_EQ(r.position("a"), 3);  // new rows enter from the bottom, invisible
    EXPECT_EQ(r.opacity("a"), 0);
    r.advance(0.8);
    EXPECT_EQ(r.position("a"), 0);
    EXPECT_EQ(r.position("b"), 1);
    EXPECT_EQ(r.position("c"), 2);
    EXPECT_EQ(r.opacity("c"), 1);

    r.setOrder({"c", "a", "d"});
    EXPECT_EQ(r.drawOrder(), (std::vector<std::string>{"b", "c", "a", "d"}));
    r.advance(0.4);
    EXPECT_NEAR(r.position("c"), 2 - 2 * 0.875, 1e-9);
    EXPECT_NEAR(r.position("a"), 0.875, 1e-9);
    EXPECT_NEAR(r.position("d"), 3 - 0.875, 1e-9);
    EXPECT_NEAR(r.opacity("d"), 0.875, 1e-9);
    EXPECT_NEAR(r.opacity("b"), 0.125, 1e-9);  // leaving: fades where it was
    EXPECT_EQ(r.position("b"), 1);
    r.advance(0.4);
    EXPECT_EQ(r.position("c"), 0);
    EXPECT_EQ(r.position("a"), 1);
    EXPECT_EQ(r.position("d"), 2);
    EXPECT_EQ(r.position("b"), -1);  // gone
    EXPECT_EQ(r.opacity("b"), 0);
    EXPECT_EQ(r.drawOrder(), (std::vector<std::string>{"c", "a", "d"}));
}

TEST(RankingAnimator, ARowComingBackWhileFadingOutDoesNotJump) {
    RankingAnimator r(1.0);
    r.setOrder({"a", "b"});
    r.advance(1);
    r.setOrder({"a"});
    r.advance(0.5);
    const double fading = r.opacity("b");
    EXPECT_NEAR(fading, 0.125, 1e-9);
    r.setOrder({"a", "b", "b"});  // listed twice: the first rank counts
    EXPECT_EQ(r.opacity("b"), fading);
    EXPECT_EQ(r.position("b"), 1);
    r.advance(1);
    EXPECT_EQ(r.opacity("b"), 1);
    EXPECT_EQ(r.position("b"), 1);
    EXPECT_EQ(r.drawOrder(), (std::vector<std::string>{"a", "b"}));
}

}  // namespace
}  // namespace gs
