#include "live/overlay/live_colors.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "live/store/live_store.hpp"

namespace gs {

namespace {

// A figure's legend title is the string table's "figure.NAME".
struct FigureInfo {
    LiveFigure figure;
    std::string_view name;
};
constexpr std::array<FigureInfo, 7> kFigures = {{
    {LiveFigure::Open, "open"},
    {LiveFigure::Overdue, "overdue"},
    {LiveFigure::NewLastHour, "newLastHour"},
    {LiveFigure::ResolvedToday, "resolvedToday"},
    {LiveFigure::MedianResponseHours, "medianResponseHours"},
    {LiveFigure::VolunteersOnDuty, "volunteersOnDuty"},
    {LiveFigure::Issues, "issues"},
}};

}  // namespace

std::string_view figureName(LiveFigure figure) { return kFigures[std::size_t(figure)].name; }

std::optional<LiveFigure> figureFromName(std::string_view name) {
    for (const auto& f : kFigures)
        if (f.name == name) return f.figure;
    return std::nullopt;
}

std::string figureNames() {
    std::string out;
    for (const auto& f : kFigures) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

std::string figureTitle(Lang lang, LiveFigure figure) {
    return std::string(tr(lang, "figure." + std::string(figureName(figure))));
}

double figureValue(const GridFigures& f, LiveFigure figure) {
    switch (figure) {
        case LiveFigure::Open: return f.open;
        case LiveFigure::Overdue: return f.overdue;
        case LiveFigure::NewLastHour: return f.newLastHour;
        case LiveFigure::ResolvedToday: return f.resolvedToday;
        case LiveFigure::MedianResponseHours:
            return f.medianResponseMs ? double(*f.medianResponseMs) / double(kMillisPerHour) : std::nan("");
        case LiveFigure::VolunteersOnDuty: return f.volunteersOnDuty + f.volunteersBusy;
        case LiveFigure::Issues: return f.issues;
    }
    return std::nan("");
}

Result<LiveColorBy> parseLiveColorBy(std::string_view text) {
    LiveColorBy by;
    std::string_view name = text, level;
    if (auto colon = text.find(':'); colon != std::string_view::npos) {
        name = text.substr(0, colon);
        level = text.substr(colon + 1);
        if (level.empty()) return Error{"\"" + std::string(text) + "\": no level after ':'"};
    }
    auto figure = figureFromName(name);
    if (!figure)
        return Error{"\"" + std::string(name) + "\" is not a live figure (figures: " + figureNames() + ")"};
    by.figure = *figure;
    by.level = std::string(level);
    return by;
}

std::vector<double> figureValues(const LiveStore& store, int level, LiveFigure figure) {
    std::vector<double> values(std::size_t(store.gridCount(level)));
    for (int g = 0; g < store.gridCount(level); ++g) values[std::size_t(g)] = figureValue(store.figures(level, g), figure);
    return values;
}

Result<LayerColors> liveLayerColors(const std::string& layerId, const LayerStyle& style, const LiveColorBy& by,
                                    std::span<const double> values, Lang lang) {
    // The values as an attribute column, so the classes, palette and legend are the static path's.
    AttributeTable table;
    const std::string field(figureName(by.figure));
    table.addColumn(field, FieldType::Real);
    auto& column = table.column(0);
    column.values.reserve(values.size());
    for (double v : values) {
        char buf[32] = "";
        if (std::isfinite(v)) std::snprintf(buf, sizeof buf, "%.17g", v);
        column.values.emplace_back(buf);
        column.isNull.push_back(std::isfinite(v) ? 0 : 1);
    }
    LayerStyle st = style;
    st.colorBy.field = field;
    st.colorBy.method = by.method;
    st.colorBy.classes = by.classes;
    st.colorBy.breaks = by.breaks;
    st.colorBy.palette = by.palette;
    auto colors = evaluateLayerColors(layerId, st, table, values.size());
    if (!colors) return colors.error();
    colors->legend.title = figureTitle(lang, by.figure);
    return colors;
}

}  // namespace gs
