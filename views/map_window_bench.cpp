// The window's scripted camera path (--bench-path zoom): from the starting view down to a street
// and back along van Wijk–Nuij paths, one frame per step, timed like --bench-frames; one JSON line
// with every frame's time, view width and triangles, percentiles overall and per zoom band, the
// time from process start to the first complete picture, and peak RSS.
#include "map_window_impl.hpp"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_map>

namespace gs::cli::window_detail {

double processAgeSeconds() {
    // /proc/self/stat field 22: the start time in clock ticks since boot (CLOCK_BOOTTIME, Linux 5.3+).
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t paren = stat.rfind(')');  // the command name may hold spaces
    if (paren == std::string::npos) return -1;
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    for (int i = 3; i < 22 && fields >> field; ++i) {
    }
    unsigned long long ticks = 0;
    if (!(fields >> ticks)) return -1;
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) != 0) return -1;
    return double(now.tv_sec) + double(now.tv_nsec) * 1e-9 - double(ticks) / double(sysconf(_SC_CLK_TCK));
}

double peakRssMegabytes() {
    rusage u{};
    if (getrusage(RUSAGE_SELF, &u) != 0) return -1;
    return double(u.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

const char* zoomBand(double viewWidth) {
    if (viewWidth >= kBandCityWidth) return "city";
    if (viewWidth >= kBandStreetWidth) return "district";
    return "street";
}

// The street the path flies to: the middle of the kStreetCell-wide square holding the most building
// centres (the finest level's label points when the scene has no buildings), so the street view
// is the busiest one the scene has.
Vec2d MapWindow::busiestStreet() const {
    const LoadedScene& scene = view_->scene;
    const LoadedLayer* pick = nullptr;
    for (const auto& layer : scene.layers)
        if (!layer.isLevel() && layer.featureCount() > 0) pick = &layer;
    if (!pick)
        for (const auto& layer : scene.layers)
            if (layer.isLevel() && layer.featureCount() > 0) pick = &layer;
    if (!pick) return scene.extent.center();
    std::unordered_map<uint64_t, uint32_t> cells;
    cells.reserve(pick->featureCount() / 8 + 16);
    const Vec2d o{scene.extent.minX, scene.extent.minY};
    auto key = [&](Vec2d p) {
        const auto cx = uint64_t(std::max(0.0, std::floor((p.x - o.x) / kStreetCell)));
        const auto cy = uint64_t(std::max(0.0, std::floor((p.y - o.y) / kStreetCell)));
        return (cx << 32) | (cy & 0xffffffffu);
    };
    uint64_t best = 0;
    uint32_t bestCount = 0;
    for (size_t i = 0; i < pick->featureCount(); ++i) {
        const Vec2d p = i < pick->bounds.size() ? pick->bounds[i].center() : pick->labelPoints[i];
        const uint64_t k = key(p);
        const uint32_t n = ++cells[k];
        if (n > bestCount || (n == bestCount && k < best)) best = k, bestCount = n;
    }
    return {o.x + (double(best >> 32) + 0.5) * kStreetCell, o.y + (double(best & 0xffffffffu) + 0.5) * kStreetCell};
}

void MapWindow::startBenchPath() {
    const Camera& c = map_.camera;
    const ViewPoint city{c.center, c.unitsPerPixel * c.width};
    const ViewPoint street{busiestStreet(), std::min(city.width, kBenchStreetWidth)};
    benchPath_.emplace(BenchPath{FlyPath(city, street), FlyPath(street, city), street.center});
}

// Before frame i of n: the camera at its step of the path. The first half of the frames fly down,
// the first at the starting view and the last at the street; the rest fly back up, the last at
// the starting view.
void MapWindow::placeBenchCamera(int i, int n) {
    const int down = (n + 1) / 2;
    const ViewPoint v = i < down ? benchPath_->down.at(down > 1 ? double(i) / double(down - 1) : 1.0)
                                 : benchPath_->up.at(double(i - down + 1) / double(n - down));
    map_.camera.center = v.center;
    map_.camera.unitsPerPixel = v.width / std::max(1, map_.camera.width);
    benchWidths_.push_back(v.width);
}

int MapWindow::finishBenchPath() {
    auto summary = [](const std::vector<double>& ms) {
        const FrameTimeSummary s = summarizeFrameTimes(ms);
        char buf[160];
        std::snprintf(buf, sizeof buf, "{\"frames\":%zu,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"max_ms\":%.3f,\"mean_ms\":%.3f",
                      s.frames, s.medianMs, s.p95Ms, s.maxMs, s.meanMs);
        return std::string(buf);
    };
    std::string bands;
    for (const char* band : {"city", "district", "street"}) {
        std::vector<double> ms;
        size_t maxTriangles = 0;
        double minW = 0, maxW = 0;
        for (size_t i = 0; i < benchFrameMs_.size(); ++i) {
            if (std::string_view(zoomBand(benchWidths_[i])) != band) continue;
            ms.push_back(benchFrameMs_[i]);
            maxTriangles = std::max(maxTriangles, benchTriangles_[i]);
            minW = ms.size() == 1 ? benchWidths_[i] : std::min(minW, benchWidths_[i]);
            maxW = std::max(maxW, benchWidths_[i]);
        }
        char buf[160];
        std::snprintf(buf, sizeof buf, ",\"max_triangles\":%zu,\"view_width_min\":%.0f,\"view_width_max\":%.0f}",
                      maxTriangles, minW, maxW);
        if (!bands.empty()) bands += ',';
        bands.append("\"").append(band).append("\":").append(summary(ms)).append(buf);
    }
    auto list = [](const auto& v, const char* format) {
        std::string s = "[";
        char buf[32];
        for (size_t i = 0; i < v.size(); ++i) {
            std::snprintf(buf, sizeof buf, format, v[i]);
            if (i) s += ',';
            s += buf;
        }
        return s + "]";
    };
    size_t features = 0;
    for (const auto& layer : view_->scene.layers) features += layer.featureCount();
    std::printf("{\"bench\":\"window_path\",\"path\":\"%s\",\"width\":%d,\"height\":%d,\"frames\":%zu,"
                "\"street_width\":%.0f,\"street_center\":[%.1f,%.1f],\"band_widths\":[%.0f,%.0f],"
                "\"first_picture_s\":%.3f,\"load_s\":%.3f,\"meshes_s\":%.3f,\"peak_rss_mb\":%.1f,\"features\":%zu,"
                "\"gl_renderer\":\"%s\",\"overall\":%s},\"bands\":{%s},"
                "\"motion_tiles\":%s,\"exact_frames\":%zu,\"regions_read\":%zu,"
                "\"frame_ms\":%s,\"view_width\":%s,\"triangles\":%s,\"exact\":%s}\n",
                options_.benchPath.c_str(), window_.framebufferWidth(), window_.framebufferHeight(),
                benchFrameMs_.size(), benchPath_->down.at(1).width, benchPath_->street.x, benchPath_->street.y,
                kBandCityWidth, kBandStreetWidth, firstPictureSeconds_, view_->scene.loadSeconds,
                meshesSeconds_ >= 0 ? meshesSeconds_ : firstPictureSeconds_, peakRssMegabytes(),
                features, window_.glRenderer().c_str(), summary(benchFrameMs_).c_str(), bands.c_str(),
                options_.noMotionTiles || options_.fullDetail ? "false" : "true",
                size_t(std::count(benchExact_.begin(), benchExact_.end(), 1)), regionsRead_,
                list(benchFrameMs_, "%.2f").c_str(),
                list(benchWidths_, "%.0f").c_str(), list(benchTriangles_, "%zu").c_str(),
                list(benchExact_, "%d").c_str());
    std::fflush(stdout);
    return 0;
}

}  // namespace gs::cli::window_detail
