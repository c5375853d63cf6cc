#include "session/scene_file.hpp"

namespace gs {

namespace {

const config::Object::Keys& rootKeys() {
    static const config::Object::Keys keys = [] {
        config::Object::Keys k = sceneKeys();
        k.push_back("feeds");
        k.push_back("live");
        k.push_back("lang");
        k.push_back("analysis");
        return k;
    }();
    return keys;
}

void readSceneFile(const config::Object& root, SceneFile& file) {
    readScene(root, file.scene);
    if (!root.context().ok()) return;
    if (root.has("lang")) {
        Lang lang = Lang::Zh;
        root.choice("lang", lang,
                    {{"zh", Lang::Zh}, {"en", Lang::En}, {"zh-CN", Lang::Zh}, {"zh_CN", Lang::Zh},
                     {"en-US", Lang::En}, {"en_US", Lang::En}, {"en-GB", Lang::En}},
                    "language", 2);
        file.lang = lang;
    }
    readFeeds(root, file.feeds);
    if (config::Object live = root.child("live", liveOverlayKeys()); live.present()) {
        readLiveOverlay(live, file.live.emplace());
        file.live->lang = file.lang.value_or(Lang::Zh);
    }
    if (config::Object analysis = root.child("analysis", analysisKeys()); analysis.present()) {
        readAnalysis(analysis, file.analysis.emplace());
        file.analysis->lang = file.lang.value_or(Lang::Zh);
    }
}

}  // namespace

Result<SceneFile> parseSceneFile(std::string_view json, const std::string& fileLabel,
                                 const std::filesystem::path& baseDir) {
    return config::readString<SceneFile>(json, fileLabel, baseDir, rootKeys(), readSceneFile);
}

Result<SceneFile> loadSceneFile(const std::filesystem::path& file) {
    return config::readFile<SceneFile>(file, "the scene config", rootKeys(), readSceneFile);
}

Result<SceneConfig> parseSceneConfig(std::string_view json, const std::string& fileLabel,
                                     const std::filesystem::path& baseDir) {
    auto file = parseSceneFile(json, fileLabel, baseDir);
    if (!file) return file.error();
    return std::move(file->scene);
}

Result<SceneConfig> loadSceneConfig(const std::filesystem::path& file) {
    auto scene = loadSceneFile(file);
    if (!scene) return scene.error();
    return std::move(scene->scene);
}

}  // namespace gs
