// The GPU heatmap (render/heatmap_renderer) against the CPU reference (analysis/density) on real
// events: San Francisco's 311 cases and a sample of Boston's, projected to Web Mercator, for each
// kernel, radius in metres and in pixels, a weight field, a zoomed view whose kernels reach in
// from off screen, and a time window drawn as a range of the uploaded events. Then the GPU's max,
// the colour scale (linear and log) read back from the target, and a picture in /tmp to look at.
//
// Tolerance (the exact method): over the texels whose density is above 1 % of the frame's max, the
// largest relative difference GPU vs CPU is below 1e-3 (measured on llvmpipe: under 1e-4). The GPU sums float32
// kernels (positions as floats relative to an origin, gl_FragCoord for the texel centre); the
// CPU sums doubles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "analysis/density.hpp"
#include "analysis/point_table.hpp"
#include "geo/transformer.hpp"
#include "render/gl.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/offscreen_target.hpp"
#include "style/palette.hpp"

namespace gs {
namespace {

constexpr DensityKernel kKernels[] = {DensityKernel::Quartic, DensityKernel::Epanechnikov, DensityKernel::Gaussian};
constexpr double kTolerance = 1e-3;
// The binned method (the default) moves each event's weight onto the 4 texel centres around it:
// its surface differs from the exact one by at most 5 % of the frame's max (measured: 3.5 %, the
// Gaussian at a 5-texel radius; 1.3-2 % for quartic and Epanechnikov).
constexpr double kBinnedTolerance = 0.05;

struct Events {
    std::vector<Vec2d> points;  // EPSG:3857
    std::vector<float> weights;
};

Events loadMercator(const std::string& path, const PointTableOptions& options) {
    auto table = readPointTable(path, options);
    EXPECT_TRUE(table) << table.error().message;
    if (!table) return {};
    auto toMercator = Transformer::create("EPSG:4326", "EPSG:3857");
    EXPECT_TRUE(toMercator);
    EXPECT_EQ(toMercator->transform(table->points), 0u);
    return {std::move(table->points), std::move(table->weights)};
}

Events sf311(const std::string& weightField = {}) {
    PointTableOptions o;
    o.weightField = weightField;
    return loadMercator(GRIDSCOPE_SHARED_DATA "/sf/sf311_cases.csv", o);
}

Events boston311Sample() {
    PointTableOptions o;
    o.maxRows = 60000;  // a sample: the first 60,000 cases with a position
    Events e = loadMercator(GRIDSCOPE_SHARED_DATA "/boston/boston311_cases.csv.gz", o);
    // The export holds a few cases geocoded far away (67 at 34.2 N, 73.7 W in this sample): keep
    // the city's box, or the view would be half the Atlantic.
    std::erase_if(e.points, [](const Vec2d& p) {
        return p.x < -7926000 || p.x > -7899000 || p.y < 5193000 || p.y > 5223000;
    });
    return e;
}

Box boxOf(const std::vector<Vec2d>& points) {
    Box b;
    for (const Vec2d& p : points) b.add(p.x, p.y);
    return b;
}

// Largest relative difference over texels above 1 % of the max; also checks that enough texels
// count (a comparison over nothing would pass).
double worstRelativeError(const HeatmapDensity& gpu, const std::vector<float>& cpu, std::size_t* compared,
                          double* worstOfPeak) {
    float peak = densityPeak(cpu).value;
    double worst = 0;
    *compared = 0;
    *worstOfPeak = 0;
    for (std::size_t i = 0; i < cpu.size(); ++i) {
        *worstOfPeak = std::max(*worstOfPeak, std::abs(double(gpu.values[i]) - cpu[i]) / peak);
        if (cpu[i] <= 0.01f * peak) continue;
        ++*compared;
        worst = std::max(worst, std::abs(double(gpu.values[i]) - cpu[i]) / cpu[i]);
    }
    return worst;
}

class Heatmap : public ::testing::Test {
protected:
    void SetUp() override {
        auto t = OffscreenTarget::create(kW, kH);
        ASSERT_TRUE(t) << t.error().message;
        target_ = std::move(*t);
        auto r = HeatmapRenderer::create();
        ASSERT_TRUE(r) << r.error().message;
        renderer_ = std::move(*r);
    }
    void TearDown() override {
        renderer_.reset();  // GL objects before their context
        target_.reset();
    }

    // Uploads `events`, draws [first, first + count), compares the density with the CPU's on the
    // GPU's grid. `ofPeakOut`: the worst difference as a fraction of the frame's max.
    void compare(const Events& events, const Camera& camera, const HeatmapSettings& s, std::uint32_t first,
                 std::uint32_t count, const char* what, bool binned = false, double* ofPeakOut = nullptr) {
        Vec2d origin = boxOf(events.points).center();
        renderer_->setPoints(origin, HeatmapRenderer::pack(origin, events.points, events.weights));
        target_->bind();
        renderer_->computeDensity(camera, s, first, count);
        HeatmapDensity gpu = renderer_->readDensity();
        ASSERT_EQ(gpu.values.size(), gpu.grid.pixelCount());
        double radiusMetres = s.radiusUnit == HeatmapRadiusUnit::Metres
                                  ? s.radius
                                  : s.radius * camera.unitsPerPixel / gpu.grid.unitsPerMetre;
        std::span<const Vec2d> pts(events.points.data() + first, count);
        std::span<const float> ws;
        if (!events.weights.empty()) ws = {events.weights.data() + first, count};
        auto cpu = computeDensity(pts, ws, gpu.grid, {s.kernel, radiusMetres, 0});
        ASSERT_TRUE(cpu) << cpu.error().message;
        std::size_t compared = 0;
        double ofPeak = 0;
        double worst = worstRelativeError(gpu, *cpu, &compared, &ofPeak);
        if (ofPeakOut) *ofPeakOut = ofPeak;
        if (binned) EXPECT_LT(ofPeak, kBinnedTolerance) << what << " " << densityKernelName(s.kernel);
        else EXPECT_LT(worst, kTolerance) << what << " " << densityKernelName(s.kernel) << ": " << compared << " texels";
        EXPECT_GT(compared, 500u) << what;
        std::printf("%s, %s: worst relative difference %.2e over %zu texels above 1 %% of the max; worst "
                    "difference %.2e of the max\n", what, std::string(densityKernelName(s.kernel)).c_str(), worst,
                    compared, ofPeak);
        // The GPU's max (the reduction's one texel) is the max of what it drew.
        EXPECT_EQ(renderer_->range(s).top, densityPeak(gpu.values).value) << what;
    }

    static constexpr int kW = 640, kH = 480;
    std::unique_ptr<OffscreenTarget> target_;
    std::unique_ptr<HeatmapRenderer> renderer_;
};

TEST_F(Heatmap, EqualsTheCpuReferenceOnSf311) {
    Events sf = sf311();
    ASSERT_GT(sf.points.size(), 10000u);
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(boxOf(sf.points));
    for (DensityKernel k : kKernels) {
        HeatmapSettings s;
        s.method = HeatmapMethod::Exact;
        s.kernel = k;
        s.radius = 300;  // metres: about 16 px here, so texels are 2 px wide
        compare(sf, camera, s, 0, std::uint32_t(sf.points.size()), "SF 311, whole city");
        EXPECT_EQ(renderer_->pixelsPerTexel(), 2);
    }
    // Zoomed on the Mission: most events are off screen, and those within a radius of its edges
    // reach in (the texture's margin).
    camera.center = sf.points[sf.points.size() / 2];
    camera.unitsPerPixel = 4;
    for (DensityKernel k : kKernels) {
        HeatmapSettings s;
        s.method = HeatmapMethod::Exact;
        s.kernel = k;
        s.radius = 120;
        s.maxKernelTexels = 64;  // full resolution: one texel per pixel
        compare(sf, camera, s, 0, std::uint32_t(sf.points.size()), "SF 311, zoomed");
        EXPECT_EQ(renderer_->pixelsPerTexel(), 1);
    }
}

TEST_F(Heatmap, EqualsTheCpuReferenceWithWeightsPixelsAndTimeWindows) {
    Events weighted = sf311("resolve_hours");
    ASSERT_EQ(weighted.weights.size(), weighted.points.size());
    ASSERT_GT(weighted.points.size(), 10000u);
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(boxOf(weighted.points));
    HeatmapSettings s;
    s.method = HeatmapMethod::Exact;
    s.radius = 250;
    compare(weighted, camera, s, 0, std::uint32_t(weighted.points.size()), "SF 311 by resolve_hours");

    Events boston = boston311Sample();
    ASSERT_GT(boston.points.size(), 59000u);
    camera.fit(boxOf(boston.points));
    for (DensityKernel k : kKernels) {
        HeatmapSettings px;
        px.method = HeatmapMethod::Exact;
        px.kernel = k;
        px.radiusUnit = HeatmapRadiusUnit::Pixels;
        px.radius = 10;
        px.maxKernelTexels = 12;
        compare(boston, camera, px, 0, std::uint32_t(boston.points.size()), "Boston, 10 px radius");
        // A time window: events [20000, 35000) of the same upload.
        compare(boston, camera, px, 20000, 15000, "Boston, a window of the upload");
    }
}

TEST_F(Heatmap, BinnedIsCloseToTheCpuReference) {
    Events sf = sf311();
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(boxOf(sf.points));
    for (DensityKernel k : kKernels) {
        HeatmapSettings s;  // the default method: binned
        s.kernel = k;
        s.radius = 300;
        double ofPeak = 1;
        compare(sf, camera, s, 0, std::uint32_t(sf.points.size()), "SF 311 binned", true, &ofPeak);
        EXPECT_LT(ofPeak, kBinnedTolerance) << "SF 311 binned " << densityKernelName(k);
    }
    Events boston = boston311Sample();
    camera.fit(boxOf(boston.points));
    for (DensityKernel k : kKernels) {
        HeatmapSettings px;
        px.kernel = k;
        px.radiusUnit = HeatmapRadiusUnit::Pixels;
        px.radius = 10;
        double ofPeak = 1;
        compare(boston, camera, px, 5000, 40000, "Boston binned, 10 px, a window", true, &ofPeak);
        EXPECT_LT(ofPeak, kBinnedTolerance) << "Boston binned " << densityKernelName(k);
    }
}

TEST_F(Heatmap, ColoursOnLinearAndLogScales) {
    Events sf = sf311();
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(boxOf(sf.points));
    Vec2d origin = boxOf(sf.points).center();
    renderer_->setPoints(origin, HeatmapRenderer::pack(origin, sf.points, {}));
    const Rgba ramp[2] = {{0, 0, 0, 1}, {1, 1, 1, 1}};  // grey = t
    renderer_->setRamp(ramp);
    HeatmapSettings s;
    s.radius = 300;
    s.maxKernelTexels = 64;  // one texel per pixel: the colour at a pixel is its texel's
    s.opacity = 1;
    s.fade = 1e-3f;
    for (HeatmapScale scale : {HeatmapScale::Linear, HeatmapScale::Log}) {
        s.scale = scale;
        s.logDecades = 2;
        target_->bind();
        glClearColor(0, 0, 1, 1);  // blue shows where nothing was drawn
        glClear(GL_COLOR_BUFFER_BIT);
        renderer_->draw(camera, s, 0, std::uint32_t(sf.points.size()));
        target_->finish();
        Image image = target_->read();
        HeatmapDensity d = renderer_->readDensity();
        HeatmapRange range = renderer_->range(s);
        ASSERT_EQ(d.grid.width, kW);
        // The max of this frame, not one left over from the last (a blend state left on once summed them).
        EXPECT_EQ(range.top, densityPeak(d.values).value);
        ASSERT_GT(range.top, 0);
        int checked = 0, blue = 0;
        for (int y = 0; y < kH; y += 3)
            for (int x = 0; x < kW; x += 3) {
                double v = d.values[std::size_t(y) * kW + std::size_t(x)];
                double t = scale == HeatmapScale::Linear ? v / range.top
                                                         : (std::log10(v / range.top) + 2.0) / 2.0;
                const std::uint8_t* px = image.rgba.data() + (std::size_t(y) * kW + std::size_t(x)) * 4;
                if (!(v > 0) || t <= 0.002) {
                    blue += px[2] == 255 && px[0] == 0;
                    continue;
                }
                if (t < 0.01) continue;  // the edge of the scale: rounding decides
                ASSERT_NEAR(px[0], std::min(1.0, t) * 255, 2.0) << x << "," << y << " v " << v;
                ASSERT_EQ(px[2], px[0]);
                ++checked;
            }
        EXPECT_GT(checked, 1000);
        EXPECT_GT(blue, 1000);
        EXPECT_DOUBLE_EQ(range.bottom, scale == HeatmapScale::Log ? range.top / 100 : 0.0);
    }
    // A fixed scale (one for a whole playback): twice the frame's max puts the peak at mid-grey.
    s.scale = HeatmapScale::Linear;
    s.fixedMax = 2 * renderer_->range({}).top;
    renderer_->draw(camera, s, 0, std::uint32_t(sf.points.size()));
    HeatmapDensity d = renderer_->readDensity();
    std::size_t peak = densityPeak(d.values).index;
    Image image = target_->read();
    EXPECT_NEAR(image.rgba[peak * 4], 127.5, 2.0) << "peak " << d.values[peak] << ", fixed max " << s.fixedMax;
    EXPECT_DOUBLE_EQ(renderer_->range(s).top, s.fixedMax);
}

TEST_F(Heatmap, WritesAPictureToLookAt) {
    Events sf = sf311();
    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(boxOf(sf.points));
    Vec2d origin = boxOf(sf.points).center();
    renderer_->setPoints(origin, HeatmapRenderer::pack(origin, sf.points, {}));
    auto magma = paletteColors("Magma", 256);
    ASSERT_TRUE(magma) << magma.error().message;
    renderer_->setRamp(*magma);
    HeatmapSettings s;
    s.radius = 250;
    s.scale = HeatmapScale::Log;
    target_->bind();
    glClearColor(0.04f, 0.07f, 0.13f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    renderer_->draw(camera, s, 0, std::uint32_t(sf.points.size()));
    Status written = target_->writePng("/tmp/gridscope_heatmap_sf311.png");
    ASSERT_TRUE(written) << written.error().message;
    // Something was drawn over the background, and not everywhere.
    Image image = target_->read();
    std::size_t drawn = 0;
    for (std::size_t i = 0; i < image.rgba.size(); i += 4) drawn += image.rgba[i] > 40;
    EXPECT_GT(drawn, std::size_t(kW * kH / 20));
    EXPECT_LT(drawn, std::size_t(kW * kH * 9 / 10));
}

}  // namespace
}  // namespace gs
