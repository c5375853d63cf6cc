// Reading a VectorSource's batches: through GDAL, feature by feature, or a GeoPackage table's
// rows straight from SQLite (source/gpkg_rows.hpp), into the same flat arrays.
#include <algorithm>
#include <cassert>
#include <charconv>
#include <limits>
#include <memory>
#include <span>
#include <string>

#include "source/vector_source_impl.hpp"

namespace gs {

namespace {

// Integers written here: GDAL's own formatting (snprintf) was 3 % of reading a city.
void appendInteger(std::string& text, int64_t value) {
    char digits[24];
    text.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

}  // namespace

Result<bool> VectorSource::readBatch(FeatureBatch& out, size_t maxFeatures) {
    assert(maxFeatures > 0 && "an empty batch would read as the end of the layer");
    out.clear();
    out.fieldCount = impl_->selectedIndices.size();
    Impl& m = *impl_;
    if (m.direct && !m.rows && m.directFields()) {
        auto rows = GpkgRows::open(m.directQuery());
        if (rows) {
            m.rows = std::move(*rows);
        } else {
            m.direct = false;  // GDAL reads it, and says why once
            out.warnings.push_back(rows.error().message + " (read through GDAL instead)");
        }
    }
    if (m.rows) return m.readDirect(out, maxFeatures);
    GdalMessages messages;
    for (size_t n = 0; n < maxFeatures; ++n) {
        OGRFeatureUniquePtr feature(m.layer->GetNextFeature());
        if (!feature) {
            if (messages.failed()) return Error{m.label + ": read failed" + gdalReason(messages)};
            break;
        }
        m.appendFeature(*feature, out, messages);
    }
    for (std::string& w : messages.warnings) out.warnings.push_back(std::move(w));
    return !out.empty();
}

void VectorSource::Impl::appendFeature(OGRFeature& feature, FeatureBatch& out, GdalMessages& messages) const {
    const int64_t fid = feature.GetFID();
    // A feature that GDAL could only partly read keeps going, with GDAL's complaint as a warning.
    if (messages.failed())
        messages.warn(label + " feature " + std::to_string(fid) + ": " + messages.takeError());
    if (appendShape(fid, feature.GetGeometryRef(), out)) appendValues(feature, out);
}

bool VectorSource::Impl::appendShape(int64_t fid, const OGRGeometry* geometry, FeatureBatch& out) const {
    if (!geometry || geometry->IsEmpty()) {
        out.skipped.push_back({fid, geometry ? "empty geometry" : "no geometry"});
        return false;
    }
    const size_t firstPolygon = out.polygons.size(), firstLine = out.lines.size(),
                 firstMarker = out.markers.size(), ignoredBefore = out.ignoredParts;
    appendGeometry(*geometry, out);
    const size_t polygons = out.polygons.size() - firstPolygon, lines = out.lines.size() - firstLine,
                 markers = out.markers.size() - firstMarker;
    if (polygons + lines + markers == 0) {
        out.ignoredParts = ignoredBefore;  // the whole feature is reported instead
        const unsigned found = kindsOfType(geometry->getGeometryType());
        out.skipped.push_back({fid, std::string("geometry is a ") +
                                        OGRGeometryTypeToName(geometry->getGeometryType()) +
                                        ((found & kinds) ? " with no usable part" : std::string(", not ") + kindName(kinds))});
        return false;
    }
    out.features.push_back({fid, uint32_t(firstPolygon), uint32_t(polygons), uint32_t(firstLine), uint32_t(lines),
                            uint32_t(firstMarker), uint32_t(markers)});
    return true;
}

void VectorSource::Impl::appendValues(OGRFeature& feature, FeatureBatch& out) const {
    for (int index : selectedIndices) {
        const bool isNull = !feature.IsFieldSetAndNotNull(index);
        if (!isNull) {
            const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
            if (type == OFTInteger || type == OFTInteger64) {
                appendInteger(out.text, feature.GetFieldAsInteger64(index));
            } else {
                out.text += feature.GetFieldAsString(index);
            }
        }
        out.nulls.push_back(isNull);
        out.valueEnds.push_back(static_cast<uint32_t>(out.text.size()));
    }
}

// ---------------------------------------------------------------------------------------------
// A GeoPackage's rows straight from SQLite

bool VectorSource::readsDirectly() const { return impl_->direct && impl_->directFields(); }

bool VectorSource::Impl::directFields() const {
    for (const FieldInfo& f : selectedFields)
        if (f.type != FieldType::Integer && f.type != FieldType::String) return false;  // GDAL formats the rest
    return true;
}

GpkgQuery VectorSource::Impl::directQuery() const {
    GpkgQuery q;
    q.path = spec.source;
    q.label = label;
    q.table = layerName;
    q.fidColumn = layer->GetFIDColumn();
    q.geometryColumn = layer->GetGeometryColumn();
    for (const FieldInfo& f : selectedFields) q.fields.push_back(f.name);
    q.where = spec.where;
    q.fids = fidRange;
    q.filter = storedFilter;
    return q;
}

VectorSource::Impl::Sizes VectorSource::Impl::sizesOf(const FeatureBatch& out) {
    return {out.features.size(), out.polygons.size(), out.ringEnds.size(), out.lines.size(), out.markers.size(),
            out.points.size()};
}

bool VectorSource::Impl::keepInFilter(FeatureBatch& out, const Sizes& from) const {
    if (!filter) return true;
    Box b;
    for (size_t i = from.points; i < out.points.size(); ++i) b.add(out.points[i]);
    const Box& f = *filter;
    if (b.maxX >= f.minX && b.minX <= f.maxX && b.maxY >= f.minY && b.minY <= f.maxY) return true;
    truncate(out, from);
    return false;
}

void VectorSource::Impl::truncate(FeatureBatch& out, const Sizes& to) {
    out.features.resize(to.features);
    out.polygons.resize(to.polygons);
    out.ringEnds.resize(to.ringEnds);
    out.lines.resize(to.lines);
    out.markers.resize(to.markers);
    out.points.resize(to.points);
}

Result<bool> VectorSource::Impl::readDirect(FeatureBatch& out, size_t maxFeatures) {
    std::span<const uint8_t> wkb;
    std::string problem;
    for (size_t n = 0; n < maxFeatures;) {
        auto more = rows->next();
        if (!more) return more.error();
        if (!*more) break;
        const int64_t fid = rows->fid();
        const auto kind = rows->geometry(wkb, problem);
        // Under a spatial filter GDAL returns no feature without a geometry: nor does this.
        if (kind != GpkgRows::Geometry::Wkb) {
            if (filter) continue;
            out.skipped.push_back({fid, kind == GpkgRows::Geometry::Null    ? "no geometry"
                                        : kind == GpkgRows::Geometry::Empty ? "empty geometry"
                                                                             : "unreadable geometry: " + problem});
            ++n;
            continue;
        }
        const Sizes before = sizesOf(out);
        const size_t ignoredBefore = out.ignoredParts;
        size_t points = 0;
        bool added = false;
        if (appendWkb(wkb, kinds, swapXY, out, points) && points > 0 &&
            out.polygons.size() + out.lines.size() + out.markers.size() >
                before.polygons + before.lines + before.markers) {
            out.features.push_back({fid, uint32_t(before.polygons), uint32_t(out.polygons.size() - before.polygons),
                                    uint32_t(before.lines), uint32_t(out.lines.size() - before.lines),
                                    uint32_t(before.markers), uint32_t(out.markers.size() - before.markers)});
            added = true;
        } else {
            // Not parsed here, empty, or nothing of the kinds wanted: GDAL's reader, and its words.
            truncate(out, before);
            out.ignoredParts = ignoredBefore;
            OGRGeometry* parsed = nullptr;
            if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &parsed, wkb.size()) != OGRERR_NONE || !parsed) {
                delete parsed;
                if (filter) continue;
                out.skipped.push_back({fid, "unreadable geometry: malformed WKB"});
                ++n;
                continue;
            }
            std::unique_ptr<OGRGeometry> owned(parsed);
            if (filter) {  // GDAL's test: a geometry whose box misses the filter is not read
                if (owned->IsEmpty()) continue;
                OGREnvelope e;
                owned->getEnvelope(&e);
                const Box& f = *storedFilter;
                if (e.MaxX < f.minX || e.MinX > f.maxX || e.MaxY < f.minY || e.MinY > f.maxY) continue;
            }
            added = appendShape(fid, owned.get(), out);
        }
        if (added && !keepInFilter(out, before)) {
            out.ignoredParts = ignoredBefore;
            continue;
        }
        ++n;
        if (!added) continue;
        for (size_t i = 0; i < selectedFields.size(); ++i) {
            const bool isNull = rows->isNull(int(i));
            if (!isNull) {
                if (selectedFields[i].type == FieldType::Integer) {
                    appendInteger(out.text, rows->integer(int(i)));
                } else {
                    out.text += rows->text(int(i));
                }
            }
            out.nulls.push_back(isNull);
            out.valueEnds.push_back(static_cast<uint32_t>(out.text.size()));
        }
    }
    return !out.empty();
}

void VectorSource::Impl::appendGeometry(const OGRGeometry& geometry, FeatureBatch& out) const {
    const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
    switch (type) {
    case wkbPolygon:
    case wkbTriangle:
        if (kinds & kPolygons) appendPolygon(*geometry.toPolygon(), out);
        else ++out.ignoredParts;
        return;
    case wkbPolyhedralSurface:
    case wkbTIN:
        for (const OGRPolygon* part : *geometry.toPolyhedralSurface()) appendGeometry(*part, out);
        return;
    case wkbLineString:
    case wkbLinearRing:
        if (kinds & kLines) appendLine(*geometry.toSimpleCurve(), out);
        else ++out.ignoredParts;
        return;
    case wkbPoint:
        if (kinds & kPoints) appendPoint(*geometry.toPoint(), out);
        else ++out.ignoredParts;
        return;
    case wkbMultiPolygon:
    case wkbMultiLineString:
    case wkbMultiPoint:
    case wkbGeometryCollection:
        for (const OGRGeometry* part : *geometry.toGeometryCollection()) appendGeometry(*part, out);
        return;
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve: {
        if (!(kindsOfType(type) & kinds)) {
            ++out.ignoredParts;
            return;
        }
        // Arcs become segments with GDAL's default step (4 degrees), fine at map scales.
        std::unique_ptr<OGRGeometry> linear(geometry.getLinearGeometry());
        if (linear) appendGeometry(*linear, out);
        return;
    }
    default: ++out.ignoredParts; return;
    }
}

size_t VectorSource::Impl::copyPoints(const OGRSimpleCurve& curve, FeatureBatch& out) const {
    const int n = curve.getNumPoints();
    const size_t at = out.points.size();
    if (n <= 0) return 0;
    out.points.resize(at + size_t(n));
    // Strided copy straight into Vec2d; swapping the two targets swaps the axes for free.
    double* xs = swapXY ? &out.points[at].y : &out.points[at].x;
    double* ys = swapXY ? &out.points[at].x : &out.points[at].y;
    curve.getPoints(xs, sizeof(Vec2d), ys, sizeof(Vec2d));
    return size_t(n);
}

void VectorSource::Impl::appendLine(const OGRSimpleCurve& line, FeatureBatch& out) const {
    const uint32_t first = uint32_t(out.points.size());
    const size_t n = copyPoints(line, out);
    if (n < 2) {  // a line needs two points; an empty one adds nothing
        out.points.resize(first);
        ++out.ignoredParts;
        return;
    }
    out.lines.push_back({first, uint32_t(n)});
}

void VectorSource::Impl::appendPoint(const OGRPoint& point, FeatureBatch& out) const {
    if (point.IsEmpty()) return;
    out.markers.push_back(uint32_t(out.points.size()));
    out.points.push_back(swapXY ? Vec2d{point.getY(), point.getX()} : Vec2d{point.getX(), point.getY()});
}

bool VectorSource::Impl::appendPolygon(const OGRPolygon& polygon, FeatureBatch& out) const {
    const OGRLinearRing* exterior = polygon.getExteriorRing();
    if (!exterior || exterior->IsEmpty()) return false;
    assert(out.points.size() < std::numeric_limits<uint32_t>::max() && "batch too large for 32-bit indices");
    FeatureBatch::Polygon record{static_cast<uint32_t>(out.points.size()),
                                 static_cast<uint32_t>(out.ringEnds.size()), 0};
    auto addRing = [&](const OGRLinearRing* ring) {
        if (!ring || copyPoints(*ring, out) == 0) return;
        out.ringEnds.push_back(static_cast<uint32_t>(out.points.size() - record.firstPoint));
        ++record.ringCount;
    };
    addRing(exterior);
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) addRing(polygon.getInteriorRing(i));
    out.polygons.push_back(record);
    return true;
}

// ---------------------------------------------------------------------------------------------

void FeatureBatch::clear() {
    features.clear();
    polygons.clear();
    ringEnds.clear();
    lines.clear();
    markers.clear();
    points.clear();
    text.clear();
    valueEnds.clear();
    nulls.clear();
    skipped.clear();
    warnings.clear();
    ignoredParts = 0;
}

PolygonView FeatureBatch::polygon(size_t p) const {
    const Polygon& poly = polygons[p];
    std::span<const uint32_t> ends(ringEnds.data() + poly.firstRing, poly.ringCount);
    return {std::span<const Vec2d>(points.data() + poly.firstPoint, ends.back()), ends};
}

std::string_view FeatureBatch::value(size_t f, size_t field) const {
    const size_t k = f * fieldCount + field;
    const size_t begin = k == 0 ? 0 : valueEnds[k - 1];
    return std::string_view(text).substr(begin, valueEnds[k] - begin);
}


}  // namespace gs
