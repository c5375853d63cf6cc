// Crowded markers are kept as a picture of their own over the map's and redrawn only in the tiles
// where something changed (OverlayRenderer::drawCached). The rule that makes this safe: every frame it
// draws is the same, pixel for pixel, as drawing the map and every marker again. This test runs a
// live district through many frames of new, moved, recoloured and closed issues, volunteers
// leaving trails, and issues turning overdue as the clock goes, and compares each incremental
// frame with the full redraw of the same state.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "geo/transformer.hpp"
#include "image/png.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "live/overlay/overlay_builder.hpp"
#include "live/store/live_store.hpp"
#include "core/rfc3339.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "render/canvas_renderer.hpp"
#include "render/gl.hpp"
#include "demo_scene.hpp"
#include "gl_pixels.hpp"
#include "render/offscreen_target.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_renderer.hpp"
#include "scene/loader.hpp"

namespace gs {
namespace {

using nlohmann::json;
constexpr int kW = 960, kH = 540;



std::string isoTime(std::int64_t ms) { return formatRfc3339(ms, 8 * 60); }

TEST(MarkerPicture, EveryIncrementalFrameEqualsTheFullRedraw) {
    auto offscreen = OffscreenTarget::create(kW, kH);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    auto scene = test::loadDemoScene();
    ASSERT_TRUE(scene) << scene.error().message;
    auto renderer = SceneRenderer::create();
    ASSERT_TRUE(renderer) << renderer.error().message;
    ASSERT_TRUE((*renderer)->setScene(*scene));

    auto assigner = SceneGridAssigner::create(*scene);
    ASSERT_TRUE(assigner) << assigner.error().message;
    StoreOptions storeOptions;
    storeOptions.utcOffsetMinutes = 480;
    LiveStore store(storeOptions, assigner->get());
    LiveOverlayConfig overlayConfig;
    overlayConfig.mode = OverlayModeSetting::Markers;
    overlayConfig.trailPoints = 4;  // trails lose their oldest segment within the test
    auto overlay = OverlayBuilder::create(overlayConfig, *scene);
    ASSERT_TRUE(overlay) << overlay.error().message;
    auto gl = OverlayRenderer::create();
    ASSERT_TRUE(gl) << gl.error().message;
    (*renderer)->setLiveOverlay(overlay->get(), gl->get());
    (*renderer)->setMapCache(true);
    auto target = TextureTarget::create(kW, kH);
    ASSERT_TRUE(target) << target.error().message;

    auto toLonLat = Transformer::create(scene->config.displayCrs, "EPSG:4326");
    ASSERT_TRUE(toLonLat);
    auto box = toLonLat->transformBounds(scene->extent);
    ASSERT_TRUE(box);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> ux(box->minX, box->maxX), uy(box->minY, box->maxY);
    std::uniform_int_distribution<int> pick(0, 1 << 30);
    const char* categories[] = {"safety_hazard", "noise", "sanitation", "road_damage", "lost_pet"};
    const char* open[] = {"reported", "assigned", "in_progress"};

    std::int64_t now = parseRfc3339("2026-11-22T09:00:00+08:00").value();
    struct Open {
        std::string id;
        double x, y;
    };
    std::vector<Open> opened;
    int next = 0;
    auto issue = [&](const std::string& id, double x, double y, const std::string& status, std::int64_t due) {
        json p = {{"kind", "issue"}, {"category", categories[pick(rng) % 5]}, {"status", status},
                  {"priority", 1 + pick(rng) % 3}, {"reported_at", isoTime(now - 3600000)},
                  {"updated_at", isoTime(now)}, {"due_at", isoTime(due)}};
        json m = {{"type", "Feature"}, {"id", id}, {"geometry", {{"type", "Point"}, {"coordinates", {x, y}}}},
                  {"properties", p}};
        ASSERT_EQ(store.ingest(m.dump()), IngestOutcome::Applied) << m.dump();
    };
    auto volunteer = [&](int v) {
        json m = {{"type", "Feature"}, {"id", "v" + std::to_string(v)},
                  {"geometry", {{"type", "Point"}, {"coordinates", {ux(rng), uy(rng)}}}},
                  {"properties", {{"kind", "volunteer"}, {"team", v % 2 ? "银铃巡逻队" : "邻里守望队"},
                                  {"status", "on_duty"}, {"updated_at", isoTime(now)}}}};
        ASSERT_EQ(store.ingest(m.dump()), IngestOutcome::Applied) << m.dump();
    };
    // A crowded district: 3,000 open issues, due over the next half hour (so some turn overdue as
    // the frames go by), and a few volunteers.
    for (int i = 0; i < 3000; ++i) {
        Open o{"i" + std::to_string(next++), ux(rng), uy(rng)};
        issue(o.id, o.x, o.y, open[pick(rng) % 3], now + std::int64_t(pick(rng) % 1800) * 1000);
        opened.push_back(o);
    }
    for (int v = 0; v < 6; ++v) volunteer(v);
    store.setClock(now);
    (*overlay)->sync(store, now, **gl);

    Camera camera;
    camera.setViewport(kW, kH);
    camera.fit(scene->extent);
    ViewState view;
    view.legend = true;

    int incrementalFrames = 0;
    std::vector<uint8_t> previous;
    for (int frame = 0; frame < 30; ++frame) {
        if (frame > 0) {
            now += 7000;  // some issues turn overdue each frame
            const int changes = frame % 10 == 9 ? 0 : 6;  // now and then the clock alone moves
            for (int c = 0; c < changes; ++c) {
                const int op = pick(rng) % 4;
                if (op == 0 || opened.empty()) {  // a new issue
                    Open o{"i" + std::to_string(next++), ux(rng), uy(rng)};
                    issue(o.id, o.x, o.y, "reported", now + std::int64_t(pick(rng) % 120) * 1000);
                    opened.push_back(o);
                } else {
                    const std::size_t k = std::size_t(pick(rng)) % opened.size();
                    Open& o = opened[k];
                    if (op == 1) {  // closed: it leaves the map (its slot is refilled by another)
                        issue(o.id, o.x, o.y, "closed", now);
                        opened.erase(opened.begin() + std::ptrdiff_t(k));
                    } else if (op == 2) {  // moved
                        o.x = ux(rng), o.y = uy(rng);
                        issue(o.id, o.x, o.y, "in_progress", now + 600000);
                    } else {  // further along, same place
                        issue(o.id, o.x, o.y, "assigned", now + 300000);
                    }
                }
            }
            if (frame % 2 == 0) volunteer(frame % 4);  // a trail moves on
            store.setClock(now);
            (*overlay)->sync(store, now, **gl);
        }
        (*gl)->setIncremental(true);
        target->bind();
        RenderStats stats = (*renderer)->render(camera, view);
        EXPECT_FALSE(stats.partial);
        ASSERT_EQ((*overlay)->mode(), OverlayMode::Markers);
        ASSERT_LT((*overlay)->markerScale(), 0.5f) << "the markers must be crowded (dense) for this test";
        const double redrawn = (*gl)->lastRedrawnPixels();
        if (frame > 0 && redrawn < 0.4 * kW * kH) ++incrementalFrames;
        target->bind();
        const auto incremental = test::readBoundPixels(kW, kH);

        (*gl)->setIncremental(false);  // the same state, drawn whole
        target->bind();
        (*renderer)->render(camera, view);
        target->bind();
        const auto whole = test::readBoundPixels(kW, kH);
        EXPECT_EQ(test::differingPixels(incremental, whole), 0u) << "frame " << frame << " (" << redrawn << " px redrawn)";
        if (frame > 0) EXPECT_GT(test::differingPixels(incremental, previous), 0u) << "frame " << frame << " changed nothing";
        previous = incremental;
    }
    if (const char* out = std::getenv("GRIDSCOPE_TEST_PICTURE"))  // to look at the last frame
        EXPECT_TRUE(test::writeGlPixelsPng(out, previous, kW, kH));
    // Most frames were drawn incrementally (the test would prove nothing otherwise).
    EXPECT_GE(incrementalFrames, 20);
}

}  // namespace
}  // namespace gs
