// A 2D map camera: where the view is centred (display CRS units) and how many units one pixel
// covers. Screen pixels have their origin at the top left, y down; the world has y up.
#pragma once

#include <algorithm>
#include <cmath>

#include "core/types.hpp"

namespace gs {

class Camera {
public:
    Vec2d center;
    double unitsPerPixel = 1.0;
    int width = 1, height = 1;  // viewport in pixels

    void setViewport(int w, int h) { width = std::max(w, 1); height = std::max(h, 1); }

    // Shows all of `box` with `paddingPx` free on every side.
    void fit(const Box& box, double paddingPx = 16) {
        if (box.empty()) return;
        center = box.center();
        double w = std::max(1.0, width - 2 * paddingPx), h = std::max(1.0, height - 2 * paddingPx);
        unitsPerPixel = std::max(box.width() / w, box.height() / h);
        if (!(unitsPerPixel > 0)) unitsPerPixel = 1.0;
    }

    Vec2d worldToScreen(Vec2d p) const {
        return {(p.x - center.x) / unitsPerPixel + width / 2.0,
                height / 2.0 - (p.y - center.y) / unitsPerPixel};
    }
    Vec2d screenToWorld(Vec2d s) const {
        return {center.x + (s.x - width / 2.0) * unitsPerPixel,
                center.y - (s.y - height / 2.0) * unitsPerPixel};
    }
    Box visibleBox() const {
        Box b;
        b.add(screenToWorld({0, 0}));
        b.add(screenToWorld({double(width), double(height)}));
        return b;
    }

    // Zooms by `factor` (> 1 zooms in) keeping the world point under `screenPoint` fixed.
    void zoomAbout(Vec2d screenPoint, double factor) {
        Vec2d before = screenToWorld(screenPoint);
        unitsPerPixel = std::clamp(unitsPerPixel / factor, 1e-4, 1e6);
        Vec2d after = screenToWorld(screenPoint);
        center = center + (before - after);
    }
    void panPixels(double dx, double dy) {
        center.x -= dx * unitsPerPixel;
        center.y += dy * unitsPerPixel;
    }
};

}  // namespace gs
