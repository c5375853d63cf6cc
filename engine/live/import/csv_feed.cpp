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
#include "live/feed/message.hpp"
#include "live/import/case_row.hpp"
#include "live/import/csv_reader.hpp"
#include "live/import/import_text.hpp"

namespace gs {

namespace {

using import_text::trim;

// Insertion order, so that every line lists its properties as the contract's examples do.
using OrderedJson = nlohmann::ordered_json;

// A line waiting for the sort by instant (rows come in file order, not time order).
struct Message {
    int64_t utcMillis;
    std::string line;
};

// One conversion: prepare() checks the mapping against the header, row() turns each record into
// messages or a counted skip (what a row means is case_row.hpp's), write() sorts and writes.
// Nothing is written before every row is read, so an error (a quoted field that never closes)
// leaves the output empty.
class Converter {
public:
    Converter(const CsvFeedMapping& m, std::string_view csvName) : m_(m), csvName_(csvName) {}

    Status prepare(const std::vector<std::string>& header) {
        auto reader = CaseRowReader::create(m_, csvName_, header);
        if (!reader) return reader.error();
        reader_.emplace(std::move(reader).value());
        header_ = header.size();
        return Status::success();
    }

    void row(const CsvRecord& record, size_t rowNumber) {
        ++stats_.rows;
        row_ = rowNumber;
        line_ = record.line;
        if (!record.error.empty()) return skip("malformed CSV record", record.error);
        // Fewer fields than the header, or more that hold something: the columns cannot be trusted.
        // Empty extra fields (a trailing comma, as spreadsheets write) are harmless.
        const bool extraText = record.fields.size() > header_ &&
                               std::any_of(record.fields.begin() + std::ptrdiff_t(header_), record.fields.end(),
                                           [](const std::string& f) { return !trim(f).empty(); });
        if (record.fields.size() < header_ || extraText)
            return skip("wrong number of fields",
                        std::to_string(record.fields.size()) + " fields; the header has " + std::to_string(header_));
        views_.assign(record.fields.begin(), record.fields.end());
        auto duplicateOf = [this](const std::string& id) -> std::optional<std::string> {
            if (auto it = seenIds_.find(id); it != seenIds_.end())
                return "was first used on row " + std::to_string(it->second);
            return std::nullopt;
        };
        CaseRow& c = case_;
        const auto skipped = reader_->read(views_, c, duplicateOf);
        // Local times adjusted are counted for every time read, as before the row's fate is known.
        stats_.ambiguousLocalTimes += size_t(c.ambiguousTimes);
        stats_.nonexistentLocalTimes += size_t(c.nonexistentTimes);
        if (skipped) return skip(skipped->reason, skipped->detail);

        // The messages.
        bool badText = false;
        auto text = [&](std::string_view s) {
            if (!isValidUtf8(s)) badText = true;
            return std::string(s);
        };
        OrderedJson props = OrderedJson::object();
        props["kind"] = "issue";
        props["category"] = text(c.category);
        props["status"] = "reported";
        if (c.priority) props["priority"] = *c.priority;
        if (!c.title.empty()) props["title"] = text(c.title);
        if (!c.address.empty()) props["address"] = text(c.address);
        if (!c.gridId.empty()) props["grid_id"] = text(c.gridId);
        const std::string reportedAt = formatFeedTime(c.opened);
        props["reported_at"] = reportedAt;
        props["updated_at"] = reportedAt;
        if (c.due) props["due_at"] = formatFeedTime(*c.due);
        if (!c.team.empty()) props["team"] = text(c.team);
        if (!c.source.empty()) props["source"] = text(c.source);
        if (c.weight) props["weight"] = *c.weight;
        for (const auto& [name, value] : c.properties) props[name] = text(value);

        OrderedJson feature = OrderedJson::object();
        feature["type"] = "Feature";
        feature["id"] = text(c.id);
        feature["geometry"] = {{"type", "Point"}, {"coordinates", {c.lonLat.x, c.lonLat.y}}};
        feature["properties"] = props;
        emit(c.opened.utcMillis, feature);
        ++stats_.reportedMessages;

        if (!c.closeStatus.empty()) {
            FeedTime closeAt = *c.closed;
            if (closeAt.utcMillis < c.opened.utcMillis) {
                // The source's own negative resolution time: keep the lifecycle ordered.
                ++stats_.closedBeforeOpened;
                feature["properties"]["source_closed_at"] = formatFeedTime(closeAt);
                closeAt = c.opened;
            }
            const std::string at = formatFeedTime(closeAt);
            feature["properties"]["status"] = c.closeStatus;
            feature["properties"]["updated_at"] = at;
            if (c.closeStatus != "cancelled") feature["properties"]["resolved_at"] = at;
            emit(closeAt.utcMillis, feature);
            ++stats_.closingMessages;
        }
        if (badText) ++stats_.invalidUtf8Rows;
        seenIds_.emplace(c.id, rowNumber);
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
    void skip(const std::string& reason, const std::string& detail) {
        ++stats_.skippedByReason[reason];
        stats_.skipped.push_back({row_, line_, reason, detail});
    }

    void emit(int64_t utcMillis, const OrderedJson& feature) {
        messages_.push_back({utcMillis, feature.dump(-1, ' ', false, OrderedJson::error_handler_t::replace)});
    }

    const CsvFeedMapping& m_;
    std::string_view csvName_;
    std::optional<CaseRowReader> reader_;
    CaseRow case_;
    std::vector<std::string_view> views_;
    size_t header_ = 0;
    CsvFeedStats stats_;
    std::unordered_map<std::string, size_t> seenIds_;
    std::vector<Message> messages_;
    size_t row_ = 0, line_ = 0;
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
