// Reprojection of point arrays from a source CRS to a target CRS.
//
// Axis order is always the visualization order: x = longitude or easting, y = latitude or northing,
// whatever the CRS's official axis order (EPSG:4326 officially lists latitude first). The GDAL
// reader (engine/source) hands points over in that order too.
//
// Threading: a Transformer owns a PROJ context, which is not thread-safe. transform() is const but
// must not run on two threads at once on the same object. Give each worker its own Transformer:
// call clone() on the loader thread and move one clone into each worker. Cloning copies the
// operation (about 0.1 ms), where create() may search PROJ's database for 100 ms or more.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/types.hpp"
#include "geo/crs.hpp"

namespace gs {

class Transformer {
public:
    // srcCrs and dstCrs: anything Crs::fromText accepts. Fails with a message naming the CRS text
    // that PROJ could not read, or both CRSs when PROJ knows no operation between them.
    static Result<Transformer> create(std::string_view srcCrs, std::string_view dstCrs);

    // An independent Transformer for the same CRS pair (its own PROJ context), for another thread.
    Result<Transformer> clone() const;

    // Reprojects points in place, batched. Returns how many results are not finite: points PROJ
    // cannot project (e.g. a pole in Web Mercator, or a point outside a projection's domain) come
    // back as infinities or NaNs, and the caller decides how to report the feature they belong to.
    [[nodiscard]] size_t transform(std::span<Vec2d> points) const;

    // Web Mercator's latitude by a series on narrow batches (to a micrometre; see transformer.cpp),
    // on by default. Geometry that other points are tested against (grids, for point-in-polygon
    // assignment) turns it off: a point exactly on a shared boundary must land where PROJ's exact
    // projection puts it, and the point itself is projected exactly.
    void setLatitudeSeries(bool on) { latitudeSeries_ = on; }

    // The box that encloses `box` after reprojection, sampling its edges (so a lon/lat box maps to
    // the full curved extent in a projected CRS). Fails if PROJ cannot project the box.
    Result<Box> transformBounds(const Box& box) const;

    // True when source and target are the same CRS and transform() leaves points as they are.
    bool isIdentity() const { return path_ == Path::Identity; }
    const std::string& sourceText() const { return srcText_; }
    const std::string& targetText() const { return dstText_; }
    // How points are transformed: "identity", "exact EPSG:4326 to EPSG:3857", or PROJ's pipeline.
    std::string description() const;

private:
    enum class Path {
        Identity,     // same CRS: nothing to do
        WebMercator,  // EPSG:4326 -> EPSG:3857 in closed form (about 3x faster than PROJ)
        Proj,         // anything else: PROJ's normalized operation
    };

    Transformer() = default;
    // Returns true when every result is known to be finite.
    static bool toWebMercator(std::span<Vec2d> points, bool series);

    // unique_ptr: PROJ objects keep the context's address, which must survive moves. Declared
    // before op_ so that the operation is destroyed first.
    std::unique_ptr<ProjContext> context_;
    PjPtr op_;
    Path path_ = Path::Proj;
    bool latitudeSeries_ = true;
    std::string srcText_;
    std::string dstText_;
    std::string names_;  // from "<source name>" to "<target name>", for messages
};

}  // namespace gs
