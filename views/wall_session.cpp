#include "wall_session.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "cli_options.hpp"
#include "geo/transformer.hpp"
#include "live/overlay/live_overlay_config.hpp"
#include "scene_setup.hpp"

namespace gs::cli {

namespace {

// The wall compares every figure with the same time yesterday: the store keeps two days.
constexpr std::int64_t kWallHistoryMs = 2 * kMillisPerDay;
// Figures are rebuilt at most this often (wall seconds): an O(records) pass over the store.
constexpr double kModelInterval = 1.0;
// A moving map waits a frame when the panels redraw more than this share of the wall's pixels.
constexpr double kDeferShare = 0.3;
// Map labels on the wall: grid names read from across the room.
constexpr float kMapTextScale = 1.8f;
// A still map is drawn again at most this often (wall seconds) for new messages and pulses.
constexpr double kMapInterval = 0.1;
// A moving map slower than this (ms of draw on the CPU's side) goes to half resolution.
constexpr double kSlowMapMs = 30.0;
// On a software renderer a map at rest is drawn in bands of about this many pixels a frame.
constexpr double kSoftwareBandPixels = 500000.0;

int stillMapBands(int width, int height) {
    return std::clamp(int(std::ceil(double(width) * double(height) / kSoftwareBandPixels)), 1, 16);
}

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

// A ground width (metres, east-west through lon/lat) in display CRS units; the metres themselves
// when the point cannot be projected.
double groundWidth(const Transformer& toDisplay, double lon, double lat, double meters) {
    const double dlon = meters / (111320.0 * std::cos(lat * M_PI / 180.0));
    Vec2d pts[2] = {{lon - dlon / 2, lat}, {lon + dlon / 2, lat}};
    if (toDisplay.transform(std::span<Vec2d>(pts, 2)) != 0) return meters;
    return std::hypot(pts[1].x - pts[0].x, pts[1].y - pts[0].y);
}

}  // namespace

Result<std::unique_ptr<WallSession>> WallSession::create(const WallLayout& layout, const WallSessionOptions& options) {
    std::unique_ptr<WallSession> s(new WallSession());
    s->layout_ = layout;
    s->options_ = options;
    // A layout with its own clock shows that instant, in a window too (tests, demonstrations).
    if (layout.clock) s->options_.fixedClock = true;
    s->lang_ = options.lang ? *options.lang : parseLang(layout.lang).value_or(Lang::Zh);
    auto file = loadSceneFile(layout.scene);
    if (!file) return Error{layout.file + ": scene: " + file.error().message};
    s->file_ = std::move(*file);
    if (s->options_.fixedClock) {
        // A picture at one instant: the recording up to the clock, no transports.
        s->file_.feeds.clear();
        if (layout.clock) {
            if (!s->file_.live) return Error{layout.file + ": \"clock\" needs a \"live\" recording in the scene"};
            s->file_.live->at = layout.clock;
        }
    }
    if (options.feedSpeed && !s->options_.fixedClock)
        for (auto& feed : s->file_.feeds)
            if (feed.type == FeedType::File) feed.speed = *options.feedSpeed;
    if (!s->file_.live && !s->file_.feeds.empty()) s->file_.live.emplace();
    if (s->file_.live) s->file_.live->lang = s->lang_;  // the map's legend and labels speak the wall's language
    if (s->file_.live && layout.isPublic) {
        // Where the data is drawn: a public wall's map shows per-grid counts only, small ones as "<k".
        s->file_.live->mode = OverlayModeSetting::Counts;
        s->file_.live->minCount = layout.minCount;
        s->file_.live->overdueLabels = 0;
    }
    auto renderer = WallRenderer::create();
    if (!renderer) return Error{"GL: " + renderer.error().message};
    s->renderer_ = std::move(*renderer);
    s->canvas_ = std::make_unique<CanvasList>(s->renderer_->fonts(), options.scale);
    if (s->renderer_->software()) s->motionScale_ = 0.5f;  // known slow: no need to find out
    if (Status st = s->loadScene(); !st) return st.error();
    return s;
}

WallSession::~WallSession() {
    live_.reset();  // detaches the overlay from the map renderer first
}

Result<LoadedScene> WallSession::readScene() const {
    LoadOptions load;
    load.keepBuildingGeometry = false;
    load.allAttributes = false;
    const PanelConfig* mapPanel = nullptr;
    for (const auto& p : layout_.panels)
        if (p.kind == PanelKind::Map) mapPanel = &p;
    if (!options_.fullDetail && mapPanel) {
        const int w = int(mapPanel->w * options_.scale), h = int(mapPanel->h * options_.scale);
        load.toleranceForExtent = [w, h](const Box& extent) {
            Camera c;
            c.setViewport(w, h);
            c.fit(extent);
            return c.unitsPerPixel * 0.5;
        };
    } else if (mapPanel && !layout_.tour.empty()) {
        // A wall only shows the views of its tour and its alerts: detail finer than half a pixel
        // at the closest of them is never seen (and costs most of a software renderer's frame).
        auto toDisplay = Transformer::create("EPSG:4326", file_.scene.displayCrs);
        double closest = std::numeric_limits<double>::infinity();
        if (toDisplay)
            for (const auto& stop : layout_.tour)
                for (double meters : {stop.widthMeters, layout_.alertWidthMeters})
                    closest = std::min(closest, groundWidth(*toDisplay, stop.lon, stop.lat, meters));
        const double pixels = double(mapPanel->w) * std::max(1.0f, options_.scale);
        if (std::isfinite(closest)) load.simplifyTolerance = 0.5 * closest / pixels;
    }
    return gs::loadScene(file_.scene, load);
}

void WallSession::indexScene() {
    defaultVisibility_.clear();
    for (const auto& l : scene_->layers) defaultVisibility_.push_back(l.config.style.visible);
    // Grid ids and names per level, in the live store's level order (the scene's levels).
    gridNames_ = {};
    for (const auto& l : scene_->layers) {
        if (!l.isLevel()) continue;
        auto& ids = gridNames_.ids.emplace_back();
        auto& names = gridNames_.names.emplace_back();
        auto idCol = l.attributes.find(l.config.level.idField);
        auto nameCol = l.attributes.find(l.config.level.nameField);
        for (std::size_t f = 0; f < l.featureCount(); ++f) {
            ids.push_back(idCol ? std::string(l.attributes.column(*idCol).values[f]) : std::to_string(l.fids[f]));
            names.push_back(nameCol ? std::string(l.attributes.column(*nameCol).values[f]) : ids.back());
        }
    }
}

Status WallSession::reloadScene() {
    auto scene = readScene();
    if (!scene) return scene.error();  // the wall goes on with the scene it has
    auto next = std::make_unique<LoadedScene>(std::move(*scene));
    if (Status st = renderer_->map().setScene(*next); !st) return st.error();
    if (live_)
        if (Status st = live_->rebind(*next, renderer_->map()); !st) return st.error();
    scene_ = std::move(next);
    indexScene();
    rebuildModel();
    return {};
}

Status WallSession::loadScene() {
    const PanelConfig* mapPanel = nullptr;
    for (const auto& p : layout_.panels)
        if (p.kind == PanelKind::Map) mapPanel = &p;
    auto scene = readScene();
    if (!scene) return scene.error();
    live_.reset();
    scene_ = std::make_unique<LoadedScene>(std::move(*scene));
    if (Status st = renderer_->map().setScene(*scene_); !st) return st.error();
    indexScene();

    LiveSessionOptions liveOptions;
    liveOptions.historyMs = kWallHistoryMs;
    auto live = LiveSession::create(file_, *scene_, renderer_->map(), liveOptions);
    if (!live) return live.error();
    live_ = std::move(*live);
    // While the map stands still (a tour stop's dwell), new messages redraw the overlays only.
    renderer_->map().setMapCache(live_ != nullptr);
    clock_ = live_ ? live_->clock() : layout_.clock.value_or(0);
    if (layout_.clock && !live_) clock_ = *layout_.clock;

    // The map's own view: the scene's camera, else its extent, fitted to the map panel.
    auto view = requestedView(Options{}, file_.scene);
    if (!view) return view.error();
    const Box box = view->value_or(scene_->extent);
    const double aspect = mapPanel ? double(mapPanel->w) / double(mapPanel->h) : 16.0 / 9.0;
    home_ = {box.center(), std::max(box.width(), box.height() * aspect) * 1.04};

    // Tour stops: WGS 84 centres and ground widths to the display CRS.
    auto toDisplay = Transformer::create("EPSG:4326", file_.scene.displayCrs);
    if (!toDisplay) return Error{layout_.file + ": tour: " + toDisplay.error().message};
    auto displayWidth = [&](double lon, double lat, double meters) { return groundWidth(*toDisplay, lon, lat, meters); };
    std::vector<TourStop> stops;
    for (const auto& c : layout_.tour) {
        Vec2d p{c.lon, c.lat};
        if (toDisplay->transform(std::span<Vec2d>(&p, 1)) != 0)
            return Error{layout_.file + ": tour stop \"" + c.name + "\": its centre cannot be projected"};
        stops.push_back({c.name, {p, displayWidth(c.lon, c.lat, c.widthMeters)}, c.seconds, c.layers, c.panels});
    }
    TourOptions tourOptions;
    tourOptions.alertSeconds = layout_.alertSeconds;
    Vec2d homeLonLat = home_.center;
    if (auto back = Transformer::create(file_.scene.displayCrs, "EPSG:4326");
        back && back->transform(std::span<Vec2d>(&homeLonLat, 1)) == 0)
        tourOptions.alertWidth = displayWidth(homeLonLat.x, homeLonLat.y, layout_.alertWidthMeters);
    tour_ = std::make_unique<TourScheduler>(std::move(stops), tourOptions, home_);
    if (options_.fixedClock && !tour_->stops().empty()) {
        // A snapshot shows the first stop, arrived.
        while (tour_->frame().phase != TourPhase::Dwelling) tour_->advance(0.25);
    }
    alerts_.clear();
    urgentChecked_ = clock_ - (options_.fixedClock ? std::int64_t(layout_.alertSeconds * 1000.0) + kMillisPerHour : 0);
    rebuildModel();
    checkUrgent();
    if (options_.fixedClock) {
        // Arrive at the newest urgent issue, if any, as a wall shows it.
        for (int i = 0; i < 400 && tour_->frame().phase == TourPhase::FlyingToAlert; ++i) tour_->advance(0.05);
    }
    updateWallAnimations(anim_, frame(), true);
    return {};
}

std::string WallSession::atlasSummary() const {
    std::size_t count = 0, glyphs = 0;
    double texels = 0;
    for (const auto& [key, entry] : renderer_->fonts().entries()) {
        ++count;
        glyphs += entry.atlas->glyphCount();
        texels += double(entry.atlas->width()) * double(entry.atlas->height());
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%zu canvas atlases, %zu glyphs, %.1f MB of texels", count, glyphs,
                  texels * GlyphAtlas::kChannels / 1e6);
    return buf;
}

std::vector<std::string> WallSession::sceneFiles() const {
    std::vector<std::string> files{layout_.scene};
    for (const auto& l : file_.scene.layers)
        if (l.source.source.rfind("PG:", 0) != 0) files.push_back(l.source.source);
    std::sort(files.begin(), files.end());
    files.erase(std::unique(files.begin(), files.end()), files.end());
    return files;
}

void WallSession::rebuildModel() {
    if (!live_) return;
    WallModelOptions o;
    o.utcOffsetMinutes = file_.live ? file_.live->utcOffsetMinutes : 480;
    o.publicMode = layout_.isPublic;
    o.minCount = layout_.minCount;
    model_ = buildWallModel(live_->store(), gridNames_, o);
    modelClock_ = clock_;
    modelReady_ = true;
}

void WallSession::checkUrgent() {
    if (!live_ || clock_ <= urgentChecked_) return;
    const LiveStore& store = live_->store();
    auto events = urgentIssuesBetween(store, gridNames_, urgentChecked_, clock_);
    urgentChecked_ = clock_;
    for (auto& e : events) {
        const std::uint32_t rec = store.find(LiveKind::Issue, e.id);
        std::optional<Vec2d> at;
        if (layout_.isPublic) {
            // A public wall names and goes to a place of at least min_count issues (its label
            // point), never to the household.
            e.gridName.clear();
            if (rec != LiveStore::kNone) {
                const PublicPlace place = publicPlaceOf(store, gridNames_, rec, layout_.minCount);
                e.gridName = place.name;
                int seen = -1;
                for (const auto& l : scene_->layers)
                    if (l.isLevel() && ++seen == place.level && place.grid >= 0 &&
                        std::size_t(place.grid) < l.labelPoints.size())
                        at = l.labelPoints[std::size_t(place.grid)];
            }
            e.title.clear();
            e.point.reset();
        } else if (rec != LiveStore::kNone) {
            at = live_->displayPoint(rec);
        }
        tour_->urgent({e.id, at.value_or(tour_->frame().view.center), e.reportedAt});
        const std::string id = e.id;
        if (layout_.isPublic) e.id.clear();  // the tour keys by it; the card never holds it
        alerts_[id] = std::move(e);
    }
    // Forget cards no longer queued or shown (the tour drops duplicates and counts overflow).
    if (alerts_.size() > 64) {
        const auto& current = tour_->frame().alert;
        for (auto it = alerts_.begin(); it != alerts_.end() && alerts_.size() > 64;)
            it = (current && current->id == it->first) ? std::next(it) : alerts_.erase(it);
    }
}

void WallSession::update(double dt) {
    sinceStart_ += dt;
    if (live_ && !options_.fixedClock) {
        live_->update();
        clock_ = std::max(clock_, live_->clock());
    }
    modelAge_ += dt;
    mapAge_ += dt;
    if (!options_.fixedClock && modelAge_ >= kModelInterval) {
        modelAge_ = 0;
        rebuildModel();
        checkUrgent();
        updateWallAnimations(anim_, frame(), false);
    }
    if (!options_.fixedClock) {
        tour_->advance(dt);
        anim_.advance(dt);
    }
    applyStopLayers();
}

void WallSession::applyStopLayers() {
    const TourFrame& f = tour_->frame();
    const TourStop* stop = nullptr;
    if ((f.phase == TourPhase::Dwelling || f.phase == TourPhase::Flying) && f.stop >= 0)
        stop = &tour_->stops()[std::size_t(f.stop)];
    for (std::size_t i = 0; i < scene_->layers.size(); ++i) {
        bool visible = defaultVisibility_[i];
        if (stop && !stop->layers.empty())
            visible = std::find(stop->layers.begin(), stop->layers.end(), scene_->layers[i].config.id) != stop->layers.end();
        scene_->layers[i].config.style.visible = visible;
    }
}

Camera WallSession::mapCamera(const PanelConfig& panel, float mapScale) const {
    Camera c;
    c.setViewport(std::max(1, int(std::lround(panel.w * options_.scale * mapScale))),
                  std::max(1, int(std::lround(panel.h * options_.scale * mapScale))));
    const ViewPoint v = tour_->frame().view;
    c.center = v.center;
    c.unitsPerPixel = v.width / double(c.width);
    return c;
}

WallFrame WallSession::frame() const {
    WallFrame f;
    f.layout = &layout_;
    f.lang = lang_;
    f.model = &model_;
    f.utcOffsetMinutes = file_.live ? file_.live->utcOffsetMinutes : 480;
    f.clock = clock_;
    f.feed.silentThreshold = layout_.feedSilentSeconds;
    if (live_ && live_->feed() && live_->feed()->size() > 0) {
        const auto report = live_->feed()->report();
        f.feed.configured = true;
        f.feed.name = file_.feeds.empty() ? report[0].status.name
                                                 : (file_.feeds[0].id.empty() ? report[0].status.name
                                                                                     : file_.feeds[0].id);
        // The freshest source decides: the banner says the whole feed went quiet.
        const auto now = std::chrono::steady_clock::now();
        std::optional<double> silent;
        for (const auto& r : report) {
            f.feed.received += r.status.received;
            const double s = r.status.silentFor(now, live_->started());
            silent = silent ? std::min(*silent, s) : s;
        }
        f.feed.silentSeconds = silent;
        f.feed.rejected = live_->store().accounting().rejected;
    } else if (live_ && file_.live && !file_.live->feed.empty()) {
        // A recording at a fixed clock: its age is the clock's distance from its newest message.
        f.feed.configured = true;
        f.feed.name = std::filesystem::path(file_.live->feed).filename().string();
        const auto newest = live_->store().history().newest(1);
        if (!newest.empty()) f.feed.silentSeconds = double(clock_ - newest[0].time) / 1000.0;
        f.feed.received = live_->store().accounting().received;
        f.feed.rejected = live_->store().accounting().rejected;
    }
    const TourFrame& t = tour_->frame();
    if ((t.phase == TourPhase::FlyingToAlert || t.phase == TourPhase::ShowingAlert) && t.alert) {
        auto it = alerts_.find(t.alert->id);
        if (it != alerts_.end()) f.alert = AlertView{it->second, t.phaseProgress, t.queuedAlerts};
    }
    if ((t.phase == TourPhase::Dwelling || t.phase == TourPhase::Flying) && t.stop >= 0) {
        const TourStop& stop = tour_->stops()[std::size_t(t.stop)];
        f.stopName = stop.name;
        if (!stop.panels.empty())
            for (const auto& p : layout_.panels)
                if (p.kind != PanelKind::Map && p.kind != PanelKind::Title && p.kind != PanelKind::Clock &&
                    std::find(stop.panels.begin(), stop.panels.end(), p.id) == stop.panels.end())
                    f.hiddenPanels.push_back(p.id);
    }
    int image = 0;
    for (const auto& p : layout_.panels)
        if (p.kind == PanelKind::Map) f.mapImages[p.id] = image++;
    return f;
}

Result<WallFrameStats> WallSession::render(bool toBound) {
    WallFrameStats stats;
    const auto t0 = std::chrono::steady_clock::now();
    WallFrame f = frame();
    // The map is drawn again when the camera moves (every frame of a flight), and otherwise at
    // most kMapInterval apart for new messages and pulses: a still wall costs little.
    static const bool alwaysFull = std::getenv("GRIDSCOPE_WALL_FULL_REDRAW") != nullptr;
    const ViewPoint view = tour_->frame().view;
    // The first picture and snapshots are never "moving": they are drawn at full quality.
    const bool moving = mapDrawn_ && !toBound &&
                        (view.center.x != lastView_.center.x || view.center.y != lastView_.center.y ||
                         view.width != lastView_.width);
    // On a slow (software) renderer a moving map is drawn at a lower resolution and scaled up; it
    // is sharp again as soon as the camera stops.
    const float mapScale = moving ? motionScale_ : 1.0f;
    // A frame that must redraw much of the wall besides the map (a tour stop's panels, an alert
    // card, text in new glyphs: over kDeferShare of its pixels) does not also draw a moving map
    // on a software renderer; the flight goes on from the next frame, so no frame pays for both
    // (the soak's slowest frames were those: 75-84 ms of 100 at 3840x1080). Never two frames in a
    // row, so the map always moves.
    bool deferMotion = false;
    if (moving && !alwaysFull && !deferredLast_ && renderer_->software()) {
        canvas_->reset(options_.scale);
        drawWall(*canvas_, f, anim_, theme_);  // the map panels as they are (the frame's list if it waits)
        const double pixels = renderer_->pendingRedrawPixels(*canvas_, layout_.width, layout_.height, options_.scale);
        deferMotion = pixels > kDeferShare * double(layout_.width) * double(layout_.height) * options_.scale * options_.scale;
    }
    deferredLast_ = deferMotion;
    const bool redraw = !deferMotion && (!mapDrawn_ || toBound || alwaysFull || moving || refining_ ||
                                         mapScale != lastMapScale_ || mapAge_ >= kMapInterval);
    bool partial = false;
    int image = 0;
    for (const auto& p : layout_.panels) {
        if (p.kind != PanelKind::Map) continue;
        if (!redraw) {
            ++image;
            continue;
        }
        ViewState vs;
        vs.labels = true;
        vs.legend = false;  // the layers' legends would cover the map; the live legend stays
        vs.uiScale = kMapTextScale * options_.scale * mapScale;
        vs.buildingOutlines = !(moving && motionScale_ < 1.0f);
        vs.levelOfDetail = !options_.fullDetail;
        const Camera camera = mapCamera(p, mapScale);
        // A map at rest after a flight, on a software renderer: its full picture is drawn over
        // several frames, band by band, while the panel keeps the flight's last picture; no frame
        // pays for the whole map (the first picture and snapshots are drawn at once).
        if (mapDrawn_ && !toBound && !moving && !alwaysFull && renderer_->software())
            vs.mapBands = stillMapBands(camera.width, camera.height);
        auto r = renderer_->drawMap(image, camera, vs);
        if (!r) return Error{"GL: " + r.error().message};
        if (!r->partial) f.freshMaps.insert(p.id);
        partial = partial || r->partial;
        ++image;
        stats.map = *r;
    }
    refining_ = partial;
    const auto t1 = std::chrono::steady_clock::now();
    if (redraw) {
        mapDrawn_ = true;
        mapAge_ = 0;
        lastView_ = view;
        lastMapScale_ = mapScale;
    }
    stats.mapMs = seconds(t1 - t0) * 1e3;
    stats.mapDrawn = redraw;
    stats.moving = moving;
    stats.refining = refining_;
    // Adapt once: a flight whose frames cost more than a third of the frame budget goes to half
    // resolution while moving.
    if (moving && mapDrawn_ && motionScale_ == 1.0f && stats.mapMs > kSlowMapMs && ++slowMotionFrames_ >= 2)
        motionScale_ = 0.5f;
    if (!deferMotion) {  // else the list built to decide is this frame's (no map was drawn since)
        canvas_->reset(options_.scale);
        drawWall(*canvas_, f, anim_, theme_);
    }
    if (Status st = renderer_->drawCanvas(*canvas_, layout_.width, layout_.height, options_.scale, theme_.background,
                                          toBound);
        !st)
        return Error{"GL: " + st.error().message};
    const auto t2 = std::chrono::steady_clock::now();
    stats.panelsMs = seconds(t2 - t1) * 1e3;
    stats.redrawPixels = renderer_->lastRedrawPixels();
    return stats;
}

}  // namespace gs::cli
