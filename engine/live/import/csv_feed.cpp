#include "live/import/csv_feed.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <unordered_map>

#include "core/types.hpp"
#include "geo/china_offsets.hpp"
#include "geo/transformer.hpp"
#include "live/feed/message.hpp"
#include "live/import/csv_reader.hpp"
#include "live/import/import_text.hpp"

namespace gs {

namespace {

using import_text::shown;
using import_text::trim;

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Insertion order, so that every line lists its properties as the contract's examples do.
using OrderedJson = nlohmann::ordered_json;

// A coordinate or a priority: from_chars, not strtod, so the locale cannot change the decimal point
// and "12abc" is not 12.
std::optional<double> parseNumber(std::string_view text) {
    text = trim(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// Where each mapped column is in the header (-1: not mapped), found once before the rows.
struct Columns {
    int id = -1, x = -1, y = -1, opened = -1, closed = -1, status = -1, address = -1, gridId = -1, priority = -1,
        due = -1;
    std::vector<int> category, title;
    std::vector<std::pair<std::string, int>> properties;
};

// A line waiting for the sort by instant (rows come in file order, not time order).
struct Message {
    int64_t utcMillis;
    std::string line;
};

// One conversion: prepare() checks the mapping against the header, row() turns each record into
// messages or a counted skip, write() sorts and writes. Nothing is written before every row is read,
// so an error (a quoted field that never closes) leaves the output empty.
class Converter {
public:
    Converter(const CsvFeedMapping& m, std::string_view csvName) : m_(m), csvName_(csvName) {}

    Status prepare(const std::vector<std::string>& header) {
        if (!m_.timeZone.empty()) {
            auto zone = TimeZone::load(m_.timeZone);
            if (!zone) return Error{m_.origin + ": time_zone: " + zone.error().message};
            zone_ = std::move(zone).value();
        }
        if (!isWgs84Name(m_.crs) && chinaOffsetCrs(m_.crs) == ChinaOffsetCrs::None) {
            auto t = Transformer::create(m_.crs, "EPSG:4326");
            if (!t) return Error{m_.origin + ": crs: " + t.error().message};
            transformer_ = std::make_unique<Transformer>(std::move(t).value());
            // And back, to catch points outside the CRS's domain that PROJ still "converts" (a
            // Web Mercator x beyond the world wraps to a valid longitude).
            auto back = Transformer::create("EPSG:4326", m_.crs);
            if (!back) return Error{m_.origin + ": crs: " + back.error().message};
            inverse_ = std::make_unique<Transformer>(std::move(back).value());
        }
        std::optional<Error> missing;
        auto find = [&](const std::string& name, const std::string& key) {
            if (name.empty()) return -1;
            auto it = std::find(header.begin(), header.end(), name);
            if (it != header.end()) return int(it - header.begin());
            if (!missing) {
                std::string all;
                for (const auto& h : header) all += (all.empty() ? "" : ", ") + h;
                missing = Error{std::string(csvName_) + ": no column \"" + name + "\" (named by \"" + key + "\" in " +
                                m_.origin + "); the header has: " + all};
            }
            return -1;
        };
        c_.id = find(m_.idColumn, "id");
        c_.x = find(m_.xColumn, "lon/x");
        c_.y = find(m_.yColumn, "lat/y");
        c_.opened = find(m_.openedColumn, "opened");
        c_.closed = find(m_.closedColumn, "closed");
        c_.status = find(m_.statusColumn, "status.column");
        for (const auto& col : m_.categoryColumns) c_.category.push_back(find(col, "category"));
        c_.address = find(m_.addressColumn, "address");
        c_.gridId = find(m_.gridIdColumn, "grid_id");
        c_.priority = find(m_.priorityColumn, "priority");
        c_.due = find(m_.dueColumn, "due");
        for (const auto& t : m_.titleColumns) c_.title.push_back(find(t, "title"));
        for (const auto& [prop, col] : m_.properties) c_.properties.emplace_back(prop, find(col, "properties." + prop));
        if (missing) return *missing;
        header_ = header.size();
        return Status::success();
    }

    void row(const CsvRecord& record, size_t rowNumber) {
        ++stats_.rows;
        row_ = rowNumber;
        line_ = record.line;
        fields_ = &record.fields;
        if (!record.error.empty()) return skip("malformed CSV record", record.error);
        // Fewer fields than the header, or more that hold something: the columns cannot be trusted.
        // Empty extra fields (a trailing comma, as spreadsheets write) are harmless.
        const bool extraText = record.fields.size() > header_ &&
                               std::any_of(record.fields.begin() + std::ptrdiff_t(header_), record.fields.end(),
                                           [](const std::string& f) { return !trim(f).empty(); });
        if (record.fields.size() < header_ || extraText)
            return skip("wrong number of fields",
                        std::to_string(record.fields.size()) + " fields; the header has " + std::to_string(header_));
        // Identity.
        const std::string sourceId(trim(field(c_.id)));
        if (sourceId.empty()) return skip("missing id", "column \"" + m_.idColumn + "\" is empty");
        const std::string id = m_.idPrefix + sourceId;
        // A duplicate of a row already written (ids of skipped rows stay free).
        if (auto it = seenIds_.find(id); it != seenIds_.end())
            return skip("duplicate id", "id \"" + id + "\" was first used on row " + std::to_string(it->second));

        // Position.
        const std::string_view xText = trim(field(c_.x)), yText = trim(field(c_.y));
        if (xText.empty() || yText.empty())
            return skip("missing coordinates", "column \"" + (xText.empty() ? m_.xColumn : m_.yColumn) + "\" is empty");
        const auto x = parseNumber(xText), y = parseNumber(yText);
        if (!x || !y)
            return skip("bad coordinates", m_.xColumn + " " + shown(xText) + ", " + m_.yColumn + " " +
                                               shown(yText) + ": not a number");
        Vec2d p{*x, *y};
        if (auto problem = toWgs84(p))
            return skip("coordinates out of range", m_.xColumn + " " + std::string(xText) + ", " + m_.yColumn + " " +
                                                        std::string(yText) + ": " + *problem);

        // Lifecycle.
        auto opened = time(c_.opened, "opened", true);
        if (!opened.ok) return;
        auto closed = time(c_.closed, "closed", false);
        if (!closed.ok) return;
        std::string closeStatus;
        if (c_.status >= 0) {
            const std::string statusText(trim(field(c_.status)));
            auto it = m_.statusValues.find(statusText);
            if (it == m_.statusValues.end())
                return skip("unknown status", "status " + shown(statusText) + " is not in status.values");
            if (it->second != "open") closeStatus = it->second;
            if (!closeStatus.empty() && !closed.time)
                return skip("closed without a closed time",
                            "status " + shown(statusText) + " but column \"" + m_.closedColumn + "\" is empty");
            if (closeStatus.empty() && closed.time)
                return skip("open with a closed time", "status " + shown(statusText) + " is open but column \"" +
                                                           m_.closedColumn + "\" is set");
        } else if (closed.time) {
            closeStatus = m_.closeStatus;
        }

        // What the issue is: the first column value found in the category map (or, without a map, the
        // value itself).
        std::string category, categoryText;
        for (int index : c_.category) {
            const std::string value(trim(field(index)));
            if (categoryText.empty()) categoryText = value;
            if (m_.categoryMap.empty()) break;
            if (auto it = m_.categoryMap.find(value); it != m_.categoryMap.end()) {
                category = it->second;
                break;
            }
        }
        if (m_.categoryMap.empty()) category = categoryText;
        if (category.empty() && m_.categoryDefault) category = *m_.categoryDefault;
        if (category.empty())
            return skip(categoryText.empty() ? "missing category" : "unknown category",
                        categoryText.empty()
                            ? "no category column has a value"
                            : shown(categoryText) + " is not in category.map and there is no default");

        std::optional<int> priority = m_.priorityDefault;
        if (c_.priority >= 0) {
            const std::string text(trim(field(c_.priority)));
            if (auto it = m_.priorityMap.find(text); it != m_.priorityMap.end()) {
                priority = it->second;
            } else if (auto v = parseNumber(text); v && (*v == 1 || *v == 2 || *v == 3)) {
                priority = int(*v);
            } else if (!text.empty() && !m_.priorityDefault) {
                return skip("bad priority", "priority " + shown(text) + " is not 1, 2 or 3 nor in priority.map");
            }
        }

        std::optional<FeedTime> due;
        if (m_.dueHours) {
            due = *opened.time;
            due->utcMillis += int64_t(std::llround(*m_.dueHours * 3600.0 * 1000.0));
            due->offsetSeconds = zone_ ? zone_->offsetAt(floorDiv(due->utcMillis, 1000)) : opened.time->offsetSeconds;
            if (!isWritable(*due))
                return skip("bad due time", "opened + due_hours falls after the year 9999");
        } else if (c_.due >= 0) {
            auto d = time(c_.due, "due", false);
            if (!d.ok) return;
            due = d.time;
        }

        // The messages.
        bool badText = false;
        auto text = [&](std::string_view s) {
            if (!isValidUtf8(s)) badText = true;
            return std::string(s);
        };
        OrderedJson props = OrderedJson::object();
        props["kind"] = "issue";
        props["category"] = text(category);
        props["status"] = "reported";
        if (priority) props["priority"] = *priority;
        const std::string title = makeTitle();
        if (!title.empty()) props["title"] = text(title);
        if (c_.address >= 0 && !trim(field(c_.address)).empty()) props["address"] = text(trim(field(c_.address)));
        if (c_.gridId >= 0 && !trim(field(c_.gridId)).empty()) props["grid_id"] = text(trim(field(c_.gridId)));
        const std::string reportedAt = formatFeedTime(*opened.time);
        props["reported_at"] = reportedAt;
        props["updated_at"] = reportedAt;
        if (due) props["due_at"] = formatFeedTime(*due);
        for (const auto& [name, index] : c_.properties)
            if (!trim(field(index)).empty()) props[name] = text(trim(field(index)));

        OrderedJson feature = OrderedJson::object();
        feature["type"] = "Feature";
        feature["id"] = text(id);
        feature["geometry"] = {{"type", "Point"}, {"coordinates", {p.x, p.y}}};
        feature["properties"] = props;
        emit(opened.time->utcMillis, feature);
        ++stats_.reportedMessages;

        if (!closeStatus.empty()) {
            FeedTime closeAt = *closed.time;
            if (closeAt.utcMillis < opened.time->utcMillis) {
                // The source's own negative resolution time: keep the lifecycle ordered.
                ++stats_.closedBeforeOpened;
                feature["properties"]["source_closed_at"] = formatFeedTime(closeAt);
                closeAt = *opened.time;
            }
            const std::string at = formatFeedTime(closeAt);
            feature["properties"]["status"] = closeStatus;
            feature["properties"]["updated_at"] = at;
            if (closeStatus != "cancelled") feature["properties"]["resolved_at"] = at;
            emit(closeAt.utcMillis, feature);
            ++stats_.closingMessages;
        }
        if (badText) ++stats_.invalidUtf8Rows;
        seenIds_.emplace(id, rowNumber);
        ++stats_.rowsWritten;
    }

    Status write(std::ostream& out) {
        std::stable_sort(messages_.begin(), messages_.end(),
                         [](const Message& a, const Message& b) { return a.utcMillis < b.utcMillis; });
        for (const Message& msg : messages_) out << msg.line << '\n';
        out.flush();
        if (!out) return Error{"cannot write the feed (output stream failed)"};
        stats_.messagesWritten = messages_.size();
        return Status::success();
    }

    CsvFeedStats& stats() { return stats_; }

private:
    struct TimeResult {
        bool ok = true;
        std::optional<FeedTime> time;
    };

    std::string_view field(int index) const {
        return index >= 0 ? std::string_view((*fields_)[index]) : std::string_view();
    }

    void skip(const std::string& reason, const std::string& detail) {
        ++stats_.skippedByReason[reason];
        stats_.skipped.push_back({row_, line_, reason, detail});
    }

    TimeResult time(int index, const std::string& what, bool required) {
        const std::string_view text = trim(field(index));
        if (text.empty()) {
            if (required) skip("missing " + what + " time", "column \"" + m_.openedColumn + "\" is empty");
            return {!required, std::nullopt};
        }
        auto t = parseFeedTime(text, m_.timeFormat, zone_ ? &*zone_ : nullptr);
        if (!t) {
            skip("bad " + what + " time", t.error().message);
            return {false, std::nullopt};
        }
        if (t->kind == TimeZone::LocalKind::Ambiguous) ++stats_.ambiguousLocalTimes;
        if (t->kind == TimeZone::LocalKind::Nonexistent) ++stats_.nonexistentLocalTimes;
        return {true, *t};
    }

    // Converts to WGS 84 lon/lat in place; why not, if it cannot.
    std::optional<std::string> toWgs84(Vec2d& p) {
        const bool geographicSource = isWgs84Name(m_.crs) || chinaOffsetCrs(m_.crs) != ChinaOffsetCrs::None;
        auto outside = [](Vec2d q) { return q.x < -180 || q.x > 180 || q.y < -90 || q.y > 90; };
        if (geographicSource && outside(p)) return std::string("outside longitude -180..180, latitude -90..90");
        bool converted = chinaOffsetToWgs84(m_.crs, std::span<Vec2d>(&p, 1));
        if (transformer_) {
            const Vec2d source = p;
            if (transformer_->transform(std::span<Vec2d>(&p, 1)) != 0) return "cannot be transformed from " + m_.crs;
            Vec2d again = p;
            const double tolerance = 1e-6 * std::max({1.0, std::abs(source.x), std::abs(source.y)});
            if (inverse_->transform(std::span<Vec2d>(&again, 1)) != 0 || !(std::abs(again.x - source.x) < tolerance) ||
                !(std::abs(again.y - source.y) < tolerance))
                return "outside the area where " + m_.crs + " is defined";
            converted = true;
        }
        if (!std::isfinite(p.x) || !std::isfinite(p.y) || outside(p))
            return std::string("outside longitude -180..180, latitude -90..90 after conversion from ") + m_.crs;
        if (converted) {  // ~1 cm is plenty; keeps the lines short
            p.x = std::round(p.x * 1e7) / 1e7;
            p.y = std::round(p.y * 1e7) / 1e7;
        }
        return std::nullopt;
    }

    std::string makeTitle() const {
        std::string source, translated;
        for (int index : c_.title) {
            const std::string value(trim(field(index)));
            if (value.empty()) continue;
            if (source.empty()) source = value;
            if (translated.empty())
                if (auto it = m_.titleTranslations.find(value); it != m_.titleTranslations.end())
                    translated = it->second;
        }
        if (translated.empty() || translated == source) return source;
        if (source.empty()) return translated;
        return translated + m_.titleSeparator + source;
    }

    void emit(int64_t utcMillis, const OrderedJson& feature) {
        messages_.push_back({utcMillis, feature.dump(-1, ' ', false, OrderedJson::error_handler_t::replace)});
    }

    const CsvFeedMapping& m_;
    std::string_view csvName_;
    std::optional<TimeZone> zone_;
    std::unique_ptr<Transformer> transformer_, inverse_;
    Columns c_;
    size_t header_ = 0;
    CsvFeedStats stats_;
    std::unordered_map<std::string, size_t> seenIds_;
    std::vector<Message> messages_;
    size_t row_ = 0, line_ = 0;
    const std::vector<std::string>* fields_ = nullptr;
};

}  // namespace

Result<CsvFeedStats> csvToFeed(std::istream& csv, std::string_view csvName, const CsvFeedMapping& mapping,
                               std::ostream& out) {
    CsvReader reader(csv);
    CsvRecord record;
    auto got = reader.next(record);
    if (!got) return Error{std::string(csvName) + ": " + got.error().message};
    if (!*got) return Error{std::string(csvName) + ": empty file (no header row)"};
    if (!record.error.empty()) return Error{std::string(csvName) + ": header: " + record.error};
    std::vector<std::string> header = record.fields;
    for (auto& h : header) h = std::string(trim(h));

    Converter converter(mapping, csvName);
    if (Status s = converter.prepare(header); !s) return s.error();
    for (size_t row = 1;; ++row) {
        got = reader.next(record);
        if (!got) return Error{std::string(csvName) + ": " + got.error().message};
        if (!*got) break;
        converter.row(record, row);
    }
    if (csv.bad()) return Error{std::string(csvName) + ": read error"};
    if (Status s = converter.write(out); !s) return s.error();
    return converter.stats();
}

Result<CsvFeedStats> csvToFeed(const std::filesystem::path& csvPath, const std::filesystem::path& mappingPath,
                               std::ostream& out) {
    auto mapping = loadCsvFeedMapping(mappingPath);
    if (!mapping) return mapping.error();
    std::ifstream csv(csvPath, std::ios::binary);
    if (!csv) return Error{csvPath.string() + ": cannot open the CSV file"};
    return csvToFeed(csv, csvPath.string(), *mapping, out);
}

std::string CsvFeedStats::summary(std::string_view csvName, size_t examples) const {
    std::ostringstream s;
    s << csvName << ": " << rows << " rows; " << rowsWritten << " written as " << messagesWritten << " messages ("
      << reportedMessages << " reported, " << closingMessages << " closing); " << rowsSkipped() << " skipped";
    for (const auto& [reason, count] : skippedByReason) {
        s << "\n  skipped, " << reason << ": " << count;
        size_t shown = 0;
        for (const CsvSkippedRow& r : skipped) {
            if (r.reason != reason) continue;
            if (shown == examples) {
                s << "\n    ...";
                break;
            }
            s << "\n    row " << r.row << " (line " << r.line << "): " << r.detail;
            ++shown;
        }
    }
    if (closedBeforeOpened)
        s << "\n  adjusted, closed before opened: " << closedBeforeOpened
          << " (close written at the opened time; the source's time kept as source_closed_at)";
    if (nonexistentLocalTimes)
        s << "\n  adjusted, local times in a DST gap: " << nonexistentLocalTimes << " (read as after the jump)";
    if (ambiguousLocalTimes)
        s << "\n  adjusted, ambiguous local times: " << ambiguousLocalTimes << " (read as the first occurrence)";
    if (invalidUtf8Rows)
        s << "\n  adjusted, rows with invalid UTF-8: " << invalidUtf8Rows << " (bad bytes written as U+FFFD)";
    return s.str();
}

}  // namespace gs
