// The live part of a headless picture: a recorded feed replayed up to the clock into a live store
// with grid assignment against the scene's levels, and the overlay drawing it. Attached to the
// scene renderer for as long as it lives.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "scene/loader.hpp"

namespace gs {

class LiveStore;
class OverlayBuilder;
class OverlayRenderer;
class SceneGridAssigner;
class SceneRenderer;

class LiveSnapshot {
public:
    // GL thread, after renderer.setScene(scene). Feed problems are Errors naming the file; lines
    // the contract rejects are counted and reported as one warning. `scene` and `renderer` must
    // outlive this object.
    static Result<std::unique_ptr<LiveSnapshot>> create(const LiveOverlayConfig& config, const LoadedScene& scene,
                                                        SceneRenderer& renderer, std::vector<std::string>& warnings);
    ~LiveSnapshot();  // detaches the overlay from the renderer

    const LiveStore& store() const { return *store_; }
    const OverlayBuilder& overlay() const { return *overlay_; }

private:
    LiveSnapshot() = default;
    SceneRenderer* renderer_ = nullptr;
    std::unique_ptr<SceneGridAssigner> assigner_;
    std::unique_ptr<LiveStore> store_;
    std::unique_ptr<OverlayBuilder> overlay_;
    std::unique_ptr<OverlayRenderer> gl_;
};

}  // namespace gs
