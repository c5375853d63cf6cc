#include "source/table_source.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "source/gdal_support.hpp"

namespace gs {

struct TableSource::Impl {
    GdalLayer gdal;
    std::vector<std::string> header;
    std::vector<OGRFieldType> types;
    bool hasGeometry = false;
    bool swapXY = false;
    std::string crsName, crsWkt;
    int64_t count = -1;

    ~Impl() { closeGdalLayer(gdal); }
};

TableSource::TableSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TableSource::TableSource(TableSource&&) noexcept = default;
TableSource& TableSource::operator=(TableSource&&) noexcept = default;
TableSource::~TableSource() = default;

const std::string& TableSource::label() const { return impl_->gdal.label; }
const std::vector<std::string>& TableSource::header() const { return impl_->header; }
bool TableSource::hasGeometry() const { return impl_->hasGeometry; }
const std::string& TableSource::crsName() const { return impl_->crsName; }
const std::string& TableSource::crsWkt() const { return impl_->crsWkt; }
int64_t TableSource::featureCount() const { return impl_->count; }

Result<TableSource> TableSource::open(const SourceSpec& spec) {
    GdalMessages messages;
    auto impl = std::make_unique<Impl>();
    // Every CSV column as text (the reader parses times and numbers itself, exactly); no geometry
    // guessed from column names: the mapping names the coordinate columns.
    auto gdal = openGdalLayer(spec, messages, {});
    if (!gdal) return gdal.error();
    impl->gdal = std::move(gdal).value();
    OGRLayer* layer = impl->gdal.layer;
    if (!spec.where.empty() && layer->SetAttributeFilter(spec.where.c_str()) != OGRERR_NONE)
        return Error{impl->gdal.label + ": bad where \"" + spec.where + "\"" + gdalReason(messages)};
    // Counting a CSV (gzipped or not) means reading it all, which would double the load: count
    // only where the driver knows the number (GeoPackage, PostGIS, Shapefile).
    impl->count = layer->TestCapability(OLCFastFeatureCount) ? layer->GetFeatureCount(FALSE) : -1;
    if (messages.failed())
        return Error{impl->gdal.label + (spec.where.empty() ? ": cannot read" : ": bad where \"" + spec.where + "\"") +
                     gdalReason(messages)};
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        impl->header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        impl->types.push_back(defn->GetFieldDefn(i)->GetType());
    }
    impl->hasGeometry = defn->GetGeomFieldCount() > 0 && wkbFlatten(layer->GetGeomType()) != wkbNone;
    if (impl->hasGeometry) {
        impl->header.emplace_back("geometry.x");
        impl->header.emplace_back("geometry.y");
        if (layer->GetSpatialRef() || !spec.crs.empty()) {
            auto crs = readLayerCrs(layer->GetSpatialRef(), spec.crs, impl->gdal.label);
            if (!crs) return crs.error();
            impl->crsName = crs->name;
            impl->crsWkt = crs->wkt;
            impl->swapXY = crs->swapXY;
        }
    }
    layer->ResetReading();
    return TableSource(std::move(impl));
}

namespace {

void appendNumber(std::string& out, double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
    if (ec == std::errc()) out.append(buf, end);
}

// ISO 8601 from GDAL's broken-down time; tz flag: 0 unknown, 1 local (no offset written), 100 UTC,
// 100 + n: UTC + n quarter hours.
void appendDateTime(std::string& out, const OGRFeature& f, int i, OGRFieldType type) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float sec = 0;
    if (!f.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz)) return;
    char buf[48];
    int n = 0;
    if (type == OFTDate) {
        n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    } else {
        const int whole = int(std::floor(sec));
        const int ms = int(std::lround((sec - whole) * 1000));
        n = type == OFTTime ? std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", h, mi, whole)
                            : std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, whole);
        if (ms > 0 && ms < 1000) n += std::snprintf(buf + n, sizeof buf - size_t(n), ".%03d", ms);
        if (type == OFTDateTime && tz == 100) {
            n += std::snprintf(buf + n, sizeof buf - size_t(n), "Z");
        } else if (type == OFTDateTime && tz > 1) {
            const int quarters = tz - 100, minutes = std::abs(quarters) * 15;
            n += std::snprintf(buf + n, sizeof buf - size_t(n), "%c%02d:%02d", quarters < 0 ? '-' : '+', minutes / 60,
                               minutes % 60);
        }
    }
    out.append(buf, size_t(std::max(0, n)));
}

}  // namespace

Result<bool> TableSource::readBatch(TableBatch& out, size_t maxRows) {
    out.clear();
    Impl& im = *impl_;
    out.columns = im.header.size();
    GdalMessages messages;
    const int fieldCount = int(im.types.size());
    while (out.rows() < maxRows) {
        OGRFeatureUniquePtr f(im.gdal.layer->GetNextFeature());
        if (!f) {
            if (messages.failed()) return Error{im.gdal.label + ": read failed" + gdalReason(messages)};
            break;
        }
        out.fids.push_back(f->GetFID());
        for (int i = 0; i < fieldCount; ++i) {
            if (f->IsFieldSetAndNotNull(i)) {
                const OGRFieldType t = im.types[size_t(i)];
                if (t == OFTDateTime || t == OFTDate || t == OFTTime)
                    appendDateTime(out.text, *f, i, t);
                else
                    out.text += f->GetFieldAsString(i);
            }
            out.ends.push_back(uint32_t(out.text.size()));
        }
        if (im.hasGeometry) {
            const OGRGeometry* g = f->GetGeometryRef();
            if (g && !g->IsEmpty() && wkbFlatten(g->getGeometryType()) == wkbPoint) {
                const auto* p = g->toPoint();
                appendNumber(out.text, im.swapXY ? p->getY() : p->getX());
                out.ends.push_back(uint32_t(out.text.size()));
                appendNumber(out.text, im.swapXY ? p->getX() : p->getY());
                out.ends.push_back(uint32_t(out.text.size()));
            } else {
                out.ends.push_back(uint32_t(out.text.size()));
                out.ends.push_back(uint32_t(out.text.size()));
            }
        }
    }
    out.warnings = std::move(messages.warnings);
    return !out.fids.empty();
}

}  // namespace gs
