#include "geo/transformer.hpp"

#include <proj.h>

#include <cmath>
#include <numbers>

namespace gs {

namespace {

// True if `crs` is the CRS `code` names, up to the axis order of a geographic CRS (so OGC:CRS84
// and a GDAL WKT of EPSG:4326 both count as EPSG:4326).
bool isSameAs(ProjContext& ctx, const PJ* crs, const char* code) {
    PjPtr reference(proj_create(ctx.get(), code));
    bool same = reference && proj_is_equivalent_to_with_ctx(ctx.get(), crs, reference.get(),
                                                            PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
    ctx.takeError();
    return same;
}

std::string withReason(std::string message, const std::string& reason) {
    return reason.empty() ? message : message + " (" + reason + ")";
}

}  // namespace

Result<Transformer> Transformer::create(std::string_view srcCrs, std::string_view dstCrs) {
    Transformer t;
    t.context_ = std::make_unique<ProjContext>();
    ProjContext& ctx = *t.context_;

    auto src = createCrsIn(ctx, srcCrs);
    if (!src) return Error{"source " + src.error().message};
    auto dst = createCrsIn(ctx, dstCrs);
    if (!dst) return Error{"target " + dst.error().message};
    t.srcText_ = std::string(srcCrs);
    t.dstText_ = std::string(dstCrs);

    // Names, not the texts: a source CRS usually arrives as a page of WKT.
    t.names_ = "from \"" + std::string(proj_get_name(src->get())) + "\" to \"" +
               std::string(proj_get_name(dst->get())) + "\"";
    PjPtr op(proj_create_crs_to_crs_from_pj(ctx.get(), src->get(), dst->get(), nullptr, nullptr));
    if (!op) return Error{withReason("PROJ knows no transformation " + t.names_, ctx.takeError())};
    // Without this, PROJ would expect and return EPSG:4326 points as (lat, lon).
    t.op_.reset(proj_normalize_for_visualization(ctx.get(), op.get()));
    if (!t.op_)
        return Error{
            withReason("cannot normalize the axis order of the transformation " + t.names_, ctx.takeError())};

    // Axis order cannot make two CRSs differ here: both ends are normalized to (lon, lat).
    if (proj_is_equivalent_to_with_ctx(ctx.get(), src->get(), dst->get(),
                                       PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS)) {
        t.path_ = Path::Identity;
    } else if (isSameAs(ctx, src->get(), "EPSG:4326") && isSameAs(ctx, dst->get(), "EPSG:3857")) {
        t.path_ = Path::WebMercator;
    } else {
        t.path_ = Path::Proj;
    }
    return t;
}

Result<Transformer> Transformer::clone() const {
    Transformer t;
    t.context_ = std::make_unique<ProjContext>();
    t.op_.reset(proj_clone(t.context_->get(), op_.get()));
    if (!t.op_) return create(srcText_, dstText_);  // an operation PROJ cannot copy: look it up again
    t.path_ = path_;
    t.latitudeSeries_ = latitudeSeries_;
    t.srcText_ = srcText_;
    t.dstText_ = dstText_;
    t.names_ = names_;
    return t;
}

// The closed form PROJ itself uses for EPSG:3857 (+proj=webmerc: spherical Mercator on the WGS 84
// semi-major axis, with ellipsoidal lon/lat taken as spherical), including PROJ's domain rules:
// longitudes wrap into [-180, 180], latitudes beyond the poles fail (at a pole itself PROJ, and so
// this, returns a huge finite y). The unit test checks it against PROJ to well under a millimetre.
bool Transformer::toWebMercator(std::span<Vec2d> points, bool allowSeries) {
    constexpr double kRadius = 6378137.0;
    constexpr double kPi = std::numbers::pi;
    constexpr double kRadPerDeg = kPi / 180.0;
    constexpr double kLatEpsilon = 1e-12;  // radians, PROJ's tolerance beyond the poles
    // y = R asinh(tan phi) costs a tan and an asinh a point. A batch of a city's features spans a
    // fraction of a degree of latitude, where the 6th-order Taylor series of asinh(tan phi) about
    // the batch's middle latitude is exact to a micrometre at mid latitudes and to about 10
    // micrometres at 69 degrees (the next term, h^7 f7 / 5040, for |h| <= 0.01 rad), at a few
    // multiply-adds a point (tests/unit/test_reprojection.cpp checks it against PROJ).
    constexpr double kSeriesHalfRange = 0.01;  // radians (0.57 degrees)
    constexpr double kSeriesMaxLat = 1.2;      // radians (68.8 degrees)
    double lo = HUGE_VAL, hi = -HUGE_VAL, west = HUGE_VAL, east = -HUGE_VAL;
    bool nan = false;
    for (const Vec2d& p : points) {
        const double phi = p.y * kRadPerDeg;
        lo = std::min(lo, phi);  // NaN compares false: it never widens the range
        hi = std::max(hi, phi);
        west = std::min(west, p.x);
        east = std::max(east, p.x);
        nan |= (p.x != p.x) | (p.y != p.y);
    }
    const bool series = allowSeries && hi - lo <= 2 * kSeriesHalfRange && std::max(std::abs(lo), std::abs(hi)) <= kSeriesMaxLat;
    double c[7] = {};  // f(phi0 + h) = sum c[k] h^k
    const double phi0 = (lo + hi) / 2;
    if (series) {
        const double t = std::tan(phi0), sec = 1 / std::cos(phi0), t2 = t * t;
        c[0] = std::asinh(t);
        c[1] = sec;
        c[2] = sec * t / 2;
        c[3] = sec * (2 * t2 + 1) / 6;
        c[4] = sec * t * (6 * t2 + 5) / 24;
        c[5] = sec * ((24 * t2 + 28) * t2 + 5) / 120;
        c[6] = sec * t * ((120 * t2 + 180) * t2 + 61) / 720;
    }
    if (series && !nan && std::abs(west * kRadPerDeg) < kPi + 1e-12 && std::abs(east * kRadPerDeg) < kPi + 1e-12) {
        // The usual batch: every point inside the domain, no longitude to wrap. The same
        // arithmetic as below, without its tests, and every result finite.
        for (Vec2d& p : points) {
            const double phi = p.y * kRadPerDeg;
            const double lam = p.x * kRadPerDeg;
            p.x = kRadius * lam;
            const double h = phi - phi0;
            p.y = kRadius * (c[0] + h * (c[1] + h * (c[2] + h * (c[3] + h * (c[4] + h * (c[5] + h * c[6]))))));
        }
        return true;
    }
    for (Vec2d& p : points) {
        const double phi = p.y * kRadPerDeg;
        if (!(std::abs(phi) - kPi / 2 <= kLatEpsilon)) {  // NaN fails too
            p = {HUGE_VAL, HUGE_VAL};
            continue;
        }
        double lam = p.x * kRadPerDeg;
        if (!(std::abs(lam) < kPi + 1e-12)) {  // PROJ's adjlon(), step for step
            lam += kPi;
            lam -= 2 * kPi * std::floor(lam / (2 * kPi));
            lam -= kPi;
        }
        p.x = kRadius * lam;
        if (series) {
            const double h = phi - phi0;
            p.y = kRadius * (c[0] + h * (c[1] + h * (c[2] + h * (c[3] + h * (c[4] + h * (c[5] + h * c[6]))))));
        } else {
            p.y = kRadius * std::asinh(std::tan(phi));
        }
    }
    return false;
}

size_t Transformer::transform(std::span<Vec2d> points) const {
    if (points.empty()) return 0;
    switch (path_) {
    case Path::Identity: break;
    case Path::WebMercator:
        if (toWebMercator(points, latitudeSeries_)) return 0;
        break;
    case Path::Proj: {
        const size_t n = points.size();
        proj_trans_generic(op_.get(), PJ_FWD, &points[0].x, sizeof(Vec2d), n, &points[0].y, sizeof(Vec2d), n,
                           nullptr, 0, 0, nullptr, 0, 0);
        // Failures are counted below from the points themselves; clear PROJ's sticky error state.
        proj_errno_reset(op_.get());
        break;
    }
    }
    size_t notFinite = 0;
    for (const Vec2d& p : points) notFinite += !(std::isfinite(p.x) && std::isfinite(p.y));
    return notFinite;
}

Result<Box> Transformer::transformBounds(const Box& box) const {
    if (box.empty()) return Error{"cannot reproject an empty box"};
    if (path_ == Path::Identity) return box;
    constexpr int kDensify = 21;  // points per edge, PROJ's recommended default
    Box out;
    if (!proj_trans_bounds(context_->get(), op_.get(), PJ_FWD, box.minX, box.minY, box.maxX, box.maxY,
                           &out.minX, &out.minY, &out.maxX, &out.maxY, kDensify)) {
        return Error{withReason("cannot reproject the box [" + std::to_string(box.minX) + ", " +
                                    std::to_string(box.minY) + ", " + std::to_string(box.maxX) + ", " +
                                    std::to_string(box.maxY) + "] " + names_,
                                context_->takeError())};
    }
    return out;
}

std::string Transformer::description() const {
    switch (path_) {
    case Path::Identity: return "identity";
    case Path::WebMercator: return "exact EPSG:4326 to EPSG:3857";
    case Path::Proj: break;
    }
    PJ_PROJ_INFO info = proj_pj_info(op_.get());
    return info.definition ? info.definition : (info.description ? info.description : "PROJ operation");
}

}  // namespace gs
