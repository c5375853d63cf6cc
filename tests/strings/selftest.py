#!/usr/bin/env python3
"""The string check must fail on each kind of problem (a check that cannot fail is no check): a
fixture tree that passes, and the same tree with one planted problem at a time."""
import json
import os
import subprocess
import sys
import tempfile

CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_strings.py")

ZH = {"feed": {"title": "实时 Live feed", "open": "在办 %d · 超时 %d"},
      "format": {"date": "{year}年{month}月"}}
EN = {"feed": {"title": "Live feed", "open": "open %d · overdue %d"},
      "format": {"date": "{month} {year}"}}

GOOD = {
    "views/panel.cpp": '''#include "assets/strings.hpp"
void draw(Lang lang) {
    auto text = [lang](const char* key) { return tr(lang, key).data(); };
    ImGui::Begin(text("feed.title"));
    ImGui::Text(text("feed.open"), 3, 1);
    ImGui::Text("%s %.1f, %.1f", name, x, y);     // placeholders and punctuation only
    ImGui::BeginChild("events");                   // an id, never shown
    ImGui::ColorButton("##swatch", color);          // a hidden id
    ImGui::Selectable((title + "###layer").c_str());
    recordUiItem("feed.slider");                   // a UI item's name for input scripts, not a key
    recordUiItem("feed.row.", key);
    // ImGui::Text("a comment is not code");
}
''',
    "engine/render/legend.cpp": '''void Overlay::legend() {
    row({{{}, std::string(tr(config_.lang, "feed.title")) + " · " + time}});
    const TextLayout* l = layout(std::string(tr(lang, "feed.title")) + " " + shortDuration(s), px);
}
''',
    "views/wall.cpp": '''void drawTitle(Ctx& x) { x.c.text(x.tr("feed.title"), {0, 0}); x.c.measure("00:00", 30); }
''',
    "engine/live/import/mapping.cpp": '''// A JSON path in a message, not a key.
void f() { fail("status.column", "unknown"); }
''',
}

PLANTED = {
    "a key missing in English": (
        {"en": {"feed": {"title": "Live feed"}, "format": {"date": "{month} {year}"}}},
        {}, "en.json: feed.open: missing (zh.json has it)"),
    "an empty text": (
        {"zh": {**ZH, "feed": {"title": " ", "open": "在办 %d · 超时 %d"}}},
        {}, "zh.json: feed.title: empty text"),
    "formats taking different values": (
        {"en": {**EN, "feed": {"title": "Live feed", "open": "open %d · overdue %s"}}},
        {}, "feed.open: takes"),
    "a literal in ImGui::Text": (
        {}, {"views/bad.cpp": 'void f() { ImGui::Text("Hello %d", n); }\n'},
        "views/bad.cpp:1: \"Hello %d\" reaches the screen through ImGui::Text()"),
    "a literal button label beside a lookup": (
        {}, {"views/bad.cpp": 'void f() {\n    if (ImGui::Button(ok ? tr(lang, "feed.title").data() : "Quit")) quit();\n}\n'},
        "views/bad.cpp:2: \"Quit\" reaches the screen through ImGui::Button()"),
    "a tooltip": (
        {}, {"views/bad.cpp": 'void f() { ImGui::SetTooltip("click to fly there"); }\n'},
        "\"click to fly there\" reaches the screen through ImGui::SetTooltip()"),
    "a canvas text on the wall": (
        {}, {"views/bad.cpp": 'void f(Ctx& x) { x.c.text("Open issues", {0, 0}); }\n'},
        "\"Open issues\" reaches the screen through text()"),
    "Chinese on the map": (
        {}, {"engine/render/bad.cpp": 'void f() { layout("超时 " + d, px); }\n'},
        "engine/render/bad.cpp:1: Chinese in a string literal"),
    "a legend row in English": (
        {}, {"engine/render/bad.cpp": 'void f() { row({{{icon}, "volunteer"}}); }\n'},
        "\"volunteer\" reaches the screen through row()"),
    "a key the tables lack": (
        {}, {"views/bad.cpp": 'void f() { ImGui::Text("%s", tr(lang, "feed.titel").data()); }\n'},
        "views/bad.cpp:1: \"feed.titel\" is not a key of assets/strings"),
    "a key the tables lack, next to a UI item's name": (
        {}, {"views/bad.cpp": 'void f() {\n    recordUiItem("feed.slider");\n    ImGui::Text(tr(lang, "feed.slider").data());\n}\n'},
        "views/bad.cpp:3: \"feed.slider\" is not a key of assets/strings"),
}


def write(root, files, tables):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    os.makedirs(os.path.join(root, "assets", "strings"), exist_ok=True)
    for lang, table in tables.items():
        with open(os.path.join(root, "assets", "strings", lang + ".json"), "w", encoding="utf-8") as f:
            json.dump(table, f, ensure_ascii=False, indent=2)


def run(root):
    p = subprocess.run([sys.executable, CHECK, root], capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


def main():
    failures = []
    with tempfile.TemporaryDirectory() as clean:
        write(clean, GOOD, {"zh": ZH, "en": EN})
        rc, out = run(clean)
        if rc != 0:
            failures.append(f"the clean tree failed (rc {rc}):\n{out}")
    for name, (tables, files, expected) in PLANTED.items():
        with tempfile.TemporaryDirectory() as tree:
            write(tree, GOOD, {"zh": ZH, "en": EN, **tables})
            write(tree, files, {})
            rc, out = run(tree)
            if rc != 1 or expected not in out:
                failures.append(f"{name}: expected rc 1 and \"{expected}\", got rc {rc}:\n{out}")
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"selftest: {len(PLANTED)} kinds of problem caught, the clean tree passes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
