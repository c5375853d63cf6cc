// The map window's parts shared by its source files (views/map_window.cpp: the frame, the panels,
// the run loop; views/map_window_load.cpp: loading the scene and what comes with it). Private to
// the window: views/map_window.hpp is its interface.
#pragma once

#include "map_window.hpp"

#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <memory>
#include <numeric>
#include <optional>

#include "commands.hpp"
#include "feature_panel.hpp"
#include "analysis_panel.hpp"
#include "session/analysis_save.hpp"
#include "feed_panel.hpp"
#include "geo/transformer.hpp"
#include "image/png.hpp"
#include "layer_panel.hpp"
#include "load_overlay.hpp"
#include "map_interaction.hpp"
#include "platform/glfw_window.hpp"
#include "render/scene_renderer.hpp"
#include "scene/deferred_meshes.hpp"
#include "scene/fly_path.hpp"
#include "scene_setup.hpp"
#include "script_driver.hpp"
#include "session/live_session.hpp"
#include "status_bar.hpp"
#include "ui_font.hpp"
#include "ui_renderer.hpp"
#include "ui_theme.hpp"

namespace gs::cli::window_detail {

// Simplify to half a pixel at this much zoom past the starting view: a 1-pixel error shows only
// past twice that zoom. Finer costs load time and triangles (the full city at 1920x1080: 277k fill
// triangles at 1, 969k at 4, 1.41M at 8; loading time grows alike); --full-detail keeps every vertex.
constexpr double kDetailZoom = 4;
constexpr int kBenchWarmupFrames = 2;
constexpr int kScreenshotFrame = 2;  // the second frame after loading: panels have settled
// Frames drawn after the last input before the loop sleeps: Dear ImGui needs a few to settle (a
// click spans two frames; a popup measures itself on the frame before it shows).
constexpr int kSettleFrames = 6;
constexpr double kIdleRedrawSeconds = 5;
// With a live feed, the map redraws at this rate while nothing else happens: markers pulse and new
// messages arrive. A software renderer spends a frame's CPU each time, so it stays modest.
constexpr double kLiveRedrawSeconds = 0.1;
// Fly-to: the world width shown around an event (display CRS units, about metres), and how long a
// flight takes per unit of path length (about one screen width travelled).
constexpr double kFlyToWidth = 1600;
constexpr double kFlySecondsPerUnit = 0.35;
// --bench-path zoom: the street view's width (display CRS units; about 320 m on the ground at SF's
// latitude in Web Mercator), the square the busiest street is sought in, the frames when
// --bench-frames is not given, and the zoom bands the figures are split by (view widths: a city at
// or above 16 km, a street below 2 km, a district between).
constexpr double kBenchStreetWidth = 400;
constexpr double kStreetCell = 400;
constexpr int kBenchPathFrames = 120;
constexpr double kBandCityWidth = 16000;
constexpr double kBandStreetWidth = 2000;
// While the camera moves the map comes from tiles (render/map_tiles.hpp): this many new 256-pixel
// tiles a frame at most (a 1920 x 1080 view holds 40 to 84), coarser ones shown meanwhile.
constexpr int kMotionTilesPerFrame = 6;
// ... and no more once they have taken this long: on a software renderer a tile costs 1-5 ms (a
// frame's composition 10-20 ms and its overlays ~8 ms more). 7 against 12 ms, alternating path
// runs on llvmpipe: p95 42-46 against 45-51 ms (SF and the grown city), 44-67 frames of 120 at
// their own scale against 54-73.
constexpr double kMotionTileMs = 7;
// A deferred layer's meshes are asked for once its typical footprint is this share of
// kFootprintBoxPx on screen, for the view and a margin holding at most this many footprints.
constexpr double kRegionAhead = 0.8;
constexpr size_t kRegionFeatures = 60000;

// Seconds since this process started (/proc/self/stat), -1 when unknown.
double processAgeSeconds();
// getrusage's peak resident set, in MB.
double peakRssMegabytes();
// GRIDSCOPE_TRACE=1: what each layer of a loaded scene holds in memory, and a region's meshes
// (map_window_trace.cpp).
void traceLayers(const LoadedScene& scene);
void traceRegion(const LayerMeshes& meshes);
// "city", "district" or "street" for a view this wide (display CRS units).
const char* zoomBand(double viewWidth);

struct LoadedView {
    LoadedScene scene;
    std::vector<FeatureIndex> indexes;
};

// Dear ImGui with its GLFW and OpenGL3 backends, shut down in reverse on every way out.
class ImGuiSession {
public:
    explicit ImGuiSession(GLFWwindow* window) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini left in the working folder
        ImGui_ImplGlfw_InitForOpenGL(window, true);
        ImGui_ImplOpenGL3_Init("#version 330 core");
    }
    ~ImGuiSession() {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    ImGuiSession(const ImGuiSession&) = delete;
    ImGuiSession& operator=(const ImGuiSession&) = delete;
};

inline void applyStyle(float scale) {
    const UiTheme& theme = uiTheme();
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = theme.windowRounding;
    style.FrameRounding = theme.frameRounding;
    style.Colors[ImGuiCol_WindowBg].w = theme.windowBgAlpha;
    style.ScaleAllSizes(scale);
}

class MapWindow {
public:
    MapWindow(const Options& options, SceneFile file, std::optional<Box> view, GlfwWindow& window,
              std::unique_ptr<ScriptDriver> script)
        : options_(options), file_(std::move(file)), config_(file_.scene), requestedView_(view), window_(window),
          lang_(screenLang(options, file_.lang)), script_(std::move(script)) {
        panel_.lang = feedPanel_.lang = lang_;
    }
    ~MapWindow() {
        progress_->cancel = true;
        if (loading_.valid()) loading_.wait();
        if (meshing_.valid()) meshing_.wait();  // it reads the scene's geometry
    }
    int run();

private:
    enum class Phase { Loading, Ready, Failed };

    void startLoading();
    void trace(const char* what) const;  // GRIDSCOPE_TRACE=1: a phase of the start, on stderr
    void finishLoading();
    // Meshes the load deferred (a city's buildings) are made for the region around the view,
    // once its footprints are big enough to draw (regionWanted), on a worker, one region at a
    // time, each replacing the one before: a street view keeps its streets' meshes, not a city's.
    // pollMeshing adopts a region that is ready and asks for the next one the camera needs.
    void pollMeshing();
    std::optional<Box> regionWanted(size_t layer) const;
    bool meshesPending() const;
    // The picture shows what it will show once every mesh is in: each layer still waiting for
    // its meshes is drawn at this zoom as it will be (its coverage or boxes), or has them here.
    bool pictureComplete() const;
    void flyTo(Vec2d point);
    void advanceFlight();
    void frame();
    void buildUi();
    StatusFigures statusFigures() const;
    std::vector<std::string> sceneTexts() const;
    int finishBench();
    // --bench-path: the path from the view after loading to the busiest street and back.
    Vec2d busiestStreet() const;
    void startBenchPath();
    void placeBenchCamera(int i, int n);
    int finishBenchPath();
    std::string liveJson() const;
    WindowStateSources stateSources() const {
        return {&view_->scene, &map_, analysis_.get(), &analysisPanel_, toLonLat_ ? &*toLonLat_ : nullptr};
    }

    const Options& options_;
    SceneFile file_;
    SceneConfig& config_;  // file_.scene
    std::optional<Box> requestedView_;
    GlfwWindow& window_;
    Lang lang_;  // of every word the window shows

    Phase phase_ = Phase::Loading;
    std::shared_ptr<LoadProgress> progress_ = std::make_shared<LoadProgress>();
    std::future<Result<LoadedView>> loading_;
    double loadStarted_ = 0;
    // A region's meshes, read (and ordered by size where the renderer orders them) on a worker.
    struct RegionMeshes {
        Result<LayerMeshes> meshes;
        std::optional<SizeOrder> order;
    };
    std::future<RegionMeshes> meshing_;
    size_t meshingLayer_ = 0;
    double meshesSeconds_ = -1;  // process start to the last region of deferred meshes uploaded
    size_t regionsRead_ = 0;
    std::vector<size_t> meshesFailed_;  // layers whose region read failed: boxes from then on
    std::string loadError_;
    int exitCode_ = 0;

    // The scene outlives the renderer that draws it (members die in reverse order).
    std::unique_ptr<LoadedView> view_;
    std::unique_ptr<SceneRenderer> renderer_;
    std::unique_ptr<LiveSession> live_;  // detaches its overlay from the renderer: dies first
    std::unique_ptr<AnalysisView> analysis_;  // detaches its heatmap pass from the renderer
    AnalysisPanelState analysisPanel_;
    std::string analysisError_;
    bool draggingDivider_ = false;  // the swipe divider follows the cursor
    double liveHistoryAt_ = 0;      // window time the live history was last refreshed
    bool compareInput(const InputEvent& e, bool panelsTakeMouse);
    // The framebuffer's columns not under the panels, where a compare view splits or swipes.
    std::pair<int, int> visibleColumns() const {
        const int w = map_.camera.width;
        // The analyst's panel stands beside the layer panel.
        const double left = map_.insets.left + (analysis_ ? analysisPanel_.width * pixelRatio_ : 0.0f);
        const int x0 = std::clamp(int(left), 0, std::max(0, w - 2));
        return {x0, std::clamp(w - int(map_.insets.right), x0 + 2, w)};
    }
    std::string liveError_;
    FeedPanelState feedPanel_;
    struct Flight {
        FlyPath path;
        double start = 0, seconds = 1;
    };
    std::optional<Flight> flight_;
    std::unique_ptr<ImGuiSession> imgui_;
    UiRenderer uiRenderer_;  // the panels, laid as pictures while they stay the same

    MapInteraction map_;
    LayerPanelState panel_;
    RenderStats lastStats_;
    Camera lastCamera_;  // the previous frame's: a camera that differs is moving
    std::vector<int> benchExact_;  // --bench-path: per frame, whether the map was at its own scale
    std::optional<Vec2d> cursor_;  // over the map, framebuffer pixels
    std::optional<Transformer> toLonLat_;
    float contentScale_ = 1, imguiScale_ = 1, pixelRatio_ = 1;
    FrameClock clock_;
    int idleFrames_ = 0;
    double readySince_ = -1;  // window time of the first frame with the scene
    std::vector<double> benchFrameMs_, benchRenderMs_;
    struct BenchPath {
        FlyPath down, up;
        Vec2d street;
    };
    std::optional<BenchPath> benchPath_;
    std::vector<double> benchWidths_;      // per path frame: the view's width
    std::vector<size_t> benchTriangles_;   // per path frame: triangles drawn
    double firstPictureSeconds_ = -1;      // process start to the first frame with the scene presented
    std::unique_ptr<ScriptDriver> script_;  // --input-script / --state-out
};

}  // namespace gs::cli::window_detail
