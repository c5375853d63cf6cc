#include "source/vector_source.hpp"

#include <charconv>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

#include "geo/crs.hpp"
#include "source/gdal_support.hpp"
#include "source/vector_source_impl.hpp"

namespace gs {

namespace {

FieldType fieldTypeOf(OGRFieldType type) {
    switch (type) {
    case OFTInteger:
    case OFTInteger64: return FieldType::Integer;
    case OFTReal: return FieldType::Real;
    case OFTString: return FieldType::String;
    default: return FieldType::Other;
    }
}

const char* kindsName(unsigned kinds) {
    switch (kinds) {
    case kPolygons: return "polygons";
    case kLines: return "lines";
    case kPoints: return "points";
    default: return "polygons, lines or points";
    }
}

// GRIDSCOPE_GPKG_DIRECT=0 reads GeoPackages through GDAL like any other source.
bool directAllowed() {
    const char* v = std::getenv("GRIDSCOPE_GPKG_DIRECT");
    return !v || std::string(v) != "0";
}

}  // namespace

unsigned kindsOfType(OGRwkbGeometryType type) {
    switch (wkbFlatten(type)) {
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbPolyhedralSurface:
    case wkbTIN:
    case wkbTriangle: return kPolygons;
    case wkbLineString:
    case wkbLinearRing:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: return kLines;
    case wkbPoint:
    case wkbMultiPoint: return kPoints;
    // Unknown and collection layers may hold anything: their features are checked one by one.
    case wkbUnknown:
    case wkbGeometryCollection: return kAnyGeometry;
    default: return 0;
    }
}

const char* kindName(unsigned kinds) {
    switch (kinds) {
    case kPolygons: return "a polygon";
    case kLines: return "a line";
    case kPoints: return "a point";
    default: return "a polygon, line or point";
    }
}

Status VectorSource::Impl::openLayer(GdalMessages& messages) {
    auto opened = openGdalLayer(spec, messages);
    if (!opened) return opened.error();
    dataset = std::move(opened->dataset);
    layer = opened->layer;
    layerIsSqlResult = opened->isSqlResult;
    layerName = std::move(opened->name);
    label = std::move(opened->label);
    return {};
}

Status VectorSource::Impl::readCrs(const OGRSpatialReference* srs) {
    auto crs = readLayerCrs(srs, spec.crs, label);
    if (!crs) return crs.error();
    crsWkt = std::move(crs->wkt);
    crsName = std::move(crs->name);
    swapXY = crs->swapXY;
    return {};
}

Result<VectorSource> VectorSource::open(const SourceSpec& spec, unsigned kinds) {
    registerGdalDrivers();
    GdalMessages messages;
    auto impl = std::make_unique<Impl>();
    impl->spec = spec;
    if (Status s = impl->openLayer(messages); !s) return s.error();
    OGRLayer* layer = impl->layer;

    // Some drivers reject a bad filter here, others (GeoPackage) only when it first runs: the count.
    if (!spec.where.empty() && layer->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE)
        return Error{impl->label + ": bad where \"" + spec.where + "\"" + gdalReason(messages)};
    impl->count = layer->GetFeatureCount(TRUE);
    if (messages.failed()) {
        return Error{impl->label +
                     (spec.where.empty() ? ": cannot count features" : ": bad where \"" + spec.where + "\"") +
                     gdalReason(messages)};
    }

    if (Status s = impl->readCrs(layer->GetSpatialRef()); !s) return s.error();
    std::error_code ec;
    impl->direct = directAllowed() && std::string(impl->dataset->GetDriverName()) == "GPKG" &&
                   !impl->layerIsSqlResult && std::filesystem::is_regular_file(spec.source, ec) &&
                   *layer->GetFIDColumn() && *layer->GetGeometryColumn();

    OGRwkbGeometryType type = layer->GetGeomType();
    if (wkbFlatten(type) == wkbNone) return Error{impl->label + " has no geometry"};
    impl->kinds = kindsOfType(type) & kinds;
    if (impl->kinds == 0)
        return Error{impl->label + " holds " + OGRGeometryTypeToName(type) + " geometries, not " + kindsName(kinds)};
    if (impl->count == 0) {
        return Error{impl->label + (spec.where.empty()
                                        ? " is empty"
                                        : ": no feature matches where \"" + spec.where + "\"")};
    }

    // Stored extents first (instant); a scan only for drivers that keep none.
    OGREnvelope env;
    if (layer->GetExtent(&env, FALSE) == OGRERR_NONE || layer->GetExtent(&env, TRUE) == OGRERR_NONE) {
        if (impl->swapXY)
            impl->extent = Box{env.MinY, env.MinX, env.MaxY, env.MaxX};
        else
            impl->extent = Box{env.MinX, env.MinY, env.MaxX, env.MaxY};
    }
    layer->ResetReading();
    messages.takeError();  // a driver without an extent is no error

    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        OGRFieldDefn* field = defn->GetFieldDefn(i);
        impl->fields.push_back({field->GetNameRef(), fieldTypeOf(field->GetType())});
        impl->selectedIndices.push_back(i);
    }
    impl->selectedFields = impl->fields;
    return VectorSource(std::move(impl));
}

// Split points: the FID of feature k*total/slices, so slices hold equal counts. A table without
// deletions numbers its rows densely and the split is arithmetic; otherwise SQLite finds it
// (OFFSET walks the table, ~25 ms per 40k rows). Returns slices+1 bounds and the features before
// each.
Result<std::vector<std::pair<int64_t, int64_t>>> VectorSource::Impl::fidSplits(int64_t slices) const {
    GdalMessages messages;
    auto queryInt = [&](const std::string& sql) -> std::optional<int64_t> {
        OGRLayer* result = dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr);
        if (!result) return std::nullopt;
        OGRFeatureUniquePtr row(result->GetNextFeature());
        std::optional<int64_t> value;
        if (row && row->IsFieldSetAndNotNull(0)) value = row->GetFieldAsInteger64(0);
        row.reset();
        dataset->ReleaseResultSet(result);
        return value;
    };
    const std::string fid = quoteIdentifier(layer->GetFIDColumn()), table = quoteIdentifier(layerName);
    // Separate statements: SQLite answers a lone MIN or MAX from the B-tree, but scans for both.
    auto minFid = queryInt("SELECT MIN(" + fid + ") FROM " + table);
    auto maxFid = queryInt("SELECT MAX(" + fid + ") FROM " + table);
    if (!minFid || !maxFid) return Error{label + ": cannot read its feature ids" + gdalReason(messages)};
    const bool dense = spec.where.empty() && *maxFid - *minFid + 1 == count;
    std::vector<std::pair<int64_t, int64_t>> splits{{*minFid, 0}};
    for (int64_t s = 1; s < slices; ++s) {
        const int64_t k = count * s / slices;
        auto split = dense ? std::optional<int64_t>(*minFid + k)
                           : queryInt("SELECT " + fid + " FROM " + table +
                                      (spec.where.empty() ? "" : " WHERE " + spec.where) + " ORDER BY " +
                                      fid + " LIMIT 1 OFFSET " + std::to_string(k));
        if (!split) return Error{label + ": cannot split its feature ids" + gdalReason(messages)};
        splits.push_back({*split, k});
    }
    splits.push_back({*maxFid + 1, count});
    return splits;
}

Result<std::vector<VectorSource>> VectorSource::openSlices(const SourceSpec& spec, size_t count,
                                                           int64_t minPerSlice, unsigned kinds) {
    auto first = open(spec, kinds);
    if (!first) return first.error();
    const Impl& model = *first->impl_;
    const auto slices = static_cast<int64_t>(std::min<size_t>(
        count, static_cast<size_t>(std::max<int64_t>(1, model.count / std::max<int64_t>(1, minPerSlice)))));
    std::vector<VectorSource> sources;
    if (slices <= 1 || model.layerIsSqlResult || std::string(model.layer->GetFIDColumn()).empty() ||
        std::string(model.dataset->GetDriverName()) != "GPKG") {
        sources.push_back(std::move(first.value()));
        return sources;
    }
    auto splits = model.fidSplits(slices);
    if (!splits) return splits.error();

    for (int64_t s = 0; s < slices; ++s) {
        std::unique_ptr<Impl> impl;
        if (s == 0) {
            impl = std::move(first->impl_);
        } else {
            // The checks and facts of the first open hold for every slice; only reopen.
            GdalMessages messages;
            impl = std::make_unique<Impl>();
            impl->spec = spec;
            if (Status st = impl->openLayer(messages); !st) return st.error();
            impl->copyFactsFrom(*sources.front().impl_);
        }
        const auto [begin, before] = (*splits)[s];
        const auto [end, upTo] = (*splits)[s + 1];
        if (Status st = impl->restrictToFids(begin, end, upTo - before); !st) return st.error();
        sources.push_back(VectorSource(std::move(impl)));
    }
    return sources;
}

Status VectorSource::Impl::restrictToFids(int64_t begin, int64_t end, int64_t knownCount) {
    const std::string fid = quoteIdentifier(layer->GetFIDColumn());
    const std::string filter = (spec.where.empty() ? "" : "(" + spec.where + ") AND ") + fid +
                               " >= " + std::to_string(begin) + " AND " + fid + " < " + std::to_string(end);
    GdalMessages messages;
    // No recount: COUNT(*) on a rowid range reads every page of it, as long as reading it.
    if (layer->SetAttributeFilter(filter.c_str()) != OGRERR_NONE || messages.failed())
        return Error{label + ": cannot read a slice" + gdalReason(messages)};
    count = knownCount;
    fidRange = {begin, end};
    if (rows && !rows->setFids(begin, end)) rows.reset();
    return {};
}

void VectorSource::Impl::copyFactsFrom(const Impl& other) {
    crsWkt = other.crsWkt;
    crsName = other.crsName;
    swapXY = other.swapXY;
    extent = other.extent;
    fields = other.fields;
    selectedFields = other.selectedFields;
    selectedIndices = other.selectedIndices;
    kinds = other.kinds;
    direct = other.direct;
}

VectorSource::VectorSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VectorSource::VectorSource(VectorSource&&) noexcept = default;
VectorSource& VectorSource::operator=(VectorSource&&) noexcept = default;
VectorSource::~VectorSource() = default;

const SourceSpec& VectorSource::spec() const { return impl_->spec; }
const std::string& VectorSource::label() const { return impl_->label; }
const std::string& VectorSource::layerName() const { return impl_->layerName; }
const std::string& VectorSource::crsWkt() const { return impl_->crsWkt; }
const std::string& VectorSource::crsName() const { return impl_->crsName; }
int64_t VectorSource::featureCount() const { return impl_->count; }
const Box& VectorSource::extent() const { return impl_->extent; }
const std::vector<FieldInfo>& VectorSource::fields() const { return impl_->fields; }
unsigned VectorSource::geometryKinds() const { return impl_->kinds; }
const std::vector<FieldInfo>& VectorSource::selectedFields() const { return impl_->selectedFields; }
void VectorSource::rewind() {
    impl_->layer->ResetReading();
    if (impl_->rows) impl_->rows->rewind();
}
std::optional<std::pair<int64_t, int64_t>> VectorSource::fidRange() const { return impl_->fidRange; }

Status VectorSource::restrictToFidRange(int64_t begin, int64_t end) {
    if (!impl_->fidRange) return Error{impl_->label + ": not a slice"};
    Status st = impl_->restrictToFids(begin, end, -1);
    if (st) impl_->layer->ResetReading();
    return st;
}

void VectorSource::setSpatialFilter(const Box& box) {
    impl_->rows.reset();
    if (box.empty()) {
        impl_->layer->SetSpatialFilter(nullptr);
        impl_->filter.reset();
        impl_->storedFilter.reset();
    } else {
        const Box b = impl_->swapXY ? Box{box.minY, box.minX, box.maxY, box.maxX} : box;
        impl_->layer->SetSpatialFilterRect(b.minX, b.minY, b.maxX, b.maxY);
        impl_->filter = box;
        impl_->storedFilter = b;
    }
    impl_->count = -1;
    impl_->layer->ResetReading();
}

Status VectorSource::selectFields(const std::vector<std::string>& names) {
    OGRFeatureDefn* defn = impl_->layer->GetLayerDefn();
    std::vector<int> indices;
    for (const std::string& name : names) {
        int index = defn->GetFieldIndex(name.c_str());
        if (index < 0) {
            std::string known;
            for (const FieldInfo& f : impl_->fields) known += (known.empty() ? "" : ", ") + f.name;
            return Error{impl_->label + ": no field \"" + name + "\" (fields: " + known + ")"};
        }
        indices.push_back(index);
    }
    CPLStringList ignored;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        if (std::find(indices.begin(), indices.end(), i) == indices.end())
            ignored.AddString(defn->GetFieldDefn(i)->GetNameRef());
    ignored.AddString("OGR_STYLE");
    // Only a speed-up: a driver that cannot ignore fields still reads correctly.
    GdalMessages messages;
    impl_->layer->SetIgnoredFields(const_cast<const char**>(ignored.List()));
    impl_->rows.reset();
    impl_->selectedIndices = std::move(indices);
    impl_->selectedFields.clear();
    for (int i : impl_->selectedIndices) impl_->selectedFields.push_back(impl_->fields[i]);
    return {};
}


Result<std::vector<SourceLayerInfo>> listSourceLayers(const std::string& source) {
    registerGdalDrivers();
    GdalMessages messages;
    SourceSpec spec;
    spec.source = source;
    // Any layer opens the dataset with the same checks; the first one is looked up by name.
    GDALDatasetUniquePtr dataset(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR));
    if (!dataset) {
        auto probe = openGdalLayer(spec, messages);  // for its message (no such file, ...)
        if (!probe) return probe.error();
        return Error{source + ": not a readable vector source" + gdalReason(messages)};
    }
    std::vector<SourceLayerInfo> layers;
    for (int i = 0; i < dataset->GetLayerCount(); ++i) {
        OGRLayer* layer = dataset->GetLayer(i);
        layers.push_back({layer->GetName(), kindsOfType(layer->GetGeomType())});
    }
    return layers;
}

Result<std::vector<FieldInfo>> listSourceFields(const SourceSpec& spec) {
    auto source = VectorSource::open(spec);
    if (!source) return source.error();
    return source->fields();
}

}  // namespace gs