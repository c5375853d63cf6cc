// A command-center wall's layout (JSON): a logical canvas (e.g. 3840×1080 for two 1080p monitors
// side by side), how its outputs tile it with their bezels, the scene drawn in the map panel, the
// panels placed on the canvas, the tour, the language and whether the screen is public.
// Parsing only: no GL, no live data. See docs/wall.md for the format.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

enum class PanelKind { Title, Clock, Map, Kpis, Hourly, Categories, Statuses, Ranking, Ticker, Alert, FeedHealth };

std::string_view panelKindName(PanelKind kind);

enum class RankingBy { Overdue, Response };

struct PanelConfig {
    std::string id;           // unique; tour stops name panels by it
    PanelKind kind = PanelKind::Map;
    float x = 0, y = 0, w = 0, h = 0;  // canvas pixels, y down
    std::string title;        // overrides the panel's default (translated) title
    RankingBy rankBy = RankingBy::Overdue;
    std::vector<std::string> figures;  // Kpis: which tiles, in order (default: all seven)
};

// How physical outputs tile the canvas: `columns` × `rows` equal monitors, with `bezelX` /
// `bezelY` canvas pixels hidden between neighbours (bezel compensation: the picture continues
// behind the bezel, so a line crossing it stays straight).
struct WallOutputs {
    int columns = 1, rows = 1;
    float bezelX = 0, bezelY = 0;
};

struct TourStopConfig {
    std::string name;
    double lon = 0, lat = 0;           // centre, WGS 84
    double widthMeters = 3000;         // ground width shown across the map panel
    double seconds = 20;
    std::vector<std::string> layers;   // layer ids shown (empty: the scene's own visibility)
    std::vector<std::string> panels;   // panel ids shown (empty: all)
};

struct WallLayout {
    std::string file;                  // as given, for messages
    std::string name;
    int width = 1920, height = 1080;   // the logical canvas
    WallOutputs outputs;
    std::string scene;                 // scene config path (absolute once loaded)
    std::string lang = "zh";           // "zh" or "en"
    bool isPublic = false;             // aggregates only (see docs/wall.md, "Privacy")
    int minCount = 5;                  // public: per-grid counts under this show as "<k"
    double feedSilentSeconds = 120;    // feed health: a banner when no message came for this long
    std::optional<std::int64_t> clock; // a fixed clock (render tests); default: the feed's
    std::vector<PanelConfig> panels;
    std::vector<TourStopConfig> tour;
    double alertSeconds = 15;
    double alertWidthMeters = 1200;

    const PanelConfig* panel(std::string_view id) const;
};

Result<WallLayout> loadWallLayout(const std::filesystem::path& file);
Result<WallLayout> parseWallLayout(std::string_view json, const std::string& fileLabel,
                                   const std::filesystem::path& baseDir);

}  // namespace gs
