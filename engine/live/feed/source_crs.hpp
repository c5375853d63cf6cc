// The coordinates a feed source declares (docs/live-feed.md, "One message"): WGS 84 by default,
// any CRS PROJ reads, or GCJ-02 / BD-09 (the offset systems of Chinese web maps, which PROJ lacks:
// engine/geo/china_offsets.hpp). Messages are parsed with the source's valid range and their
// points converted to WGS 84 lon/lat before the store assigns grids, so every source lands in the
// same grids whatever it sends.
//
// One object per source, used on the thread that drains the source's queue (PROJ contexts are not
// thread-safe).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/types.hpp"
#include "geo/china_offsets.hpp"
#include "live/feed/message.hpp"

namespace gs {

class Transformer;

class SourceCrs {
public:
    // `crs`: empty (WGS 84), "GCJ-02", "BD-09", or anything PROJ reads ("EPSG:4490", WKT, ...).
    // `validRange` (in the source CRS) overrides the default: lon/lat -180..180 / -90..90 for a
    // geographic CRS and the offset systems; for a projected CRS its area of use, projected.
    static Result<SourceCrs> create(std::string_view crs, std::optional<Box> validRange = std::nullopt);

    SourceCrs(SourceCrs&&) noexcept;
    SourceCrs& operator=(SourceCrs&&) noexcept;
    ~SourceCrs();

    // What the parser checks the source's coordinates against.
    const ParseOptions& parseOptions() const { return parse_; }
    // Converts a point of the source CRS to WGS 84 lon/lat in place; false when it cannot be
    // converted (PROJ gives no finite result), and then the message is bad_coordinates.
    bool toWgs84(Vec2d& point) const;
    bool isWgs84() const { return offset_ == ChinaOffsetCrs::None && !proj_; }
    const std::string& name() const { return name_; }  // as declared; "WGS 84" when none was

private:
    SourceCrs() = default;
    std::string name_;
    ChinaOffsetCrs offset_ = ChinaOffsetCrs::None;
    std::unique_ptr<Transformer> proj_;
    ParseOptions parse_;
};

}  // namespace gs
