// The kernels of the density surface (heatmap and GeoTIFF export), one definition for the CPU
// reference (analysis/density) and the GPU (render/heatmap_renderer, shaders/heatmap_splat.*),
// so both evaluate the same function.
//
// Each kernel is a function of u = d / r (d the distance from the event, r the search radius),
// zero for u >= 1, scaled so that its integral over the plane is 1: an event of weight w adds w
// events to the surface, whatever the radius. In 2-D polar terms the constant is
// 1 / (2π ∫0^1 shape(u) u du) / r²:
//   quartic       shape (1 - u²)²            ∫ = 1/6  → 3 / (π r²)   (QGIS's default kernel)
//   Epanechnikov  shape 1 - u²               ∫ = 1/4  → 2 / (π r²)
//   Gaussian      shape exp(-4.5u²) - e^-4.5  σ = r/3, lowered by its value at r (3σ) so that it
//                                            reaches 0 there; ∫ = (1 - e^-4.5)/9 - e^-4.5/2
//                                            → about 1.5256 / r²
// The Gaussian is lowered rather than cut: cut at 3σ it would step from 1.1 % of its peak to 0 at
// the radius, a faint ring around every event, and a texel centre within rounding of the radius
// would count on one side in float (GPU) and on the other in double (CPU reference).
// QGIS's KDE (src/analysis/raster/qgskde.cpp, "scaled" output) uses the same shapes with radius
// the bandwidth; its Epanechnikov constant 8/(3π r²)·3/4 is ours, its quartic constant
// 116/(5π r²)·15/16 = 21.75/(π r²) is 7.25 times ours (its integral is 7.25, not 1), and it has
// no Gaussian. A QGIS "scaled" quartic surface is therefore ours × 7.25; its "raw" output is the
// bare shape. We keep integral = weight so the surface reads as events per area.
#pragma once

#include <cmath>
#include <numbers>
#include <optional>
#include <string>
#include <string_view>

namespace gs {

enum class DensityKernel { Quartic, Epanechnikov, Gaussian };

// 4.5 = (3σ)² / (2σ²): the Gaussian's exponent per u², with r = 3σ.
inline constexpr double kGaussianExponent = 4.5;

// The shape at u² = (d/r)², without the constant; 0 outside the radius.
inline double densityKernelShape(DensityKernel k, double u2) {
    if (u2 >= 1.0) return 0.0;
    switch (k) {
        case DensityKernel::Quartic: return (1.0 - u2) * (1.0 - u2);
        case DensityKernel::Epanechnikov: return 1.0 - u2;
        case DensityKernel::Gaussian: return std::exp(-kGaussianExponent * u2) - std::exp(-kGaussianExponent);
    }
    return 0.0;
}

// The constant that makes the kernel's integral 1 for radius r (in any unit: the result is per
// unit²).
inline double densityKernelNorm(DensityKernel k, double r) {
    const double pi = std::numbers::pi;
    switch (k) {
        case DensityKernel::Quartic: return 3.0 / (pi * r * r);
        case DensityKernel::Epanechnikov: return 2.0 / (pi * r * r);
        case DensityKernel::Gaussian: {
            const double floor = std::exp(-kGaussianExponent);
            return 1.0 / (2.0 * pi * r * r * ((1.0 - floor) / (2.0 * kGaussianExponent) - floor / 2.0));
        }
    }
    return 0.0;
}

inline std::string_view densityKernelName(DensityKernel k) {
    switch (k) {
        case DensityKernel::Quartic: return "quartic";
        case DensityKernel::Epanechnikov: return "epanechnikov";
        case DensityKernel::Gaussian: return "gaussian";
    }
    return "";
}

// "quartic", "epanechnikov", "gaussian"; nothing for any other text (the caller names the key).
inline std::optional<DensityKernel> parseDensityKernel(std::string_view text) {
    for (DensityKernel k : {DensityKernel::Quartic, DensityKernel::Epanechnikov, DensityKernel::Gaussian})
        if (text == densityKernelName(k)) return k;
    return std::nullopt;
}

// Web Mercator stretches the ground by 1 / cos(latitude) = cosh(y / R): display units (EPSG:3857
// "metres") per ground metre at northing y. A radius in ground metres is this many times longer
// in the display CRS, and an area on the ground this squared times smaller.
inline double webMercatorUnitsPerMetre(double northing) { return std::cosh(northing / 6378137.0); }

}  // namespace gs
