// Loading a history: any GDAL layer of events (a CSV with coordinate columns, gzipped too through
// /vsigzip/; a GeoPackage; PostGIS) read through a mapping of its fields, the same mapping format
// `feed from-csv` reads (engine/live/import/csv_mapping.hpp; a point geometry is the two columns
// "geometry.x" / "geometry.y", in the layer's CRS unless the mapping names one).
//
// Every row becomes an event or a counted skip with its reason (the reasons of case_row.hpp),
// never dropped in silence; deliberate adjustments are counted too (a closed time before the
// opened one is taken as the opened time; a deadline before it likewise; an empty weight is 1).
//
// GDAL reads on one thread while another converts, projects and assigns grids, batch by batch;
// then the rows are sorted by time and the grid index is built.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "history/event_history.hpp"
#include "live/import/csv_mapping.hpp"
#include "live/store/grid_assigner.hpp"
#include "source/vector_source.hpp"

namespace gs {

// The management levels events are assigned to (from a scene: session/history_grids.hpp).
struct HistoryGrids {
    const GridAssigner* assigner = nullptr;  // takes points in the display CRS; null: no grids
    std::vector<std::string> levelNames;     // coarse to fine
    std::vector<std::vector<int32_t>> parents;
    std::vector<std::vector<std::string>> gridIds;
    std::vector<std::vector<std::string>> gridNames;  // [level][grid], empty text when unnamed
};

struct HistoryLoadOptions {
    SourceSpec source;
    CsvFeedMapping mapping;
    std::string displayCrs = "EPSG:3857";
    HistoryGrids grids;
    size_t keepSkippedPerReason = 20;  // rows listed per reason (all are counted)
    // Called now and then from the loading thread with the rows read so far.
    std::function<void(size_t rows)> progress;
};

struct HistorySkippedRow {
    size_t row = 0;  // 1-based, in the layer's order
    int64_t fid = 0;
    std::string reason, detail;
};

struct HistoryLoadReport {
    std::string sourceLabel;
    size_t rows = 0, events = 0;
    std::map<std::string, size_t> skippedByReason;
    std::vector<HistorySkippedRow> skipped;  // the first keepSkippedPerReason of each reason
    size_t closedBeforeOpened = 0, dueBeforeOpened = 0, missingWeights = 0;
    size_t ambiguousLocalTimes = 0, nonexistentLocalTimes = 0;
    size_t outsideGrids = 0;  // events in no grid of the finest level (kept, counted)
    std::vector<std::string> warnings;  // GDAL's, distinct
    double readSeconds = 0, totalSeconds = 0;

    size_t rowsSkipped() const;
    // A few lines for a person: totals, each skip reason with its count and first rows, the
    // adjustments.
    std::string summary(size_t examples = 5) const;
};

// Errors: the source cannot be opened, the mapping names a column the layer lacks, a time zone or
// CRS cannot be loaded, a read error, events spanning more than 68 years. Rows are never errors.
Result<EventHistory> loadHistory(const HistoryLoadOptions& options, HistoryLoadReport& report);

}  // namespace gs
