// Any GDAL layer read as a table of text: each feature's fields in the layer's order, then its
// point geometry as two more columns, "geometry.x" and "geometry.y" (in the layer's CRS,
// longitude/easting first), for tables of events (a CSV with coordinate columns, also gzipped
// through /vsigzip/; a GeoPackage or PostGIS point layer). Dates and times are written as ISO
// 8601 ("2015-03-08T02:30:00", with "Z" or "+hh:mm" when the source gives a zone), numbers as
// GDAL writes them, nulls as empty text. A feature whose geometry is not a point has empty
// geometry columns (so a reader skips it with its reason, never silently).
//
// Threading: a TableSource owns its dataset; one thread reads it at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "source/vector_source.hpp"

namespace gs {

// Up to N rows of text, row-major. Reused from batch to batch (clear keeps capacity).
struct TableBatch {
    size_t columns = 0;
    std::vector<int64_t> fids;
    std::string text;
    std::vector<uint32_t> ends;  // exclusive end of value k = row * columns + column in `text`
    std::vector<std::string> warnings;

    size_t rows() const { return fids.size(); }
    std::string_view value(size_t row, size_t column) const {
        const size_t k = row * columns + column;
        const uint32_t begin = k == 0 ? 0 : ends[k - 1];
        return std::string_view(text).substr(begin, ends[k] - begin);
    }
    void clear() {
        fids.clear();
        text.clear();
        ends.clear();
        warnings.clear();
    }
};

class TableSource {
public:
    // Opens the layer (SourceSpec's source, layer, where, sql; its crs declares or overrides the
    // geometry's CRS). A CSV file is read with every column as text. Errors name the source: see
    // openGdalLayer, and a bad where.
    static Result<TableSource> open(const SourceSpec& spec);
    TableSource(TableSource&&) noexcept;
    TableSource& operator=(TableSource&&) noexcept;
    ~TableSource();

    const std::string& label() const;
    // The layer's fields, then "geometry.x", "geometry.y" when the layer has a geometry column.
    const std::vector<std::string>& header() const;
    bool hasGeometry() const;
    // The geometry's CRS ("AUTH:CODE" or a name; WKT in crsWkt), empty when it has none.
    const std::string& crsName() const;
    const std::string& crsWkt() const;
    // Features to read, or -1 when the driver cannot tell without reading (a gzipped CSV).
    int64_t featureCount() const;

    // Clears `out` and fills it with up to maxRows rows; false (with `out` empty) at the end.
    // Fails when GDAL reports a read error.
    Result<bool> readBatch(TableBatch& out, size_t maxRows);

private:
    struct Impl;
    explicit TableSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace gs
