// The live overlay's CPU builder (live/overlay/overlay_builder) turns the store's state and a camera
// into a draw list with no GL at all: these tests run without a GL context. What they draw is
// checked pixel for pixel by the render tests (tests/render/live-*).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "core/rfc3339.hpp"
#include "demo_scene.hpp"
#include "live/overlay/overlay_builder.hpp"
#include "live/store/feed_until.hpp"
#include "live/store/live_store.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "text/text_cache.hpp"

namespace gs {
namespace {

// The "GPU" buffer: what the builder hands over through InstanceUploader.
struct GpuMirror : InstanceUploader {
    std::vector<MarkerInstance> buffer;
    void allocate(std::uint32_t capacity) override { buffer.assign(capacity, MarkerInstance{}); }
    void upload(std::uint32_t first, std::span<const MarkerInstance> instances) override {
        ASSERT_LE(first + instances.size(), buffer.size());
        std::copy(instances.begin(), instances.end(), buffer.begin() + first);
    }
};

struct Demo {
    LoadedScene scene;
    SceneLiveStore live;
    std::int64_t clock = 0;
};

// The demo district and its recording as of the render tests' clock.
Demo& demo() {
    static Demo d = [] {
        Demo d;
        auto scene = test::loadDemoScene();
        EXPECT_TRUE(scene) << scene.error().message;
        d.scene = std::move(*scene);
        StoreOptions options;
        options.utcOffsetMinutes = -8 * 60;
        auto live = makeSceneLiveStore(d.scene, options);
        EXPECT_TRUE(live) << live.error().message;
        d.live = std::move(*live);
        d.clock = parseRfc3339("2016-01-27T09:24:56-08:00").value();
        auto stats = ingestFeedFileUntil(std::string(GRIDSCOPE_SOURCE_DIR) + "/data/feed/demo.ndjson", d.clock,
                                         *d.live.store);
        EXPECT_TRUE(stats) << stats.error().message;
        d.live.store->setClock(d.clock);
        return d;
    }();
    return d;
}

Camera fitted(const LoadedScene& scene, double zoom = 1) {
    Camera c;
    c.setViewport(960, 640);
    c.fit(scene.extent);
    c.unitsPerPixel /= zoom;
    return c;
}

TEST(OverlayBuilder, MarkersAsADrawListWithoutGl) {
    Demo& d = demo();
    LiveOverlayConfig config;
    config.mode = OverlayModeSetting::Markers;
    config.utcOffsetMinutes = -8 * 60;
    auto builder = OverlayBuilder::create(config, d.scene);
    ASSERT_TRUE(builder) << builder.error().message;
    GpuMirror gpu;
    const UploadStats up = (*builder)->sync(*d.live.store, d.clock, gpu);
    EXPECT_TRUE(up.reallocated);
    const std::uint32_t drawn = d.live.store->drawnCount();
    ASSERT_GT(drawn, 0u);
    EXPECT_EQ(up.slots, drawn);

    TextCache fonts;
    ScreenBatch text;
    fonts.beginFrame();
    const OverlayDrawList& list = (*builder)->prepare(fitted(d.scene, 3), 1.0f, true, fonts, text);
    ASSERT_TRUE(list.active);
    EXPECT_TRUE(list.markers);
    // The slots drawn are the ones handed to the GPU buffer.
    ASSERT_EQ(list.slots.size(), drawn);
    EXPECT_TRUE(std::equal(list.slots.begin(), list.slots.end(), gpu.buffer.begin()));
    EXPECT_EQ(list.markerUiScale, (*builder)->markerScale());
    EXPECT_TRUE(list.badges.empty()) << "markers mode draws no count badges";
    // The legend: a panel with its text, and its icons in screen space.
    EXPECT_FALSE(list.legendText.empty());
    ASSERT_FALSE(list.icons.empty());
    for (const MarkerInstance& m : list.icons) EXPECT_TRUE(m.flags & MarkerInstance::kScreenSpace);
    // Overdue labels, no more than the config allows, into the frame's text.
    EXPECT_GT((*builder)->overdueLabels(), 0u);
    EXPECT_LE((*builder)->overdueLabels(), std::size_t(config.overdueLabels));
    EXPECT_FALSE(text.empty());
    EXPECT_FALSE(fonts.atlases().empty());

    // Without the legend, the same markers and labels, and no legend.
    ScreenBatch text2;
    const OverlayDrawList& bare = (*builder)->prepare(fitted(d.scene, 3), 1.0f, false, fonts, text2);
    EXPECT_TRUE(bare.legendText.empty());
    EXPECT_TRUE(bare.icons.empty());
    EXPECT_EQ(bare.slots.size(), drawn);
}

TEST(OverlayBuilder, CountsAsBadgesWithTheirNumbers) {
    Demo& d = demo();
    LiveOverlayConfig config;
    config.mode = OverlayModeSetting::Counts;
    auto builder = OverlayBuilder::create(config, d.scene);
    ASSERT_TRUE(builder) << builder.error().message;
    GpuMirror gpu;
    (*builder)->sync(*d.live.store, d.clock, gpu);
    TextCache fonts;
    ScreenBatch text;
    const OverlayDrawList& list = (*builder)->prepare(fitted(d.scene), 1.0f, true, fonts, text);
    ASSERT_TRUE(list.active);
    EXPECT_FALSE(list.markers) << "counts mode draws no markers";
    EXPECT_EQ((*builder)->mode(), OverlayMode::Counts);
    EXPECT_GE((*builder)->countLevel(), 0);
    ASSERT_GT((*builder)->badges(), 0u);
    // A bubble per grid shown, and a red one beside it for grids with overdue issues.
    EXPECT_GE(list.badges.size(), (*builder)->badges());
    EXPECT_LE(list.badges.size(), 2 * (*builder)->badges());
    for (const MarkerInstance& m : list.badges) EXPECT_TRUE(m.flags & MarkerInstance::kBadge);
    EXPECT_FALSE(text.empty()) << "the counts are text over the bubbles";
}

TEST(OverlayBuilder, BeforeAnyStoreOnlyTheTextIsDrawn) {
    Demo& d = demo();
    auto builder = OverlayBuilder::create(LiveOverlayConfig{}, d.scene);
    ASSERT_TRUE(builder) << builder.error().message;
    TextCache fonts;
    ScreenBatch text;
    EXPECT_FALSE((*builder)->prepare(fitted(d.scene), 1.0f, true, fonts, text).active);
    EXPECT_FALSE((*builder)->takeLayerColors());
}

TEST(OverlayBuilder, ANamedLevelTheSceneLacksIsAnError) {
    Demo& d = demo();
    LiveOverlayConfig config;
    config.countLevel = "blocks";
    auto builder = OverlayBuilder::create(config, d.scene);
    ASSERT_FALSE(builder);
    EXPECT_NE(builder.error().message.find("live.countLevel: \"blocks\" is not a level of the scene"),
              std::string::npos)
        << builder.error().message;
}

TEST(TextCache, OneLayoutPerTextSizeAndAlignmentKeptForTheFrame) {
    TextCache fonts;
    int a = -1, b = -1;
    const TextLayout* l1 = fonts.layout("网格 G-07", 14, a);
    if (!l1 && fonts.fontError()) GTEST_SKIP() << fonts.fontError()->message;
    ASSERT_TRUE(l1);
    EXPECT_EQ(fonts.layout("网格 G-07", 14, b), l1) << "the same text is laid out once";
    EXPECT_EQ(a, b);
    EXPECT_NE(fonts.layout("网格 G-07", 14, b, HAlign::Left), l1) << "another alignment is another layout";
    int c = -1;
    EXPECT_NE(fonts.layout("网格 G-07", 20, c), l1);
    EXPECT_NE(c, a) << "another size, another atlas";
    // Sizes are clamped as the atlases are: 3 px is 6 px.
    int d6 = -1, d3 = -2;
    EXPECT_EQ(fonts.layout("x", 3, d3), fonts.layout("x", 6, d6));
    EXPECT_EQ(d3, d6);

    // Past the limit the layouts are forgotten at the start of a frame, never within one.
    for (std::size_t i = fonts.layoutCount(); i <= TextCache::kMaxLayouts; ++i)
        ASSERT_TRUE(fonts.layout(std::to_string(i), 14, a));
    EXPECT_GT(fonts.layoutCount(), TextCache::kMaxLayouts);
    fonts.beginFrame();
    EXPECT_EQ(fonts.layoutCount(), 0u);

    // addText: the glyphs at the anchor, snapped to a whole pixel.
    ScreenBatch batch;
    const TextLayout* l = fonts.layout("G", 14, a);
    ASSERT_TRUE(l && !l->quads.empty());
    addText(batch, *l, a, {10.4, 20.6}, {1, 1, 1, 1}, {0, 0, 0, 1});
    ASSERT_EQ(batch.vertices().size(), 6 * l->quads.size());
    EXPECT_EQ(batch.vertices()[0].x, 10.0f + l->quads[0].x0);
    EXPECT_EQ(batch.vertices()[0].y, 21.0f + l->quads[0].y0);
}

}  // namespace
}  // namespace gs
