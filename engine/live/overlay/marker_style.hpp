// How live things look on the map, as data: the shape of each issue category, the colour of each
// status and team, the size of each priority. The marker shader draws the shapes as signed
// distance fields; this table only says which one. Nothing here touches GL.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assets/strings.hpp"
#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

// The shapes marker.frag.glsl can draw. Values are part of the instance format: keep them stable.
enum class MarkerShape : std::uint8_t {
    Circle, Square, Triangle, Diamond, Hexagon, Pentagon, Cross, TriangleDown, Donut, Star,
};
inline constexpr int kMarkerShapeCount = int(MarkerShape::Star) + 1;

std::string_view shapeName(MarkerShape shape);  // "circle", "triangle_down", ...
std::optional<MarkerShape> shapeFromName(std::string_view name);

// Indices into the palette the shader reads (a uniform array of kMarkerPaletteSize colours).
inline constexpr int kMarkerPaletteSize = 32;
inline constexpr std::uint8_t kStatusColor0 = 0;   // + IssueStatus
inline constexpr std::uint8_t kTeamColor0 = 8;     // + team index (first seen, first coloured)
inline constexpr int kTeamColorCount = 12;
inline constexpr std::uint8_t kBadgeColor = 24;         // a grid's count bubble
inline constexpr std::uint8_t kBadgeOverdueColor = 25;  // its overdue sub-bubble
inline constexpr std::uint8_t kOverdueColor = 26;       // the ring around an overdue issue
inline constexpr std::uint8_t kPulseColor = 27;         // the ring around a new issue
inline constexpr std::uint8_t kOutlineColor = 28;       // every shape's contrast outline
inline constexpr std::uint8_t kBusyColor = 29;          // the ring around a busy volunteer

struct MarkerStyle {
    // Known categories and their shapes; any other category gets otherShape.
    std::vector<std::pair<std::string, MarkerShape>> categoryShapes;
    MarkerShape otherShape = MarkerShape::Donut;
    MarkerShape volunteerShape = MarkerShape::Star;
    std::array<std::uint8_t, 3> prioritySizePx{24, 18, 14};  // diameter for priority 1, 2, 3
    std::uint8_t volunteerSizePx = 18;
    std::array<Rgba, kMarkerPaletteSize> palette{};

    // The command-center defaults (dark map), assets/markers.json: see docs/live-overlays.md for
    // the table. Read on first use; loadMarkerStyles() reads it at start and reports a bad file.
    static MarkerStyle defaults();

    MarkerShape shapeFor(std::string_view category) const;
    std::uint8_t sizeFor(int priority) const;  // priority outside 1..3 counts as 3
    // Sets (or adds) a category's shape.
    void setShape(std::string_view category, MarkerShape shape);
};

Status loadMarkerStyles();

// A category's name in the legend (the string table's "legend_category.KEY"; an unknown category
// as sent).
std::string categoryTitle(Lang lang, std::string_view category);

}  // namespace gs
