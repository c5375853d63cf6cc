#include "ui_theme.hpp"

#include "assets/assets.hpp"

namespace gs::cli {

namespace {

Result<UiTheme> readTheme() {
    static const config::Object::Keys kSizes = {
        "fontPx", "windowRounding", "frameRounding", "windowBgAlpha", "statusBarBgAlpha", "statusBarSpacing",
        "layerPanelWidth", "layerPanelMinWidth", "layerPanelMaxWidth", "feedPanelWidth", "featurePanelWidth",
        "loadingWidth", "loadErrorWidth", "legendSwatchPx"};
    config::Object::Keys keys = kSizes;
    keys.push_back("colors");
    return assets::read<UiTheme>("theme.json", "the window theme", keys, [](const config::Object& root, UiTheme& t) {
        for (const auto& key : kSizes)
            if (!root.has(key.c_str())) return root.fail(key, "missing (required)");
        root.number("fontPx", t.fontPx, 6, 96);
        root.number("windowRounding", t.windowRounding, 0, 32);
        root.number("frameRounding", t.frameRounding, 0, 32);
        root.number("windowBgAlpha", t.windowBgAlpha, 0, 1);
        root.number("statusBarBgAlpha", t.statusBarBgAlpha, 0, 1);
        root.number("statusBarSpacing", t.statusBarSpacing, 0, 200);
        root.number("layerPanelWidth", t.layerPanelWidth, 100, 4000);
        root.number("layerPanelMinWidth", t.layerPanelMinWidth, 100, 4000);
        root.number("layerPanelMaxWidth", t.layerPanelMaxWidth, 100, 4000);
        root.number("feedPanelWidth", t.feedPanelWidth, 100, 4000);
        root.number("featurePanelWidth", t.featurePanelWidth, 100, 4000);
        root.number("loadingWidth", t.loadingWidth, 100, 4000);
        root.number("loadErrorWidth", t.loadErrorWidth, 100, 4000);
        root.number("legendSwatchPx", t.legendSwatchPx, 4, 100);
        if (root.context().ok() &&
            !(t.layerPanelMinWidth <= t.layerPanelWidth && t.layerPanelWidth <= t.layerPanelMaxWidth))
            return root.fail("layerPanelWidth", "must lie between layerPanelMinWidth and layerPanelMaxWidth");
        const std::pair<const char*, ImVec4*> colors[] = {
            {"good", &t.good},         {"waiting", &t.waiting},       {"bad", &t.bad},
            {"rejected", &t.rejected}, {"styleError", &t.styleError}, {"loadError", &t.loadError},
            {"warning", &t.warning}};
        config::Object::Keys names;
        for (const auto& [name, out] : colors) names.push_back(name);
        const config::Object c = root.child("colors", names);
        if (!c.present()) return root.fail("colors", "missing (required)");
        for (const auto& [name, out] : colors) {
            if (!c.has(name)) return c.fail(name, "missing (required)");
            auto v = c.numbers(name, 4, "must be [r, g, b, a], each from 0 to 1");
            if (!v) return;
            for (double x : *v)
                if (x < 0 || x > 1) return c.fail(name, "must be [r, g, b, a], each from 0 to 1");
            *out = ImVec4(float((*v)[0]), float((*v)[1]), float((*v)[2]), float((*v)[3]));
        }
    });
}

const Result<UiTheme>& themeResult() {
    static const Result<UiTheme> t = readTheme();
    return t;
}

}  // namespace

Status loadUiTheme() {
    if (!themeResult()) return themeResult().error();
    return {};
}

const UiTheme& uiTheme() {
    if (!themeResult()) assets::fail(themeResult().error());
    return themeResult().value();
}

}  // namespace gs::cli
