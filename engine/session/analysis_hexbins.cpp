#include "session/analysis_hexbins.hpp"

#include <cmath>
#include <string>

#include "analysis/hexbin.hpp"
#include "style/classify.hpp"
#include "style/palette.hpp"

namespace gs {

Result<HexbinLayer> buildHexbins(const EventHistory& h, std::span<const std::vector<uint32_t>* const> periods,
                                 const AnalysisHexbins& config, bool webMercator, Lang lang) {
    // The lattice is anchored at the history's origin: the cells stay put as the window moves.
    const double metresPerUnit = webMercator ? webMercatorMetresPerUnitAtY(h.origin.y) : 1.0;
    auto grid = HexGrid::make(config.size, metresPerUnit, h.origin);
    if (!grid) return Error{"analysis.hexbins: " + grid.error().message};
    std::vector<HexBins> bins;
    std::vector<std::vector<double>> values;
    std::vector<double> all;
    for (const std::vector<uint32_t>* rows : periods) {
        std::vector<Vec2d> points;
        std::vector<double> weights;
        points.reserve(rows->size());
        for (uint32_t i : *rows) {
            points.push_back(h.position(i));
            if (config.weight && !h.weight.empty()) weights.push_back(h.weight[i]);
        }
        auto b = hexbin(*grid, points, weights);
        if (!b) return Error{"analysis.hexbins: " + b.error().message};
        values.push_back(hexValues(*b, config.weight ? HexValue::Weight : HexValue::Count));
        all.insert(all.end(), values.back().begin(), values.back().end());
        bins.push_back(std::move(*b));
    }
    // One set of classes for every period: the method's breaks over all their cells.
    ClassMethod method = config.method;
    std::vector<double> breaks = config.breaks;
    if (periods.size() > 1 && method != ClassMethod::Manual) {
        breaks = sharedBreaks(all, method, config.classes);
        method = ClassMethod::Manual;
    }
    if (method == ClassMethod::Manual)
        if (auto why = checkManualBreaks(breaks)) return Error{"analysis.hexbins.breaks: " + *why};
    const std::string size = formatNumber(config.size);
    const std::string title = trFormat(lang, config.weight ? "analysis.hexbins_weight" : "analysis.hexbins_count",
                                       size.c_str());
    HexbinLayer out;
    out.mesh.origin = h.origin;
    const uint32_t outline = packRgba8({0.04f, 0.07f, 0.12f, 0.55f});
    for (size_t p = 0; p < periods.size(); ++p) {
        const Classes classes = classify(values[p], method, config.classes, breaks);
        auto palette = paletteColors(config.palette, std::max(1, classes.count()));
        if (!palette) return Error{"analysis.hexbins.palette: " + palette.error().message};
        HexbinPeriod period;
        period.legend.title = title;
        for (int k = 0; k < classes.count(); ++k)
            period.legend.entries.push_back({(*palette)[size_t(k)],
                                             formatNumber(classes.breaks[size_t(k)]) + " – " +
                                                 formatNumber(classes.breaks[size_t(k) + 1]),
                                             classes.counts[size_t(k)]});
        period.legend.outOfRange = classes.outside;
        period.classes.layer = "hexbins";
        period.classes.figure = config.weight ? "weight" : "count";
        period.classes.method = classMethodName(config.method);
        period.classes.breaks = classes.breaks;
        period.classes.counts = classes.counts;
        period.classes.outside = classes.outside;
        period.cells = bins[p].cells.size();
        period.firstTriangle = uint32_t(out.mesh.triangles.size());
        period.firstLine = uint32_t(out.mesh.lines.size());
        const Vec2d o = h.origin;
        for (size_t c = 0; c < bins[p].cells.size(); ++c) {
            const int k = classes.classOf(values[p][c]);
            const auto& poly = bins[p].cells[c].polygon;
            auto vertex = [&](int i, uint32_t rgba) {
                return CellVertex{float(poly[size_t(i)].x - o.x), float(poly[size_t(i)].y - o.y), rgba};
            };
            for (int i = 0; i < 6; ++i) {
                out.mesh.lines.push_back(vertex(i, outline));
                out.mesh.lines.push_back(vertex((i + 1) % 6, outline));
            }
            if (k < 0) continue;  // outside manual breaks: outlined, not filled (counted in the legend)
            const uint32_t fill = packRgba8((*palette)[size_t(k)]);
            for (int i = 1; i < 5; ++i) {  // a fan from the top vertex
                out.mesh.triangles.push_back(vertex(0, fill));
                out.mesh.triangles.push_back(vertex(i, fill));
                out.mesh.triangles.push_back(vertex(i + 1, fill));
            }
        }
        period.triangles = uint32_t(out.mesh.triangles.size()) - period.firstTriangle;
        period.lines = uint32_t(out.mesh.lines.size()) - period.firstLine;
        out.periods.push_back(std::move(period));
    }
    return out;
}

}  // namespace gs
