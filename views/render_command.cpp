// `gridscope render`: a scene to a PNG with no display (EGL surfaceless; no X needed).
#include <cstdio>

#include "commands.hpp"
#include "image/png.hpp"
#include "render/snapshot.hpp"
#include "scene_setup.hpp"

namespace gs::cli {

int runRender(const Options& options) {
    auto config = sceneFromOptions(options);
    if (!config) return reportBad(config.error());
    auto view = requestedView(options, *config);
    if (!view) return reportBad(view.error());

    SnapshotRequest req;
    req.width = options.width ? options.width : 1920;
    req.height = options.height ? options.height : 1080;
    req.samples = options.samples;
    req.view = *view;
    req.fullDetail = options.fullDetail;
    req.labels = !options.noLabels;
    req.pngPath = options.outPath;  // written band by band, straight from the framebuffer
    auto result = renderSceneSnapshot(*config, req);
    if (!result) {
        const std::string& m = result.error().message;
        return m.rfind("GL: ", 0) == 0 ? reportFailure(result.error()) : reportBad(result.error());
    }
    for (const auto& w : result->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
    return 0;
}

}  // namespace gs::cli
