#include "map_window_impl.hpp"

#include <malloc.h>

namespace gs::cli {

FrameTimeSummary summarizeFrameTimes(std::vector<double> ms) {
    FrameTimeSummary s;
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    auto rank = [&](double q) {
        size_t i = size_t(std::ceil(q * double(ms.size())));
        return ms[std::clamp(i, size_t(1), ms.size()) - 1];
    };
    s.frames = ms.size();
    s.minMs = ms.front();
    s.maxMs = ms.back();
    s.medianMs = rank(0.5);
    s.p95Ms = rank(0.95);
    s.meanMs = std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size());
    return s;
}

namespace window_detail {

void MapWindow::buildUi() {
    if (phase_ == Phase::Loading)
        return drawLoadingOverlay(config_.name, config_.layers.size(), window_.time() - loadStarted_,
                                  *progress_, imguiScale_, lang_);
    if (phase_ == Phase::Failed) {
        if (drawLoadErrorOverlay(loadError_, imguiScale_, lang_)) window_.requestClose();
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    LoadedScene& scene = view_->scene;
    const float statusHeight = drawStatusBar(statusFigures());
    const float panelHeight = std::max(1.0f, io.DisplaySize.y - statusHeight);
    drawLayerPanel(scene, *renderer_, panel_, map_, panelHeight, imguiScale_);
    // The live panel at the right edge; a selected feature's panel below it.
    float liveHeight = 0, liveWidth = 0;
    if (live_) {
        const float maxHeight = map_.selected.valid() ? panelHeight * 0.55f : panelHeight;
        drawFeedPanel(*live_, feedPanel_, 0, maxHeight, imguiScale_);
        liveHeight = feedPanel_.height;
        liveWidth = feedPanel_.width;
        if (feedPanel_.flyTo)
            if (auto p = live_->displayPoint(*feedPanel_.flyTo)) flyTo(*p);
    } else if (!liveError_.empty()) {
        const float width = uiTheme().feedPanelWidth * imguiScale_;
        ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - width, 0), ImGuiCond_Always);
        ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
        ImGui::Begin(tr(lang_, "feed.title").data(), nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize);
        ImGui::TextColored(uiTheme().bad, "%s", tr(lang_, "feed.not_running").data());
        ImGui::TextWrapped("%s", liveError_.c_str());
        liveHeight = ImGui::GetWindowHeight();
        liveWidth = ImGui::GetWindowWidth();
        ImGui::End();
    }
    const float featureWidth =
        drawFeaturePanel(scene, view_->indexes, map_, liveHeight, std::max(1.0f, panelHeight - liveHeight), imguiScale_,
                         lang_);
    if (map_.hovered.valid() && cursor_) drawFeatureTooltip(scene, view_->indexes, map_.hovered, lang_);
    if (analysis_) {
        analysis_->followZoom(map_.camera);  // the choropleth's level, unless pinned
        const float y = std::max(0.0f, io.DisplaySize.y - statusHeight - analysisPanel_.height);
        drawAnalysisPanel(*analysis_, analysisPanel_, map_.selected, panel_.width, y, panelHeight, imguiScale_,
                          window_.time());
        if (analysisPanel_.saveRequested) {  // the analysis as shown, into the scene file
            analysisPanel_.saveRequested = false;
            if (options_.configPath.empty()) {
                analysisPanel_.saveMessage = tr(lang_, "analysis.panel.save_no_file");
            } else if (Status s = saveAnalysisToScene(options_.configPath, *analysis_, map_.camera,
                                                      scene.config.displayCrs);
                       !s) {
                analysisPanel_.saveMessage = s.error().message;
                std::fprintf(stderr, "gridscope: %s\n", s.error().message.c_str());
            } else {
                analysisPanel_.saveMessage = trFormat(lang_, "analysis.panel.saved", options_.configPath.c_str());
            }
        }
        if (analysisPanel_.zoomTo) {  // a drill-down: fly to the grid, or back to the whole scene
            const Box target = analysisPanel_.zoomTo->empty() ? scene.extent : *analysisPanel_.zoomTo;
            analysisPanel_.zoomTo.reset();
            map_.fit(target);
        }
    }
    map_.insets = {panel_.width * pixelRatio_, std::max(featureWidth, liveWidth) * pixelRatio_, 0,
                   statusHeight * pixelRatio_};
}

void MapWindow::flyTo(Vec2d point) {
    const Camera& c = map_.camera;
    const ViewPoint from{c.center, c.unitsPerPixel * c.width};
    const ViewPoint to{point, std::min(from.width, kFlyToWidth)};
    FlyPath path(from, to);
    flight_ = Flight{path, window_.time(), std::clamp(0.6 + kFlySecondsPerUnit * path.length(), 0.6, 3.0)};
}

void MapWindow::advanceFlight() {
    if (!flight_) return;
    const double t = (window_.time() - flight_->start) / flight_->seconds;
    // Ease in and out, so the flight neither jumps off nor stops dead.
    const double eased = t >= 1 ? 1 : t * t * (3 - 2 * t);
    const ViewPoint v = flight_->path.at(eased);
    map_.camera.center = v.center;
    map_.camera.unitsPerPixel = v.width / std::max(1, map_.camera.width);
    idleFrames_ = 0;
    if (t >= 1) flight_.reset();
}

// The swipe divider: pressed within reach, it follows the cursor until released. True when the
// event was the divider's.
bool MapWindow::compareInput(const InputEvent& e, bool panelsTakeMouse) {
    if (!analysis_ || analysis_->compare != AnalysisView::Compare::Swipe) {
        draggingDivider_ = false;
        return false;
    }
    const auto [x0, x1] = visibleColumns();
    if (!draggingDivider_) {
        const bool onDivider = e.type == InputEvent::Type::ButtonDown && e.button == 0 && !panelsTakeMouse &&
                               std::abs(e.position.x - analysis_->dividerColumn(x0, x1)) <= 10 * contentScale_;
        if (onDivider) draggingDivider_ = true;
        return onDivider;
    }
    if (e.type == InputEvent::Type::CursorMove)
        analysis_->divider = std::clamp((e.position.x - x0) / std::max(1, x1 - x0), 0.0, 1.0);
    if (e.type == InputEvent::Type::ButtonUp) draggingDivider_ = false;
    idleFrames_ = 0;
    return e.type == InputEvent::Type::CursorMove || e.type == InputEvent::Type::ButtonUp;
}

void MapWindow::frame() {
    map_.setViewport(window_.framebufferWidth(), window_.framebufferHeight());
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const ImGuiIO& io = ImGui::GetIO();

    // Input the panels did not take goes to the map.
    const std::vector<InputEvent> events = window_.takeEvents();
    idleFrames_ = events.empty() && !ImGui::IsAnyItemActive() ? idleFrames_ + 1 : 0;
    cursor_.reset();
    if (phase_ == Phase::Ready) {
        for (const auto& e : events) {
            // The user takes the camera back: a press, wheel or key on the map ends a flight.
            const bool onMap = (e.type == InputEvent::Type::ButtonDown || e.type == InputEvent::Type::Scroll)
                                   ? !io.WantCaptureMouse
                                   : e.type == InputEvent::Type::KeyDown && !io.WantCaptureKeyboard;
            if (onMap) flight_.reset();
            if (compareInput(e, io.WantCaptureMouse)) continue;
            InputEvent m = e;
            // Split: each half shows the camera's middle; picking and tooltips use the frame's place.
            if (analysis_ && analysis_->compare == AnalysisView::Compare::Split)
                m.position.x = AnalysisView::splitToFrameX(e.position.x, visibleColumns().first, visibleColumns().second);
            map_.handle(m, io.WantCaptureMouse, io.WantCaptureKeyboard);
        }
        if (window_.cursorInside() && !io.WantCaptureMouse) cursor_ = window_.cursor();
        map_.hover(cursor_);
    }

    buildUi();

    if (phase_ == Phase::Ready) {
        advanceFlight();
        if (live_ && live_->update()) idleFrames_ = 0;
        // A live history: the analysis reads the store again, at most every 2 s of window time.
        if (analysis_ && window_.time() - liveHistoryAt_ >= 2.0) {
            liveHistoryAt_ = window_.time();
            if (auto r = analysis_->refreshLive(); !r)
                std::fprintf(stderr, "gridscope: analysis: %s\n", r.error().message.c_str());
            else if (*r)
                idleFrames_ = 0;
        }
        if (analysis_ && analysisPanel_.playing) idleFrames_ = 0;  // playback steps once a second
        if (analysis_ && analysis_->refining()) idleFrames_ = 0;   // the full heatmap after a coarse one
        for (size_t i = 0; i < panel_.restyle.size(); ++i) {
            if (!panel_.restyle[i]) continue;
            panel_.restyle[i] = false;
            Status s = renderer_->restyle(i);
            panel_.errors[i] = s ? std::string() : s.error().message;
            if (!s) std::fprintf(stderr, "gridscope: %s\n", s.error().message.c_str());
        }
        ViewState vs;
        vs.hovered = map_.hovered;
        vs.selected = map_.selected;
        vs.labels = map_.labels;
        vs.legend = panel_.legendOnMap;
        vs.uiScale = contentScale_;
        vs.levelOfDetail = !options_.fullDetail;
        // A moving camera: the map from tiles, a few new ones a frame; at rest, the exact map.
        const Camera& c = map_.camera;
        const bool moving = c.center.x != lastCamera_.center.x || c.center.y != lastCamera_.center.y ||
                            c.unitsPerPixel != lastCamera_.unitsPerPixel || c.width != lastCamera_.width ||
                            c.height != lastCamera_.height;
        lastCamera_ = c;
        const bool tiles = !options_.fullDetail && !options_.noMotionTiles;
        if (moving && tiles) {
            vs.motionTiles = kMotionTilesPerFrame;
            vs.motionTileMs = kMotionTileMs;
        }
        if (moving) idleFrames_ = 0;  // and the frame after it, at rest, draws the exact map
        vs.atRest = !moving;
        // The analysis draws the frame when there is one (its heatmap, a compare view).
        lastStats_ = analysis_ ? analysis_->render(map_.camera, vs, visibleColumns()) : renderer_->render(map_.camera, vs);
        // At rest, the frames Dear ImGui settles in also draw the tiles a move from here shows first
        // (once every mesh is in: not in the way of the load).
        if (!moving && tiles && !analysis_ && idleFrames_ < kSettleFrames && !meshesPending()) {
            vs.motionTiles = kMotionTilesPerFrame;
            vs.motionTileMs = kMotionTileMs;
            renderer_->warmTiles(map_.camera, vs);
        }
    } else {
        window_.clear(config_.background);
    }
    ImGui::Render();
    uiRenderer_.render(*ImGui::GetDrawData());
}

// The live feed's figures for the bench line: what arrived, what the map draws, whether every
// message is accounted for.
std::string MapWindow::liveJson() const {
    if (!live_) return liveError_.empty() ? "" : ",\"live_error\":true";
    const FeedAccounting& acc = live_->store().accounting();
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  ",\"live_received\":%llu,\"live_applied\":%llu,\"live_rejected\":%llu,"
                  "\"live_balanced\":%s,\"live_drawn\":%u,\"live_open\":%d",
                  static_cast<unsigned long long>(acc.received), static_cast<unsigned long long>(acc.applied),
                  static_cast<unsigned long long>(acc.rejected), acc.balanced() ? "true" : "false",
                  live_->store().drawnCount(), live_->store().totals().open);
    return buf;
}

int MapWindow::finishBench() {
    FrameTimeSummary f = summarizeFrameTimes(benchFrameMs_);
    FrameTimeSummary r = summarizeFrameTimes(benchRenderMs_);
    size_t features = 0;
    for (const auto& layer : view_->scene.layers) features += layer.featureCount();
    std::printf("{\"bench\":\"window\",\"width\":%d,\"height\":%d,\"frames\":%zu,\"warmup\":%d,"
                "\"min_ms\":%.3f,\"median_ms\":%.3f,\"p95_ms\":%.3f,\"max_ms\":%.3f,\"mean_ms\":%.3f,"
                "\"render_median_ms\":%.3f,\"features\":%zu,\"triangles\":%zu,\"labels\":%zu,"
                "\"load_s\":%.3f,\"gl_renderer\":\"%s\"%s}\n",
                window_.framebufferWidth(), window_.framebufferHeight(), f.frames, kBenchWarmupFrames,
                f.minMs, f.medianMs, f.p95Ms, f.maxMs, f.meanMs, r.medianMs, features,
                lastStats_.triangles, lastStats_.labelsPlaced, view_->scene.loadSeconds,
                window_.glRenderer().c_str(), liveJson().c_str());
    std::fflush(stdout);
    return 0;
}

int MapWindow::run() {
    startLoading();  // workers read and mesh while this thread compiles shaders and builds fonts
    auto renderer = SceneRenderer::create();
    if (!renderer) return reportFailure(renderer.error());
    renderer_ = std::move(*renderer);
    renderer_->warmUp();  // the map's shader variants, compiled while the scene loads
    if (auto t = Transformer::create(config_.displayCrs, "EPSG:4326")) toLonLat_.emplace(std::move(*t));

    contentScale_ = window_.contentScale();
    pixelRatio_ = window_.pixelRatio();
    imguiScale_ = contentScale_ / pixelRatio_;
    imgui_ = std::make_unique<ImGuiSession>(window_.native());
    applyStyle(imguiScale_);
    // The names the config gives, so that the font seldom needs a second build once loaded.
    std::vector<std::string> names{config_.name};
    for (const LayerConfig& layer : config_.layers) names.push_back(layer.title);
    if (auto font = buildUiFont(uiTheme().fontPx * imguiScale_, names); !font.cjk)
        std::fprintf(stderr, "warning: Chinese text will not show in the panels: %s\n", font.problem.c_str());
    map_.labels = !options_.noLabels;

    const bool path = !options_.benchPath.empty();
    const int pathFrames = options_.benchFrames > 0 ? options_.benchFrames : kBenchPathFrames;
    const bool scripted = options_.benchFrames > 0 || path || !options_.screenshotPath.empty() || script_;
    int readyFrames = 0;
    while (!window_.shouldClose()) {
        // Sleep while nothing happens: a command-centre screen may stay open for days, and on a
        // software renderer every frame of a large scene costs real CPU. A redraw every few seconds
        // covers anything a window system forgot to tell.
        double wait = 0;
        // Keep the progress bar moving, at 10 frames a second: each costs a software renderer a
        // few ms of the cores the load runs on (the loader wakes the loop when it is done).
        if (phase_ == Phase::Loading) wait = 0.1;
        else if (!scripted && idleFrames_ >= kSettleFrames) wait = live_ ? kLiveRedrawSeconds : kIdleRedrawSeconds;
        window_.pollEvents(wait);
        if (window_.framebufferWidth() <= 0 || window_.framebufferHeight() <= 0) {
            window_.pollEvents(0.1);  // minimized
            continue;
        }
        const double start = window_.time();
        if (phase_ == Phase::Loading && loading_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            finishLoading();
        if (phase_ == Phase::Ready) pollMeshing();
        if (phase_ == Phase::Failed && scripted) return exitCode_;
        // Benchmarks, screenshots and scripts start once every mesh is in (the picture is then
        // what it will stay); the first picture may come before.
        // A path, once started, flies on while the regions it needs stream in, as a user would.
        const bool complete = phase_ == Phase::Ready && (benchPath_ || !meshesPending());
        double benchSetup = 0;  // the path's own set-up (finding its street) is not the frame's
        if (path && complete && readyFrames >= kBenchWarmupFrames) {
            if (!benchPath_) {
                const double t = window_.time();
                startBenchPath();
                benchSetup = window_.time() - t;
            }
            placeBenchCamera(int(benchFrameMs_.size()), pathFrames);
        }

        frame();
        const bool shown = phase_ == Phase::Ready;
        const bool ready = complete;
        if (ready && readySince_ < 0) readySince_ = window_.time();
        if (ready && script_)
            if (auto code = script_->afterFrame(stateSources())) return *code;
        if (ready && !options_.screenshotPath.empty() && readyFrames + 1 >= kScreenshotFrame &&
            window_.time() - readySince_ >= options_.screenshotDelaySeconds) {
            auto image = window_.readFramebuffer();
            if (!image) return reportFailure(image.error());
            if (Status s = writePng(options_.screenshotPath, *image); !s) return reportBad(s.error());
            return 0;
        }
        window_.finish();
        const double rendered = window_.time();
        window_.swapBuffers();
        window_.finish();
        const double presented = window_.time();
        clock_.add((rendered - start) * 1000);
        if (shown && firstPictureSeconds_ < 0 && pictureComplete()) {
            firstPictureSeconds_ = processAgeSeconds();
            trace("first complete picture presented");
        }
        if (!ready) continue;
        if (path) {
            if (++readyFrames > kBenchWarmupFrames) {
                benchFrameMs_.push_back((presented - start - benchSetup) * 1000);
                benchRenderMs_.push_back((rendered - start - benchSetup) * 1000);
                benchTriangles_.push_back(lastStats_.triangles);
                // Whether the map was shown at its own scale (in full, or from tiles all of its scale).
                benchExact_.push_back(!lastStats_.tiled || lastStats_.tilesExact == lastStats_.tilesVisible);
                if (int(benchFrameMs_.size()) >= pathFrames) return finishBenchPath();
            }
        } else if (options_.benchFrames > 0 && ++readyFrames > kBenchWarmupFrames) {
            benchFrameMs_.push_back((presented - start) * 1000);
            benchRenderMs_.push_back((rendered - start) * 1000);
            if (int(benchFrameMs_.size()) >= options_.benchFrames) return finishBench();
        } else if (options_.benchFrames == 0) {
            ++readyFrames;
        }
    }
    return exitCode_;
}

}  // namespace window_detail

int runWindow(const Options& options) {
    // A window swaps big arrays in and out for as long as it runs (the load's, a region's meshes,
    // tiles): under glibc's sliding threshold, a freed array of up to 32 MB stays in the heap for
    // reuse and the resident set only grows (a city: 100 MB more at its peak). Fixed at 4 MB,
    // every larger array goes back to the system when freed.
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    std::optional<InputScript> script;  // read first: a typo in it costs no window
    if (!options.inputScript.empty()) {
        auto s = readInputScript(options.inputScript);
        if (!s) return reportBad(s.error());
        script = std::move(*s);
    }
    // Say at once, in one line, when there is nowhere to open a window.
    if (Status s = GlfwWindow::checkDisplay(); !s) return reportBad(s.error());
    auto file = sceneFromOptions(options);
    if (!file) return reportBad(file.error());
    const SceneConfig* config = &file->scene;
    auto view = requestedView(options, *config);
    if (!view) return reportBad(view.error());

    WindowOptions wo;
    wo.width = options.width ? options.width : 1600;
    wo.height = options.height ? options.height : 1000;
    wo.title = config->name.empty() ? "gridscope" : "gridscope — " + config->name;
    wo.vsync = options.benchFrames == 0 && options.benchPath.empty() && options.inputScript.empty();
    wo.samples = options.samples;
    auto window = GlfwWindow::create(wo);
    if (!window) return reportFailure(window.error());
    std::unique_ptr<ScriptDriver> driver;
    if (script || !options.stateOut.empty())
        driver = std::make_unique<ScriptDriver>(std::move(script), options.stateOut, **window);
    window_detail::MapWindow app(options, std::move(*file), *view, **window, std::move(driver));
    return app.run();
}

}  // namespace gs::cli
