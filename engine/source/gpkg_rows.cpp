#include "source/gpkg_rows.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "source/gdal_support.hpp"
#include "source/vector_source.hpp"

namespace gs {

// ---------------------------------------------------------------------------------------------
// The query

Result<GpkgRows> GpkgRows::open(const GpkgQuery& q) {
    GpkgRows rows;
    rows.label_ = q.label;
    sqlite3* db = nullptr;
    const int opened = sqlite3_open_v2(q.path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    rows.db_.reset(db);  // closed whatever happened
    if (opened != SQLITE_OK)
        return Error{q.label + ": cannot open " + q.path + " with SQLite: " +
                     (db ? sqlite3_errmsg(db) : "out of memory")};
    const std::string fid = quoteIdentifier(q.fidColumn), table = quoteIdentifier(q.table);
    std::string sql = "SELECT " + fid + ", " + quoteIdentifier(q.geometryColumn);
    for (const std::string& f : q.fields) sql += ", " + quoteIdentifier(f);
    sql += " FROM " + table;
    std::vector<std::string> conditions;
    if (!q.where.empty()) conditions.push_back("(" + q.where + ")");
    if (q.fids) conditions.push_back(fid + " >= ?1 AND " + fid + " < ?2");  // setFids() moves them
    if (q.filter) {
        // The R-tree GDAL's driver keeps (gpkg_extensions names it; its table is enough here).
        const std::string rtree = "rtree_" + q.table + "_" + q.geometryColumn;
        sqlite3_stmt* probe = nullptr;
        const bool hasRtree =
            sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &probe,
                               nullptr) == SQLITE_OK &&
            sqlite3_bind_text(probe, 1, rtree.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK &&
            sqlite3_step(probe) == SQLITE_ROW;
        sqlite3_finalize(probe);
        if (hasRtree) {
            char box[200];
            std::snprintf(box, sizeof box, "maxx >= %.17g AND minx <= %.17g AND maxy >= %.17g AND miny <= %.17g",
                          q.filter->minX, q.filter->maxX, q.filter->minY, q.filter->maxY);
            conditions.push_back(fid + " IN (SELECT id FROM " + quoteIdentifier(rtree) + " WHERE " + box + ")");
        }
    }
    for (size_t i = 0; i < conditions.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    // GDAL's order (the table's, by FID), said out loud; SQLite reads a rowid table in it anyway.
    sql += " ORDER BY " + fid;
    sqlite3_stmt* stmt = nullptr;
    const int prepared = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    rows.stmt_.reset(stmt);
    if (prepared != SQLITE_OK) return Error{q.label + ": cannot read its rows with SQLite: " + sqlite3_errmsg(db)};
    rows.hasFids_ = q.fids.has_value();
    if (q.fids) rows.setFids(q.fids->first, q.fids->second);
    return rows;
}

void GpkgRows::CloseDb::operator()(sqlite3* db) const { sqlite3_close_v2(db); }
void GpkgRows::Finalize::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

Result<bool> GpkgRows::next() {
    if (done_) return false;  // (another step would start the query over)
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    done_ = true;
    if (rc == SQLITE_DONE) return false;
    return Error{label_ + ": read failed: " + sqlite3_errmsg(db_.get())};
}

bool GpkgRows::setFids(int64_t first, int64_t end) {
    if (!hasFids_) return false;
    sqlite3_reset(stmt_.get());
    sqlite3_bind_int64(stmt_.get(), 1, first);
    sqlite3_bind_int64(stmt_.get(), 2, end);
    done_ = false;
    return true;
}

void GpkgRows::rewind() {
    sqlite3_reset(stmt_.get());
    done_ = false;
}

int64_t GpkgRows::fid() const { return sqlite3_column_int64(stmt_.get(), 0); }

bool GpkgRows::isNull(int i) const { return sqlite3_column_type(stmt_.get(), 2 + i) == SQLITE_NULL; }

int64_t GpkgRows::integer(int i) const { return sqlite3_column_int64(stmt_.get(), 2 + i); }

std::string_view GpkgRows::text(int i) const {
    const auto* s = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), 2 + i));
    return s ? std::string_view(s, size_t(sqlite3_column_bytes(stmt_.get(), 2 + i))) : std::string_view();
}

GpkgRows::Geometry GpkgRows::geometry(std::span<const uint8_t>& wkb, std::string& problem) const {
    if (sqlite3_column_type(stmt_.get(), 1) == SQLITE_NULL) return Geometry::Null;
    const auto* blob = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_.get(), 1));
    const size_t size = size_t(sqlite3_column_bytes(stmt_.get(), 1));
    // The GeoPackage binary header: "GP", a version, flags, the SRS id, an envelope.
    if (size < 8 || blob[0] != 'G' || blob[1] != 'P') {
        problem = "not a GeoPackage geometry blob";
        return Geometry::Bad;
    }
    const uint8_t flags = blob[3];
    if (flags & 0x20) {
        problem = "an extended GeoPackage geometry blob";
        return Geometry::Bad;
    }
    static constexpr size_t kEnvelope[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const unsigned indicator = (flags >> 1) & 7;
    if (indicator > 4) {
        problem = "a GeoPackage geometry blob with an unknown envelope";
        return Geometry::Bad;
    }
    const size_t header = 8 + kEnvelope[indicator];
    if (flags & 0x10) return Geometry::Empty;
    if (size <= header) {
        problem = "a GeoPackage geometry blob with no geometry after its header";
        return Geometry::Bad;
    }
    wkb = std::span<const uint8_t>(blob + header, size - header);
    return Geometry::Wkb;
}

// ---------------------------------------------------------------------------------------------
// WKB

namespace {

constexpr int kMaxDepth = 8;  // collections in collections: far past what real data nests

class WkbReader {
public:
    WkbReader(std::span<const uint8_t> wkb, unsigned kinds, bool swapXY, FeatureBatch& out)
        : p_(wkb.data()), end_(wkb.data() + wkb.size()), kinds_(kinds), swapXY_(swapXY), out_(out) {}

    // false: a type not parsed here, or WKB that ends early.
    bool geometry(int depth) {
        bool little = false;
        uint32_t type = 0;
        if (depth > kMaxDepth || !byteOrder(little) || !u32(little, type)) return false;
        // ISO WKB (1000s for Z, 2000s for M, 3000s for ZM) or extended WKB's high flag bits.
        unsigned dims = 2;
        if (type & 0x80000000u) ++dims;
        if (type & 0x40000000u) ++dims;
        type &= 0x0FFFFFFFu;
        const uint32_t iso = type / 1000;
        if (iso > 3) return false;
        dims += iso == 3 ? 2 : iso;  // 1: Z, 2: M, 3: Z and M
        type %= 1000;
        switch (type) {
        case 1: return point(little, dims);
        case 2: return line(little, dims);
        case 3: return polygon(little, dims);
        case 4:
        case 5:
        case 6:
        case 7: {  // multipoint, multilinestring, multipolygon, collection: each part a WKB geometry
            uint32_t parts = 0;
            if (!u32(little, parts)) return false;
            for (uint32_t i = 0; i < parts; ++i)
                if (!geometry(depth + 1)) return false;
            return true;
        }
        default: return false;  // curves, surfaces, TINs, triangles: GDAL's reader
        }
    }
    size_t points() const { return points_; }

private:
    bool byteOrder(bool& little) {
        if (p_ >= end_ || *p_ > 1) return false;
        little = *p_++ == 1;
        return true;
    }
    bool u32(bool little, uint32_t& v) {
        if (end_ - p_ < 4) return false;
        std::memcpy(&v, p_, 4);
        if (!little) v = __builtin_bswap32(v);
        p_ += 4;
        return true;
    }
    static double f64(const uint8_t* at, bool little) {
        uint64_t bits;
        std::memcpy(&bits, at, 8);
        if (!little) bits = __builtin_bswap64(bits);
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
    }
    // Copies n points of `dims` doubles each into out.points (x and y); false if the WKB is short.
    bool copy(bool little, unsigned dims, uint32_t n) {
        const size_t stride = 8 * size_t(dims);
        if (size_t(end_ - p_) / stride < n) return false;
        const size_t at = out_.points.size();
        out_.points.resize(at + n);
        Vec2d* dst = out_.points.data() + at;
        for (uint32_t i = 0; i < n; ++i, p_ += stride) {
            const double x = f64(p_, little), y = f64(p_ + 8, little);
            dst[i] = swapXY_ ? Vec2d{y, x} : Vec2d{x, y};
        }
        points_ += n;
        return true;
    }
    bool point(bool little, unsigned dims) {
        const size_t stride = 8 * size_t(dims);
        if (size_t(end_ - p_) < stride) return false;
        const double x = f64(p_, little), y = f64(p_ + 8, little);
        p_ += stride;
        const bool empty = std::isnan(x) && std::isnan(y);  // POINT EMPTY
        points_ += empty ? 0 : 1;
        if (!(kinds_ & kPoints)) {
            ++out_.ignoredParts;
            return true;
        }
        if (empty) return true;
        out_.markers.push_back(uint32_t(out_.points.size()));
        out_.points.push_back(swapXY_ ? Vec2d{y, x} : Vec2d{x, y});
        return true;
    }
    bool line(bool little, unsigned dims) {
        uint32_t n = 0;
        if (!u32(little, n)) return false;
        if (!(kinds_ & kLines)) {
            if (size_t(end_ - p_) / (8 * size_t(dims)) < n) return false;
            p_ += 8 * size_t(dims) * n;
            points_ += n;
            ++out_.ignoredParts;
            return true;
        }
        const uint32_t first = uint32_t(out_.points.size());
        if (!copy(little, dims, n)) return false;
        if (n < 2) {  // a line needs two points; an empty one adds nothing
            out_.points.resize(first);
            ++out_.ignoredParts;
            return true;
        }
        out_.lines.push_back({first, n});
        return true;
    }
    bool polygon(bool little, unsigned dims) {
        uint32_t rings = 0;
        if (!u32(little, rings)) return false;
        const bool wanted = kinds_ & kPolygons;
        FeatureBatch::Polygon record{uint32_t(out_.points.size()), uint32_t(out_.ringEnds.size()), 0};
        bool exterior = true, exteriorEmpty = false;
        for (uint32_t r = 0; r < rings; ++r) {
            uint32_t n = 0;
            if (!u32(little, n)) return false;
            if (!wanted || (exteriorEmpty && !exterior)) {  // skipped: counted, not copied
                if (size_t(end_ - p_) / (8 * size_t(dims)) < n) return false;
                p_ += 8 * size_t(dims) * n;
                points_ += n;
            } else if (exterior && n == 0) {
                exteriorEmpty = true;  // no polygon; its inner rings are read past
            } else {
                if (!copy(little, dims, n)) return false;
                if (n > 0) {
                    out_.ringEnds.push_back(uint32_t(out_.points.size() - record.firstPoint));
                    ++record.ringCount;
                }
            }
            exterior = false;
        }
        if (!wanted) {
            ++out_.ignoredParts;
            return true;
        }
        if (rings > 0 && !exteriorEmpty) out_.polygons.push_back(record);
        return true;
    }

    const uint8_t* p_;
    const uint8_t* end_;
    unsigned kinds_;
    bool swapXY_;
    FeatureBatch& out_;
    size_t points_ = 0;
};

}  // namespace

bool appendWkb(std::span<const uint8_t> wkb, unsigned kinds, bool swapXY, FeatureBatch& out, size_t& points) {
    const size_t polygons = out.polygons.size(), rings = out.ringEnds.size(), lines = out.lines.size(),
                 markers = out.markers.size(), coords = out.points.size(), ignored = out.ignoredParts;
    if (out.points.size() >= std::numeric_limits<uint32_t>::max() / 2) return false;  // GDAL's reader says more
    WkbReader reader(wkb, kinds, swapXY, out);
    if (reader.geometry(0)) {
        points = reader.points();
        return true;
    }
    out.polygons.resize(polygons);
    out.ringEnds.resize(rings);
    out.lines.resize(lines);
    out.markers.resize(markers);
    out.points.resize(coords);
    out.ignoredParts = ignored;
    points = 0;
    return false;
}

}  // namespace gs
