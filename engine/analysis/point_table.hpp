// Events from a table of cases (CSV, optionally gzip-compressed, or any GDAL vector source with
// point geometry) as plain arrays for the density surface: positions in the source's CRS (a CSV's
// columns as read, lon/lat for 311 exports) and an optional weight per event. Read through GDAL's
// CSV driver, which finds the coordinate columns by name (X_POSSIBLE_NAMES/Y_POSSIBLE_NAMES).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

struct PointTableOptions {
    // Column names GDAL's CSV driver tries for x and y (comma-separated, wildcards allowed).
    std::string xNames = "lon,long,longitude,x";
    std::string yNames = "lat,latitude,y";
    std::string weightField;  // empty: every event weighs 1
    std::size_t maxRows = 0;  // 0: all; else the first maxRows events with a position
    std::string layer;        // the layer (empty: the first)
    std::string where;        // an attribute filter in the source's SQL dialect
};

struct PointTable {
    std::vector<Vec2d> points;   // x, y in the file's order (longitude first for lon/lat)
    std::vector<float> weights;  // empty when no weight field was asked for
    std::size_t skipped = 0;     // rows with no position, a non-finite one, (0, 0), or a bad weight
    std::string crs;             // the layer's CRS as "AUTH:CODE" (or WKT); empty when it declares none
};

// `path`: a file (".csv.gz" is read through /vsigzip/ without unpacking) or a GDAL connection.
// Errors name the path: it cannot be opened, has no layer, or lacks the weight field.
Result<PointTable> readPointTable(const std::string& path, const PointTableOptions& options = {});

}  // namespace gs
