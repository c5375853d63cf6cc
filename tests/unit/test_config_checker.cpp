// The one configuration checker (engine/config): JSON paths in every message, unknown keys with a
// suggestion, types, ranges, colours, CRS texts, times, paths; the first error is kept.
#include <gtest/gtest.h>

#include "config/checker.hpp"

namespace gs::config {
namespace {

// Walks `text` with `read(root)`; returns the error, or "(ok)".
template <class F>
std::string walk(const std::string& text, Object::Keys keys, F&& read) {
    auto json = parseJson(text, "c.json");
    if (!json) return json.error().message;
    Context ctx{"c.json", "/base", std::nullopt};
    Object root(ctx, &*json, "", std::move(keys));
    if (ctx.ok()) read(root);
    return ctx.error ? ctx.error->message : "(ok)";
}

TEST(ConfigChecker, EditDistanceCountsASwapAsOneEditAndIgnoresCase) {
    EXPECT_EQ(editDistance("titel", "title"), 1u);
    EXPECT_EQ(editDistance("strokewidth", "strokeWidth"), 0u);
    EXPECT_EQ(editDistance("fil", "fill"), 1u);
    EXPECT_EQ(editDistance("", "abc"), 3u);
    EXPECT_EQ(editDistance("kitten", "sitting"), 3u);
}

TEST(ConfigChecker, UnknownKeysGetTheClosestKnownKeyOrTheList) {
    EXPECT_EQ(suggestion("sped", {"speed", "rate"}), " (did you mean \"speed\"?)");
    EXPECT_EQ(suggestion("pulse", {"pulseSeconds", "legend"}), " (did you mean \"pulseSeconds\"?)");
    EXPECT_EQ(suggestion("colour", {"fill", "stroke"}), " (known: fill, stroke)");
    EXPECT_EQ(walk(R"({"a": {"fil": 1}})", {"a"}, [](const Object& r) { r.child("a", {"fill", "stroke"}); }),
              "c.json: a.fil: unknown key (did you mean \"fill\"?)");
}

TEST(ConfigChecker, TypesAndRangesAreNamedByTheirPath) {
    auto read = [](const Object& r) {
        r.array("items", "items", true, true, [&](const Json& j, const std::string& path) {
            Object o(r.context(), &j, path, {"n", "k", "b"});
            double n = 0;
            int k = 0;
            bool b = false;
            o.number("n", n, 0, 1);
            o.integer("k", k, 1, 3);
            o.boolean("b", b);
        });
    };
    EXPECT_EQ(walk(R"({"items": [{"n": 0.5}, {"n": 2}]})", {"items"}, read), "c.json: items[1].n: 2 is out of range [0, 1]");
    EXPECT_EQ(walk(R"({"items": [{"k": 1.5}]})", {"items"}, read), "c.json: items[0].k: expected an integer, got 1.5");
    EXPECT_EQ(walk(R"({"items": [{"b": "yes"}]})", {"items"}, read), "c.json: items[0].b: expected true or false, got \"yes\"");
    EXPECT_EQ(walk(R"({"items": []})", {"items"}, read), "c.json: items: expected a non-empty array of items, got []");
    EXPECT_EQ(walk(R"({})", {"items"}, read), "c.json: items: missing (required)");
    EXPECT_EQ(walk(R"({"items": [{"n": 0.5, "k": 2, "b": true}]})", {"items"}, read), "(ok)");
}

TEST(ConfigChecker, TheFirstErrorIsKept) {
    auto read = [](const Object& r) {
        double x = 0, y = 0;
        r.number("x", x, 0, 1);
        r.number("y", y, 0, 1);
    };
    EXPECT_EQ(walk(R"({"x": 5, "y": 7})", {"x", "y"}, read), "c.json: x: 5 is out of range [0, 1]");
}

TEST(ConfigChecker, ColoursTimesCrsPathsBoxesChoices) {
    enum class Mode { A, B };
    Rgba color;
    std::optional<std::int64_t> time;
    std::string crs, path;
    std::optional<Box> box;
    Mode mode = Mode::A;
    auto read = [&](const Object& r) {
        r.color("color", color);
        r.time("time", time);
        r.crs("crs", crs, true);
        r.path("path", path);
        box = r.box("box");
        r.choice("mode", mode, {{"a", Mode::A}, {"b", Mode::B}}, "mode");
    };
    const Object::Keys keys = {"color", "time", "crs", "path", "box", "mode"};
    EXPECT_EQ(walk(R"({"color": "#12"})", keys, read), "c.json: color: \"#12\" is not a colour (use \"#rrggbb\" or \"#rrggbbaa\")");
    EXPECT_EQ(walk(R"({"time": "today"})", keys, read).rfind("c.json: time: \"today\" is not an RFC 3339 time", 0), 0u);
    EXPECT_EQ(walk(R"({"crs": "EPSG:4326"})", keys, read),
              "c.json: crs: \"EPSG:4326\" is geographic (degrees); the display needs a projected CRS such as EPSG:3857");
    EXPECT_EQ(walk(R"({"box": [1, 2, 0, 3]})", keys, read), "c.json: box: expected [minx, miny, maxx, maxy] with min < max");
    EXPECT_EQ(walk(R"({"mode": "c"})", keys, read), "c.json: mode: \"c\" is not a mode (use \"a\" or \"b\")");
    EXPECT_EQ(walk(R"({"color": "#ff000080", "time": "2026-01-01T08:00:00+08:00", "crs": "EPSG:3857",
                       "path": "d/f.csv", "box": [0, 0, 1, 1], "mode": "b"})",
                   keys, read),
              "(ok)");
    EXPECT_FLOAT_EQ(color.r, 1.0f);
    EXPECT_NEAR(color.a, 128 / 255.0, 1e-6);
    EXPECT_EQ(*time, 1767225600000);
    EXPECT_EQ(crs, "EPSG:3857");
    EXPECT_EQ(path, "/base/d/f.csv");
    EXPECT_EQ(box->maxX, 1);
    EXPECT_EQ(mode, Mode::B);
}

TEST(ConfigChecker, SyntaxErrorsAndMissingFilesNameTheFile) {
    auto bad = parseJson("{\"a\": ", "c.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message.rfind("c.json: parse error at line 1", 0), 0u) << bad.error().message;
    // Found by fuzz_config: a number beyond a double is nlohmann's out_of_range, not a parse_error,
    // and ended the program (every file the checker reads: scene, wall layout, CSV mapping).
    auto overflow = parseJson(R"({"scale": 1e400})", "c.json");
    ASSERT_FALSE(overflow);
    EXPECT_EQ(overflow.error().message, "c.json: number overflow parsing '1e400'");
    auto missing = readText("/no/such/c.json", "the mapping");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "/no/such/c.json: cannot read the mapping (no such file or no permission)");
    EXPECT_EQ(walk("[1]", {}, [](const Object&) {}), "c.json: expected an object, got [1]");
}

// A format whose users annotate it in JSON names a comment prefix: such keys are accepted on every
// object of the file and never read; without the prefix they are unknown keys like any other.
TEST(ConfigChecker, CommentKeysWhereTheFormatHasThem) {
    struct File {
        std::string a;
        int b = 0;
    };
    auto read = [](const Object& root, File& f) {
        root.string("a", f.a);
        root.child("o", {"b"}).integer("b", f.b, 0, 9);
    };
    const char* text = R"({"_about": "notes", "a": "x", "o": {"_why": [1, 2], "b": 3}})";
    auto with = readString<File>(text, "c.json", "/base", {"a", "o"}, read, "_");
    ASSERT_TRUE(with.ok()) << with.error().message;
    EXPECT_EQ(with->a, "x");
    EXPECT_EQ(with->b, 3);
    auto without = readString<File>(text, "c.json", "/base", {"a", "o"}, read);
    ASSERT_FALSE(without.ok());
    EXPECT_EQ(without.error().message, "c.json: _about: unknown key (known: a, o)");
    auto typo = readString<File>(R"({"_c": 1, "o": {"bb": 1}})", "c.json", "/base", {"a", "o"}, read, "_");
    ASSERT_FALSE(typo.ok());
    EXPECT_EQ(typo.error().message, "c.json: o.bb: unknown key (did you mean \"b\"?)");
}

// A table whose keys are data: each entry with its path; every key is an entry, comments included.
TEST(ConfigChecker, EntriesOfADataTable) {
    std::vector<std::string> seen;
    auto read = [&](const Object& r) {
        r.entries("map", [&](const std::string& name, const Json& v, const std::string& path) {
            if (!v.is_number()) return r.context().fail(path, "expected a number, got " + shown(v));
            seen.push_back(name);
        });
    };
    EXPECT_EQ(walk(R"({"map": {"a b": 1, "_x": 2}})", {"map"}, read), "(ok)");
    EXPECT_EQ(seen, (std::vector<std::string>{"_x", "a b"}));
    EXPECT_EQ(walk(R"({"map": {"k": "v"}})", {"map"}, read), "c.json: map.k: expected a number, got \"v\"");
    EXPECT_EQ(walk(R"({"map": [1]})", {"map"}, read), "c.json: map: expected an object, got [1]");
}

}  // namespace
}  // namespace gs::config
