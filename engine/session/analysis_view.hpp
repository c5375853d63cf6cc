// The analyst's view (issue 13): a scene's analysis held live — the history read once, a time
// window and filters the panel changes, and on each change the kept events recounted, the
// choropleth recoloured and the heatmap's points uploaded again; the heatmap drawn as the scene
// renderer's map pass (under the live overlay). A compare view draws two periods of one camera,
// split or swiped (render/compare_composer). The window and the headless snapshot both draw
// through render(). GL thread for everything that touches the renderer.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "render/cell_renderer.hpp"
#include "render/compare_composer.hpp"
#include "render/heatmap_renderer.hpp"
#include "render/scene_renderer.hpp"
#include "session/analysis_hexbins.hpp"
#include "session/analysis_session.hpp"

namespace gs {

class AnalysisView {
public:
    // Reads the history (a city's takes seconds: the caller shows progress) and draws the config's
    // window and filters. The scene and renderer must outlive the view.
    // `store`: the scene's live store, for a "live" history (it must outlive the view).
    static Result<std::unique_ptr<AnalysisView>> create(const AnalysisConfig& config, const LoadedScene& scene,
                                                        SceneRenderer& renderer, Lang lang,
                                                        const LiveStore* store = nullptr);
    // A "live" history: read the store again when it has applied messages since the last read,
    // keep the filters (by their keys' names) and apply. True when it did.
    Result<bool> refreshLive();
    ~AnalysisView();

    const EventHistory& history() const { return data_->history; }
    const HistoryLoadReport& loadReport() const { return data_->load; }
    const AnalysisConfig& config() const { return config_; }

    // What the panel edits; apply() after changing it.
    EventFilter filter;
    bool heatmapOn = true, choroplethOn = true;
    // Hexagon bins of the kept events (the scene's "hexbins", or 500 m cells by count).
    bool hexbinsOn = false;
    // Compare the window with a baseline period: off; the choropleth as the difference from it;
    // both periods side by side (split) or over each other with a divider (swipe), classed alike
    // and on one heatmap scale. The baseline is the scene's compare period, or (when the scene
    // has none or the panel turns compare on) the window just before this one, of its length.
    enum class Compare { Off, Difference, Split, Swipe };
    Compare compare = Compare::Off;
    bool baselineFollowsWindow = true;
    int64_t baselineFromSec = 0, baselineToSec = 0;  // when it does not follow
    double divider = 0.5;                            // swipe: a fraction of the width from the left
    std::pair<int64_t, int64_t> baselinePeriod() const;
    int sides() const { return compare == Compare::Split || compare == Compare::Swipe ? 2 : 1; }
    // The level the choropleth colours: it follows the zoom (the finest whose grids are at least
    // kFollowZoomPx across on screen) unless pinned; `level` is the history's level index.
    bool levelFollowsZoom = true;
    int level = -1;
    static constexpr double kFollowZoomPx = 48;
    // For the camera of this frame: the level the zoom asks for; changes `level` and applies when
    // it follows the zoom and differs. True when it changed.
    bool followZoom(const Camera& camera);
    HistoryFigure figure = HistoryFigure::Count;
    // Whether the choropleth's level gives households (a figure per household can be shown).
    bool levelHasHouseholds() const;
    // Recounts, recolours and re-uploads. Errors (a palette) leave the previous picture.
    Status apply();

    // Draws the frame into the bound framebuffer: the heatmap's density and legend prepared for
    // the camera, then the map (both periods composed when comparing side by side). What a window
    // and a snapshot call instead of SceneRenderer::render.
    // `visible`: the frame's columns [first, second) not under the window's panels (a compare splits
    // and swipes those; the whole frame when not given).
    RenderStats render(const Camera& camera, const ViewState& view, std::pair<int, int> visible = {0, 0});
    // Progressive frames (the window's): the first frame after apply() draws the heatmap's density
    // on a coarser grid (kCoarseKernelTexels across its radius instead of the renderer's 8, about
    // 7x fewer kernel taps), and refining() then says one more frame is needed for the full one.
    // Off for snapshots: a picture is always the full one.
    bool progressive = false;
    static constexpr int kCoarseKernelTexels = 3;
    bool refining() const { return refining_; }
    // The heatmap's scale in the last frame (with the heatmap on and events kept).
    std::optional<HeatmapRange> heatmapRange() const;
    // The caption of a compare side: 0 the baseline, 1 the window, each with its dates.
    std::string sideCaption(int side) const;
    // Split over the visible columns [x0, x1): the column of the frame's camera that shows what is
    // at column `x` of a side, for picking under the mouse. The swipe divider's column.
    static double splitToFrameX(double x, int x0, int x1);
    int dividerColumn(int x0, int x1) const { return x0 + int(std::lround(divider * double(x1 - x0))); }

    // Drill-down: the history's level of a scene layer (-1 when it is not one of the levels), the
    // scene layer of a level, and the extent of a grid (display CRS) to zoom to.
    int levelOfLayer(std::size_t sceneLayer) const;
    std::size_t layerOfLevel(int level) const;
    Box gridBounds(int level, int32_t grid) const;
    // The grid's name, or its id when unnamed.
    std::string gridLabel(int level, int32_t grid) const;

    std::size_t kept() const { return rows_.size(); }
    // Events each category would keep with the other filters as they are (the panel's counts).
    const std::vector<std::size_t>& categoryCounts() const { return categoryCounts_; }
    const std::optional<AnalysisClassReport>& classes() const { return classes_; }
    // Split and swipe: the baseline period's classes (the same breaks, its own counts).
    const std::optional<AnalysisClassReport>& baselineClasses() const { return baselineClasses_; }
    std::size_t baselineKept() const { return baselineRows_.size(); }
    // The hexagon bins' classes: the window's, and (split, swipe) the baseline's.
    std::optional<AnalysisClassReport> hexbinClasses(int side = 1) const;
    // Events each status would keep with the other filters (by EventStatus value).
    const std::vector<std::size_t>& statusCounts() const { return statusCounts_; }
    // Events each priority would keep with the other filters (0 none, 1..3).
    const std::vector<std::size_t>& priorityCounts() const { return priorityCounts_; }
    // Events each team and each source would keep with the other filters (by dictionary index).
    const std::vector<std::size_t>& teamCounts() const { return teamCounts_; }
    const std::vector<std::size_t>& sourceCounts() const { return sourceCounts_; }

    // The linked charts, recomputed by apply():
    // events over the whole history with the filters but not the window, per bucket (a day when
    // the history spans under a year, else a week), the window's buckets marked;
    struct Timeline {
        int64_t firstSec = 0, bucketSec = 86400;
        std::vector<float> counts;
        std::size_t windowFirst = 0, windowLast = 0;  // buckets the window covers
    };
    const Timeline& timeline() const { return timeline_; }
    // the kept events' response times (resolved and closed ones) in bins: < 2 h, 2–6 h, 6–12 h,
    // 12–24 h, 1–3 d, 3–7 d, over 7 days;
    const std::vector<float>& responseBins() const { return responseBins_; }
    // and the grids of the coloured level ranked by the figure (top first; NaNs last, left out).
    struct Ranked {
        int32_t grid = -1;
        double value = 0;
    };
    const std::vector<Ranked>& ranking() const { return ranking_; }
    int rankingLevel() const { return rankingLevel_; }
    double lastApplyMs() const { return applyMs_; }

private:
    AnalysisView() = default;
    void useSide(int side);
    void prepareHeatmap(const Camera& camera);
    void drawPass(const Camera& camera);
    void pushLegends();
    HeatmapSettings sideSettings() const;
    HeatmapSettings densitySettings() const;
    // What the heatmap's density texture holds: for which camera, side and data.
    struct DensityKey {
        Vec2d center;
        double unitsPerPixel = 0;
        int width = 0, height = 0, side = -1;
        std::uint64_t data = 0;
        bool coarse = false;
        friend bool operator==(const DensityKey&, const DensityKey&) = default;
    };
    DensityKey keyFor(const Camera& camera, int side) const {
        return {camera.center, camera.unitsPerPixel, camera.width, camera.height, side, dataGeneration_, coarse_};
    }
    AnalysisConfig config_;
    const LoadedScene* scene_ = nullptr;
    const LiveStore* store_ = nullptr;
    std::uint64_t storeApplied_ = 0;  // the store's applied messages when last read
    SceneRenderer* renderer_ = nullptr;
    Lang lang_ = Lang::Zh;
    std::unique_ptr<AnalysisData> data_;
    std::unique_ptr<HeatmapRenderer> heatmap_;
    HeatmapSettings settings_;
    std::vector<uint32_t> rows_, baselineRows_;
    std::array<LayerColors, 2> sideColors_;  // split and swipe: the baseline's and the window's
    std::optional<AnalysisClassReport> baselineClasses_;
    int side_ = 1;                           // the side being drawn (1: the window)
    std::uint64_t dataGeneration_ = 0;       // bumped by apply()
    DensityKey density_, sharedScale_;       // the texture's content; the shared scale's frame
    double sharedMax_ = 0;                   // two sides: the heatmap's top over both
    bool changed_ = false, coarse_ = false, refining_ = false;  // progressive frames
    std::unique_ptr<CompareComposer> composer_;
    std::unique_ptr<CellRenderer> cells_;
    std::optional<HexbinLayer> hexbins_;     // periods: the window's, then the baseline's
    std::optional<Legend> heatLegend_;
    std::vector<std::size_t> categoryCounts_, statusCounts_, priorityCounts_, teamCounts_, sourceCounts_;
    Timeline timeline_;
    std::vector<float> responseBins_;
    std::vector<Ranked> ranking_;
    std::vector<double> medianSize_;  // per level: the median grid's side, display units
    int rankingLevel_ = -1;
    std::optional<AnalysisClassReport> classes_;
    std::optional<std::size_t> colouredLayer_;
    double applyMs_ = 0;
};

}  // namespace gs
