#include "scene/fly_path.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

FlyPath::FlyPath(ViewPoint from, ViewPoint to, double rho) : from_(from), to_(to), rho_(rho) {
    from_.width = std::max(from_.width, 1e-9);
    to_.width = std::max(to_.width, 1e-9);
    const double w0 = from_.width, w1 = to_.width;
    const Vec2d d = to_.center - from_.center;
    u1_ = std::hypot(d.x, d.y);
    // Panning much less than the view is wide: the closed form divides by u1; zoom along a
    // straight exponential instead (equation 10 of the paper's limit case).
    if (u1_ < 1e-6 * std::max(w0, w1)) {
        zoomOnly_ = true;
        length_ = std::abs(std::log(w1 / w0)) / rho_;
        return;
    }
    const double rho2 = rho_ * rho_, rho4 = rho2 * rho2;
    auto b = [&](double wi, double sign) {
        return (w1 * w1 - w0 * w0 + sign * rho4 * u1_ * u1_) / (2 * wi * rho2 * u1_);
    };
    auto r = [](double bi) { return std::log(-bi + std::sqrt(bi * bi + 1)); };
    r0_ = r(b(w0, 1));
    const double r1 = r(b(w1, -1));
    length_ = (r1 - r0_) / rho_;
}

ViewPoint FlyPath::at(double t) const {
    t = std::clamp(t, 0.0, 1.0);
    if (t == 0) return from_;
    if (t == 1) return to_;
    const double s = t * length_;
    if (zoomOnly_) {
        const double k = to_.width < from_.width ? -1 : 1;
        ViewPoint v;
        v.center = from_.center + (to_.center - from_.center) * t;
        v.width = from_.width * std::exp(k * rho_ * s);
        return v;
    }
    const double w0 = from_.width, rho2 = rho_ * rho_;
    const double u = w0 / rho2 * (std::cosh(r0_) * std::tanh(rho_ * s + r0_) - std::sinh(r0_));
    ViewPoint v;
    v.center = from_.center + (to_.center - from_.center) * (u / u1_);
    v.width = w0 * std::cosh(r0_) / std::cosh(rho_ * s + r0_);
    return v;
}

}  // namespace gs
