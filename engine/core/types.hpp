// Plain geometric value types shared by every part of the engine.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>

namespace gs {

struct Vec2d {
    double x = 0, y = 0;
    friend Vec2d operator+(Vec2d a, Vec2d b) { return {a.x + b.x, a.y + b.y}; }
    friend Vec2d operator-(Vec2d a, Vec2d b) { return {a.x - b.x, a.y - b.y}; }
    friend Vec2d operator*(Vec2d a, double s) { return {a.x * s, a.y * s}; }
    friend bool operator==(Vec2d a, Vec2d b) { return a.x == b.x && a.y == b.y; }
};

struct Vec2f {
    float x = 0, y = 0;
};

// Axis-aligned box; empty until something is added.
struct Box {
    double minX = std::numeric_limits<double>::infinity();
    double minY = std::numeric_limits<double>::infinity();
    double maxX = -std::numeric_limits<double>::infinity();
    double maxY = -std::numeric_limits<double>::infinity();

    bool empty() const { return !(minX <= maxX && minY <= maxY); }
    double width() const { return empty() ? 0 : maxX - minX; }
    double height() const { return empty() ? 0 : maxY - minY; }
    Vec2d center() const { return {(minX + maxX) / 2, (minY + maxY) / 2}; }

    void add(double x, double y) {
        minX = std::min(minX, x); minY = std::min(minY, y);
        maxX = std::max(maxX, x); maxY = std::max(maxY, y);
    }
    void add(Vec2d p) { add(p.x, p.y); }
    void add(const Box& b) {
        if (b.empty()) return;
        add(b.minX, b.minY); add(b.maxX, b.maxY);
    }
    bool contains(Vec2d p) const { return p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY; }
    bool contains(const Box& b) const {
        return !empty() && !b.empty() && b.minX >= minX && b.maxX <= maxX && b.minY >= minY && b.maxY <= maxY;
    }
    bool intersects(const Box& b) const {
        return !(b.minX > maxX || b.maxX < minX || b.minY > maxY || b.maxY < minY);
    }
};

struct Rgba {
    float r = 0, g = 0, b = 0, a = 1;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

}  // namespace gs
