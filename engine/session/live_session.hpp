// The live part of a map, one object for every place that draws one: the scene's feeds (its
// "feeds") or its recording ("live.feed" as of "live.at") running into a live store with grids
// assigned against the scene's levels; the overlay's CPU builder (live/overlay/overlay_builder)
// fed from the store; its GL renderer (render/overlay_renderer); both attached to the scene
// renderer for as long as the session lives. The map window, the wall and the headless snapshot
// (session/snapshot) each make one. Created once the scene has loaded (grid assignment needs its
// level geometry); everything here runs on the GL thread except the transports' own threads inside
// LiveFeed.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "geo/transformer.hpp"
#include "live/feed/feed_config.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "live/overlay/marker_instance.hpp"
#include "live/store/live_store.hpp"
#include "scene/loader.hpp"
#include "session/live_feed.hpp"
#include "session/scene_file.hpp"

namespace gs {

class OverlayBuilder;
class OverlayRenderer;
class SceneGridAssigner;
class SceneRenderer;

struct LiveSessionOptions {
    // How far back the store keeps changes (the wall compares with yesterday).
    std::int64_t historyMs = kMillisPerDay;
    // A picture of one instant (a headless snapshot): without "live.at" the clock is the
    // recording's newest message, else 0; never the wall clock.
    bool picture = false;
};

class LiveSession {
public:
    // Nothing to do (nullptr) when there are neither feeds nor a "live" object. Without feeds, a
    // "live.feed" recording is shown as of "live.at"; with feeds, they run (a file feed's "from"
    // gives the state to start from). `label` names the config in the feeds' errors.
    static Result<std::unique_ptr<LiveSession>> create(const std::vector<FeedConfig>& feeds,
                                                       const std::optional<LiveOverlayConfig>& live,
                                                       const std::string& label, const LoadedScene& scene,
                                                       SceneRenderer& renderer, const LiveSessionOptions& options = {});
    // The feeds and "live" object of a scene file.
    static Result<std::unique_ptr<LiveSession>> create(const SceneFile& file, const LoadedScene& scene,
                                                       SceneRenderer& renderer, const LiveSessionOptions& options = {});
    ~LiveSession();  // stops the feeds, detaches the overlay from the renderer
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
    OverlayRenderer& overlayRenderer() { return *gl_; }
    std::int64_t clock() const { return now_; }
    const UploadStats& lastUpload() const { return lastUpload_; }
    std::chrono::steady_clock::time_point started() const { return started_; }
    // Where a record is, in the display CRS (for fly-to); none without a point.
    std::optional<Vec2d> displayPoint(std::uint32_t record) const;
    // Problems a user should hear of that stop nothing: the recording's rejected lines, counted.
    const std::vector<std::string>& warnings() const { return warnings_; }

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
    std::vector<std::string> warnings_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace gs
