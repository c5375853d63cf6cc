// The analyst's hexagon bins (issue 13): the kept events of one period, or of two (a compare
// view), binned into hexagons of a size on the ground (analysis/hexbin), classed (one set of
// breaks for both periods), coloured and made into a mesh for render/cell_renderer, with a legend
// per period (its classes and counts) and the classes for `render --report`.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "assets/strings.hpp"
#include "core/result.hpp"
#include "history/analysis_config.hpp"
#include "history/event_history.hpp"
#include "render/cell_renderer.hpp"
#include "session/analysis_session.hpp"
#include "style/layer_colors.hpp"

namespace gs {

struct HexbinPeriod {
    std::uint32_t firstTriangle = 0, triangles = 0, firstLine = 0, lines = 0;  // vertices in the mesh
    Legend legend;
    AnalysisClassReport classes;
    std::size_t cells = 0;  // non-empty cells
};

struct HexbinLayer {
    CellMesh mesh;
    std::vector<HexbinPeriod> periods;  // as the rows were given
};

// `periods`: the kept rows of each period (one or two). `webMercator`: the display CRS is EPSG:3857
// (a size in metres is then scaled at the history's latitude), else it is in metres.
Result<HexbinLayer> buildHexbins(const EventHistory& history, std::span<const std::vector<uint32_t>* const> periods,
                                 const AnalysisHexbins& config, bool webMercator, Lang lang);

}  // namespace gs
