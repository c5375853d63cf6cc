// One GDAL vector layer as the engine's input: checked when opened, then read in batches of
// polygons, lines and points laid out as flat arrays.
//
// Points are in the source CRS, in visualization axis order (x = longitude or easting), the order
// gs::Transformer expects. GDAL's headers stay inside the .cpp (views never see GDAL).
//
// Threading: a VectorSource owns its GDAL dataset and must be read by one thread at a time. To read
// one layer on several threads, openSlices() opens the source once per thread, each restricted to
// its own range of feature ids.
#pragma once

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
#include "geometry/polygon.hpp"

namespace gs {

struct SourceSpec {
    std::string source;  // a path, or a GDAL connection string such as "PG:dbname=gs"
    std::string layer;   // the layer name; may be empty when the source has a single layer
    std::string where;   // attribute filter, in the source's SQL dialect
    std::string sql;     // a statement whose result is the layer, instead of `layer`
    std::string crs;     // declares or overrides the source CRS (data then read as x = lon/easting)
};

enum class FieldType { Integer, Real, String, Other };

struct FieldInfo {
    std::string name;
    FieldType type = FieldType::Other;
};

// The kinds of geometry a reader wants (a bit mask). Levels and buildings want polygons only;
// other layers take any mix. Parts of a kind not wanted are counted (FeatureBatch::ignoredParts),
// and a feature with none of the wanted kinds is skipped with its reason.
enum GeometryKind : unsigned { kPolygons = 1, kLines = 2, kPoints = 4, kAnyGeometry = 7 };

struct SkippedFeature {
    int64_t fid = 0;
    std::string reason;  // e.g. "no geometry", "geometry is a Point, not a polygon"
};

// The polygons and attributes of up to N features, as flat arrays. Reused from batch to batch:
// clear() keeps every vector's capacity, so steady-state reading does not allocate.
struct FeatureBatch {
    // Feature f owns polygons [firstPolygon, firstPolygon + polygonCount), lines [firstLine,
    // firstLine + lineCount) and points markers[firstMarker .. firstMarker + markerCount).
    struct Feature {
        int64_t fid = 0;
        uint32_t firstPolygon = 0;
        uint32_t polygonCount = 0;
        uint32_t firstLine = 0;
        uint32_t lineCount = 0;
        uint32_t firstMarker = 0;
        uint32_t markerCount = 0;
    };
    // An open polyline: points [firstPoint, firstPoint + pointCount) of `points`.
    struct Line {
        uint32_t firstPoint = 0;
        uint32_t pointCount = 0;
    };
    // Polygon p owns rings [firstRing, firstRing + ringCount) and its points start at firstPoint.
    struct Polygon {
        uint32_t firstPoint = 0;
        uint32_t firstRing = 0;
        uint32_t ringCount = 0;
    };

    std::vector<Feature> features;  // only features with at least one polygon
    std::vector<Polygon> polygons;
    // Exclusive end of each ring, counted from its polygon's firstPoint, so a polygon is a
    // PolygonView over these arrays without copying. Ring 0 of a polygon is its outer ring.
    std::vector<uint32_t> ringEnds;
    std::vector<Line> lines;
    std::vector<uint32_t> markers;  // index of each point geometry in `points`
    // Every coordinate read (polygons', lines' and points'): one array, reprojected in one call.
    std::vector<Vec2d> points;

    // Attribute values as text, feature-major: value k = f * fieldCount + i for the i-th field of
    // VectorSource::selectedFields(). Nulls are empty text with nulls[k] = 1.
    size_t fieldCount = 0;
    std::string text;
    std::vector<uint32_t> valueEnds;
    std::vector<uint8_t> nulls;

    // Features that produced no polygon, with the reason; never dropped in silence.
    std::vector<SkippedFeature> skipped;
    // Parts of a kind the reader did not want beside parts it did (e.g. a point in a collection
    // with a polygon, read as a level), counted because they do not appear anywhere else.
    size_t ignoredParts = 0;
    // Distinct GDAL warnings seen while reading this batch (a few at most).
    std::vector<std::string> warnings;

    size_t size() const { return features.size(); }
    bool empty() const { return features.empty() && skipped.empty(); }
    void clear();

    PolygonView polygon(size_t p) const;
    std::span<const Vec2d> line(size_t l) const {
        return {points.data() + lines[l].firstPoint, lines[l].pointCount};
    }
    std::string_view value(size_t f, size_t field) const;
    bool isNull(size_t f, size_t field) const { return nulls[f * fieldCount + field] != 0; }
};

class VectorSource {
public:
    // Opens and checks the layer. Errors (each names the source and layer): no such file, not a
    // readable vector source, no such layer (lists those there are), a bad `where` or `sql`, no
    // CRS, a CRS PROJ cannot read, a layer whose declared geometry type is none of `kinds`
    // (GeometryKind bits), an empty layer.
    static Result<VectorSource> open(const SourceSpec& spec, unsigned kinds = kPolygons);

    // Opens the source `count` times, each restricted to a contiguous range of feature ids with
    // about the same number of features, so that `count` threads can read one layer in parallel.
    // Only GeoPackage tables can be sliced cheaply (their FID is the SQLite rowid); for any other
    // source, for an `sql` layer, or when slices would hold fewer than minPerSlice features, the
    // result is a single source.
    static Result<std::vector<VectorSource>> openSlices(const SourceSpec& spec, size_t count,
                                                        int64_t minPerSlice = 10000,
                                                        unsigned kinds = kPolygons);

    VectorSource(VectorSource&&) noexcept;
    VectorSource& operator=(VectorSource&&) noexcept;
    ~VectorSource();

    const SourceSpec& spec() const;
    // "<source> layer <name>", the prefix of this source's messages (passwords removed).
    const std::string& label() const;
    const std::string& layerName() const;
    const std::string& crsWkt() const;
    // "AUTH:CODE" (e.g. "EPSG:4326") when the CRS can be identified, else its name.
    const std::string& crsName() const;
    // Features that will be read (after `where` and slicing).
    int64_t featureCount() const;
    // In the source CRS, visualization axis order. May cover the whole layer even with `where`:
    // drivers report the stored extent when they have one. Empty when the driver knows none
    // before reading (GDAL's OSM driver): the reader's caller then finds it from the data.
    const Box& extent() const;
    // The GeometryKind bits the layer's declared type allows (all of them for unknown types and
    // collections), within what open() asked for.
    unsigned geometryKinds() const;
    const std::vector<FieldInfo>& fields() const;

    // Reads only these fields, in this order, into FeatureBatch values; GDAL skips the others
    // entirely (SetIgnoredFields), which saves parsing. Fails naming a field the layer lacks.
    // By default every field is read.
    Status selectFields(const std::vector<std::string>& names);
    const std::vector<FieldInfo>& selectedFields() const;
    // Whether readBatch() reads a GeoPackage table's rows straight from SQLite (source/gpkg_rows.hpp:
    // a GeoPackage file's table whose selected fields are integers and text, unless
    // GRIDSCOPE_GPKG_DIRECT=0) rather than through GDAL's features; the batches are the same.
    bool readsDirectly() const;

    // Clears `out` and fills it with up to maxFeatures features (skipped ones included). Returns
    // false, with `out` empty, when the layer is exhausted. Fails if GDAL reports a read error.
    Result<bool> readBatch(FeatureBatch& out, size_t maxFeatures);
    // Starts reading from the first feature again.
    void rewind();

    // For a slice from openSlices() (more than one): its range of feature ids [begin, end), else
    // nullopt.
    std::optional<std::pair<int64_t, int64_t>> fidRange() const;
    // Narrows a slice to the features with ids in [begin, end) (and the `where` filter, if any) and
    // starts reading them from the first. Lets a few readers share a layer in many small pieces.
    // featureCount() is then unknown (-1).
    Status restrictToFidRange(int64_t begin, int64_t end);

    // Reads only the features whose geometry's box meets `box` (the source CRS, visualization axis
    // order), through the source's spatial index where it has one (a GeoPackage's R-tree), from
    // the first. featureCount() is then unknown (-1). An empty box reads every feature again.
    void setSpatialFilter(const Box& box);

private:
    struct Impl;
    explicit VectorSource(std::unique_ptr<Impl> impl);

    std::unique_ptr<Impl> impl_;
};

// The fields of a source, by opening it (the scene's default FieldLister). Here, not in the scene's
// parser, so that parsing a scene file needs no GDAL.
Result<std::vector<FieldInfo>> listSourceFields(const SourceSpec& spec);

// The layers of a source, each with the GeometryKind bits its declared type allows. Fails as
// VectorSource::open does on a missing or unreadable source.
struct SourceLayerInfo {
    std::string name;
    unsigned kinds = 0;
};
Result<std::vector<SourceLayerInfo>> listSourceLayers(const std::string& source);

// True for GDAL connection strings ("PG:...", "WFS:...", "/vsicurl/...", URLs): text that is not
// a path in the file system, so it is neither checked for existence nor resolved against a folder.
bool isConnectionString(std::string_view source);
// A file path as GDAL should open it: a gzipped file (".gz") read in place through /vsigzip/;
// anything else (and connection strings) as given.
std::string gdalPath(const std::string& source);

}  // namespace gs
