// One command-center wall, running: its layout, the scene in its map panels, the live session
// (feeds running, or a recording at a fixed clock), the figures rebuilt from the live store once
// a second, the tour flying the map, urgent issues interrupting it, and the panels drawn onto the
// canvas. The same object drives `gridscope wall` (a window over one or several monitors), `render
// --layout` (a headless PNG of the whole canvas) and the soak run. GL thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "render/wall_renderer.hpp"
#include "scene/loader.hpp"
#include "session/live_session.hpp"
#include "wall/tour.hpp"
#include "wall/wall_layout.hpp"
#include "wall/wall_model.hpp"
#include "assets/strings.hpp"
#include "wall_panels.hpp"

namespace gs::cli {

struct WallSessionOptions {
    std::optional<Lang> lang;             // overrides the layout's
    bool fixedClock = false;              // headless: the recording as of the layout's clock, no feeds
    bool fullDetail = true;               // the map's level of detail (a window zooms; a snapshot does not)
    float scale = 1;                      // target pixels per canvas pixel
    std::optional<double> feedSpeed;      // file feeds replay at this speed (the soak's)
};

struct WallFrameStats {
    double mapMs = 0, panelsMs = 0, modelMs = 0;
    double redrawPixels = 0;  // of the wall's picture drawn again this frame
    bool mapDrawn = false, moving = false;
    bool refining = false;  // the map's picture is being drawn band by band (not shown yet)
    RenderStats map;
};

class WallSession {
public:
    static Result<std::unique_ptr<WallSession>> create(const WallLayout& layout, const WallSessionOptions& options);
    ~WallSession();

    // Moves time on by `seconds` of wall time: feeds drained, clock, figures (once a simulated
    // second at most), tour and animations.
    void update(double seconds);
    // Draws the maps and the canvas into the wall's picture (for present()) or, with toBound, into
    // the framebuffer bound now.
    Result<WallFrameStats> render(bool toBound = false);
    void present(std::span<const OutputViewport> outputs, int windowWidth, int windowHeight) {
        renderer_->present(outputs, windowWidth, windowHeight);
    }
    void setScale(float scale) { options_.scale = scale; }

    const WallLayout& layout() const { return layout_; }
    const WallModel& model() const { return model_; }
    const CanvasList& canvas() const { return *canvas_; }
    const LiveStore* store() const { return live_ ? &live_->store() : nullptr; }
    const TourScheduler& tour() const { return *tour_; }
    std::int64_t clock() const { return clock_; }
    bool hasFeed() const { return live_ && live_->feed() && live_->feed()->size() > 0; }
    bool feedExhausted() const { return live_ && live_->feed() && live_->feed()->exhausted(); }
    // The canvas's glyph atlases: how many, their glyphs and texels (for the soak's slow frames).
    std::string atlasSummary() const;
    // Boundary files changed on disk: reload the scene in place (same layout, live store rebuilt).
    Status reloadScene();
    std::vector<std::string> sceneFiles() const;  // what a file watcher should watch

private:
    WallSession() = default;
    Status loadScene();
    Result<LoadedScene> readScene() const;
    void indexScene();  // visibility, grid names
    void rebuildModel();
    void checkUrgent();
    WallFrame frame() const;
    Camera mapCamera(const PanelConfig& panel, float mapScale = 1.0f) const;
    void applyStopLayers();

    WallLayout layout_;
    WallSessionOptions options_;
    Lang lang_ = Lang::Zh;
    SceneFile file_;  // the layout's scene: layers, feeds, the live overlay
    std::unique_ptr<LoadedScene> scene_;
    std::unique_ptr<WallRenderer> renderer_;
    std::unique_ptr<LiveSession> live_;
    std::unique_ptr<CanvasList> canvas_;
    std::unique_ptr<TourScheduler> tour_;
    std::vector<bool> defaultVisibility_;
    WallGridNames gridNames_;
    WallModel model_;
    WallAnimations anim_;
    WallTheme theme_;
    std::int64_t clock_ = 0;
    std::int64_t modelClock_ = 0;
    std::int64_t urgentChecked_ = 0;
    bool modelReady_ = false;
    ViewPoint home_;                      // the map's view without a tour
    std::map<std::string, UrgentEvent> alerts_;  // by issue id, while queued or shown
    double modelAge_ = 0;                 // wall seconds since the figures were rebuilt
    double mapAge_ = 0;                   // wall seconds since the map was drawn
    bool mapDrawn_ = false;
    bool refining_ = false;               // a map panel's picture is being drawn band by band
    ViewPoint lastView_;
    bool deferredLast_ = false;           // the last frame left a moving map for this one
    float lastMapScale_ = 1, motionScale_ = 1;
    int slowMotionFrames_ = 0;
    double sinceStart_ = 0;
};

}  // namespace gs::cli
