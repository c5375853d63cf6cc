#include "analysis/point_table.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <future>
#include <memory>
#include <optional>
#include <mutex>

namespace gs {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Result<PointTable> readOne(const std::string& path, const PointTableOptions& options) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    // GDAL reads a gzip stream in place; the CSV driver then sees "<name>.csv" inside it.
    std::string name = endsWith(path, ".gz") && path.rfind("/vsi", 0) != 0 ? "/vsigzip/" + path : path;
    std::string xOption = "X_POSSIBLE_NAMES=" + options.xNames, yOption = "Y_POSSIBLE_NAMES=" + options.yNames;
    // Typing every column would read each row twice; positions and the weight are parsed here.
    const bool csv = endsWith(name, ".csv") || endsWith(name, ".csv.gz") || endsWith(name, ".tsv");
    const char* csvOptions[] = {xOption.c_str(), yOption.c_str(), "KEEP_GEOM_COLUMNS=NO", nullptr};
    const char* const* openOptions = csv ? csvOptions : nullptr;
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(GDALDataset::Open(
        name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, openOptions, nullptr));
    if (!ds) {
        std::string why = CPLGetLastErrorMsg();
        return Error{path + ": cannot read events: " + (why.empty() ? "GDAL cannot open it" : why)};
    }
    if (ds->GetLayerCount() < 1) return Error{path + ": cannot read events: the source has no layer"};
    OGRLayer* layer = options.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(options.layer.c_str());
    if (!layer) return Error{path + ": cannot read events: no layer \"" + options.layer + "\""};
    if (!options.where.empty() && layer->SetAttributeFilter(options.where.c_str()) != OGRERR_NONE)
        return Error{path + ": cannot read events: bad where \"" + options.where + "\""};
    int weightIndex = -1;
    if (!options.weightField.empty()) {
        weightIndex = layer->GetLayerDefn()->GetFieldIndex(options.weightField.c_str());
        if (weightIndex < 0)
            return Error{path + ": cannot read events: no weight field \"" + options.weightField + "\""};
    }

    PointTable table;
    // Only the position and the weight are read: GDAL then skips every other column (a GeoPackage
    // selects only those, a CSV does not parse them into fields).
    {
        std::vector<std::string> ignored;
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (i != weightIndex) ignored.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        ignored.emplace_back("OGR_STYLE");
        std::vector<const char*> names;
        for (const auto& n : ignored) names.push_back(n.c_str());
        names.push_back(nullptr);
        layer->SetIgnoredFields(names.data());
        weightIndex = weightIndex < 0 ? -1 : layer->GetLayerDefn()->GetFieldIndex(options.weightField.c_str());
    }
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        const char* auth = srs->GetAuthorityName(nullptr);
        const char* code = srs->GetAuthorityCode(nullptr);
        if (auth && code) {
            table.crs = std::string(auth) + ":" + code;
        } else {
            char* wkt = nullptr;
            srs->exportToWkt(&wkt);
            table.crs = wkt ? wkt : "";
            CPLFree(wkt);
        }
    }
    layer->ResetReading();
    for (;;) {
        std::unique_ptr<OGRFeature> f(layer->GetNextFeature());
        if (!f) break;
        const OGRGeometry* g = f->GetGeometryRef();
        const OGRPoint* p = g && wkbFlatten(g->getGeometryType()) == wkbPoint ? g->toPoint() : nullptr;
        if (!p || p->IsEmpty() || !std::isfinite(p->getX()) || !std::isfinite(p->getY()) ||
            (p->getX() == 0 && p->getY() == 0)) {
            ++table.skipped;
            continue;
        }
        float w = 1.0f;
        if (weightIndex >= 0) {
            if (!f->IsFieldSetAndNotNull(weightIndex)) { ++table.skipped; continue; }
            w = float(f->GetFieldAsDouble(weightIndex));
            if (!std::isfinite(w)) { ++table.skipped; continue; }
            table.weights.push_back(w);
        }
        table.points.push_back({p->getX(), p->getY()});
        if (options.maxRows > 0 && table.points.size() >= options.maxRows) break;
    }
    return table;
}


// A GeoPackage table's feature ids [min, max], when it is one without a filter (SQLite answers from
// the B-tree), else nothing.
std::optional<std::pair<int64_t, int64_t>> fidSpan(const std::string& path, const PointTableOptions& options,
                                                  std::string& fidColumn, std::string& table) {
    if (!endsWith(path, ".gpkg") || !options.where.empty() || options.maxRows > 0) return std::nullopt;
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds || ds->GetLayerCount() < 1) return std::nullopt;
    OGRLayer* layer = options.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(options.layer.c_str());
    if (!layer || !layer->GetFIDColumn() || !*layer->GetFIDColumn()) return std::nullopt;
    fidColumn = layer->GetFIDColumn();
    table = layer->GetName();
    auto query = [&](const std::string& sql) -> std::optional<int64_t> {
        OGRLayer* r = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (!r) return std::nullopt;
        std::unique_ptr<OGRFeature> f(r->GetNextFeature());
        std::optional<int64_t> v;
        if (f && f->IsFieldSetAndNotNull(0)) v = f->GetFieldAsInteger64(0);
        f.reset();
        ds->ReleaseResultSet(r);
        return v;
    };
    auto lo = query("SELECT MIN(\"" + fidColumn + "\") FROM \"" + table + "\"");
    auto hi = query("SELECT MAX(\"" + fidColumn + "\") FROM \"" + table + "\"");
    if (!lo || !hi || *hi - *lo < 100000) return std::nullopt;  // small: one reader is enough
    return std::make_pair(*lo, *hi);
}

}  // namespace

Result<PointTable> readPointTable(const std::string& path, const PointTableOptions& options) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    std::string fidColumn, table;
    const auto span = fidSpan(path, options, fidColumn, table);
    if (!span) return readOne(path, options);
    // Two readers over the two halves of the ids: GDAL's per-feature work (SQLite, geometry
    // blobs, OGRFeature) takes both cores; the halves are joined in id order.
    const int64_t mid = span->first + (span->second - span->first + 1) / 2;
    PointTableOptions a = options, b = options;
    a.where = "\"" + fidColumn + "\" < " + std::to_string(mid);
    b.where = "\"" + fidColumn + "\" >= " + std::to_string(mid);
    auto second = std::async(std::launch::async, [&] { return readOne(path, b); });
    auto first = readOne(path, a);
    auto rest = second.get();
    if (!first) return first.error();
    if (!rest) return rest.error();
    first->points.insert(first->points.end(), rest->points.begin(), rest->points.end());
    first->weights.insert(first->weights.end(), rest->weights.begin(), rest->weights.end());
    first->skipped += rest->skipped;
    return first;
}

}  // namespace gs
