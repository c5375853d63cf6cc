// VectorSource's insides, shared by vector_source.cpp (opening, checking, slices, fields) and
// vector_source_read.cpp (reading batches: through GDAL, or a GeoPackage table's rows straight
// from SQLite). Private to engine/source.
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "source/gdal_support.hpp"
#include "source/gpkg_rows.hpp"
#include "source/vector_source.hpp"

namespace gs {

// The GeometryKind bits a declared layer type allows.
unsigned kindsOfType(OGRwkbGeometryType type);
// For a skipped feature: "a polygon", "a line", "a point" or the three.
const char* kindName(unsigned kinds);

struct VectorSource::Impl {
    SourceSpec spec;
    std::string label;
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr;
    bool layerIsSqlResult = false;
    std::string layerName, crsWkt, crsName;
    bool swapXY = false;  // the data's first axis is latitude/northing
    int64_t count = 0;
    std::optional<std::pair<int64_t, int64_t>> fidRange;  // set on slices
    Box extent;
    std::vector<FieldInfo> fields, selectedFields;
    std::vector<int> selectedIndices;
    unsigned kinds = kPolygons;  // wanted and allowed by the layer's type
    // A GeoPackage table read straight from SQLite (source/gpkg_rows.hpp): whether it may be (a
    // GeoPackage file's table with a FID and a geometry column, unless GRIDSCOPE_GPKG_DIRECT=0),
    // and its rows while being read. The spatial filter as given and in the stored axis order.
    bool direct = false;
    std::optional<GpkgRows> rows;
    std::string directNote;  // why a GeoPackage is read through GDAL after all (said once)
    std::optional<Box> filter, storedFilter;

    ~Impl() {
        if (layerIsSqlResult && layer) dataset->ReleaseResultSet(layer);
    }

    Status openLayer(GdalMessages& messages);
    Result<std::vector<std::pair<int64_t, int64_t>>> fidSplits(int64_t slices) const;
    Status restrictToFids(int64_t begin, int64_t end, int64_t knownCount);
    void copyFactsFrom(const Impl& other);
    Status readCrs(const OGRSpatialReference* srs);
    void appendFeature(OGRFeature& feature, FeatureBatch& out, GdalMessages& messages) const;
    // The geometry's parts as a feature, or the feature skipped with its reason; true when it was
    // added. (The spatial filter is the callers': GDAL's layer, or keepInFilter() after it.)
    bool appendShape(int64_t fid, const OGRGeometry* geometry, FeatureBatch& out) const;
    void appendValues(OGRFeature& feature, FeatureBatch& out) const;
    // Whether the selected fields read the same from SQLite (integers and text); the rows' query.
    bool directFields() const;
    GpkgQuery directQuery() const;
    Result<bool> readDirect(FeatureBatch& out, size_t maxFeatures);
    // A feature just added at `from` (the batch's sizes before it) that misses the spatial filter
    // is taken out again; true when it stays.
    struct Sizes {
        size_t features, polygons, ringEnds, lines, markers, points;
    };
    static Sizes sizesOf(const FeatureBatch& out);
    static void truncate(FeatureBatch& out, const Sizes& to);  // back to those sizes
    bool keepInFilter(FeatureBatch& out, const Sizes& from) const;
    // Appends the geometry's parts of the wanted kinds; counts the others in ignoredParts.
    void appendGeometry(const OGRGeometry& geometry, FeatureBatch& out) const;
    bool appendPolygon(const OGRPolygon& polygon, FeatureBatch& out) const;
    void appendLine(const OGRSimpleCurve& line, FeatureBatch& out) const;
    void appendPoint(const OGRPoint& point, FeatureBatch& out) const;
    size_t copyPoints(const OGRSimpleCurve& curve, FeatureBatch& out) const;
};

}  // namespace gs
