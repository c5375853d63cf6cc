#!/usr/bin/env python3
"""The layering of gridscope, checked on every include (docs/ARCHITECTURE.md, "What depends on what").

    check_includes.py ROOT          checks ROOT/engine and ROOT/views; exit 1 listing each violation
    check_includes.py --rules       prints the rules

A rule names a folder (a prefix of a file's path under engine/) and the include prefixes it must
not use. Rules are data: to change the layering, change them here and in docs/ARCHITECTURE.md in
the same commit. Extend a rule rather than bend it.
"""
import os
import re
import sys

# folder under engine/ -> include prefixes ("folder/" of engine, or a system header prefix) it must not use.
ENGINE_LAYERS = ["analysis", "assets", "config", "core", "geo", "geometry", "history", "image", "live", "platform",
                 "render", "scene", "session", "source", "style", "text", "wall"]

LIVE_PARTS = ["live/feed", "live/store", "live/import", "live/overlay"]


def only(allowed):
    """Everything in the engine except `allowed` (and the folder itself)."""
    return [f + "/" for f in ENGINE_LAYERS if f not in allowed]

RULES = [
    # (folder, forbidden include prefixes, why)
    ("engine/core", only([]), "core is the bottom: the standard library only"),
    ("engine/config", only(["core", "geo"]), "the checker knows JSON, colours, times and CRS texts, nothing it checks"),
    ("engine/assets", only(["core", "config", "geo"]),
     "assets/ is found and read here (the string table too); what is read is owned by the modules that use it"),
    ("engine/geo", only(["core"]), "reprojection depends on core only"),
    ("engine/geometry", only(["core"]), "geometry is plain arrays in, plain arrays out"),
    ("engine/source", only(["core", "geo", "geometry"]), "reading a source knows no scene"),
    ("engine/style", only(["core", "config", "source", "assets"]), "style is data: it knows no scene, no live data, no GL"),
    ("engine/analysis", only(["core", "geo", "geometry", "style", "source"]),
     "analysis (hexagon bins, density surfaces and their GeoTIFF) is CPU arrays in, arrays and files out: no GL, scene "
     "or live data"),
    ("engine/text", only(["core"]), "text layout is CPU only"),
    ("engine/image", only(["core"]), "images know no GL"),
    ("engine/platform", only(["core", "image"]), "platform makes contexts and windows; it draws nothing"),
    ("engine/scene", only(["core", "config", "geo", "geometry", "source", "style", "assets"]),
     "the scene knows no live data, renderer, wall or session"),
    ("engine/live/feed", only(["core", "config", "geo"]) + ["live/store/", "live/overlay/", "live/import/"],
     "the feed (transports, queue, parsing) knows no store, no overlay, no scene"),
    ("engine/live/store", only(["core", "config", "geo", "geometry", "scene", "source", "live"]) +
     ["live/overlay/", "live/import/"], "the store knows the feed's messages and the grids, nothing drawn"),
    ("engine/live/import", only(["core", "config", "geo", "live"]) + ["live/store/", "live/overlay/"],
     "the import turns files into feed messages; it knows no store"),
    ("engine/live/overlay", only(["core", "config", "geo", "geometry", "scene", "source", "style", "live", "text",
                                  "assets"]) +
     ["live/import/"], "the overlay builder turns the store's state into draw lists; it knows no GL"),
    ("engine/history", only(["core", "config", "geo", "geometry", "source", "style", "assets", "live"]) + ["live/overlay/"],
     "the analyst's history is data: sources read through the import's mapping into columns; no scene, GL or session"),
    ("engine/render", ["session/", "wall/", "config/", "live/store/", "live/feed/", "live/import/", "history/"],
     "the renderer draws draw lists (live/overlay's plain data); it knows no live store or feed, reads no files "
     "and runs no sessions"),
    ("engine/wall", ["render/", "platform/", "session/"], "the wall's model and layout know no GL"),
]

# System headers one engine folder owns: nobody else includes them, so the library stays that
# folder's detail (and can be replaced there alone).
SYSTEM_OWNERS = [
    # (system include prefix, the folder that may include it, why)
    ("date/", "engine/live/import", "time zones (date/tz) are the CSV import's; others get times from core/rfc3339"),
]

# The views never include GDAL, PROJ, GL or EGL headers: the engine owns them. ImGui's OpenGL
# backend is the one GL header the window needs.
VIEWS_FORBIDDEN_SYSTEM = re.compile(r"^(gdal|ogr|cpl_|ogrsf|sqlite3|proj\.h|proj/|GL/|EGL/|epoxy/|GLFW/|png\.h|ft2build|freetype/|mosquitto)")
VIEWS_ALLOWED_SYSTEM = {"backends/imgui_impl_opengl3.h", "backends/imgui_impl_glfw.h"}
VIEWS_FORBIDDEN_LOCAL = ("render/gl.hpp", "render/gl_objects.hpp")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def sources(folder):
    for dirpath, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith((".hpp", ".cpp", ".h")):
                yield os.path.join(dirpath, name)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                yield number, m.group(1), m.group(2)


def check(root):
    problems = []
    engine = os.path.join(root, "engine")
    views = os.path.join(root, "views")
    view_headers = {n for n in os.listdir(views) if n.endswith(".hpp")} if os.path.isdir(views) else set()
    for path in sources(engine):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        rules = [r for r in RULES if rel.startswith(r[0] + "/")]
        for number, kind, header in includes(path):
            if kind == '"' and header in view_headers and not os.path.exists(os.path.join(engine, header)):
                problems.append(f"{rel}:{number}: includes \"{header}\" from views/: the engine never includes views")
            if kind != '"':
                for prefix, owner, why in SYSTEM_OWNERS:
                    if header.startswith(prefix) and not rel.startswith(owner + "/"):
                        problems.append(f"{rel}:{number}: includes <{header}>: only {owner} includes <{prefix}...> ({why})")
                continue
            for folder, forbidden, why in rules:
                if header.startswith(folder[len("engine/"):] + "/"):
                    continue  # a folder's own headers
                for prefix in forbidden:
                    if header.startswith(prefix):
                        problems.append(f"{rel}:{number}: includes \"{header}\": {folder} must not include {prefix} ({why})")
    for path in sources(views):
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        for number, kind, header in includes(path):
            for prefix, owner, why in SYSTEM_OWNERS:
                if kind == "<" and header.startswith(prefix):
                    problems.append(f"{rel}:{number}: includes <{header}>: only {owner} includes <{prefix}...> ({why})")
            if kind == "<" and header not in VIEWS_ALLOWED_SYSTEM and VIEWS_FORBIDDEN_SYSTEM.match(header):
                problems.append(f"{rel}:{number}: includes <{header}>: views never include GDAL, PROJ, GL, EGL, GLFW, "
                                "libpng, FreeType, mosquitto or SQLite headers (the engine owns them)")
            if kind == '"' and header in VIEWS_FORBIDDEN_LOCAL:
                problems.append(f"{rel}:{number}: includes \"{header}\": views never include GL headers")
    return problems


def main(argv):
    if len(argv) == 2 and argv[1] == "--rules":
        for folder, forbidden, why in RULES:
            own = folder[len("engine/"):]
            allowed = [f for f in ENGINE_LAYERS if f + "/" not in forbidden and not own.startswith(f)]
            deeper = [p for p in forbidden if p.count("/") > 1]
            if "/" in own and own.split("/")[0] + "/" not in forbidden:
                parent = own.split("/")[0]
                siblings = sorted({"/".join(d.split("/")[:2]) for d in LIVE_PARTS} - {own} - {d.rstrip("/") for d in deeper})
                allowed += [x for x in siblings if x.startswith(parent + "/")]
            print(f"{folder} may include {', '.join(allowed) or 'nothing else'}"
                  + (f" (not {', '.join(deeper)})" if deeper else "") + f" -- {why}")
        for prefix, owner, why in SYSTEM_OWNERS:
            print(f"only {owner} includes <{prefix}...>  -- {why}")
        print("engine/* must not include views/ headers")
        print("views/* must not include GDAL, SQLite, PROJ, GL, EGL, GLFW, libpng, FreeType, mosquitto headers "
              "(except ImGui's GLFW and OpenGL3 backends)")
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"architecture: {len(problems)} forbidden include(s)")
        return 1
    files = sum(1 for _ in sources(os.path.join(argv[1], "engine"))) + sum(1 for _ in sources(os.path.join(argv[1], "views")))
    print(f"architecture: {files} files, {len(RULES)} folder rules, no forbidden include")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
