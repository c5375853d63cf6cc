#include "live/import/case_row.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "geo/china_offsets.hpp"
#include "geo/transformer.hpp"
#include "live/import/import_text.hpp"

namespace gs {

using import_text::shown;
using import_text::trim;

std::optional<double> parseCaseNumber(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

CaseRowReader::CaseRowReader(CaseRowReader&&) noexcept = default;
CaseRowReader& CaseRowReader::operator=(CaseRowReader&&) noexcept = default;
CaseRowReader::~CaseRowReader() = default;

Result<CaseRowReader> CaseRowReader::create(const CsvFeedMapping& m, std::string_view tableName,
                                            const std::vector<std::string>& header) {
    CaseRowReader r;
    r.m_ = &m;
    if (!m.timeZone.empty()) {
        auto zone = TimeZone::load(m.timeZone);
        if (!zone) return Error{m.origin + ": time_zone: " + zone.error().message};
        r.zone_ = std::move(zone).value();
    }
    if (!isWgs84Name(m.crs) && chinaOffsetCrs(m.crs) == ChinaOffsetCrs::None) {
        auto t = Transformer::create(m.crs, "EPSG:4326");
        if (!t) return Error{m.origin + ": crs: " + t.error().message};
        r.transformer_ = std::make_unique<Transformer>(std::move(t).value());
        // And back, to catch points outside the CRS's domain that PROJ still "converts" (a Web
        // Mercator x beyond the world wraps to a valid longitude).
        auto back = Transformer::create("EPSG:4326", m.crs);
        if (!back) return Error{m.origin + ": crs: " + back.error().message};
        r.inverse_ = std::make_unique<Transformer>(std::move(back).value());
    }
    std::optional<Error> missing;
    auto find = [&](const std::string& name, const std::string& key) {
        if (name.empty()) return -1;
        auto it = std::find(header.begin(), header.end(), name);
        if (it != header.end()) return int(it - header.begin());
        if (!missing) {
            std::string all;
            for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
            missing = Error{std::string(tableName) + ": no column \"" + name + "\" (named by \"" + key + "\" in " +
                            m.origin + "); the header has: " + all};
        }
        return -1;
    };
    Columns& c = r.c_;
    c.id = find(m.idColumn, "id");
    c.x = find(m.xColumn, "lon/x");
    c.y = find(m.yColumn, "lat/y");
    c.opened = find(m.openedColumn, "opened");
    c.closed = find(m.closedColumn, "closed");
    c.status = find(m.statusColumn, "status.column");
    for (const auto& col : m.categoryColumns) c.category.push_back(find(col, "category"));
    c.address = find(m.addressColumn, "address");
    c.gridId = find(m.gridIdColumn, "grid_id");
    c.priority = find(m.priorityColumn, "priority");
    c.due = find(m.dueColumn, "due");
    c.team = find(m.teamColumn, "team");
    c.source = find(m.sourceColumn, "source");
    c.weight = find(m.weightColumn, "weight");
    for (const auto& t : m.titleColumns) c.title.push_back(find(t, "title"));
    for (const auto& [prop, col] : m.properties) c.properties.emplace_back(prop, find(col, "properties." + prop));
    if (missing) return *missing;
    r.headerSize_ = header.size();
    return r;
}

std::string_view CaseRowReader::field(int index) const {
    return index >= 0 && size_t(index) < fields_.size() ? fields_[size_t(index)] : std::string_view();
}

std::optional<CaseSkip> CaseRowReader::time(int index, const std::string& what, bool required,
                                            std::optional<FeedTime>& out, CaseRow& row) const {
    out.reset();
    const std::string_view text = trim(field(index));
    if (text.empty()) {
        if (required) return CaseSkip{"missing " + what + " time", "column \"" + m_->openedColumn + "\" is empty"};
        return std::nullopt;
    }
    auto t = parseFeedTime(text, m_->timeFormat, zone_ ? &*zone_ : nullptr);
    if (!t) return CaseSkip{"bad " + what + " time", t.error().message};
    if (t->kind == TimeZone::LocalKind::Ambiguous) ++row.ambiguousTimes;
    if (t->kind == TimeZone::LocalKind::Nonexistent) ++row.nonexistentTimes;
    out = *t;
    return std::nullopt;
}

std::optional<std::string> CaseRowReader::toWgs84(Vec2d& p) const {
    const bool geographicSource = isWgs84Name(m_->crs) || chinaOffsetCrs(m_->crs) != ChinaOffsetCrs::None;
    auto outside = [](Vec2d q) { return q.x < -180 || q.x > 180 || q.y < -90 || q.y > 90; };
    if (geographicSource && outside(p)) return std::string("outside longitude -180..180, latitude -90..90");
    bool converted = chinaOffsetToWgs84(m_->crs, std::span<Vec2d>(&p, 1));
    if (transformer_) {
        const Vec2d source = p;
        if (transformer_->transform(std::span<Vec2d>(&p, 1)) != 0) return "cannot be transformed from " + m_->crs;
        Vec2d again = p;
        const double tolerance = 1e-6 * std::max({1.0, std::abs(source.x), std::abs(source.y)});
        if (inverse_->transform(std::span<Vec2d>(&again, 1)) != 0 || !(std::abs(again.x - source.x) < tolerance) ||
            !(std::abs(again.y - source.y) < tolerance))
            return "outside the area where " + m_->crs + " is defined";
        converted = true;
    }
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || outside(p))
        return std::string("outside longitude -180..180, latitude -90..90 after conversion from ") + m_->crs;
    if (converted) {  // ~1 cm is plenty; keeps the feed's lines short
        p.x = std::round(p.x * 1e7) / 1e7;
        p.y = std::round(p.y * 1e7) / 1e7;
    }
    return std::nullopt;
}

std::string CaseRowReader::title() const {
    std::string source, translated;
    for (int index : c_.title) {
        const std::string value(trim(field(index)));
        if (value.empty()) continue;
        if (source.empty()) source = value;
        if (translated.empty())
            if (auto it = m_->titleTranslations.find(value); it != m_->titleTranslations.end())
                translated = it->second;
    }
    if (translated.empty() || translated == source) return source;
    if (source.empty()) return translated;
    return translated + m_->titleSeparator + source;
}

std::optional<CaseSkip> CaseRowReader::read(std::span<const std::string_view> fields, CaseRow& out,
                                            const DuplicateCheck& duplicateOf) {
    fields_ = fields;
    const CsvFeedMapping& m = *m_;
    out.ambiguousTimes = out.nonexistentTimes = 0;
    // Identity.
    const std::string_view sourceId = trim(field(c_.id));
    if (sourceId.empty()) return CaseSkip{"missing id", "column \"" + m.idColumn + "\" is empty"};
    out.id.assign(m.idPrefix).append(sourceId);
    if (duplicateOf)
        if (auto first = duplicateOf(out.id)) return CaseSkip{"duplicate id", "id \"" + out.id + "\" " + *first};

    // Position.
    const std::string_view xText = trim(field(c_.x)), yText = trim(field(c_.y));
    if (xText.empty() || yText.empty())
        return CaseSkip{"missing coordinates", "column \"" + (xText.empty() ? m.xColumn : m.yColumn) + "\" is empty"};
    const auto x = parseCaseNumber(xText), y = parseCaseNumber(yText);
    if (!x || !y)
        return CaseSkip{"bad coordinates",
                        m.xColumn + " " + shown(xText) + ", " + m.yColumn + " " + shown(yText) + ": not a number"};
    out.lonLat = {*x, *y};
    if (auto problem = toWgs84(out.lonLat))
        return CaseSkip{"coordinates out of range",
                        m.xColumn + " " + std::string(xText) + ", " + m.yColumn + " " + std::string(yText) + ": " + *problem};

    // Lifecycle.
    std::optional<FeedTime> opened;
    if (auto s = time(c_.opened, "opened", true, opened, out)) return s;
    out.opened = *opened;
    if (auto s = time(c_.closed, "closed", false, out.closed, out)) return s;
    out.closeStatus.clear();
    if (c_.status >= 0) {
        const std::string statusText(trim(field(c_.status)));
        auto it = m.statusValues.find(statusText);
        if (it == m.statusValues.end())
            return CaseSkip{"unknown status", "status " + shown(statusText) + " is not in status.values"};
        if (it->second != "open") out.closeStatus = it->second;
        if (!out.closeStatus.empty() && !out.closed)
            return CaseSkip{"closed without a closed time",
                            "status " + shown(statusText) + " but column \"" + m.closedColumn + "\" is empty"};
        if (out.closeStatus.empty() && out.closed && m.closedIsLastUpdate) out.closed.reset();
        if (out.closeStatus.empty() && out.closed)
            return CaseSkip{"open with a closed time",
                            "status " + shown(statusText) + " is open but column \"" + m.closedColumn + "\" is set"};
    } else if (out.closed) {
        out.closeStatus = m.closeStatus;
    }

    // What the issue is: the first column value found in the category map (or, without a map, the
    // value itself).
    std::string categoryText;
    out.category.clear();
    for (int index : c_.category) {
        const std::string_view value = trim(field(index));
        if (categoryText.empty()) categoryText = value;
        if (m.categoryMap.empty()) break;
        if (auto it = m.categoryMap.find(std::string(value)); it != m.categoryMap.end()) {
            out.category = it->second;
            break;
        }
    }
    if (m.categoryMap.empty()) out.category = categoryText;
    if (out.category.empty() && m.categoryDefault) out.category = *m.categoryDefault;
    if (out.category.empty())
        return CaseSkip{categoryText.empty() ? "missing category" : "unknown category",
                        categoryText.empty() ? "no category column has a value"
                                             : shown(categoryText) + " is not in category.map and there is no default"};

    out.priority = m.priorityDefault;
    if (c_.priority >= 0) {
        const std::string text(trim(field(c_.priority)));
        if (auto it = m.priorityMap.find(text); it != m.priorityMap.end()) {
            out.priority = it->second;
        } else if (auto v = parseCaseNumber(text); v && (*v == 1 || *v == 2 || *v == 3)) {
            out.priority = int(*v);
        } else if (!text.empty() && !m.priorityDefault) {
            return CaseSkip{"bad priority", "priority " + shown(text) + " is not 1, 2 or 3 nor in priority.map"};
        }
    }

    out.due.reset();
    if (m.dueHours) {
        FeedTime due = out.opened;
        due.utcMillis += int64_t(std::llround(*m.dueHours * 3600.0 * 1000.0));
        const int64_t sec = due.utcMillis / 1000 - ((due.utcMillis % 1000 != 0) && (due.utcMillis < 0));
        due.offsetSeconds = zone_ ? zone_->offsetAt(sec) : out.opened.offsetSeconds;
        if (!isWritable(due)) return CaseSkip{"bad due time", "opened + due_hours falls after the year 9999"};
        out.due = due;
    } else if (c_.due >= 0) {
        if (auto s = time(c_.due, "due", false, out.due, out)) return s;
    }

    out.weight.reset();
    if (c_.weight >= 0) {
        const std::string_view text = trim(field(c_.weight));
        if (!text.empty()) {
            auto v = parseCaseNumber(text);
            if (!v || *v < 0) return CaseSkip{"bad weight", "weight " + shown(text) + " is not a number >= 0"};
            out.weight = *v;
        }
    }

    out.title = title();
    out.address = trim(field(c_.address));
    out.gridId = trim(field(c_.gridId));
    out.team = trim(field(c_.team));
    out.source = trim(field(c_.source));
    out.properties.clear();
    for (const auto& [name, index] : c_.properties)
        if (auto v = trim(field(index)); !v.empty()) out.properties.emplace_back(name, std::string(v));
    return std::nullopt;
}

}  // namespace gs
