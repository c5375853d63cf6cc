#!/usr/bin/env python3
"""The architecture check must fail on each kind of forbidden include (a check that cannot fail
is no check): a fixture tree with one violation per rule kind, and the same tree without them."""
import os
import subprocess
import sys
import tempfile

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_includes.py")

VIOLATIONS = {
    "engine/scene/bad.hpp": ('#include "live/feed/message.hpp"\n', "engine/scene must not include live/"),
    "engine/style/bad.hpp": ('#include "scene/scene_config.hpp"\n', "engine/style must not include scene/"),
    "engine/assets/bad.cpp": ('#include "style/palette.hpp"\n', "engine/assets must not include style/"),
    "engine/platform/bad.cpp": ('#include "render/gl.hpp"\n', "engine/platform must not include render/"),
    "engine/live/feed/bad.cpp": ('#include "live/store/live_store.hpp"\n', "engine/live/feed must not include live/store/"),
    "engine/render/bad.cpp": ('#include "map_window.hpp"\n', "the engine never includes views"),
    "engine/live/import/bad.cpp": ('#include "live/store/live_store.hpp"\n',
                                   "engine/live/import must not include live/store/"),
    "engine/session/bad.cpp": ("#include <date/tz.h>\n", "only engine/live/import includes <date/...>"),
    "engine/render/store.cpp": ('#include "live/store/live_store.hpp"\n', "engine/render must not include live/store/"),
    "engine/render/feed.hpp": ('#include "live/feed/feed_queue.hpp"\n', "engine/render must not include live/feed/"),
    "engine/render/session.cpp": ('#include "session/live_session.hpp"\n', "engine/render must not include session/"),
    "engine/analysis/bad.cpp": ('#include "scene/scene_config.hpp"\n', "engine/analysis must not include scene/"),
    "engine/analysis/gl.cpp": ('#include "render/gl.hpp"\n', "engine/analysis must not include render/"),
    "engine/style/hex.cpp": ('#include "analysis/hexbin.hpp"\n', "engine/style must not include analysis/"),
    "engine/analysis/scene.hpp": ('#include "scene/camera.hpp"\n', "engine/analysis must not include scene/"),
    "engine/core/bad.hpp": ('#include "analysis/density.hpp"\n', "engine/core must not include analysis/"),
    "views/bad.cpp": ("#include <gdal_priv.h>\n#include <proj.h>\n#include <GL/glcorearb.h>\n", "views never include GDAL"),
}
ALLOWED = {
    "engine/scene/good.hpp": '#include "scene/loaded_layer.hpp"\n#include "style/layer_style.hpp"\n',
    "engine/live/store/good.hpp": '#include "live/feed/message.hpp"\n#include "scene/loader.hpp"\n',
    "engine/style/good.cpp": '#include "assets/assets.hpp"\n#include "config/checker.hpp"\n',
    "engine/live/import/good.cpp": '#include <date/tz.h>\n#include "live/feed/message.hpp"\n#include "config/checker.hpp"\n',
    "engine/render/good.cpp": ('#include "platform/gl_api.hpp"\n#include "live/overlay/marker_style.hpp"\n'
                               '#include "live/overlay/overlay_draw_list.hpp"\n#include "analysis/density_kernel.hpp"\n'),
    "engine/analysis/good.cpp": ('#include "analysis/hexbin.hpp"\n#include "style/classify.hpp"\n'
                                 '#include "geometry/point_in_polygon.hpp"\n#include "geo/transformer.hpp"\n'
                                 '#include "source/vector_source.hpp"\n#include "style/palette.hpp"\n'
                                 '#include "analysis/density_kernel.hpp"\n'),
    "engine/session/good.cpp": '#include "render/scene_renderer.hpp"\n#include "live/store/live_store.hpp"\n',
    "views/good.cpp": '#include <imgui.h>\n#include <backends/imgui_impl_opengl3.h>\n#include "map_window.hpp"\n',
    "views/map_window.hpp": "#pragma once\n",
}


def write(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def run(root):
    p = subprocess.run([sys.executable, CHECK, root], capture_output=True, text=True)
    return p.returncode, p.stdout


def main():
    failures = []
    with tempfile.TemporaryDirectory() as clean:
        write(clean, ALLOWED)
        rc, out = run(clean)
        if rc != 0:
            failures.append(f"a tree with allowed includes only failed (rc {rc}):\n{out}")
    for rel, (text, expected) in VIOLATIONS.items():
        with tempfile.TemporaryDirectory() as tree:
            write(tree, ALLOWED)
            write(tree, {rel: text})
            rc, out = run(tree)
            if rc != 1 or rel not in out or expected not in out:
                failures.append(f"{rel}: expected rc 1 naming it with \"{expected}\", got rc {rc}:\n{out}")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"selftest: {len(VIOLATIONS)} kinds of violation caught, the allowed tree passes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
