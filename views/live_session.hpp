// The live part of the map window: the scene's feeds (config "feeds") running into a live store,
// drawn over the map by the overlay's builder and renderer, plus what the feed panel shows. Created once the scene has
// loaded (grid assignment needs its level geometry); everything here runs on the GL thread except
// the transports' own threads inside LiveFeed.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "session/live_feed.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "live/overlay/overlay_builder.hpp"
#include "live/store/live_store.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_renderer.hpp"
#include "session/scene_file.hpp"

namespace gs::cli {

class LiveSession {
public:
    // Nothing to do (nullptr) when the scene has neither feeds nor a "live" object. Without feeds,
    // a "live.feed" recording is shown as of "live.at" (as `gridscope render` draws it); with
    // feeds, they run (a file feed's "from" gives the state to start from).
    // `historyMs`: how far back the store keeps changes (the wall compares with yesterday).
    static Result<std::unique_ptr<LiveSession>> create(const SceneFile& file, const LoadedScene& scene,
                                                       SceneRenderer& renderer,
                                                       std::int64_t historyMs = kMillisPerDay);
    ~LiveSession();
    LiveSession(const LiveSession&) = delete;
    LiveSession& operator=(const LiveSession&) = delete;

    // Once a frame: drains the feeds into the store (a bounded batch per source), moves the clock
    // (the file replay's, else the wall clock) and uploads the overlay's changed slots. Returns
    // whether anything the map shows changed.
    bool update();
    // The scene was loaded again (its boundary files changed): grids are assigned again in the
    // same store (nothing received is lost) and the overlay is made for the new scene. `scene`
    // replaces the one given to create() and must outlive this session.
    Status rebind(const LoadedScene& scene, SceneRenderer& renderer);

    const LiveStore& store() const { return *store_; }
    const LiveFeed* feed() const { return feed_.get(); }
    const OverlayBuilder& overlay() const { return *overlay_; }
    std::int64_t clock() const { return now_; }
    const UploadStats& lastUpload() const { return lastUpload_; }
    std::chrono::steady_clock::time_point started() const { return started_; }
    // Where a record is, in the display CRS (for fly-to); none without a point.
    std::optional<Vec2d> displayPoint(std::uint32_t record) const;

private:
    LiveSession() = default;

    std::unique_ptr<SceneGridAssigner> assigner_;
    std::unique_ptr<LiveStore> store_;
    std::unique_ptr<LiveFeed> feed_;
    std::unique_ptr<OverlayBuilder> overlay_;
    std::unique_ptr<OverlayRenderer> gl_;
    std::unique_ptr<Transformer> toDisplay_;
    SceneRenderer* renderer_ = nullptr;
    LiveOverlayConfig overlayConfig_;
    std::int64_t now_ = 0;
    std::uint64_t appliedBefore_ = 0;
    UploadStats lastUpload_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace gs::cli
