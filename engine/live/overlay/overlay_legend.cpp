// The live overlay's legend (bottom right): the clock and totals, then what each shape, colour,
// size and ring means, as compact rows of icons and labels. Icons are marker instances in screen
// space, drawn by the marker shader itself, so the legend shows exactly what the map does.
#include <algorithm>
#include <cstdio>

#include "live/overlay/overlay_builder.hpp"
#include "live/store/live_store.hpp"

namespace gs {

namespace {

const Rgba kText{0.94f, 0.96f, 1.0f, 1.0f};
const Rgba kTextHalo{0.02f, 0.04f, 0.09f, 0.9f};
const Rgba kPanel{0.02f, 0.05f, 0.10f, 0.84f};
const Rgba kPanelEdge{0.35f, 0.55f, 0.8f, 0.9f};

std::string offsetText(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                  std::abs(minutes) % 60);
    return buf;
}

MarkerInstance icon(MarkerShape shape, std::uint8_t color, std::uint8_t size, std::uint8_t flags = MarkerInstance::kBadge) {
    MarkerInstance m;
    m.shape = std::uint8_t(shape);
    m.color = color;
    m.sizePx = size;
    m.flags = std::uint8_t(flags | MarkerInstance::kScreenSpace);
    return m;
}

struct Item {
    std::vector<MarkerInstance> icons;
    std::string label;
};

}  // namespace

void OverlayBuilder::buildLegend(const Camera& camera, float ui, TextCache& fonts) {
    ScreenBatch& text = list_.legendText;
    const int px = int(std::lround(13 * ui));
    const MarkerStyle& style = packer_->style();
    const MarkerClock clock = packer_->clock(now_);
    const std::uint8_t grey = kStatusColor0 + 3;
    const GridFigures totals = store_->totals();
    const std::string time = formatRfc3339(now_, config_.utcOffsetMinutes);

    // Rows of items; the category rows form a grid of two columns.
    std::vector<std::vector<Item>> rows;
    std::vector<bool> gridRow;
    auto row = [&](std::vector<Item> items, bool grid = false) {
        rows.push_back(std::move(items));
        gridRow.push_back(grid);
    };
    const Lang lang = config_.lang;
    auto str = [lang](const char* key) { return std::string(tr(lang, key)); };
    row({{{}, str("legend.live") + " · " + time.substr(0, 10) + " " + time.substr(11, 5) + " " + offsetText(config_.utcOffsetMinutes)}});
    row({{{}, str("legend.open") + " " + formatNumber(totals.open) + " · " + str("legend.overdue") + " " +
                  formatNumber(totals.overdue) + " · " + str("legend.on_duty") + " " +
                  formatNumber(totals.volunteersOnDuty + totals.volunteersBusy)}});
    if (mode_ == OverlayMode::Counts) {
        row({{{icon(MarkerShape::Circle, kBadgeColor, 20)}, str("legend.open_per_grid")},
             {{icon(MarkerShape::Circle, kBadgeOverdueColor, 14)}, str("legend.of_which_overdue")}});
    } else {
        // Shapes in use, most frequent first.
        std::vector<int> shapes;
        for (int s = 0; s < kMarkerShapeCount; ++s)
            if (shapeCounts_[std::size_t(s)] > 0) shapes.push_back(s);
        std::stable_sort(shapes.begin(), shapes.end(),
                         [&](int a, int b) { return shapeCounts_[std::size_t(a)] > shapeCounts_[std::size_t(b)]; });
        std::vector<Item> categories;
        for (int s : shapes) {
            std::string label;
            for (const auto& [category, shape] : style.categoryShapes)
                if (int(shape) == s) label += (label.empty() ? "" : " / ") + categoryTitle(lang, category);
            if (int(style.otherShape) == s) label += (label.empty() ? "" : " / ") + categoryTitle(lang, "other");
            categories.push_back({{icon(MarkerShape(s), grey, 14)}, label + " " + formatNumber(shapeCounts_[std::size_t(s)])});
        }
        for (std::size_t i = 0; i < categories.size(); i += 2)
            row(std::vector<Item>(categories.begin() + std::ptrdiff_t(i),
                                  categories.begin() + std::ptrdiff_t(std::min(i + 2, categories.size()))),
                true);
        row({{{icon(MarkerShape::Circle, kStatusColor0 + 0, 12)}, str("legend.reported")},
             {{icon(MarkerShape::Circle, kStatusColor0 + 1, 12)}, str("legend.assigned")},
             {{icon(MarkerShape::Circle, kStatusColor0 + 2, 12)}, str("legend.in_progress")}});
        row({{{icon(MarkerShape::Circle, grey, style.prioritySizePx[0]), icon(MarkerShape::Circle, grey, style.prioritySizePx[1]),
               icon(MarkerShape::Circle, grey, style.prioritySizePx[2])},
              str("legend.priority")}});
        // Rings as the map shows them: an overdue one, and a pulse frozen part way through.
        MarkerInstance overdue = icon(MarkerShape::Circle, grey, 10, 0);
        overdue.dueSec = clock.sec - 1;
        MarkerInstance pulse = icon(MarkerShape::Circle, kStatusColor0, 8, 0);
        if (config_.pulseSeconds > 0)
            pulse.appearSec = clock.sec - std::int32_t(std::max(1.0, config_.pulseSeconds * 0.4));
        row({{{overdue}, str("legend.overdue")}, {{pulse}, str("legend.new")}});
        row({{{icon(style.volunteerShape, kTeamColor0, 14, MarkerInstance::kVolunteer)}, str("legend.volunteer")},
             {{icon(style.volunteerShape, kTeamColor0 + 1, 14, MarkerInstance::kVolunteer | MarkerInstance::kBusy)},
              str("legend.busy")}});
    }

    // Measure: an icon slot is as wide as its icon plus its rings; items are spaced by `gap`.
    const float gap = 12 * ui, iconGap = 4 * ui, rowH = 21 * ui, pad = 9 * ui;
    auto iconSlot = [&](const MarkerInstance& m) { return float(m.sizePx) * ui + 10 * ui; };
    struct Placed {
        const TextLayout* layout;
        int atlas;
        float iconsW;
    };
    std::vector<std::vector<Placed>> placed(rows.size());
    float gridColumn = 0;
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (const Item& item : rows[r]) {
            int atlas = 0;
            const TextLayout* l = fonts.layout(item.label, px, atlas, HAlign::Left);
            if (!l) return;
            float iconsW = 0;
            for (const MarkerInstance& m : item.icons) iconsW += iconSlot(m);
            placed[r].push_back({l, atlas, iconsW});
            if (gridRow[r]) gridColumn = std::max(gridColumn, iconsW + iconGap + l->advance);
        }
    float width = 0;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        float w = 0;
        for (std::size_t i = 0; i < placed[r].size(); ++i)
            w += (i ? gap : 0) + (gridRow[r] ? gridColumn : placed[r][i].iconsW + iconGap + placed[r][i].layout->advance);
        width = std::max(width, w);
    }
    const float w = width + 2 * pad, h = rowH * float(rows.size()) + 2 * pad;
    const float x1 = float(camera.width) - 12 * ui, y1 = float(camera.height) - 12 * ui;
    const float x0 = x1 - w, y0 = y1 - h;
    legendBox_ = Box{x0, y0, x1, y1};
    text.addRect(x0, y0, x1, y1, kPanel);
    text.addRectOutline(x0, y0, x1, y1, std::max(1.0f, ui), kPanelEdge);
    float y = y0 + pad + rowH / 2;
    for (std::size_t r = 0; r < rows.size(); ++r, y += rowH) {
        float x = x0 + pad;
        for (std::size_t i = 0; i < rows[r].size(); ++i) {
            const float itemStart = x;
            for (MarkerInstance m : rows[r][i].icons) {
                const float slot = iconSlot(m);
                m.x = x + slot / 2;
                m.y = y;
                list_.icons.push_back(m);
                x += slot;
            }
            if (!rows[r][i].icons.empty()) x += iconGap;
            addText(text, *placed[r][i].layout, placed[r][i].atlas, {x, y}, kText, kTextHalo);
            x = gridRow[r] ? itemStart + gridColumn + gap : x + placed[r][i].layout->advance + gap;
        }
    }
}

}  // namespace gs
