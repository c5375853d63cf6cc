#include "render/live_snapshot.hpp"

#include <algorithm>

#include "live/overlay/overlay_builder.hpp"
#include "live/store/feed_until.hpp"
#include "live/store/live_store.hpp"
#include "live/store/scene_grid_assigner.hpp"
#include "render/overlay_renderer.hpp"
#include "render/scene_renderer.hpp"

namespace gs {

Result<std::unique_ptr<LiveSnapshot>> LiveSnapshot::create(const LiveOverlayConfig& config, const LoadedScene& scene,
                                                           SceneRenderer& renderer,
                                                           std::vector<std::string>& warnings) {
    std::unique_ptr<LiveSnapshot> s(new LiveSnapshot());
    auto overlay = OverlayBuilder::create(config, scene);
    if (!overlay) return overlay.error();
    s->overlay_ = std::move(*overlay);
    auto gl = OverlayRenderer::create();
    if (!gl) return Error{"GL: " + gl.error().message};
    s->gl_ = std::move(*gl);

    StoreOptions options;
    options.utcOffsetMinutes = config.utcOffsetMinutes;
    auto live = makeSceneLiveStore(scene, options);
    if (!live) return live.error();
    s->assigner_ = std::move(live->assigner);
    s->store_ = std::move(live->store);

    std::int64_t now = config.at.value_or(0);
    if (!config.feed.empty()) {
        auto stats = ingestFeedFileUntil(config.feed, config.at, *s->store_);
        if (!stats) return stats.error();
        if (!config.at && stats->newest != kNoTime) now = stats->newest;
        const FeedAccounting& acc = s->store_->accounting();
        if (acc.rejected > 0) {
            std::string reasons;
            for (int r = 0; r < kRejectReasonCount; ++r)
                if (acc.rejectedBy[std::size_t(r)])
                    reasons += (reasons.empty() ? "" : ", ") + std::string(reasonName(RejectReason(r))) + " " +
                               std::to_string(acc.rejectedBy[std::size_t(r)]);
            warnings.push_back(config.feed + ": " + std::to_string(acc.rejected) + " of " +
                               std::to_string(acc.received) + " messages rejected (" + reasons +
                               "); `gridscope feed check` lists them");
        }
    }
    s->store_->setClock(now);
    s->overlay_->sync(*s->store_, now, *s->gl_);
    s->renderer_ = &renderer;
    renderer.setLiveOverlay(s->overlay_.get(), s->gl_.get());
    return s;
}

LiveSnapshot::~LiveSnapshot() {
    if (renderer_) renderer_->setLiveOverlay(nullptr, nullptr);
}

}  // namespace gs
