// Smooth zooming and panning between two views (van Wijk and Nuij, "Smooth and efficient zooming
// and panning", InfoVis 2003): the path a viewer perceives as shortest zooms out while it pans
// far, then zooms back in, so the destination comes into view early and the motion never blurs.
// Used for "fly to" (the feed panel's events, tours on the wall).
#pragma once

#include "core/types.hpp"

namespace gs {

// A view: its centre and the world width it shows (display CRS units).
struct ViewPoint {
    Vec2d center;
    double width = 1;
};

class FlyPath {
public:
    // rho trades zooming against panning; van Wijk and Nuij found sqrt(2) (about 1.41) pleasant.
    FlyPath(ViewPoint from, ViewPoint to, double rho = 1.41);

    // The view at t in [0, 1] (clamped), travelling the path at constant perceived speed.
    ViewPoint at(double t) const;
    // The path's length in the model's units (about the number of screen widths travelled);
    // a duration proportional to it makes every flight look equally fast.
    double length() const { return length_; }

private:
    ViewPoint from_, to_;
    double rho_, u1_ = 0, r0_ = 0, length_ = 0;
    bool zoomOnly_ = false;
};

}  // namespace gs
