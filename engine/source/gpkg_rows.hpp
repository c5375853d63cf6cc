// GeoPackage rows read straight from SQLite, their geometry blobs parsed into a FeatureBatch.
//
// GDAL's GeoPackage driver builds an OGRFeature and a tree of OGRGeometry objects for every row and
// frees them again: on the grown city's million footprints that is most of the reading's time
// (perf: WKB import, feature construction and destruction, malloc and free). VectorSource reads a
// GeoPackage table through this instead where it can (source/vector_source.cpp says when): the
// query GDAL's driver runs (the layer's where, a FID range, the R-tree for a spatial filter), each
// blob's WKB copied straight into the batch's flat arrays. GDAL still opens and checks the layer
// and gives its CRS, fields and extent; what appendWkb() does not parse itself (curves, surfaces,
// triangles) goes through GDAL's WKB reader, feature by feature.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

struct FeatureBatch;

struct GpkgQuery {
    std::string path;  // the GeoPackage file
    std::string label;  // for messages: "buildings.gpkg:buildings"
    std::string table, fidColumn, geometryColumn;
    std::vector<std::string> fields;  // columns read besides the FID and the geometry, in order
    std::string where;                 // SQL, as the GeoPackage driver takes an attribute filter
    std::optional<std::pair<int64_t, int64_t>> fids;  // FIDs in [first, second)
    // Rows whose R-tree box meets this box (in the table's stored axis order); without an R-tree,
    // every row (the caller checks each feature's box, as it must anyway: the R-tree's boxes are
    // rounded outwards to floats).
    std::optional<Box> filter;
};

class GpkgRows {
public:
    // A read-only connection and the prepared query. An error names what is missing (not a
    // SQLite file, no such table or column, a where SQLite rejects).
    static Result<GpkgRows> open(const GpkgQuery& query);

    // The next row; false once there is none (until rewind()).
    Result<bool> next();
    // Back to the first row.
    void rewind();
    // Rows of FIDs in [first, end) from now on, from the first; false (nothing changed) when the
    // query was opened without a FID range. (A loader's chunks: one connection, not one each.)
    bool setFids(int64_t first, int64_t end);

    int64_t fid() const;
    enum class Geometry { Null, Empty, Wkb, Bad };
    // The current row's geometry: its WKB (after the GeoPackage header) when Wkb; with Bad, what
    // is wrong with the blob.
    Geometry geometry(std::span<const uint8_t>& wkb, std::string& problem) const;
    // Field i of GpkgQuery::fields.
    bool isNull(int i) const;
    int64_t integer(int i) const;
    std::string_view text(int i) const;

private:
    GpkgRows() = default;
    struct CloseDb {
        void operator()(sqlite3* db) const;
    };
    struct Finalize {
        void operator()(sqlite3_stmt* stmt) const;
    };
    // Declared in this order so the statement is finalized before its connection closes.
    std::unique_ptr<sqlite3, CloseDb> db_;
    std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
    std::string label_;
    bool done_ = false;
    bool hasFids_ = false;
};

// Appends the parts of a WKB geometry (ISO or extended WKB, either byte order, Z and M dropped)
// of the kinds wanted to `out`, as VectorSource does from an OGRGeometry: a polygon whose outer
// ring is empty and empty inner rings are left out, lines under two points and parts of a kind
// not wanted are counted in out.ignoredParts, empty points add nothing; x and y swapped with
// `swapXY`. `points` counts every coordinate seen (0: an empty geometry). Returns false, leaving
// `out` as it was, for geometry types it does not parse (curves, surfaces, triangles) or WKB that
// ends early or nests too deep: GDAL's reader then gets it.
bool appendWkb(std::span<const uint8_t> wkb, unsigned kinds, bool swapXY, FeatureBatch& out, size_t& points);

}  // namespace gs
