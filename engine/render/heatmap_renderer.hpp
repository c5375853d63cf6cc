// The GPU heatmap (kernel density of events, issue 13): events uploaded once (time-sorted, so a
// time window is one contiguous range drawn without re-upload), their density for a camera in a
// float texture (binned and convolved, or splatted exactly: HeatmapMethod), its max reduced on the
// GPU, and the texture colour-mapped onto the target through a ramp on a linear or log scale. Values are events per km² on the ground, the kernels
// analysis/density_kernel.hpp's; readDensity() returns the surface and its grid so the CPU
// reference (analysis/density) can be compared with it, or the surface exported.
//
// Resolution: the density is evaluated exactly at texel centres of a grid aligned with the
// screen's pixels, s screen pixels per texel with s the smallest integer that keeps the kernel's
// radius within maxKernelTexels (1 for small radii). A large radius is smooth at the screen's
// scale, so the colour pass interpolates it bilinearly; the cost (per event splatted, or per texel
// convolved) is bounded by maxKernelTexels whatever the zoom, and the grid's size follows the
// radius: a large radius on a 4K screen costs what it costs on 1080p.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "analysis/density.hpp"
#include "analysis/density_kernel.hpp"
#include "core/result.hpp"
#include "core/types.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"
#include "scene/camera.hpp"

namespace gs {

// One event as uploaded: display CRS relative to the renderer's origin (floats keep centimetres
// within ~100 km of it), and its weight.
struct HeatmapPoint {
    float x = 0, y = 0;
    float weight = 1;
};

enum class HeatmapScale { Linear, Log };
// Binned: the events binned on the CPU into the density texels (linearly: each weight shared by the
// 4 texel centres around it), uploaded, and convolved with the kernel on the GPU: a frame costs
// O(events) on the CPU plus O(texels × kernel texels) on the GPU. llvmpipe spends ~0.6 µs on each
// point drawn whatever its size, so this is the fast path there, and its surface is within a few
// per cent of the exact one (second order in the texel size). Exact: each event a point sprite
// whose fragments add the kernel at their texel centres (equal to the CPU reference to float
// precision; O(events × kernel texels) on the GPU, the better choice on a real GPU).
enum class HeatmapMethod { Binned, Exact };
enum class HeatmapRadiusUnit { Metres, Pixels };

struct HeatmapSettings {
    DensityKernel kernel = DensityKernel::Quartic;
    double radius = 500;  // ground metres (follows the zoom) or screen pixels
    HeatmapRadiusUnit radiusUnit = HeatmapRadiusUnit::Metres;
    // Display units per ground metre: the Web Mercator factor at the camera's centre
    // (webMercatorUnitsPerMetre) when true, 1 (a local projected CRS in metres) when false.
    bool webMercator = true;
    HeatmapScale scale = HeatmapScale::Linear;
    double fixedMax = 0;  // events/km²: > 0 fixes the scale's top (one scale for a whole playback); else the frame's max
    double logDecades = 3;   // the log scale spans [top / 10^decades, top]
    float fade = 0.1f;       // the bottom 10 % of the scale fades in from transparent
    float opacity = 0.85f;
    int maxKernelTexels = 8;  // the kernel's radius in density texels at most (see above)
    HeatmapMethod method = HeatmapMethod::Binned;
};

// What the legend needs: the scale the last frame was coloured with, events per km².
struct HeatmapRange {
    double bottom = 0, top = 0;  // linear: 0 .. top; log: top / 10^decades .. top
    HeatmapScale scale = HeatmapScale::Linear;
};

// The density surface of the last computeDensity, visible part only: grid in the display CRS
// (crs left empty: the caller knows it), rows north to south.
struct HeatmapDensity {
    DensityGrid grid;
    std::vector<float> values;
};

class HeatmapRenderer {
public:
    // Compiles the programs (GL thread).
    static Result<std::unique_ptr<HeatmapRenderer>> create();

    // All events, once (e.g. sorted by time): replaces what was uploaded.
    void setPoints(Vec2d origin, std::span<const HeatmapPoint> points);
    // Replaces points [first, first + points.size()) in place (a subset that changed).
    void updatePoints(std::uint32_t first, std::span<const HeatmapPoint> points);
    std::uint32_t pointCount() const { return count_; }
    Vec2d origin() const { return origin_; }
    // Packs display-CRS points (and weights, empty: 1 each) relative to `origin`.
    static std::vector<HeatmapPoint> pack(Vec2d origin, std::span<const Vec2d> points, std::span<const float> weights);

    // The ramp, low to high (e.g. paletteColors("Magma", 256)), sampled into a 256-texel texture.
    void setRamp(std::span<const Rgba> colors);

    // Pass 1 and 2: the density of points [first, first + count) (a time window) for the camera,
    // and its max. Leaves the caller's framebuffer and viewport bound as they were.
    void computeDensity(const Camera& camera, const HeatmapSettings& settings, std::uint32_t first,
                        std::uint32_t count);
    // Pass 3: the last density colour-mapped onto the bound framebuffer, whose viewport is the
    // camera's (as set by the caller).
    void drawColors(const HeatmapSettings& settings);
    // Both, for points [first, first + count).
    void draw(const Camera& camera, const HeatmapSettings& settings, std::uint32_t first, std::uint32_t count) {
        computeDensity(camera, settings, first, count);
        drawColors(settings);
    }

    // The scale of the last frame; with a scale following the data this reads one float back
    // (a sync with the GPU: call it for the legend, not every frame if that can be avoided).
    HeatmapRange range(const HeatmapSettings& settings) const;
    // The last density, read back whole (tests, export).
    HeatmapDensity readDensity() const;
    // Texels of the density per screen pixel's side (1 / s) and the radius in texels, last frame.
    int pixelsPerTexel() const { return pixelsPerTexel_; }
    double radiusTexels() const { return radiusTexels_; }

private:
    HeatmapRenderer() = default;
    void ensureTargets(int width, int height);
    // Binned method: events [first, first + count) into bins_ (CPU), uploaded to binsTexture_.
    void binEvents(Vec2d textureLowerLeft, std::uint32_t first, std::uint32_t count);

    gl::Program splat_, convolve_, reduce_, color_;
    gl::Buffer points_;
    gl::VertexArray pointsVao_, passVao_;
    gl::Texture density_, ramp_, binsTexture_;
    std::vector<HeatmapPoint> cpuPoints_;  // the binned method's copy of the upload
    std::vector<float> bins_;
    gl::Framebuffer densityFb_;
    std::vector<gl::Texture> levels_;  // the max reduction, down to 1 x 1
    std::vector<gl::Framebuffer> levelFbs_;
    std::vector<std::pair<int, int>> levelSizes_;
    Vec2d origin_;
    std::uint32_t count_ = 0;
    // The last frame's grid: texture size, margin and visible texels, texel size and corner.
    int texW_ = 0, texH_ = 0, margin_ = 0, innerW_ = 0, innerH_ = 0, pixelsPerTexel_ = 1;
    double texelSize_ = 1, radiusTexels_ = 0, unitsPerMetre_ = 1;
    Vec2d innerTopLeft_;
};

}  // namespace gs
