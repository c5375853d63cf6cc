#include "live/overlay/marker_style.hpp"

#include <algorithm>

#include "live/feed/message.hpp"

namespace gs {

namespace {

constexpr std::array<std::string_view, kMarkerShapeCount> kShapeNames = {
    "circle", "square", "triangle", "diamond", "hexagon", "pentagon", "cross", "triangle_down", "donut", "star",
};

Rgba hex(std::uint32_t v, float a = 1.0f) {
    return {float((v >> 16) & 255) / 255.0f, float((v >> 8) & 255) / 255.0f, float(v & 255) / 255.0f, a};
}

struct CategoryName {
    std::string_view key, title;
};
constexpr CategoryName kCategoryTitles[] = {
    {"safety_hazard", "安全隐患 safety hazard"}, {"sanitation", "环境卫生 sanitation"},
    {"noise", "噪音扰民 noise"},                 {"elderly_care", "为老服务 elderly care"},
    {"facility_repair", "设施维修 repair"},      {"dispute", "矛盾纠纷 dispute"},
    {"traffic", "交通秩序 traffic"},             {"greenery", "绿化养护 greenery"},
    {"other", "其他 other"},
};

}  // namespace

std::string_view shapeName(MarkerShape shape) { return kShapeNames[std::size_t(shape)]; }

std::optional<MarkerShape> shapeFromName(std::string_view name) {
    for (int i = 0; i < kMarkerShapeCount; ++i)
        if (kShapeNames[std::size_t(i)] == name) return MarkerShape(i);
    return std::nullopt;
}

MarkerStyle MarkerStyle::defaults() {
    MarkerStyle s;
    // A shape a dispatcher can name: the warning triangle for hazards, the cross for care.
    s.categoryShapes = {
        {"sanitation", MarkerShape::Circle},      {"facility_repair", MarkerShape::Square},
        {"safety_hazard", MarkerShape::Triangle}, {"traffic", MarkerShape::Diamond},
        {"noise", MarkerShape::Hexagon},          {"dispute", MarkerShape::Pentagon},
        {"elderly_care", MarkerShape::Cross},     {"greenery", MarkerShape::TriangleDown},
    };
    // Issue status: amber waits for someone, blue is dispatched, green is being handled. The
    // closed states are never drawn as markers but keep a colour for legends.
    s.palette[kStatusColor0 + 0] = hex(0xffb300);  // reported
    s.palette[kStatusColor0 + 1] = hex(0x40c4ff);  // assigned
    s.palette[kStatusColor0 + 2] = hex(0x69f0ae);  // in_progress
    s.palette[kStatusColor0 + 3] = hex(0x9e9e9e);  // resolved
    s.palette[kStatusColor0 + 4] = hex(0x757575);  // closed
    s.palette[kStatusColor0 + 5] = hex(0x616161);  // cancelled
    // Teams: saturated hues apart from the status colours, so a star never reads as an issue.
    const std::uint32_t teams[kTeamColorCount] = {0xea80fc, 0x18ffff, 0xff6e40, 0xeeff41, 0xff80ab, 0xb388ff,
                                                  0x64ffda, 0xffffff, 0xffd180, 0x82b1ff, 0xccff90, 0xff8a80};
    for (int i = 0; i < kTeamColorCount; ++i) s.palette[std::size_t(kTeamColor0 + i)] = hex(teams[i]);
    s.palette[kBadgeColor] = hex(0x1565c0, 0.92f);
    s.palette[kBadgeOverdueColor] = hex(0xd50000);
    s.palette[kOverdueColor] = hex(0xff1744);
    s.palette[kPulseColor] = hex(0xffffff);
    s.palette[kOutlineColor] = hex(0x05080f, 0.95f);
    s.palette[kBusyColor] = hex(0xffffff);
    return s;
}

MarkerShape MarkerStyle::shapeFor(std::string_view category) const {
    for (const auto& [name, shape] : categoryShapes)
        if (name == category) return shape;
    return otherShape;
}

std::uint8_t MarkerStyle::sizeFor(int priority) const {
    if (priority < 1 || priority > 3) priority = 3;
    return prioritySizePx[std::size_t(priority - 1)];
}

void MarkerStyle::setShape(std::string_view category, MarkerShape shape) {
    for (auto& [name, s] : categoryShapes)
        if (name == category) { s = shape; return; }
    categoryShapes.emplace_back(std::string(category), shape);
}

std::string categoryTitle(std::string_view category) {
    for (const auto& c : kCategoryTitles)
        if (c.key == category) return std::string(c.title);
    return std::string(category);
}

std::string issueStatusTitle(std::uint8_t status) {
    switch (IssueStatus(status)) {
        case IssueStatus::Reported: return "已上报 reported";
        case IssueStatus::Assigned: return "已派单 assigned";
        case IssueStatus::InProgress: return "处置中 in progress";
        case IssueStatus::Resolved: return "已办结 resolved";
        case IssueStatus::Closed: return "已关闭 closed";
        case IssueStatus::Cancelled: return "已撤销 cancelled";
    }
    return "?";
}

}  // namespace gs
