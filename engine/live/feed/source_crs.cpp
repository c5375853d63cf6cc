#include "live/feed/source_crs.hpp"

#include <cmath>
#include <limits>

#include "geo/crs.hpp"
#include "geo/transformer.hpp"

namespace gs {

SourceCrs::SourceCrs(SourceCrs&&) noexcept = default;
SourceCrs& SourceCrs::operator=(SourceCrs&&) noexcept = default;
SourceCrs::~SourceCrs() = default;

Result<SourceCrs> SourceCrs::create(std::string_view crs, std::optional<Box> validRange) {
    SourceCrs s;
    s.name_ = crs.empty() ? "WGS 84" : std::string(crs);
    s.offset_ = chinaOffsetCrs(crs);
    if (!crs.empty() && s.offset_ == ChinaOffsetCrs::None) {
        auto info = describeCrs(crs);
        if (!info) return info.error();
        auto t = Transformer::create(crs, "EPSG:4326");
        if (!t) return t.error();
        if (!t->isIdentity()) s.proj_ = std::make_unique<Transformer>(std::move(*t));
        if (!info->geographic) {
            // A projected CRS: its area of use, in its own coordinates; anything when it has none.
            const double inf = std::numeric_limits<double>::infinity();
            s.parse_.validRange = Box{-inf, -inf, inf, inf};
            if (info->area && info->area->lonLat.minX <= info->area->lonLat.maxX) {
                auto forward = Transformer::create("EPSG:4326", crs);
                if (!forward) return forward.error();
                if (auto box = forward->transformBounds(info->area->lonLat)) s.parse_.validRange = *box;
            }
        }
    }
    if (validRange) s.parse_.validRange = *validRange;
    return s;
}

bool SourceCrs::toWgs84(Vec2d& p) const {
    if (offset_ == ChinaOffsetCrs::Gcj02) p = gcj02ToWgs84(p);
    else if (offset_ == ChinaOffsetCrs::Bd09) p = bd09ToWgs84(p);
    else if (proj_) (void)proj_->transform(std::span<Vec2d>(&p, 1));
    return std::isfinite(p.x) && std::isfinite(p.y);
}

}  // namespace gs
