#include "scene/layer_builder.hpp"

#include <cmath>

#include "geometry/outline.hpp"
#include "geometry/point_in_polygon.hpp"
#include "geometry/simplify.hpp"
#include "geometry/triangulate.hpp"

namespace gs {

LayerBuilder::LayerBuilder(const BuildOptions& options, Vec2d origin) : options_(options) {
    layer_.origin = origin;
}

void LayerBuilder::reserve(size_t features, double pointsPerFeature) {
    auto more = [](auto& v, double n) { v.reserve(v.size() + size_t(n)); };
    const double points = double(features) * pointsPerFeature * 1.25;  // a margin for the estimate
    more(layer_.fids, double(features));
    more(layer_.bounds, double(features));
    more(layer_.areas, double(features));
    more(layer_.fillRanges, double(features));
    more(layer_.lineRanges, double(features));
    more(layer_.fill.indices, points * 3);  // n - 2 triangles a ring, plus holes' bridges
    // The points fill and outline share: three more a ring than it has (most features are one).
    more(layer_.outline.points, points + double(features) * 3);
    more(layer_.outline.features, points + double(features) * 3);
}

void LayerBuilder::addSkipped(int64_t fid, std::string reason) {
    layer_.stats.skipped.push_back({fid, std::move(reason)});
}

namespace {

// The point halfway along the longest of the lines: where a road's or river's label goes.
Vec2d lineLabelPoint(std::span<const std::span<const Vec2d>> lines) {
    double best = -1;
    std::span<const Vec2d> longest;
    for (auto line : lines) {
        double len = 0;
        for (size_t i = 1; i < line.size(); ++i) len += std::hypot(line[i].x - line[i - 1].x, line[i].y - line[i - 1].y);
        if (len > best) { best = len; longest = line; }
    }
    double half = best / 2;
    for (size_t i = 1; i < longest.size(); ++i) {
        const double seg = std::hypot(longest[i].x - longest[i - 1].x, longest[i].y - longest[i - 1].y);
        if (seg >= half && seg > 0) {
            const double t = half / seg;
            return {longest[i - 1].x + t * (longest[i].x - longest[i - 1].x),
                    longest[i - 1].y + t * (longest[i].y - longest[i - 1].y)};
        }
        half -= seg;
    }
    return longest.empty() ? Vec2d{} : longest.front();
}

}  // namespace

void LayerBuilder::keepPart(const PolygonView& part) {
    const uint32_t base = uint32_t(keptPoints_.size());
    keptPoints_.insert(keptPoints_.end(), part.points.begin(), part.points.end());
    for (uint32_t e : part.ringEnds) keptEnds_.push_back(base + e);
    keptPolygonEnds_.push_back(uint32_t(keptEnds_.size()));
}

bool LayerBuilder::addFeature(int64_t fid, std::span<const PolygonView> polygons,
                              std::span<const std::span<const Vec2d>> lines, std::span<const Vec2d> points) {
    const uint32_t feature = uint32_t(layer_.fids.size());
    const uint32_t fillFirst = uint32_t(layer_.fill.indices.size());
    const uint32_t lineFirst = uint32_t(layer_.outline.points.size());
    const uint32_t pathFirst = uint32_t(layer_.paths.points.size());
    const uint32_t symbolFirst = uint32_t(layer_.symbols.points.size());
    Box bounds;
    double area = 0, largestArea = -1;
    const PolygonView* largest = nullptr;
    size_t usedParts = 0, failedParts = 0, pointCount = 0;
    keptPoints_.clear();
    keptEnds_.clear();
    keptPolygonEnds_.clear();
    // Each part's facts, in one pass over its points (ring areas, box, finiteness; see
    // triangulate.hpp): the feature's area (of the parts drawn), its bounds, its footprint box's
    // area (of all of them, as read), the snapshot's choice between box and triangles, and the
    // part's triangles come from these.
    partAreas_.clear();
    partFacts_.clear();
    size_t rings = 0;
    for (const PolygonView& part : polygons) rings += part.ringCount();
    partRingAreas_.resize(rings);
    double readArea = 0;
    for (size_t p = 0, ring = 0; p < polygons.size(); ring += polygons[p].ringCount(), ++p) {
        const PolygonFacts& facts = partFacts_.emplace_back(
            polygonFacts(polygons[p], std::span<double>(partRingAreas_).subspan(ring, polygons[p].ringCount())));
        readArea += partAreas_.emplace_back(facts.area());
        bounds.add(facts.box);
    }
    bool meshed = !options_.areasOnly && !options_.deferMeshes;
    if (meshed && options_.boxesUnderArea > 0 && lines.empty() && points.empty())
        meshed = readArea >= options_.boxesUnderArea;
    // A deferred layer keeps no geometry until its second read (scene/deferred_meshes.hpp).
    const bool keepAny = options_.keepGeometry && !options_.deferMeshes;
    const bool keepDrawn = keepAny && options_.keepDrawnGeometry;

    for (size_t p = 0; p < polygons.size(); ++p) {
        const PolygonView& full = polygons[p];
        pointCount += full.points.size();

        if (!meshed) {
            const double a = partAreas_[p];
            // Kept as it would be drawn, where the layer keeps its geometry (a snapshot's small
            // footprints are never triangulated).
            if (keepDrawn) {
                PolygonView kept = full;
                if (options_.simplifyTolerance > 0) {
                    auto sr = simplifyPolygon(full, options_.simplifyTolerance, simplePoints_, simpleEnds_);
                    if (sr == SimplifyResult::Collapsed) continue;  // below the tolerance: invisible
                    kept = PolygonView{simplePoints_, simpleEnds_};
                }
                keepPart(kept);
            }
            area += a;
            ++usedParts;
            if (a > largestArea) { largestArea = a; largest = &full; }
            continue;
        }
        PolygonView drawn = full;
        if (options_.simplifyTolerance > 0) {
            auto sr = simplifyPolygon(full, options_.simplifyTolerance, simplePoints_, simpleEnds_);
            if (sr == SimplifyResult::Collapsed) continue;  // below the tolerance: invisible
            drawn = PolygonView{simplePoints_, simpleEnds_};
        }
        const bool simplified = drawn.points.data() != full.points.data();
        Status s = appendPolygon(drawn, layer_.origin, feature, options_.buildOutlines, layer_.outline, layer_.fill,
                                 simplified ? nullptr : &partFacts_[p]);
        if (!s && simplified) {
            // Simplification can make a valid ring touch itself; the full polygon may still be
            // fine, and level of detail must never lose a feature.
            drawn = full;
            s = appendPolygon(drawn, layer_.origin, feature, options_.buildOutlines, layer_.outline, layer_.fill,
                              &partFacts_[p]);
        }
        if (!s) {
            std::string why = s.error().message;
            if (polygons.size() > 1)
                why = "part " + std::to_string(p + 1) + " of " + std::to_string(polygons.size()) +
                      ": " + why;
            layer_.stats.skipped.push_back({fid, std::move(why)});
            ++failedParts;
            continue;
        }
        if (keepDrawn) keepPart(drawn);
        ++usedParts;
        const double a = partAreas_[p];
        area += a;
        if (a > largestArea) { largestArea = a; largest = &full; }
    }
    size_t pathCount = 0;
    for (auto line : lines) {
        for (const Vec2d& v : line) bounds.add(v);
        pointCount += line.size();
        // Spacing under the tolerance merges vertices; a line never vanishes for being short.
        if (appendPolyline(line, layer_.origin, feature, options_.simplifyTolerance, layer_.paths) > 0) {
            ++usedParts;
            ++pathCount;
        } else {
            layer_.stats.skipped.push_back({fid, "a line with fewer than two distinct points"});
            ++failedParts;
        }
    }
    for (const Vec2d& v : points) {
        bounds.add(v);
        layer_.symbols.points.push_back({float(v.x - layer_.origin.x), float(v.y - layer_.origin.y)});
        layer_.symbols.features.push_back(feature);
        ++usedParts;
    }
    pointCount += points.size();

    // Every part failed: the reasons are recorded above and the feature is not loaded. Parts that
    // collapsed under the level-of-detail tolerance are not failures: they are too small to see.
    // (Nothing of it was appended.)
    if (usedParts == 0 && failedParts > 0) return false;
    layer_.stats.lines += pathCount;
    layer_.stats.points += points.size();

    layer_.fids.push_back(fid);
    layer_.bounds.push_back(bounds);
    layer_.areas.push_back(area);
    layer_.fillRanges.push_back({fillFirst, uint32_t(layer_.fill.indices.size()) - fillFirst});
    // (Of points: an outline is drawn as a strip over its points, see LineMesh.)
    layer_.lineRanges.push_back({lineFirst, uint32_t(layer_.outline.points.size()) - lineFirst});
    if (options_.linesAndPoints) {
        layer_.pathRanges.push_back({pathFirst, uint32_t(layer_.paths.points.size()) - pathFirst});
        layer_.symbolRanges.push_back({symbolFirst, uint32_t(layer_.symbols.points.size()) - symbolFirst});
    }
    if (options_.labelPoints)
        layer_.labelPoints.push_back(largest        ? interiorPoint(*largest)
                                     : !lines.empty() ? lineLabelPoint(lines)
                                     : !points.empty() ? points.front()
                                                       : bounds.center());
    if (options_.boxes) {
        // From the footprint as read, whatever became of its parts: the same box however the
        // layer is loaded (whole, deferred, a snapshot's). None where the meshes draw it, or
        // draw nothing of it (collapsed under the tolerance).
        const bool noBox = meshed && (options_.boxesUnderArea > 0 || layer_.fillRanges.back().count == 0);
        layer_.footprintBoxes.push_back(noBox ? kNoBox
                                              : footprintBox(polygons, readArea, layer_.origin));
    }
    if (keepAny) {
        auto& g = layer_.geometry;
        if (keepDrawn) {
            const uint32_t pointBase = uint32_t(g.points.size()), ringBase = uint32_t(g.ringEnds.size());
            g.points.insert(g.points.end(), keptPoints_.begin(), keptPoints_.end());
            for (uint32_t e : keptEnds_) g.ringEnds.push_back(pointBase + e);
            for (uint32_t e : keptPolygonEnds_) g.polygonRingEnd.push_back(ringBase + e);
        } else {
            for (const PolygonView& poly : polygons) {
                const uint32_t pointBase = uint32_t(g.points.size());
                g.points.insert(g.points.end(), poly.points.begin(), poly.points.end());
                for (uint32_t e : poly.ringEnds) g.ringEnds.push_back(pointBase + e);
                g.polygonRingEnd.push_back(uint32_t(g.ringEnds.size()));
            }
        }
        g.featurePolyEnd.push_back(uint32_t(g.polygonRingEnd.size()));
        if (options_.linesAndPoints) {
            for (auto line : lines) {
                g.linePoints.insert(g.linePoints.end(), line.begin(), line.end());
                g.lineEnds.push_back(uint32_t(g.linePoints.size()));
            }
            g.featureLineEnd.push_back(uint32_t(g.lineEnds.size()));
            g.markers.insert(g.markers.end(), points.begin(), points.end());
            g.featurePointEnd.push_back(uint32_t(g.markers.size()));
        }
    }
    layer_.stats.featuresLoaded++;
    layer_.stats.sourceVertices += pointCount;
    layer_.stats.extent.add(bounds);
    return true;
}

namespace {

// Appends part's rows to into, shifting part's indices in place first (part is left shifted).
void appendRows(LoadedLayer& into, LoadedLayer& part) {
    const uint32_t featureBase = uint32_t(into.fids.size());
    const uint32_t fillIndexBase = uint32_t(into.fill.indices.size());
    const uint32_t linePointBase = uint32_t(into.outline.points.size());
    const uint32_t pathPointBase = uint32_t(into.paths.points.size());
    const uint32_t symbolBase = uint32_t(into.symbols.points.size());

    auto append = [](auto& dst, auto& src) { dst.insert(dst.end(), src.begin(), src.end()); };
    append(into.fids, part.fids);
    append(into.bounds, part.bounds);
    append(into.labelPoints, part.labelPoints);
    append(into.areas, part.areas);
    append(into.footprintBoxes, part.footprintBoxes);
    into.attributes.append(std::move(part.attributes));

    for (auto& i : part.fill.indices) i += linePointBase;  // the fill's vertices are the outline's points
    append(into.fill.indices, part.fill.indices);
    for (auto& f : part.outline.features) f += featureBase;
    append(into.outline.points, part.outline.points);
    append(into.outline.features, part.outline.features);
    for (auto& r : part.fillRanges) r.first += fillIndexBase;
    for (auto& r : part.lineRanges) r.first += linePointBase;
    append(into.fillRanges, part.fillRanges);
    append(into.lineRanges, part.lineRanges);
    for (auto& f : part.paths.features) f += featureBase;
    append(into.paths.points, part.paths.points);
    append(into.paths.features, part.paths.features);
    append(into.paths.distances, part.paths.distances);
    for (auto& f : part.symbols.features) f += featureBase;
    append(into.symbols.points, part.symbols.points);
    append(into.symbols.features, part.symbols.features);
    for (auto& r : part.pathRanges) r.first += pathPointBase;
    for (auto& r : part.symbolRanges) r.first += symbolBase;
    append(into.pathRanges, part.pathRanges);
    append(into.symbolRanges, part.symbolRanges);

    auto& g = into.geometry;
    auto& pg = part.geometry;
    const uint32_t pointBase = uint32_t(g.points.size());
    const uint32_t ringBase = uint32_t(g.ringEnds.size());
    const uint32_t polyBase = uint32_t(g.polygonRingEnd.size());
    append(g.points, pg.points);
    for (uint32_t e : pg.ringEnds) g.ringEnds.push_back(pointBase + e);
    for (uint32_t e : pg.polygonRingEnd) g.polygonRingEnd.push_back(ringBase + e);
    for (uint32_t e : pg.featurePolyEnd) g.featurePolyEnd.push_back(polyBase + e);
    const uint32_t geomLinePointBase = uint32_t(g.linePoints.size()), lineBase = uint32_t(g.lineEnds.size());
    const uint32_t markerBase = uint32_t(g.markers.size());
    append(g.linePoints, pg.linePoints);
    for (uint32_t e : pg.lineEnds) g.lineEnds.push_back(geomLinePointBase + e);
    for (uint32_t e : pg.featureLineEnd) g.featureLineEnd.push_back(lineBase + e);
    append(g.markers, pg.markers);
    for (uint32_t e : pg.featurePointEnd) g.featurePointEnd.push_back(markerBase + e);

    auto& s = into.stats;
    s.featuresRead += part.stats.featuresRead;
    s.featuresLoaded += part.stats.featuresLoaded;
    s.sourceVertices += part.stats.sourceVertices;
    s.lines += part.stats.lines;
    s.points += part.stats.points;
    s.ignoredParts += part.stats.ignoredParts;
    s.extent.add(part.stats.extent);
    append(s.skipped, part.stats.skipped);
    s.vertices = into.outline.points.size();
    s.triangles = into.fill.indices.size() / 3;
}

}  // namespace

void appendLayerPart(LoadedLayer& into, LoadedLayer&& part) {
    if (into.fids.empty() && into.stats.featuresRead == 0 && into.stats.skipped.empty()) {
        // The first part becomes the layer: no copy of what may be hundreds of megabytes.
        LayerConfig config = std::move(into.config);
        Vec2d origin = into.origin;
        into = std::move(part);
        into.config = std::move(config);
        into.origin = origin;
        into.stats.vertices = into.outline.points.size();
        into.stats.triangles = into.fill.indices.size() / 3;
        return;
    }
    appendRows(into, part);
    part = LoadedLayer{};  // release the part's memory now, not when the caller's vector dies
}

void appendLayerChunk(LoadedLayer& into, LoadedLayer& part) {
    appendRows(into, part);
    // Empty again, with every array's memory kept for the next chunk.
    part.fids.clear();
    part.attributes.clearRows();
    part.bounds.clear();
    part.labelPoints.clear();
    part.areas.clear();
    part.footprintBoxes.clear();
    part.parents.clear();
    part.geometry.points.clear();
    part.geometry.ringEnds.clear();
    part.geometry.polygonRingEnd.clear();
    part.geometry.featurePolyEnd.clear();
    part.fill.indices.clear();
    part.outline.points.clear();
    part.outline.features.clear();
    part.fillRanges.clear();
    part.lineRanges.clear();
    part.paths = LineMesh{};
    part.symbols = PointMesh{};
    part.pathRanges.clear();
    part.symbolRanges.clear();
    part.geometry.linePoints.clear();
    part.geometry.lineEnds.clear();
    part.geometry.featureLineEnd.clear();
    part.geometry.markers.clear();
    part.geometry.featurePointEnd.clear();
    part.stats.featuresRead = part.stats.featuresLoaded = part.stats.sourceVertices = 0;
    part.stats.lines = part.stats.points = part.stats.ignoredParts = 0;
    part.stats.vertices = part.stats.triangles = 0;
    part.stats.extent = Box{};
    part.stats.skipped.clear();
}

PolygonView FeatureGeometry::polygon(size_t poly, std::vector<uint32_t>& scratchEnds) const {
    uint32_t rb = ringBegin(poly), re = polygonRingEnd[poly];
    uint32_t pb = rb == 0 ? 0 : ringEnds[rb - 1];
    uint32_t pe = ringEnds[re - 1];
    scratchEnds.clear();
    for (uint32_t r = rb; r < re; ++r) scratchEnds.push_back(ringEnds[r] - pb);
    return PolygonView{std::span<const Vec2d>(points).subspan(pb, pe - pb), scratchEnds};
}

}  // namespace gs
