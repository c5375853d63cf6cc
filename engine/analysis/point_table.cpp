#include "analysis/point_table.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>
#include <mutex>

namespace gs {

namespace {

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

Result<PointTable> readPointTable(const std::string& path, const PointTableOptions& options) {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
    // GDAL reads a gzip stream in place; the CSV driver then sees "<name>.csv" inside it.
    std::string name = endsWith(path, ".gz") && path.rfind("/vsi", 0) != 0 ? "/vsigzip/" + path : path;
    std::string xOption = "X_POSSIBLE_NAMES=" + options.xNames, yOption = "Y_POSSIBLE_NAMES=" + options.yNames;
    // Typing every column would read each row twice; positions and the weight are parsed here.
    const char* openOptions[] = {xOption.c_str(), yOption.c_str(), "KEEP_GEOM_COLUMNS=NO", nullptr};
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> ds(GDALDataset::Open(
        name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, openOptions, nullptr));
    if (!ds) {
        std::string why = CPLGetLastErrorMsg();
        return Error{path + ": cannot read events: " + (why.empty() ? "GDAL cannot open it" : why)};
    }
    if (ds->GetLayerCount() < 1) return Error{path + ": cannot read events: the source has no layer"};
    OGRLayer* layer = ds->GetLayer(0);
    int weightIndex = -1;
    if (!options.weightField.empty()) {
        weightIndex = layer->GetLayerDefn()->GetFieldIndex(options.weightField.c_str());
        if (weightIndex < 0)
            return Error{path + ": cannot read events: no weight field \"" + options.weightField + "\""};
    }

    PointTable table;
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

}  // namespace gs
