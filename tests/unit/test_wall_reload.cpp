// A wall that runs for weeks: boundary files are watched (FileWatch) and, when they change, the
// scene is loaded again while the live store keeps every record, re-assigned to the new grids.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "render/offscreen_target.hpp"
#include "wall/file_watch.hpp"
#include "wall/wall_layout.hpp"
#include "wall_session.hpp"

#ifndef GRIDSCOPE_SOURCE_DIR
#define GRIDSCOPE_SOURCE_DIR "/work/main"
#endif

namespace gs {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path tempDir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("gridscope-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void touch(const fs::path& p, int secondsAhead) {
    std::ofstream(p, std::ios::app) << "x";
    fs::last_write_time(p, fs::file_time_type::clock::now() + std::chrono::seconds(secondsAhead));
}

TEST(WallFileWatch, ReportsAChangeOnceItHasSettled) {
    const fs::path dir = tempDir("watch");
    const fs::path file = dir / "grids.gpkg";
    std::ofstream(file) << "v1";
    FileWatch watch(1000ms, 1000ms);
    const auto t0 = FileWatch::Clock::now();
    const std::vector<std::string> files{file.string()};
    EXPECT_FALSE(watch.poll(files, t0));          // records the state
    EXPECT_FALSE(watch.poll(files, t0 + 1100ms)); // nothing changed
    touch(file, 5);
    EXPECT_FALSE(watch.poll(files, t0 + 1500ms)); // within the poll interval: not even looked at
    EXPECT_FALSE(watch.poll(files, t0 + 2200ms)); // changed: settling
    EXPECT_TRUE(watch.poll(files, t0 + 3300ms));  // still for a second: report
    EXPECT_FALSE(watch.poll(files, t0 + 4400ms)); // once
    // A file that keeps changing (a copy in progress) is not reported until it stops.
    for (int i = 0; i < 4; ++i) {
        touch(file, 10 + i);
        EXPECT_FALSE(watch.poll(files, t0 + 5500ms + i * 1100ms)) << i;
    }
    EXPECT_TRUE(watch.poll(files, t0 + 5500ms + 4 * 1100ms));
    // Removal is a change too.
    fs::remove(file);
    EXPECT_FALSE(watch.poll(files, t0 + 12000ms));
    EXPECT_TRUE(watch.poll(files, t0 + 13100ms));
    fs::remove_all(dir);
}

// Deletes the tracts whose fid is above `keep` from a GeoPackage copy.
void dropTracts(const fs::path& gpkg, int keep) {
    GDALAllRegister();
    GDALDataset* ds = static_cast<GDALDataset*>(GDALOpenEx(gpkg.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE,
                                                           nullptr, nullptr, nullptr));
    ASSERT_NE(ds, nullptr);
    OGRLayer* layer = ds->GetLayerByName("tracts");
    ASSERT_NE(layer, nullptr);
    std::vector<GIntBig> doomed;
    for (auto& f : *layer)
        if (f->GetFID() > keep) doomed.push_back(f->GetFID());
    for (GIntBig fid : doomed) ASSERT_EQ(layer->DeleteFeature(fid), OGRERR_NONE);
    GDALClose(ds);
}

TEST(WallReload, NewBoundariesKeepEveryRecordOfTheLiveStore) {
    const fs::path repo = GRIDSCOPE_SOURCE_DIR;
    const fs::path dir = tempDir("reload");
    fs::copy_file(repo / "data/demo.gpkg", dir / "demo.gpkg");
    fs::copy_file(repo / "data/osm_demo.gpkg", dir / "osm_demo.gpkg");
    // The demo scene, reading its GeoPackage from the copy and showing its recording.
    nlohmann::json scene = nlohmann::json::parse(std::ifstream(repo / "data/demo.json"));
    scene.erase("feeds");
    scene["live"]["feed"] = (repo / "data/feed/demo.ndjson").string();
    std::ofstream(dir / "scene.json") << scene.dump();
    const std::string layoutJson = R"({
        "canvas": [640, 360], "scene": "scene.json", "clock": "2016-01-27T09:24:56-08:00",
        "panels": [{"id": "map", "type": "map", "rect": [0, 0, 640, 360]}]})";
    auto layout = parseWallLayout(layoutJson, "layout.json", dir);
    ASSERT_TRUE(layout) << layout.error().message;
    auto offscreen = OffscreenTarget::create(640, 360);
    ASSERT_TRUE(offscreen) << offscreen.error().message;
    cli::WallSessionOptions options;
    options.fixedClock = true;
    auto session = cli::WallSession::create(*layout, options);
    ASSERT_TRUE(session) << session.error().message;
    cli::WallSession& wall = **session;
    ASSERT_TRUE(wall.render(false));

    const LiveStore& before = *wall.store();
    const std::size_t records = before.size();
    const std::uint64_t received = before.accounting().received;
    const int finest = before.levelCount() - 1;
    ASSERT_EQ(before.gridCount(finest), 29);
    const int unassignedBefore = before.figures(finest, -1).issues;
    const int issues = before.totals().issues;
    ASSERT_GT(issues, 0);
    const auto files = wall.sceneFiles();
    EXPECT_NE(std::find(files.begin(), files.end(), (dir / "demo.gpkg").string()), files.end());

    dropTracts(dir / "demo.gpkg", 10);
    ASSERT_TRUE(wall.reloadScene());
    ASSERT_TRUE(wall.render(false));

    const LiveStore& after = *wall.store();
    EXPECT_EQ(&after, &before);  // the same store: nothing received is lost
    EXPECT_EQ(after.size(), records);
    EXPECT_EQ(after.accounting().received, received);
    EXPECT_EQ(after.totals().issues, issues);
    EXPECT_EQ(after.gridCount(finest), 10);
    // Issues in the tracts that went are now in no grid; the rest stay counted in theirs.
    int inGrids = 0;
    for (int g = 0; g < after.gridCount(finest); ++g) inGrids += after.figures(finest, g).issues;
    EXPECT_GT(after.figures(finest, -1).issues, unassignedBefore);
    EXPECT_EQ(inGrids + after.figures(finest, -1).issues, issues);
    fs::remove_all(dir);
}

TEST(WallReload, ABrokenFileKeepsThePreviousScene) {
    const fs::path repo = GRIDSCOPE_SOURCE_DIR;
    const fs::path dir = tempDir("reload-bad");
    fs::copy_file(repo / "data/demo.gpkg", dir / "demo.gpkg");
    fs::copy_file(repo / "data/osm_demo.gpkg", dir / "osm_demo.gpkg");
    nlohmann::json scene = nlohmann::json::parse(std::ifstream(repo / "data/demo.json"));
    scene.erase("feeds");
    scene["live"]["feed"] = (repo / "data/feed/demo.ndjson").string();
    std::ofstream(dir / "scene.json") << scene.dump();
    auto layout = parseWallLayout(R"({"canvas": [640, 360], "scene": "scene.json",
        "clock": "2016-01-27T09:24:56-08:00", "panels": [{"id": "map", "type": "map", "rect": [0, 0, 640, 360]}]})",
                                  "layout.json", dir);
    ASSERT_TRUE(layout);
    auto offscreen = OffscreenTarget::create(640, 360);
    ASSERT_TRUE(offscreen);
    cli::WallSessionOptions options;
    options.fixedClock = true;
    auto session = cli::WallSession::create(*layout, options);
    ASSERT_TRUE(session) << session.error().message;
    const int grids = (*session)->store()->gridCount((*session)->store()->levelCount() - 1);
    std::ofstream(dir / "demo.gpkg", std::ios::trunc) << "not a geopackage";
    auto st = (*session)->reloadScene();
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("demo.gpkg"), std::string::npos) << st.error().message;
    EXPECT_EQ((*session)->store()->gridCount((*session)->store()->levelCount() - 1), grids);
    EXPECT_TRUE((*session)->render(false));
    fs::remove_all(dir);
}

}  // namespace
}  // namespace gs
