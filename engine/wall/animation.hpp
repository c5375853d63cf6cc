// Small animation helpers for the wall's panels: a number that eases to a new value instead of
// jumping (counters, bars), and a ranking whose rows glide to their new ranks, enter from the
// bottom fading in, and fade out when they leave. Time comes from advance(dt), as for the tour, so
// the same inputs give the same frames (tests, recorded demos).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace gs {

// Eases from its current value to the target (ease-out cubic over `seconds`). A new target while
// moving starts from where the value is now, so it never jumps.
class AnimatedValue {
public:
    explicit AnimatedValue(double initial = 0, double seconds = 0.8);

    // Setting the target it already has changes nothing (panels may set it every frame).
    void setTarget(double v);
    // Jump straight to v (the first figure after start-up, a reset).
    void snapTo(double v);
    void advance(double dt);

    double value() const;
    double target() const { return to_; }
    bool settled() const { return elapsed_ >= seconds_ || from_ == to_; }

private:
    double from_, to_, seconds_, elapsed_;
};

// Rows of a ranking (top-N grids, streets, …) keyed by id; positions are row indices.
class RankingAnimator {
public:
    explicit RankingAnimator(double seconds = 0.8);

    // The new ranking, best first. Known keys move to their new rank; new keys enter at the
    // bottom (row keys.size()) and fade in; keys not listed fade out where they are, then go.
    // A key listed twice keeps its first rank.
    void setOrder(const std::vector<std::string>& keys);
    void advance(double dt);

    // Row index, fractional while moving; -1 for a key not shown.
    double position(const std::string& key) const;
    // 0..1; 0 for a key not shown.
    double opacity(const std::string& key) const;
    // Keys currently visible: those fading out first (drawn beneath), then the ranking in order.
    std::vector<std::string> drawOrder() const;

private:
    struct Row {
        AnimatedValue position, opacity;
        bool leaving = false;
    };
    double seconds_;
    std::map<std::string, Row> rows_;  // ordered: deterministic draw order among leaving rows
    std::vector<std::string> order_;   // the current ranking
};

}  // namespace gs
