// One row of a table of cases read through a mapping (csv_mapping.hpp): the case it describes, or
// the reason it cannot be used. Shared by `feed from-csv` (rows → feed messages, csv_feed.hpp) and
// the analyst's history (rows of any GDAL layer → event columns, engine/history), so a mapping
// means the same thing to both and a row is skipped for the same reasons.
//
// A reader is made for one table: it finds each mapped column in the table's header once, loads
// the time zone and the CRS conversion, and then reads rows given as their fields' text in header
// order. Coordinates come back as WGS 84 lon/lat (GCJ-02, BD-09 and any PROJ CRS converted).
// Not thread-safe (it holds PROJ transformers); make one per thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "live/import/csv_mapping.hpp"
#include "live/import/feed_time.hpp"
#include "live/import/time_zone.hpp"

namespace gs {

class Transformer;

// What a usable row says. Text is trimmed; empty when the column is not mapped or the cell empty.
struct CaseRow {
    std::string id;  // with the mapping's id_prefix
    Vec2d lonLat;    // WGS 84
    FeedTime opened;
    std::optional<FeedTime> closed;  // the source's closed time (may precede opened: the caller decides)
    std::string closeStatus;         // "" while open; else resolved | closed | cancelled
    std::optional<FeedTime> due;
    std::string category;
    std::optional<int> priority;  // 1..3
    std::string title, address, gridId, team, source;
    std::optional<double> weight;
    std::vector<std::pair<std::string, std::string>> properties;  // (name, value) of non-empty cells
    int ambiguousTimes = 0, nonexistentTimes = 0;                 // local times adjusted (csv_feed.hpp)
};

// Why a row cannot be used: the reason class (counted) and what exactly (listed).
struct CaseSkip {
    std::string reason;  // e.g. "missing coordinates", "bad opened time", "unknown category"
    std::string detail;  // e.g. `column "lat" is empty`
};

class CaseRowReader {
public:
    // `tableName` names the table in errors. Errors: a mapped column the header lacks (the header
    // is listed), a time zone or CRS that cannot be loaded.
    static Result<CaseRowReader> create(const CsvFeedMapping& mapping, std::string_view tableName,
                                        const std::vector<std::string>& header);
    CaseRowReader(CaseRowReader&&) noexcept;
    CaseRowReader& operator=(CaseRowReader&&) noexcept;
    ~CaseRowReader();

    // Given a case id, what makes it a duplicate ("was first used on row 3"), or nothing.
    using DuplicateCheck = std::function<std::optional<std::string>(const std::string& id)>;

    // Reads one row (`fields` in header order; a row with fewer fields than the header is the
    // caller's to reject). Fills `out` and returns nothing, or returns why the row is skipped.
    // Checks run in a fixed order (id, duplicate, coordinates, times, status, category, priority,
    // due, weight), so a row with several problems is always skipped for the same one.
    std::optional<CaseSkip> read(std::span<const std::string_view> fields, CaseRow& out,
                                 const DuplicateCheck& duplicateOf = {});

    const CsvFeedMapping& mapping() const { return *m_; }
    size_t headerSize() const { return headerSize_; }

private:
    struct Columns {
        int id = -1, x = -1, y = -1, opened = -1, closed = -1, status = -1, address = -1, gridId = -1,
            priority = -1, due = -1, team = -1, source = -1, weight = -1;
        std::vector<int> category, title;
        std::vector<std::pair<std::string, int>> properties;
    };

    CaseRowReader() = default;
    std::string_view field(int index) const;
    std::optional<CaseSkip> time(int index, const std::string& what, bool required, std::optional<FeedTime>& out,
                                 CaseRow& row) const;
    std::optional<std::string> toWgs84(Vec2d& p) const;
    std::string title() const;

    const CsvFeedMapping* m_ = nullptr;
    std::optional<TimeZone> zone_;
    std::unique_ptr<Transformer> transformer_, inverse_;
    Columns c_;
    size_t headerSize_ = 0;
    std::span<const std::string_view> fields_;
};

// A coordinate, priority or weight: from_chars, not strtod, so the locale cannot change the
// decimal point and "12abc" is not 12. Leading/trailing blanks and a leading '+' are accepted.
std::optional<double> parseCaseNumber(std::string_view text);

}  // namespace gs
