#include "style/layer_colors.hpp"

#include <cmath>
#include <cstdio>

#include "style/palette.hpp"

namespace gs {

std::string formatNumber(double v) {
    char buf[64];
    double a = std::fabs(v);
    if (a >= 1e6 || (a > 0 && a < 1e-3)) std::snprintf(buf, sizeof buf, "%.3g", v);
    else if (a >= 100 || v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.2f", v);
    // Thousands separators for integers, which are most of what grids count.
    std::string s = buf;
    if (s.find_first_of(".e") == std::string::npos && a >= 10000) {
        std::string out;
        int digits = 0;
        for (int i = int(s.size()) - 1; i >= 0; --i) {
            if (std::isdigit(unsigned(s[size_t(i)])) && digits && digits % 3 == 0) out.insert(out.begin(), ',');
            out.insert(out.begin(), s[size_t(i)]);
            if (std::isdigit(unsigned(s[size_t(i)]))) ++digits;
        }
        s = out;
    }
    return s;
}

Result<LayerColors> evaluateLayerColors(const std::string& layerId, const LayerStyle& style,
                                        const AttributeTable& attributes, size_t featureCount) {
    LayerColors out;
    Rgba base = style.fill;
    base.a *= style.fillOpacity;
    out.fill.assign(featureCount, packRgba8(base));
    const auto& cb = style.colorBy;
    if (cb.field.empty()) return out;

    auto column = attributes.find(cb.field);
    if (!column) {
        std::string numeric;
        for (const auto& n : attributes.numericColumns()) numeric += (numeric.empty() ? "" : ", ") + n;
        return Error{"layer \"" + layerId + "\": colorBy field \"" + cb.field +
                     "\" does not exist (numeric fields: " + (numeric.empty() ? "none" : numeric) + ")"};
    }
    const std::vector<double>* values = attributes.numeric(*column);
    if (!values)
        return Error{"layer \"" + layerId + "\": colorBy field \"" + cb.field + "\" is not numeric"};
    if (cb.method == ClassMethod::Manual)
        if (auto why = checkManualBreaks(cb.breaks))
            return Error{"layer \"" + layerId + "\": colorBy breaks: " + *why};
    Classes classes = classify(*values, cb.method, std::max(1, cb.classes), cb.breaks);
    auto palette = paletteColors(cb.palette, std::max(1, classes.count()));
    if (!palette) return Error{"layer \"" + layerId + "\": colorBy: " + palette.error().message};

    out.hasLegend = true;
    out.legend.title = cb.field;
    for (int k = 0; k < classes.count(); ++k) {
        std::string label = formatNumber(classes.breaks[size_t(k)]) + " – " +
                            formatNumber(classes.breaks[size_t(k) + 1]);
        out.legend.entries.push_back({(*palette)[size_t(k)], label, 0});
    }
    for (size_t f = 0; f < featureCount && f < values->size(); ++f) {
        int k = classes.classOf((*values)[f]);
        if (k < 0) {
            // Only manual breaks leave finite values out; they are not "no data".
            if (std::isfinite((*values)[f])) out.legend.outOfRange++;
            else out.legend.noData++;
            continue;
        }
        Rgba c = (*palette)[size_t(k)];
        c.a = style.fillOpacity;
        out.fill[f] = packRgba8(c);
        out.legend.entries[size_t(k)].count++;
    }
    return out;
}

}  // namespace gs
