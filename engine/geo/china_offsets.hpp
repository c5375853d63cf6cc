// GCJ-02 ("Mars coordinates", 火星坐标) and BD-09 (Baidu), the offset coordinate systems of Chinese
// web maps, to and from WGS 84. PROJ has neither: both are published obfuscation formulas, not
// geodetic datums, so they live here as closed forms.
//
// All points are (x = longitude, y = latitude) in degrees.
// - WGS 84 -> GCJ-02 is the published forward formula (Krasovsky 1940 ellipsoid constants and the
//   two trigonometric polynomials). As in the reference implementations, points outside the rough
//   bounding box of mainland China (kGcj02Bounds) come back unchanged.
// - GCJ-02 -> WGS 84 has no closed form; it is solved by fixed-point iteration on the forward
//   formula, to better than 1e-9 degrees (about 0.1 mm) in a handful of steps.
// - GCJ-02 <-> BD-09 are the published formulas (x_pi = pi * 3000 / 180). They apply everywhere,
//   as in the references; the inverse starts from the published approximate inverse and is then
//   refined by iteration, so that a round trip is exact to 1e-9 degrees.
// - BD-09 <-> WGS 84 go through GCJ-02.
#pragma once

#include <span>
#include <string_view>

#include "core/types.hpp"

namespace gs {

// Outside this lon/lat box GCJ-02 equals WGS 84 (the reference implementations' "out of China").
inline constexpr Box kGcj02Bounds{72.004, 0.8293, 137.8347, 55.8271};

bool insideGcj02Bounds(Vec2d lonLat);

Vec2d wgs84ToGcj02(Vec2d lonLat);
Vec2d gcj02ToWgs84(Vec2d lonLat);
Vec2d gcj02ToBd09(Vec2d lonLat);
Vec2d bd09ToGcj02(Vec2d lonLat);
Vec2d wgs84ToBd09(Vec2d lonLat);
Vec2d bd09ToWgs84(Vec2d lonLat);

enum class ChinaOffsetCrs { None, Gcj02, Bd09 };

// Which offset system a source's declared CRS names: "GCJ-02" / "GCJ02" or "BD-09" / "BD09"
// (ASCII case-insensitive). Anything else, EPSG codes included, is None: a job for PROJ.
ChinaOffsetCrs chinaOffsetCrs(std::string_view crsName);

// For a feed source that declares its CRS: when `crsName` names GCJ-02 or BD-09, converts the
// points in place to WGS 84 lon/lat and returns true. Otherwise leaves them untouched and returns
// false, so the caller hands the CRS to PROJ. Non-finite points are left as they are.
bool chinaOffsetToWgs84(std::string_view crsName, std::span<Vec2d> points);

}  // namespace gs
