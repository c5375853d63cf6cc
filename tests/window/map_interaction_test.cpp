// The map window's input handling on the demo scene, with synthetic events: what is hovered and
// selected where the user points, how drag, wheel and keys move the view, and what the feature
// panel says about a grid. No display and no GL needed.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "feature_info.hpp"
#include "map_interaction.hpp"
#include "session/scene_file.hpp"

namespace gs::cli {
namespace {

struct Demo {
    LoadedScene scene;
    std::vector<FeatureIndex> indexes;
    int neighborhoods = -1, tracts = -1, buildings = -1;
};

class MapInteractionTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        // A failure here would only skip the tests (gtest's rule for SetUpTestSuite): keep the
        // reason, and let every test fail with it in SetUp.
        auto config = loadSceneConfig(GRIDSCOPE_SOURCE_DIR "/data/demo.json");
        if (!config) { loadError_ = config.error().message; return; }
        auto scene = loadScene(*config, LoadOptions{});
        if (!scene) { loadError_ = scene.error().message; return; }
        demo_ = new Demo;
        demo_->scene = std::move(*scene);
        demo_->indexes = buildPickIndexes(demo_->scene);
        for (size_t i = 0; i < demo_->scene.layers.size(); ++i) {
            const std::string& id = demo_->scene.layers[i].config.id;
            if (id == "neighborhoods") demo_->neighborhoods = int(i);
            if (id == "tracts") demo_->tracts = int(i);
            if (id == "buildings") demo_->buildings = int(i);
        }
    }
    static void TearDownTestSuite() { delete demo_; demo_ = nullptr; }
    void SetUp() override {
        ASSERT_NE(demo_, nullptr) << "the demo scene did not load: " << loadError_;
        ASSERT_GE(demo_->tracts, 0);
        ASSERT_GE(demo_->neighborhoods, 0);
        ASSERT_GE(demo_->buildings, 0);
        for (auto& l : demo_->scene.layers) l.config.style.visible = true;
        map.setViewport(1280, 800);
        map.setScene(&demo_->scene, &demo_->indexes);
        map.fitScene();
    }

    LoadedLayer& layer(int i) { return demo_->scene.layers[size_t(i)]; }
    Vec2d screenOf(Vec2d world) const { return map.camera.worldToScreen(world); }

    static InputEvent event(InputEvent::Type type, Vec2d at, int button = 0) {
        InputEvent e;
        e.type = type;
        e.position = at;
        e.button = button;
        return e;
    }
    static InputEvent key(Key k) {
        InputEvent e;
        e.type = InputEvent::Type::KeyDown;
        e.key = k;
        return e;
    }
    void click(Vec2d at) {
        map.handle(event(InputEvent::Type::ButtonDown, at), false, false);
        map.handle(event(InputEvent::Type::ButtonUp, at), false, false);
    }

    static Demo* demo_;
    static std::string loadError_;
    MapInteraction map;
};

Demo* MapInteractionTest::demo_ = nullptr;
std::string MapInteractionTest::loadError_;

TEST_F(MapInteractionTest, HoverFindsEveryTractAtItsLabelPoint) {
    layer(demo_->buildings).config.style.visible = false;
    const LoadedLayer& tracts = layer(demo_->tracts);
    ASSERT_EQ(tracts.featureCount(), 29u);
    for (size_t f = 0; f < tracts.featureCount(); ++f) {
        map.hover(screenOf(tracts.labelPoints[f]));
        EXPECT_EQ(map.hovered, (FeatureRef{demo_->tracts, int(f)})) << "tract " << f;
    }
    map.hover(std::nullopt);  // the cursor left the map
    EXPECT_FALSE(map.hovered.valid());
}

TEST_F(MapInteractionTest, HiddenLevelsFallBackToTheCoarserVisibleLevel) {
    layer(demo_->buildings).config.style.visible = false;
    layer(demo_->tracts).config.style.visible = false;
    const LoadedLayer& tracts = layer(demo_->tracts);
    map.hover(screenOf(tracts.labelPoints[0]));
    ASSERT_TRUE(map.hovered.valid());
    EXPECT_EQ(map.hovered.layer, demo_->neighborhoods);
    EXPECT_EQ(map.hovered.feature, tracts.parents[0]);  // the tract's own neighbourhood
    layer(demo_->neighborhoods).config.style.visible = false;
    map.hover(screenOf(tracts.labelPoints[0]));
    EXPECT_FALSE(map.hovered.valid());
}

TEST_F(MapInteractionTest, BuildingsAreOnTopOfGrids) {
    const LoadedLayer& b = layer(demo_->buildings);
    ASSERT_GT(b.featureCount(), 1000u);
    const FeatureIndex& index = demo_->indexes[size_t(demo_->buildings)];
    int found = 0;
    for (size_t f = 0; f < b.featureCount() && found < 20; ++f) {
        Vec2d c = b.bounds[f].center();
        if (index.pick(b, c) != int(f)) continue;  // a concave footprint: its box centre is outside
        ++found;
        EXPECT_EQ(pickFeature(demo_->scene, demo_->indexes, c), (FeatureRef{demo_->buildings, int(f)}));
    }
    EXPECT_EQ(found, 20);
}

TEST_F(MapInteractionTest, ClickSelectsAndEscapeOrEmptyGroundClears) {
    layer(demo_->buildings).config.style.visible = false;
    const Vec2d at = screenOf(layer(demo_->tracts).labelPoints[3]);
    click(at);
    EXPECT_EQ(map.selected, (FeatureRef{demo_->tracts, 3}));
    map.handle(key(Key::Escape), false, false);
    EXPECT_FALSE(map.selected.valid());

    click(at);
    ASSERT_TRUE(map.selected.valid());
    const Box& e = demo_->scene.extent;
    click(screenOf({e.maxX + e.width(), e.maxY + e.height()}));  // far outside every grid
    EXPECT_FALSE(map.selected.valid());
}

TEST_F(MapInteractionTest, DragPansWithoutSelecting) {
    const Vec2d start{640, 400};
    const Vec2d before = map.camera.center;
    const double upp = map.camera.unitsPerPixel;
    map.handle(event(InputEvent::Type::ButtonDown, start), false, false);
    map.handle(event(InputEvent::Type::CursorMove, {start.x + 60, start.y + 20}), false, false);
    EXPECT_TRUE(map.dragging());
    map.handle(event(InputEvent::Type::CursorMove, {start.x + 100, start.y + 50}), false, false);
    map.handle(event(InputEvent::Type::ButtonUp, {start.x + 100, start.y + 50}), false, false);
    EXPECT_FALSE(map.selected.valid());
    EXPECT_FALSE(map.dragging());
    // The world point that was under the cursor followed it (the first 4 px decide it is a drag).
    EXPECT_NEAR(map.camera.center.x, before.x - 100 * upp, 1e-6 * upp);
    EXPECT_NEAR(map.camera.center.y, before.y + 50 * upp, 1e-6 * upp);
}

TEST_F(MapInteractionTest, WheelZoomsAboutTheCursor) {
    const Vec2d cursor{300, 200};
    const Vec2d world = map.camera.screenToWorld(cursor);
    const double upp = map.camera.unitsPerPixel;
    InputEvent wheel = event(InputEvent::Type::Scroll, cursor);
    wheel.scroll = 2;
    map.handle(wheel, false, false);
    EXPECT_NEAR(map.camera.unitsPerPixel, upp / std::pow(MapInteraction::kWheelZoomStep, 2), upp * 1e-9);
    Vec2d after = map.camera.screenToWorld(cursor);
    EXPECT_NEAR(after.x, world.x, upp * 1e-6);
    EXPECT_NEAR(after.y, world.y, upp * 1e-6);
}

TEST_F(MapInteractionTest, InputThePanelsTakeDoesNotReachTheMap) {
    const Camera before = map.camera;
    InputEvent wheel = event(InputEvent::Type::Scroll, {100, 100});
    wheel.scroll = 1;
    map.handle(wheel, true, false);
    map.handle(event(InputEvent::Type::ButtonDown, {100, 100}), true, false);
    map.handle(event(InputEvent::Type::CursorMove, {300, 300}), true, false);
    map.handle(event(InputEvent::Type::ButtonUp, {300, 300}), true, false);
    map.handle(key(Key::Left), false, true);
    EXPECT_EQ(map.camera.center, before.center);
    EXPECT_EQ(map.camera.unitsPerPixel, before.unitsPerPixel);
    EXPECT_FALSE(map.selected.valid());
}

TEST_F(MapInteractionTest, KeysPanZoomToggleLabelsAndFit) {
    const Camera fitted = map.camera;
    map.handle(key(Key::Right), false, false);
    EXPECT_GT(map.camera.center.x, fitted.center.x);  // the view moves east
    map.handle(key(Key::W), false, false);
    EXPECT_GT(map.camera.center.y, fitted.center.y);  // and north
    map.handle(key(Key::Plus), false, false);
    EXPECT_LT(map.camera.unitsPerPixel, fitted.unitsPerPixel);
    map.handle(key(Key::Minus), false, false);
    map.handle(key(Key::Minus), false, false);
    EXPECT_GT(map.camera.unitsPerPixel, fitted.unitsPerPixel);
    const bool labels = map.labels;
    map.handle(key(Key::L), false, false);
    EXPECT_NE(map.labels, labels);
    map.handle(key(Key::Home), false, false);
    EXPECT_NEAR(map.camera.center.x, fitted.center.x, fitted.unitsPerPixel * 1e-6);
    EXPECT_NEAR(map.camera.unitsPerPixel, fitted.unitsPerPixel, fitted.unitsPerPixel * 1e-9);
}

TEST_F(MapInteractionTest, FitCentresTheExtentInWhatThePanelsLeaveFree) {
    map.insets = {340, 360, 0, 30};
    map.handle(key(Key::F), false, false);
    const Box& e = demo_->scene.extent;
    Vec2d c = screenOf(e.center());
    EXPECT_NEAR(c.x, 340 + (1280 - 340 - 360) / 2.0, 1e-6);
    EXPECT_NEAR(c.y, (800 - 30) / 2.0, 1e-6);
    Vec2d lo = screenOf({e.minX, e.minY}), hi = screenOf({e.maxX, e.maxY});
    EXPECT_GE(lo.x, 340 - 1e-6);
    EXPECT_LE(hi.x, 1280 - 360 + 1e-6);
    EXPECT_GE(hi.y, -1e-6);
    EXPECT_LE(lo.y, 800 - 30 + 1e-6);
}

TEST_F(MapInteractionTest, FeatureInfoNamesTheParentGridAndListsEveryAttribute) {
    const LoadedLayer& tracts = layer(demo_->tracts);
    const LoadedLayer& hoods = layer(demo_->neighborhoods);
    FeatureInfo info = describeFeature(demo_->scene, demo_->indexes, {demo_->tracts, 0});
    EXPECT_EQ(info.layerId, "tracts");
    EXPECT_EQ(info.fid, tracts.fids[0]);
    EXPECT_EQ(info.name.rfind("网格 ", 0), 0u) << info.name;
    ASSERT_EQ(info.ancestors.size(), 1u);
    EXPECT_EQ(info.ancestors[0].ref, (FeatureRef{demo_->neighborhoods, tracts.parents[0]}));
    auto nameColumn = hoods.attributes.find("name_zh");
    ASSERT_TRUE(nameColumn);
    EXPECT_EQ(info.ancestors[0].name, hoods.attributes.column(*nameColumn).values[size_t(tracts.parents[0])]);
    EXPECT_EQ(info.ancestors[0].layerTitle, "街道 Neighborhoods");
    EXPECT_EQ(info.attributes.size(), tracts.attributes.columnCount());
    bool hasCount = false;
    for (const auto& [name, value] : info.attributes) hasCount |= name == "bld_count" && !value.empty();
    EXPECT_TRUE(hasCount);

    // Neighbourhoods are the top level.
    EXPECT_TRUE(describeFeature(demo_->scene, demo_->indexes, {demo_->neighborhoods, 0}).ancestors.empty());
}

TEST_F(MapInteractionTest, ABuildingBelongsToTheGridThatHoldsIt) {
    const LoadedLayer& b = layer(demo_->buildings);
    const LoadedLayer& tracts = layer(demo_->tracts);
    const FeatureIndex& buildingIndex = demo_->indexes[size_t(demo_->buildings)];
    const FeatureIndex& tractIndex = demo_->indexes[size_t(demo_->tracts)];
    int checked = 0;
    for (size_t f = 0; f < b.featureCount(); f += 97) {
        const Vec2d p = interiorPoint(b, f);
        ASSERT_EQ(buildingIndex.pick(b, p), int(f)) << "interior point of building " << f;
        const int tract = tractIndex.pick(tracts, p);
        if (tract < 0) continue;  // on the edge of the demo area
        FeatureInfo info = describeFeature(demo_->scene, demo_->indexes, {demo_->buildings, int(f)});
        ASSERT_EQ(info.ancestors.size(), 2u);
        EXPECT_EQ(info.ancestors[0].ref, (FeatureRef{demo_->tracts, tract}));
        EXPECT_EQ(info.ancestors[1].ref, (FeatureRef{demo_->neighborhoods, tracts.parents[size_t(tract)]}));
        EXPECT_TRUE(info.id.empty() && info.name.empty());  // buildings are not a level
        ++checked;
    }
    EXPECT_GT(checked, 20);
    EXPECT_EQ(featureLabel(demo_->scene, {demo_->buildings, 0}), "fid " + std::to_string(b.fids[0]));
}

}  // namespace
}  // namespace gs::cli
