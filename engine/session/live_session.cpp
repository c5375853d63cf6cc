#include "session/live_session.hpp"

#include <algorithm>
#include <cmath>

#include "live/overlay/overlay_builder.hpp"
#include "live/store/feed_until.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_renderer.hpp"

namespace gs {

namespace {

// Messages applied per source per frame: enough for 60,000 msgs/s at 60 frames/s, small enough
// that a backlog (a broker handing over a persistent session's queue) never stalls a frame.
constexpr std::size_t kMaxPerSourcePerFrame = 4096;

std::int64_t wallClockMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// "demo.ndjson: 3 of 120 messages rejected (bad_time 2, no_id 1); ..." when the recording had any.
std::optional<std::string> rejectedWarning(const std::string& feed, const FeedAccounting& acc) {
    if (acc.rejected == 0) return std::nullopt;
    std::string reasons;
    for (int r = 0; r < kRejectReasonCount; ++r)
        if (acc.rejectedBy[std::size_t(r)])
            reasons += (reasons.empty() ? "" : ", ") + std::string(reasonName(RejectReason(r))) + " " +
                       std::to_string(acc.rejectedBy[std::size_t(r)]);
    return feed + ": " + std::to_string(acc.rejected) + " of " + std::to_string(acc.received) +
           " messages rejected (" + reasons + "); `gridscope feed check` lists them";
}

}  // namespace

Result<std::unique_ptr<LiveSession>> LiveSession::create(const SceneFile& file, const LoadedScene& scene,
                                                         SceneRenderer& renderer, const LiveSessionOptions& options) {
    return create(file.feeds, file.live, file.scene.file.empty() ? "scene" : file.scene.file, scene, renderer,
                  options);
}

Result<std::unique_ptr<LiveSession>> LiveSession::create(const std::vector<FeedConfig>& feeds,
                                                         const std::optional<LiveOverlayConfig>& live,
                                                         const std::string& label, const LoadedScene& scene,
                                                         SceneRenderer& renderer, const LiveSessionOptions& options) {
    if (feeds.empty() && !live) return std::unique_ptr<LiveSession>();
    std::unique_ptr<LiveSession> s(new LiveSession());
    const LiveOverlayConfig overlayConfig = live.value_or(LiveOverlayConfig{});
    s->overlayConfig_ = overlayConfig;

    StoreOptions storeOptions;
    storeOptions.utcOffsetMinutes = overlayConfig.utcOffsetMinutes;
    storeOptions.historyRetentionMs = options.historyMs;
    auto store = makeSceneLiveStore(scene, storeOptions);
    if (!store) return store.error();
    s->assigner_ = std::move(store->assigner);
    s->store_ = std::move(store->store);

    auto overlay = OverlayBuilder::create(overlayConfig, scene);
    if (!overlay) return overlay.error();
    s->overlay_ = std::move(*overlay);
    auto gl = OverlayRenderer::create();
    if (!gl) return Error{"GL: " + gl.error().message};
    s->gl_ = std::move(*gl);
    auto toDisplay = Transformer::create("EPSG:4326", scene.config.displayCrs);
    if (!toDisplay) return Error{"live: " + toDisplay.error().message};
    s->toDisplay_ = std::make_unique<Transformer>(std::move(*toDisplay));

    // Feeds bring their own clock (a replay's, or the wall clock); "live.at" is the recording's.
    s->now_ = feeds.empty() ? overlayConfig.at.value_or(options.picture ? 0 : wallClockMs()) : 0;
    // A recording ("live.feed" as of "live.at") is the picture's state; with feeds declared, the
    // window shows the feeds instead (a file feed's "from" gives the same starting state).
    if (!overlayConfig.feed.empty() && feeds.empty()) {
        auto stats = ingestFeedFileUntil(overlayConfig.feed, overlayConfig.at, *s->store_);
        if (!stats) return stats.error();
        if (!overlayConfig.at && stats->newest != kNoTime) s->now_ = stats->newest;
        if (auto w = rejectedWarning(overlayConfig.feed, s->store_->accounting())) s->warnings_.push_back(*w);
    }
    if (!feeds.empty()) {
        auto feed = LiveFeed::fromConfig(feeds, label);
        if (!feed) return feed.error();
        s->feed_ = std::move(*feed);
        s->feed_->start();
    }
    s->store_->setClock(s->now_);
    s->lastUpload_ = s->overlay_->sync(*s->store_, s->now_, *s->gl_);
    s->appliedBefore_ = s->store_->accounting().applied;
    s->renderer_ = &renderer;
    renderer.setLiveOverlay(s->overlay_.get(), s->gl_.get());
    return s;
}

LiveSession::~LiveSession() {
    if (feed_) feed_->stop();
    if (renderer_) renderer_->setLiveOverlay(nullptr, nullptr);
}

bool LiveSession::update() {
    std::size_t taken = feed_ ? feed_->drainInto(*store_, kMaxPerSourcePerFrame) : 0;
    // The replay's clock when a file source plays; the wall clock for live transports. Never
    // backwards: figures and pulses only move forward.
    std::optional<std::int64_t> clock = feed_ ? feed_->feedClock() : std::nullopt;
    // A replay that has not delivered its first message yet leaves the clock where it is.
    const std::int64_t next = clock ? *clock : (feed_ && !feed_->replays() ? wallClockMs() : now_);
    const bool moved = next > now_;
    if (moved) now_ = next;
    store_->setClock(now_);
    const std::uint64_t applied = store_->accounting().applied;
    const bool changed = applied != appliedBefore_ || taken > 0;
    appliedBefore_ = applied;
    // sync() uploads only dirty slots (none when nothing changed) and refreshes the live
    // choropleth, whose figures also move with the clock (overdue, new in the last hour).
    if (changed || moved) lastUpload_ = overlay_->sync(*store_, now_, *gl_);
    return changed || moved;
}

Status LiveSession::rebind(const LoadedScene& scene, SceneRenderer& renderer) {
    std::unique_ptr<SceneGridAssigner> assigner;
    if (std::any_of(scene.layers.begin(), scene.layers.end(), [](const LoadedLayer& l) { return l.isLevel(); })) {
        auto a = SceneGridAssigner::create(scene);
        if (!a) return Error{"live: " + a.error().message};
        assigner = std::move(*a);
    }
    auto overlay = OverlayBuilder::create(overlayConfig_, scene);
    if (!overlay) return overlay.error();
    auto gl = OverlayRenderer::create();
    if (!gl) return Error{"GL: " + gl.error().message};
    store_->regrid(assigner.get());
    assigner_ = std::move(assigner);  // the old one goes only now that the store holds the new
    if (renderer_) renderer_->setLiveOverlay(nullptr, nullptr);
    overlay_ = std::move(*overlay);
    gl_ = std::move(*gl);
    lastUpload_ = overlay_->sync(*store_, now_, *gl_);
    renderer_ = &renderer;
    renderer.setLiveOverlay(overlay_.get(), gl_.get());
    return {};
}

std::optional<Vec2d> LiveSession::displayPoint(std::uint32_t record) const {
    if (record >= store_->size()) return std::nullopt;
    Vec2d p = store_->record(record).point;
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return std::nullopt;
    if (toDisplay_->transform(std::span<Vec2d>(&p, 1)) != 0) return std::nullopt;
    return p;
}

}  // namespace gs
