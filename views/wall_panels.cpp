#include "wall_panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gs::cli {

namespace {

Box box(float x, float y, float w, float h) {
    Box b;
    b.minX = x, b.minY = y, b.maxX = x + w, b.maxY = y + h;
    return b;
}

Rgba withAlpha(Rgba c, float a) { return {c.r, c.g, c.b, c.a * a}; }

Rgba mix(Rgba a, Rgba b, float t) {
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, a.a + (b.a - a.a) * t};
}

struct Ctx {
    CanvasList& c;
    const WallFrame& f;
    const WallAnimations& anim;
    const WallTheme& t;
    Lang lang() const { return f.lang; }
    std::string_view tr(std::string_view key) const { return gs::tr(f.lang, key); }
};

// A card with its title; returns the content box under the title.
Box card(Ctx& x, const PanelConfig& p, std::string_view defaultTitle) {
    const WallTheme& t = x.t;
    x.c.roundedRect(box(p.x, p.y, p.w, p.h), t.radius, t.panelEdge);
    x.c.roundedRect(box(p.x + 2, p.y + 2, p.w - 4, p.h - 4), t.radius - 2, t.panel);
    const std::string title = p.title.empty() ? std::string(defaultTitle) : p.title;
    float top = p.y + t.pad;
    if (!title.empty()) {
        x.c.rect(box(p.x + t.pad, top + 4, 6, t.headerSize - 6), t.accent);
        x.c.text(title, {p.x + t.pad + 18, top}, {t.headerSize, t.text, FontWeight::Bold, {HAlign::Left, VAlign::Top},
                                                    p.w - 2 * t.pad - 18});
        top += t.headerSize * 1.45f;
    }
    return box(p.x + t.pad, top, p.w - 2 * t.pad, p.y + p.h - t.pad - top);
}

// ---- KPIs -------------------------------------------------------------------------------------

struct KpiDef {
    const char* name;
    const char* label;  // a key of the string table
    const Kpi WallModel::*field;
    enum Kind { Count, Rate, Hours } kind;
    int goodDirection;  // +1: up is good, -1: up is bad, 0: neutral
};

constexpr KpiDef kKpis[] = {
    {"open", "wall.open", &WallModel::open, KpiDef::Count, -1},
    {"overdue", "wall.overdue", &WallModel::overdue, KpiDef::Count, -1},
    {"new_today", "wall.new_today", &WallModel::newToday, KpiDef::Count, 0},
    {"resolved_today", "wall.resolved_today", &WallModel::resolvedToday, KpiDef::Count, +1},
    {"resolution_rate", "wall.resolution_rate", &WallModel::resolutionRate, KpiDef::Rate, +1},
    {"median_response", "wall.median_response", &WallModel::medianResponseHours, KpiDef::Hours, -1},
    {"volunteers_on_duty", "wall.volunteers_on_duty", &WallModel::volunteersOnDuty, KpiDef::Count, +1},
};

const KpiDef* kpiDef(std::string_view name) {
    for (const auto& k : kKpis)
        if (name == k.name) return &k;
    return nullptr;
}

std::vector<const KpiDef*> kpisOf(const PanelConfig& p) {
    std::vector<const KpiDef*> out;
    if (p.figures.empty())
        for (const auto& k : kKpis) out.push_back(&k);
    for (const auto& n : p.figures)
        if (const KpiDef* k = kpiDef(n)) out.push_back(k);
    return out;
}

std::string kpiText(Lang lang, const KpiDef& k, double v) {
    switch (k.kind) {
    case KpiDef::Rate: return formatPercent(v);
    case KpiDef::Hours: return formatHours(lang, v);
    default: return formatCount(std::llround(v));
    }
}

void drawKpis(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    const Box content = card(x, p, "");
    const auto defs = kpisOf(p);
    if (defs.empty()) return;
    const float cw = float(content.maxX - content.minX), ch = float(content.maxY - content.minY);
    const float gap = t.pad * 0.75f, inner = t.pad * 0.6f;
    // A tile holds its label, its value and the change against yesterday, one above the other:
    // the grid whose tiles come closest to 1.6:1, none narrower than kMinTileWidth.
    constexpr float kMinTileWidth = 230, kAspect = 1.6f;
    const int n = int(defs.size());
    int rows = n;
    float best = 1e9f;
    for (int r = 1; r <= n; ++r) {
        const int c = int(std::ceil(float(n) / float(r)));
        const float w = (cw - gap * float(c - 1)) / float(c), h = (ch - gap * float(r - 1)) / float(r);
        if (w < kMinTileWidth && r < n) continue;
        const float score = std::fabs(std::log((w / std::max(h, 1.0f)) / kAspect));
        if (score < best) best = score, rows = r;
    }
    const int cols = int(std::ceil(float(n) / float(rows)));
    const float tw = (cw - gap * float(cols - 1)) / float(cols), th = (ch - gap * float(rows - 1)) / float(rows);
    const float valueSize = std::clamp(th - 2 * inner - 2.6f * t.smallSize, t.bodySize, t.kpiSize);
    for (std::size_t i = 0; i < defs.size(); ++i) {
        const KpiDef& k = *defs[i];
        const float tx = float(content.minX) + float(int(i) % cols) * (tw + gap);
        const float ty = float(content.minY) + float(int(i) / cols) * (th + gap);
        x.c.roundedRect(box(tx, ty, tw, th), t.radius * 0.7f, mix(t.panel, t.panelEdge, 0.35f));
        x.c.text(x.tr(k.label), {tx + inner, ty + inner},
                 {t.smallSize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Top}, tw - 2 * inner});
        const Kpi& kpi = x.f.model->*k.field;
        std::string value = "—";
        auto it = x.anim.values.find(k.name);
        if (kpi.now) value = kpiText(x.lang(), k, it != x.anim.values.end() ? it->second.value() : *kpi.now);
        const Rgba valueColor = (std::string_view(k.name) == "overdue" && kpi.now && *kpi.now > 0) ? t.bad : t.text;
        const float valueMid = ty + inner + 1.3f * t.smallSize + (th - 2 * inner - 2.6f * t.smallSize) / 2;
        x.c.text(value, {tx + inner, valueMid},
                 {valueSize, valueColor, FontWeight::Bold, {HAlign::Left, VAlign::Middle}, tw - 2 * inner});
        // The change against the same time yesterday.
        std::string delta;
        Rgba deltaColor = t.muted;
        if (kpi.now && kpi.yesterday) {
            double d = *kpi.now - *kpi.yesterday;
            if (k.kind == KpiDef::Rate) d *= 100;
            delta = std::string(x.tr("wall.vs_yesterday")) + " " +
                    (k.kind == KpiDef::Hours ? (d >= 0 ? "+" : "−") + formatHours(x.lang(), std::fabs(d))
                                             : formatDelta(d, k.kind == KpiDef::Rate));
            const double rounded = k.kind == KpiDef::Hours ? d : std::round(d);
            if (k.goodDirection != 0 && rounded != 0)
                deltaColor = (rounded > 0) == (k.goodDirection > 0) ? t.good : t.bad;
        } else {
            delta = std::string(x.tr("wall.no_yesterday"));
        }
        x.c.text(delta, {tx + inner, ty + th - inner},
                 {t.smallSize, deltaColor, FontWeight::Regular, {HAlign::Left, VAlign::Bottom}, tw - 2 * inner});
    }
}

// ---- Charts -----------------------------------------------------------------------------------

void drawHourly(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    const Box content = card(x, p, x.tr("wall.hourly"));
    const WallModel& m = *x.f.model;
    // Legend on the first line, axis labels under the plot.
    const float lx = float(content.minX), ly = float(content.minY);
    x.c.rect(box(lx, ly + t.smallSize * 0.3f, 28, t.smallSize * 0.5f), t.accent);
    float adv = x.c.text(x.tr("wall.hourly_today"), {lx + 38, ly}, {t.smallSize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Top}});
    x.c.line({lx + 38 + adv + 30, ly + t.smallSize * 0.55f}, {lx + 38 + adv + 70, ly + t.smallSize * 0.55f}, 4, t.previous);
    x.c.text(x.tr("wall.hourly_before"), {lx + 38 + adv + 80, ly}, {t.smallSize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Top}});
    const float top = ly + t.smallSize * 1.6f, bottom = float(content.maxY) - t.smallSize * 1.4f;
    const float left = lx + t.smallSize * 1.8f, right = float(content.maxX);
    if (bottom - top < 20) return;
    int peak = 1;
    for (int v : m.hourly) peak = std::max(peak, v);
    for (int v : m.hourlyBefore) peak = std::max(peak, v);
    // Gridlines at round values.
    const int step = std::max(1, int(std::ceil(double(peak) / 4.0)));
    const int top_value = step * 4;
    for (int g = 0; g <= 4; ++g) {
        const float y = bottom - (bottom - top) * float(g) / 4.0f;
        x.c.line({left, y}, {right, y}, 1.5f, withAlpha(t.panelEdge, 0.7f));
        x.c.text(formatCount(step * g), {left - 10, y},
                 {t.smallSize * 0.85f, t.muted, FontWeight::Regular, {HAlign::Right, VAlign::Middle}});
    }
    const float slot = (right - left) / 24.0f;
    std::vector<Vec2f> before;
    for (int i = 0; i < 24; ++i) {
        const float h = (bottom - top) * float(m.hourly[std::size_t(i)]) / float(top_value);
        x.c.rect(box(left + slot * float(i) + slot * 0.15f, bottom - h, slot * 0.7f, h), t.accent);
        before.push_back({left + slot * (float(i) + 0.5f),
                          bottom - (bottom - top) * float(m.hourlyBefore[std::size_t(i)]) / float(top_value)});
    }
    x.c.polyline(before, 4, t.previous);
    for (const Vec2f& v : before) x.c.disc(v, 5, t.previous);
    // Hour labels: the local hour each bin starts, every 6 bins.
    for (int i = 0; i <= 24; i += 6) {
        const std::int64_t binStart = x.f.clock - std::int64_t(24 - i) * 3600000;
        x.c.text(formatClock(binStart, x.f.utcOffsetMinutes, false), {left + slot * float(i), bottom + 6},
                 {t.smallSize * 0.85f, t.muted, FontWeight::Regular,
                  {i == 0 ? HAlign::Left : i == 24 ? HAlign::Right : HAlign::Center, VAlign::Top}});
    }
}

struct BarRow {
    std::string label, value;
    double fraction = 0;
    Rgba color;
};

void drawBars(Ctx& x, const Box& content, const std::vector<BarRow>& rows) {
    const WallTheme& t = x.t;
    const float rowH = t.bodySize * 1.55f;
    const int fit = std::max(0, int(float(content.maxY - content.minY) / rowH));
    const float labelW = float(content.maxX - content.minX) * 0.36f, valueW = t.bodySize * 3.2f;
    const float barX = float(content.minX) + labelW + 12, barW = float(content.maxX) - valueW - barX - 12;
    for (int i = 0; i < int(rows.size()) && i < fit; ++i) {
        const BarRow& r = rows[std::size_t(i)];
        const float y = float(content.minY) + rowH * float(i);
        x.c.text(r.label, {float(content.minX), y + rowH / 2},
                 {t.bodySize, t.text, FontWeight::Regular, {HAlign::Left, VAlign::Middle}, labelW});
        x.c.roundedRect(box(barX, y + rowH * 0.22f, barW, rowH * 0.56f), 6, mix(t.panel, t.panelEdge, 0.5f));
        if (r.fraction > 0)
            x.c.roundedRect(box(barX, y + rowH * 0.22f, std::max(12.0f, barW * float(r.fraction)), rowH * 0.56f), 6, r.color);
        x.c.text(r.value, {float(content.maxX), y + rowH / 2},
                 {t.bodySize, t.text, FontWeight::Bold, {HAlign::Right, VAlign::Middle}});
    }
}

void drawCategories(Ctx& x, const PanelConfig& p) {
    const Box content = card(x, p, x.tr("wall.categories"));
    const auto& cats = x.f.model->byCategory;
    int peak = 1;
    for (const auto& [k, v] : cats) peak = std::max(peak, v);
    std::vector<BarRow> rows;
    for (const auto& [k, v] : cats)
        rows.push_back({categoryName(x.lang(), k), formatCount(v), double(v) / double(peak), x.t.accent});
    drawBars(x, content, rows);
}

void drawStatuses(Ctx& x, const PanelConfig& p) {
    const Box content = card(x, p, x.tr("wall.statuses"));
    const WallTheme& t = x.t;
    const Rgba colors[6] = {t.warn, t.accent, {0.62f, 0.50f, 0.98f, 1}, t.good, {0.45f, 0.70f, 0.60f, 1}, t.muted};
    int peak = 1;
    for (int v : x.f.model->byStatus) peak = std::max(peak, v);
    std::vector<BarRow> rows;
    for (std::uint8_t s = 0; s < 6; ++s) {
        const int v = x.f.model->byStatus[s];
        rows.push_back({std::string(statusName(x.lang(), s)), formatCount(v), double(v) / double(peak), colors[s]});
    }
    drawBars(x, content, rows);
}

// ---- Ranking, ticker, alert -------------------------------------------------------------------

const std::vector<RankingRow>& rankingRows(const WallModel& m, const PanelConfig& p) {
    return p.rankBy == RankingBy::Overdue ? m.mostOverdue : m.slowestResponse;
}

std::string countText(const GridCount& c, int k) {
    return c.suppressed ? "<" + std::to_string(k) : formatCount(c.value);
}

void drawRanking(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    const Box content = card(x, p, p.rankBy == RankingBy::Overdue ? x.tr("wall.ranking_overdue") : x.tr("wall.ranking_response"));
    const auto& rows = rankingRows(*x.f.model, p);
    const float rowH = t.bodySize * 1.5f;
    const int fit = std::max(0, int(float(content.maxY - content.minY) / rowH));
    auto anim = x.anim.rankings.find(p.id);
    x.c.pushClip(content);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const RankingRow& r = rows[i];
        double pos = double(i), opacity = 1;
        if (anim != x.anim.rankings.end()) {
            pos = anim->second.position(r.gridId);
            opacity = anim->second.opacity(r.gridId);
        }
        if (pos > double(fit) - 0.01) continue;
        const float y = float(content.minY) + rowH * float(pos);
        const float a = float(opacity);
        const int rank = int(i) + 1;
        const Rgba badge = rank <= 3 ? mix(t.bad, t.warn, float(rank - 1) / 2.0f) : t.panelEdge;
        x.c.roundedRect(box(float(content.minX), y + rowH * 0.12f, rowH * 0.76f, rowH * 0.76f), 8, withAlpha(badge, a));
        x.c.text(std::to_string(rank), {float(content.minX) + rowH * 0.38f, y + rowH / 2},
                 {t.smallSize, withAlpha(t.text, a), FontWeight::Bold, {HAlign::Center, VAlign::Middle}});
        std::string value;
        if (p.rankBy == RankingBy::Overdue) {
            value = countText(r.overdue, x.f.layout->minCount) + " " + std::string(x.tr("wall.issues"));
        } else {
            value = r.medianResponseHours ? formatHours(x.lang(), *r.medianResponseHours) : "—";
        }
        const float valueW = x.c.measure(value, t.bodySize, FontWeight::Bold);
        const std::string name = r.gridName.empty() ? r.gridId : r.gridName;
        x.c.text(name, {float(content.minX) + rowH, y + rowH / 2},
                 {t.bodySize, withAlpha(t.text, a), FontWeight::Regular, {HAlign::Left, VAlign::Middle},
                  float(content.maxX - content.minX) - rowH - valueW - 20});
        x.c.text(value, {float(content.maxX), y + rowH / 2},
                 {t.bodySize, withAlpha(p.rankBy == RankingBy::Overdue ? t.bad : t.warn, a), FontWeight::Bold,
                  {HAlign::Right, VAlign::Middle}});
    }
    x.c.popClip();
}

void drawTicker(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    const Box content = card(x, p, x.tr("wall.ticker"));
    const float rowH = t.bodySize * 1.5f;
    const int fit = std::max(0, int(float(content.maxY - content.minY) / rowH));
    const float w = float(content.maxX - content.minX);
    const float timeW = x.c.measure("00:00", t.bodySize, FontWeight::Bold) + 20;
    // Grid and category columns as wide as their longest entry, within limits; the rest is the
    // title's (or, on a public wall, the status's).
    float gridW = 0, catW = 0;
    for (const TickerEvent& e : x.f.model->ticker) {
        gridW = std::max(gridW, x.c.measure(e.gridName.empty() ? std::string(x.tr("wall.unassigned")) : e.gridName, t.bodySize));
        catW = std::max(catW, x.c.measure(categoryName(x.lang(), e.category), t.bodySize));
    }
    gridW = std::min(gridW + 24, w * 0.34f);
    catW = std::min(catW + 24, w * 0.26f);
    const auto& events = x.f.model->ticker;
    for (int i = 0; i < int(events.size()) && i < fit; ++i) {
        const TickerEvent& e = events[std::size_t(i)];
        const float y = float(content.minY) + rowH * (float(i) + 0.5f);
        float cx = float(content.minX);
        const Rgba dot = e.priority == 1 ? t.bad : e.status >= 3 ? t.good : t.warn;
        x.c.disc({cx + 8, y}, 8, dot);
        cx += 24;
        x.c.text(formatClock(e.time, x.f.utcOffsetMinutes, false), {cx, y},
                 {t.bodySize, t.muted, FontWeight::Bold, {HAlign::Left, VAlign::Middle}});
        cx += timeW;
        x.c.text(e.gridName.empty() ? std::string(x.tr("wall.unassigned")) : e.gridName, {cx, y},
                 {t.bodySize, t.accent, FontWeight::Regular, {HAlign::Left, VAlign::Middle}, gridW - 16});
        cx += gridW;
        x.c.text(categoryName(x.lang(), e.category), {cx, y},
                 {t.bodySize, t.text, FontWeight::Regular, {HAlign::Left, VAlign::Middle}, catW - 16});
        cx += catW;
        // Public layouts carry no titles (WallModel leaves them empty): the status stands in.
        const std::string detail = e.title.empty() ? std::string(statusName(x.lang(), e.status)) : e.title;
        x.c.text(detail, {cx, y},
                 {t.bodySize, e.title.empty() ? t.muted : t.text, FontWeight::Regular, {HAlign::Left, VAlign::Middle},
                  float(content.maxX) - cx});
    }
}

void drawAlert(Ctx& x, const PanelConfig& p) {
    if (!x.f.alert) return;  // the card shows only while the tour shows an urgent issue
    const WallTheme& t = x.t;
    const AlertView& a = *x.f.alert;
    const Box outer = box(p.x, p.y, p.w, p.h);
    x.c.roundedRect(outer, t.radius, t.bad);
    x.c.roundedRect(box(p.x + 4, p.y + 4, p.w - 8, p.h - 8), t.radius - 3, mix(t.panel, t.bad, 0.18f));
    const float in = t.pad;
    float y = p.y + in;
    std::string head = std::string(x.tr("wall.alert"));
    if (a.queued > 0) head += "  +" + std::to_string(a.queued);
    x.c.text(head, {p.x + in, y}, {t.headerSize, t.bad, FontWeight::Bold, {HAlign::Left, VAlign::Top}});
    y += t.headerSize * 1.5f;
    const std::string what = a.event.title.empty() ? categoryName(x.lang(), a.event.category) : a.event.title;
    x.c.text(what, {p.x + in, y}, {t.headerSize, t.text, FontWeight::Bold, {HAlign::Left, VAlign::Top}, p.w - 2 * in});
    y += t.headerSize * 1.5f;
    std::string where = (a.event.gridName.empty() ? std::string(x.tr("wall.unassigned")) : a.event.gridName) + " · " +
                        categoryName(x.lang(), a.event.category);
    x.c.text(where, {p.x + in, y}, {t.bodySize, t.accent, FontWeight::Regular, {HAlign::Left, VAlign::Top}, p.w - 2 * in});
    y += t.bodySize * 1.5f;
    const std::string when = std::string(x.tr("wall.reported")) + " " +
                             formatClock(a.event.reportedAt, x.f.utcOffsetMinutes, false) + " · " +
                             formatDuration(x.lang(), double(x.f.clock - a.event.reportedAt) / 1000.0) + " " +
                             std::string(x.tr("wall.ago"));
    x.c.text(when, {p.x + in, y}, {t.bodySize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Top}, p.w - 2 * in});
}

// ---- Title, clock, feed health, map frame -----------------------------------------------------

void drawTitle(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    x.c.rect(box(p.x, p.y + p.h - 3, p.w, 3), withAlpha(t.accent, 0.6f));
    const std::string title = !p.title.empty() ? p.title : !x.f.layout->name.empty() ? x.f.layout->name
                                                                                      : std::string(x.tr("wall.title"));
    float adv = x.c.text(title, {p.x + t.pad, p.y + p.h / 2},
                         {t.titleSize, t.text, FontWeight::Bold, {HAlign::Left, VAlign::Middle}, p.w * 0.7f});
    if (x.f.layout->isPublic) {
        const std::string tag = std::string(x.tr("wall.public")) + " · " + std::string(x.tr("wall.public_note"));
        const float tw = x.c.measure(tag, t.smallSize) + 28;
        const float tx = p.x + t.pad + adv + 30;
        x.c.roundedRect(box(tx, p.y + p.h / 2 - t.smallSize * 0.8f, tw, t.smallSize * 1.6f), 8, withAlpha(t.warn, 0.25f));
        x.c.text(tag, {tx + 14, p.y + p.h / 2}, {t.smallSize, t.warn, FontWeight::Regular, {HAlign::Left, VAlign::Middle}});
    }
}

void drawClock(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    const float size = std::min(t.kpiSize, p.h * 0.62f);
    x.c.text(formatClock(x.f.clock, x.f.utcOffsetMinutes), {p.x + p.w - t.pad, p.y + p.h * 0.5f},
             {size, t.text, FontWeight::Bold, {HAlign::Right, VAlign::Middle}});
    const float w = x.c.measure(formatClock(x.f.clock, x.f.utcOffsetMinutes), size, FontWeight::Bold);
    x.c.text(formatDate(x.lang(), x.f.clock, x.f.utcOffsetMinutes), {p.x + p.w - t.pad - w - 24, p.y + p.h * 0.5f},
             {t.bodySize, t.muted, FontWeight::Regular, {HAlign::Right, VAlign::Middle}, p.w - w - 2 * t.pad - 24});
}

bool feedSilent(const FeedHealthView& f) {
    return f.configured && (!f.silentSeconds || *f.silentSeconds > f.silentThreshold);
}

void drawFeedHealth(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    const Box content = card(x, p, x.tr("wall.feed_health"));
    const FeedHealthView& f = x.f.feed;
    const float y = float(content.minY) + t.bodySize * 0.75f;
    if (!f.configured) {
        x.c.text(x.tr("wall.feed_no_source"), {float(content.minX), y}, {t.bodySize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Middle}});
        return;
    }
    const bool silent = feedSilent(f);
    x.c.disc({float(content.minX) + 12, y}, 12, silent ? t.bad : t.good);
    std::string state = silent ? std::string(x.tr("wall.feed_silent")) : std::string(x.tr("wall.feed_ok"));
    x.c.text(state + " · " + f.name, {float(content.minX) + 36, y},
             {t.bodySize, silent ? t.bad : t.text, FontWeight::Bold, {HAlign::Left, VAlign::Middle},
              float(content.maxX - content.minX) - 36});
    const float y2 = y + t.bodySize * 1.5f;
    std::string age = std::string(x.tr("wall.last_message")) + " " +
                      (f.silentSeconds ? formatDuration(x.lang(), *f.silentSeconds) + " " + std::string(x.tr("wall.ago")) : "—");
    x.c.text(age, {float(content.minX), y2}, {t.smallSize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Middle}});
    const float y3 = y2 + t.smallSize * 1.5f;
    x.c.text(std::string(x.tr("wall.received")) + " " + formatCount((long long)f.received) + " · " +
                 std::string(x.tr("wall.rejected")) + " " + formatCount((long long)f.rejected),
             {float(content.minX), y3}, {t.smallSize, t.muted, FontWeight::Regular, {HAlign::Left, VAlign::Middle}});
}

void drawMapFrame(Ctx& x, const PanelConfig& p) {
    const WallTheme& t = x.t;
    auto it = x.f.mapImages.find(p.id);
    if (it != x.f.mapImages.end()) x.c.image(box(p.x, p.y, p.w, p.h), it->second);
    else x.c.rect(box(p.x, p.y, p.w, p.h), t.panel);
    // A thin frame; the map itself goes edge to edge.
    x.c.rect(box(p.x, p.y, p.w, 2), t.panelEdge);
    x.c.rect(box(p.x, p.y + p.h - 2, p.w, 2), t.panelEdge);
    x.c.rect(box(p.x, p.y, 2, p.h), t.panelEdge);
    x.c.rect(box(p.x + p.w - 2, p.y, 2, p.h), t.panelEdge);
    if (!x.f.stopName.empty()) {
        const float w = x.c.measure(x.f.stopName, t.headerSize, FontWeight::Bold) + 2 * t.pad;
        x.c.roundedRect(box(p.x + t.pad, p.y + t.pad, w, t.headerSize * 1.6f), 10, withAlpha(t.background, 0.8f));
        x.c.text(x.f.stopName, {p.x + 2 * t.pad, p.y + t.pad + t.headerSize * 0.8f},
                 {t.headerSize, t.text, FontWeight::Bold, {HAlign::Left, VAlign::Middle}});
    }
}

void drawBanner(Ctx& x) {
    const FeedHealthView& f = x.f.feed;
    if (!feedSilent(f)) return;
    const WallTheme& t = x.t;
    const float w = float(x.f.layout->width), h = t.headerSize * 1.9f;
    x.c.rect(box(0, 0, w, h), withAlpha(t.bad, 0.92f));
    std::string text = std::string(x.tr("wall.feed_silent")) + " " +
                       (f.silentSeconds ? formatDuration(x.lang(), *f.silentSeconds) : std::string("—")) + " · " + f.name;
    x.c.text(text, {w / 2, h / 2}, {t.headerSize, {1, 1, 1, 1}, FontWeight::Bold, {HAlign::Center, VAlign::Middle}});
}

}  // namespace

void WallAnimations::advance(double seconds) {
    for (auto& [k, v] : values) v.advance(seconds);
    for (auto& [k, r] : rankings) r.advance(seconds);
}

void updateWallAnimations(WallAnimations& anim, const WallFrame& f, bool snap) {
    for (const auto& k : kKpis) {
        const Kpi& kpi = f.model->*k.field;
        if (!kpi.now) continue;
        auto [it, added] = anim.values.try_emplace(k.name, *kpi.now);
        if (snap || added) it->second.snapTo(*kpi.now);
        else it->second.setTarget(*kpi.now);
    }
    for (const auto& p : f.layout->panels) {
        if (p.kind != PanelKind::Ranking) continue;
        std::vector<std::string> keys;
        for (const auto& r : rankingRows(*f.model, p)) keys.push_back(r.gridId);
        auto [it, added] = anim.rankings.try_emplace(p.id);
        it->second.setOrder(keys);
        if (snap || added) it->second.advance(1e6);
    }
}

void drawWall(CanvasList& canvas, const WallFrame& frame, const WallAnimations& anim, const WallTheme& theme) {
    Ctx x{canvas, frame, anim, theme};
    // The background is the target's clear colour. Each panel is a group: the renderer redraws a
    // panel only when what it draws changed, and the map (live) every frame.
    for (const auto& p : frame.layout->panels) {
        const bool hidden =
            std::find(frame.hiddenPanels.begin(), frame.hiddenPanels.end(), p.id) != frame.hiddenPanels.end();
        canvas.beginGroup(box(p.x, p.y, p.w, p.h), p.kind == PanelKind::Map && frame.freshMaps.count(p.id) > 0);
        struct End {
            CanvasList& c;
            ~End() { c.endGroup(); }
        } end{canvas};
        if (hidden) continue;
        switch (p.kind) {
        case PanelKind::Title: drawTitle(x, p); break;
        case PanelKind::Clock: drawClock(x, p); break;
        case PanelKind::Map: drawMapFrame(x, p); break;
        case PanelKind::Kpis: drawKpis(x, p); break;
        case PanelKind::Hourly: drawHourly(x, p); break;
        case PanelKind::Categories: drawCategories(x, p); break;
        case PanelKind::Statuses: drawStatuses(x, p); break;
        case PanelKind::Ranking: drawRanking(x, p); break;
        case PanelKind::Ticker: drawTicker(x, p); break;
        case PanelKind::Alert: drawAlert(x, p); break;
        case PanelKind::FeedHealth: drawFeedHealth(x, p); break;
        }
    }
    canvas.beginGroup(box(0, 0, float(frame.layout->width), theme.headerSize * 1.9f));
    drawBanner(x);
    canvas.endGroup();
}

}  // namespace gs::cli
