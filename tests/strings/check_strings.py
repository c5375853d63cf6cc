#!/usr/bin/env python3
"""Every string gridscope shows comes from the string table (assets/strings), in both languages.

    check_strings.py ROOT     checks ROOT/assets/strings and the sources under ROOT/engine and ROOT/views;
                              exit 1 listing each problem

The tables: every file holds the same keys (groups of keys, "feed.title"), no text is empty, and a
key's texts take the same printf conversions and {fields} in the same order in every language.

The code:
  - a literal key ("group.name", group one of the table's groups) names a key the tables have (the
    names of UI items given to recordUiItem, "analysis.slider", are names for input scripts:
    never shown, not keys);
  - no string literal holds Chinese: Chinese text lives in the tables;
  - no literal with words reaches the screen without the table: the string literals given to a
    drawing call (Dear ImGui's Text, Button, Begin, MenuItem, SetTooltip, ...; the canvas's text and
    measure; the map's layout/addText; the legend's rows; the wall's cards) hold only printf
    conversions, digits, punctuation and hidden ImGui ids ("##id"). Arguments of a lookup
    (tr, trFormat, findText, and the panels' text/str helpers) are keys, not shown text.
"""
import json
import os
import re
import sys
import unicodedata

# Calls whose string arguments are shown. ImGui's by their qualified name; the engine's and the
# views' own drawing helpers by name after "." or as free functions.
IMGUI_CALLS = ["Text", "TextDisabled", "TextWrapped", "TextColored", "TextUnformatted", "BulletText", "LabelText",
               "Button", "SmallButton", "Begin", "BeginMenu", "MenuItem", "SetTooltip", "Checkbox",
               "CollapsingHeader", "TreeNode", "Selectable", "Combo", "BeginCombo", "SliderFloat", "SliderInt",
               "DragFloat", "DragInt", "InputText", "ColorEdit3", "ColorEdit4", "ColorButton", "ProgressBar",
               "TableSetupColumn", "BeginTabItem", "BeginPopupModal", "RadioButton", "OpenPopup", "SeparatorText"]
OWN_METHODS = ["text", "measure"]  # the canvas's (x.c.text); a free text() is the panels' lookup helper
OWN_CALLS = ["addText", "layout", "layoutText", "row", "card", "comboOfStrings", "editColor"]
# Lookups: their string arguments are keys.
LOOKUPS = ["tr", "trFormat", "findText", "codeText", "categoryName", "categoryTitle", "text", "str"]

# Where drawing happens: every .cpp here is checked for literals reaching the screen, and for
# literal keys the tables lack. Not the files that only read or print: the command line's help
# (views/cli_options.cpp; CLI messages are English) and the wall layout's reader.
DRAWING = ["views", "engine/render", "engine/wall", "engine/live/overlay", "engine/style", "engine/text", "engine/assets"]
NOT_DRAWING = {"views/cli_options.cpp", "engine/wall/wall_layout.cpp"}

CONVERSION = re.compile(r"%[-+ #0]*(\d+|\*)?(\.(\d+|\*))?(hh|h|ll|l|j|z|t|L)?[diouxXfFeEgGaAcsp%]")
KEY = re.compile(r"^([A-Za-z0-9_]+)(\.[A-Za-z0-9_]+)+$")


# ---- the tables ---------------------------------------------------------------------------------

def strip_json_comments(text):
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return "".join(out)


def flatten(obj, prefix, out, problems, file):
    if not isinstance(obj, dict):
        problems.append(f"{file}: {prefix or '(root)'}: expected a group (an object)")
        return
    for key, value in obj.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            flatten(value, path, out, problems, file)
        elif isinstance(value, str):
            if not value.strip():
                problems.append(f"{file}: {path}: empty text")
            out[path] = value
        else:
            problems.append(f"{file}: {path}: expected a text, got {json.dumps(value)[:40]}")


def takes(text):
    """The printf conversions in order ("%.1f" -> "f", "%llu" -> "llu"), then the {fields}, which a
    language may order as its grammar wants."""
    conv = [(m.group(4) or "") + m.group(0)[-1] for m in CONVERSION.finditer(text) if m.group(0) != "%%"]
    return conv + sorted(re.findall(r"\{[A-Za-z0-9_]+\}", text))


def load_tables(root, problems):
    folder = os.path.join(root, "assets", "strings")
    tables = {}
    if not os.path.isdir(folder):
        problems.append(f"{folder}: no string tables")
        return tables
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(folder, name)
        rel = os.path.relpath(path, root)
        try:
            with open(path, encoding="utf-8") as f:
                data = json.loads(strip_json_comments(f.read()))
        except (OSError, ValueError) as e:
            problems.append(f"{rel}: cannot read: {e}")
            continue
        texts = {}
        flatten(data, "", texts, problems, rel)
        tables[rel] = texts
    for needed in ("zh.json", "en.json"):
        if not any(t.endswith(os.sep + needed) or t.endswith("/" + needed) for t in tables):
            problems.append(f"assets/strings/{needed}: missing (gridscope speaks zh and en)")
    return tables


def check_tables(tables, problems):
    all_keys = set()
    for texts in tables.values():
        all_keys |= set(texts)
    for file, texts in tables.items():
        for key in sorted(all_keys - set(texts)):
            has = [os.path.basename(f) for f, t in tables.items() if key in t]
            problems.append(f"{file}: {key}: missing ({', '.join(has)} has it)")
    files = sorted(tables)
    for key in sorted(all_keys):
        present = [(f, tables[f][key]) for f in files if key in tables[f]]
        first_file, first = present[0]
        for file, text in present[1:]:
            if takes(text) != takes(first):
                problems.append(f"{file}: {key}: takes {takes(text) or 'nothing'} but {os.path.basename(first_file)} "
                                f"takes {takes(first) or 'nothing'}")
    return all_keys


# ---- the code -----------------------------------------------------------------------------------

def tokens(source):
    """(kind, text, offset) for each string literal, comments dropped; kind "string"."""
    i, n = 0, len(source)
    code = []  # the source with comments blanked and literals kept, for call matching
    literals = []
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            code.append(" " * (end - i))
            i = end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            code.append(re.sub(r"[^\n]", " ", source[i:end]))
            i = end
        elif c == "R" and source.startswith('R"', i) and (i == 0 or not (source[i - 1].isalnum() or source[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', source[i:])
            if not m:
                code.append(c)
                i += 1
                continue
            close = ")" + m.group(1) + '"'
            end = source.find(close, i + m.end())
            end = n if end < 0 else end + len(close)
            literals.append((i, source[i + m.end():end - len(close)]))
            code.append(source[i:end])
            i = end
        elif c == '"':
            j = i + 1
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            literals.append((i, source[i + 1:j]))
            code.append(source[i:j + 1])
            i = j + 1
        elif c == "'":
            j = i + 1
            while j < n and source[j] != "'":
                j += 2 if source[j] == "\\" else 1
            code.append(source[i:j + 1])
            i = j + 1
        else:
            code.append(c)
            i += 1
    return "".join(code), literals


def matching_paren(code, open_at):
    depth, i, n = 0, open_at, len(code)
    while i < n:
        c = code[i]
        if c == '"':
            j = i + 1
            while j < n and code[j] != '"':
                j += 2 if code[j] == "\\" else 1
            i = j + 1
            continue
        if c == "'":
            j = i + 1
            while j < n and code[j] != "'":
                j += 2 if code[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n


def has_words(text):
    shown = text.split("##", 1)[0]           # ImGui shows what comes before "##"
    shown = CONVERSION.sub("", shown)
    shown = re.sub(r"\\[nt\"\\]", " ", shown)
    return any(unicodedata.category(ch).startswith("L") for ch in shown)


def line_of(source, offset):
    return source.count("\n", 0, offset) + 1


CALL = re.compile(r"(ImGui::(?:" + "|".join(IMGUI_CALLS) + r")|(?<=\.)(?:" + "|".join(OWN_METHODS) + r")|" +
                  r"(?:(?<=\.)|(?<![\w.:]))(?:" + "|".join(OWN_CALLS) + r"))\s*\(")
LOOKUP = re.compile(r"(?<![\w.:])(?:gs::)?(?:" + "|".join(LOOKUPS) + r")\s*\(|\.tr\s*\(")
# Names of UI items for the window's input scripts (views/ui_items): dotted, never shown, not keys.
NAMING = re.compile(r"(?<![\w.:])recordUiItem\s*\(")


def sources(root, folders, exts=(".cpp", ".hpp")):
    for folder in folders:
        base = os.path.join(root, folder)
        if not os.path.isdir(base):
            continue
        for dirpath, _, files in os.walk(base):
            for name in sorted(files):
                if name.endswith(exts):
                    yield os.path.join(dirpath, name)


def check_code(root, keys, groups, problems):
    everything = list(sources(root, ["engine", "views"]))
    drawing = {os.path.normpath(p) for p in sources(root, DRAWING, (".cpp", ".hpp"))
               if os.path.relpath(p, root).replace(os.sep, "/") not in NOT_DRAWING}
    for path in everything:
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        with open(path, encoding="utf-8", errors="replace") as f:
            source = f.read()
        code, literals = tokens(source)
        literals = [(o, t) for o, t in literals
                    if not source[source.rfind("\n", 0, o) + 1:o].lstrip().startswith("#")]  # #include "x.hpp"
        names = [(m.end(), matching_paren(code, m.end() - 1)) for m in NAMING.finditer(code)]
        for offset, text in literals:
            # Chinese lives in the tables.
            if any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text):
                problems.append(f"{rel}:{line_of(source, offset)}: Chinese in a string literal "
                                f"(\"{text[:40]}\"): put it in assets/strings")
            # A literal key names a key of the tables (where things are drawn: elsewhere "a.b" is
            # more likely a JSON path in a message).
            m = KEY.match(text)
            named = any(start <= offset < end for start, end in names)
            if m and m.group(1) in groups and text not in keys and os.path.normpath(path) in drawing and not named:
                problems.append(f"{rel}:{line_of(source, offset)}: \"{text}\" is not a key of assets/strings")
        if os.path.normpath(path) not in drawing or not path.endswith(".cpp"):
            continue
        # Literal words given to a drawing call, outside lookups.
        for call in CALL.finditer(code):
            open_at = call.end() - 1
            close = matching_paren(code, open_at)
            args_start, args = open_at + 1, code[open_at + 1:close]
            # Blank out the lookups inside: their literals are keys.
            masked = list(args)
            for lk in LOOKUP.finditer(args):
                lk_close = matching_paren(args, lk.end() - 1)
                for k in range(lk.start(), min(lk_close + 1, len(masked))):
                    if masked[k] != "\n":
                        masked[k] = " "
            masked = "".join(masked)
            for offset, text in literals:
                rel_off = offset - args_start
                if 0 <= rel_off < len(masked) and masked[rel_off] in "\"R" and has_words(text):
                    problems.append(f"{rel}:{line_of(source, offset)}: \"{text[:40]}\" reaches the screen through "
                                    f"{call.group(1)}() without the string table (use tr(lang, \"group.key\"))")


def check(root):
    problems = []
    tables = load_tables(root, problems)
    keys = check_tables(tables, problems) if tables else set()
    groups = {k.split(".", 1)[0] for k in keys}
    check_code(root, keys, groups, problems)
    return problems, len(keys)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems, count = check(argv[1])
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) with the string table or strings on screen")
        return 1
    print(f"strings: {count} keys in both languages; no literal reaches the screen without the table")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
