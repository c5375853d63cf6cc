#include "input_script.hpp"

#include <utility>

#include "config/checker.hpp"
#include "platform/synthetic_input.hpp"

namespace gs::cli {

namespace {

using config::Json;
using config::Object;
using Kind = ScriptStep::Kind;

constexpr std::pair<const char*, Kind> kKinds[] = {
    {"move", Kind::Move}, {"press", Kind::Press}, {"release", Kind::Release},
    {"click", Kind::Click}, {"drag", Kind::Drag}, {"key", Kind::Key},
    {"wait", Kind::Wait}, {"state", Kind::State}, {"screenshot", Kind::Screenshot},
};

// The keys of a target, written in the step itself (move, press, release, click) or as the
// object of a drag's "from" and "to".
const Object::Keys kTargetKeys = {"x", "y", "item", "at", "lonlat"};

Object::Keys keysOf(Kind kind) {
    Object::Keys keys{"do"};
    auto add = [&keys](const Object::Keys& more) { keys.insert(keys.end(), more.begin(), more.end()); };
    switch (kind) {
        case Kind::Move: add(kTargetKeys); break;
        case Kind::Press: case Kind::Release: case Kind::Click: add(kTargetKeys); keys.push_back("button"); break;
        case Kind::Drag: add({"from", "to", "frames", "button"}); break;
        case Kind::Key: keys.push_back("key"); break;
        case Kind::Wait: keys.push_back("frames"); break;
        case Kind::State: keys.push_back("name"); break;
        case Kind::Screenshot: keys.push_back("path"); break;
    }
    return keys;
}

// One of x+y, item (+at) or lonlat; none at all is allowed where `optional`.
ScriptTarget readTarget(const Object& o, bool optional) {
    ScriptTarget t;
    const int given = int(o.has("x") || o.has("y")) + int(o.has("item")) + int(o.has("lonlat"));
    if (given == 0) {
        if (!optional) o.fail("", "give where: \"x\" and \"y\" (window pixels), \"item\" (a UI item's name) or "
                                  "\"lonlat\" ([lon, lat] on the map)");
        return t;
    }
    if (given > 1) {
        o.fail("", "give one of \"x\"/\"y\", \"item\" or \"lonlat\", not several");
        return t;
    }
    if (o.has("at") && !o.has("item")) o.fail("at", "only with \"item\"");
    if (o.has("x") || o.has("y")) {
        if (!o.has("x") || !o.has("y")) {
            o.fail(o.has("x") ? "y" : "x", "missing (give both \"x\" and \"y\")");
            return t;
        }
        t.kind = ScriptTarget::Kind::Pixel;
        o.number("x", t.pixel.x, 0, 1e6);
        o.number("y", t.pixel.y, 0, 1e6);
    } else if (o.has("item")) {
        t.kind = ScriptTarget::Kind::Item;
        o.string("item", t.item, true);
        if (auto at = o.numbers("at", 2, "must be [fx, fy], fractions of the item's width and height")) {
            if ((*at)[0] < 0 || (*at)[0] > 1 || (*at)[1] < 0 || (*at)[1] > 1)
                o.fail("at", "fractions must be in 0..1");
            t.at = {(*at)[0], (*at)[1]};
        }
    } else {
        t.kind = ScriptTarget::Kind::LonLat;
        if (auto ll = o.numbers("lonlat", 2, "must be [lon, lat]")) {
            if ((*ll)[0] < -180 || (*ll)[0] > 180 || (*ll)[1] < -90 || (*ll)[1] > 90)
                o.fail("lonlat", "longitude must be in -180..180 and latitude in -90..90");
            t.lonLat = {(*ll)[0], (*ll)[1]};
        }
    }
    return t;
}

void readButton(const Object& o, ScriptStep& s) {
    o.choice("button", s.button, {{"left", 0}, {"right", 1}, {"middle", 2}}, "mouse button");
}

ScriptStep readStep(config::Context& ctx, const Json& json, const std::string& path) {
    ScriptStep s;
    s.path = path;
    if (!json.is_object()) {
        ctx.fail(path, "expected a step object ({\"do\": \"click\", ...}), got " + config::shown(json));
        return s;
    }
    std::vector<std::string> names;
    for (const auto& [n, k] : kKinds) names.push_back(n);
    const auto it = json.find("do");
    if (it == json.end() || !it->is_string()) {
        ctx.fail(path + ".do", it == json.end() ? "missing (required): one of " + Object::alternatives(names)
                                                : "expected a string, got " + config::shown(*it));
        return s;
    }
    const std::string kind = it->get<std::string>();
    bool found = false;
    for (const auto& [n, k] : kKinds)
        if (kind == n) s.kind = k, found = true;
    if (!found) {
        ctx.fail(path + ".do", "\"" + kind + "\" is not a step" + config::suggestion(kind, names));
        return s;
    }
    const Object o(ctx, &json, path, keysOf(s.kind));
    switch (s.kind) {
        case Kind::Move: s.target = readTarget(o, false); break;
        case Kind::Press: case Kind::Release: s.target = readTarget(o, true); readButton(o, s); break;
        case Kind::Click: s.target = readTarget(o, false); readButton(o, s); break;
        case Kind::Drag:
            if (!o.has("from") || !o.has("to")) o.fail(o.has("from") ? "to" : "from", "missing (required)");
            s.target = readTarget(o.child("from", kTargetKeys), false);
            s.to = readTarget(o.child("to", kTargetKeys), false);
            s.frames = 5;
            o.integer("frames", s.frames, 1, 1000);
            readButton(o, s);
            break;
        case Kind::Key:
            o.string("key", s.key, true);
            if (!s.key.empty() && !SyntheticInput::knownKey(s.key))
                o.fail("key", "\"" + s.key + "\" is not a key (" + SyntheticInput::keyNames() + ")");
            break;
        case Kind::Wait:
            if (!o.has("frames")) o.fail("frames", "missing (required)");
            o.integer("frames", s.frames, 1, 100000);
            break;
        case Kind::State: o.string("name", s.name, true); break;
        case Kind::Screenshot: o.string("path", s.name, true); break;
    }
    return s;
}

}  // namespace

const char* scriptStepName(Kind kind) {
    for (const auto& [n, k] : kKinds)
        if (k == kind) return n;
    return "?";
}

Result<InputScript> readInputScript(const std::string& path) {
    return config::readFile<InputScript>(
        path, "the input script", {"steps", "settle"},
        [&](const Object& root, InputScript& out) {
            out.file = path;
            root.integer("settle", out.settleFrames, 0, 1000);
            root.array("steps", "steps", true, true, [&](const Json& step, const std::string& at) {
                out.steps.push_back(readStep(root.context(), step, at));
            });
        },
        "_");
}

}  // namespace gs::cli
