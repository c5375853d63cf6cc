// The one configuration checker: every JSON file gridscope reads (scene, feeds, the live overlay,
// wall layouts, CSV mappings; next analyst views and stories) is parsed once and walked with it.
//
// A walk keeps the first error and carries on with defaults, so a parser reads as a plain walk
// over its file instead of a check after every field. Every error names the file and the JSON
// path, e.g.
//   scene.json: layers[1].style.fill: "#12" is not a colour (use "#rrggbb" or "#rrggbbaa")
//   scene.json: layers[0].style.fil: unknown key (did you mean "fill"?)
// A part of a file (the scene's layers, its feeds, the "live" object) is read by the code that
// owns it, from an Object the file's reader hands it; no part re-parses text.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs::config {

using Json = nlohmann::json;

// A JSON text (comments allowed). The error is "LABEL: parse error at line L, column C: ..." (or
// "LABEL: number overflow parsing '1e400'"); nlohmann's exceptions never get out.
Result<Json> parseJson(std::string_view text, const std::string& fileLabel);
// A file's text; the error is "FILE: cannot read WHAT (no such file or no permission)".
Result<std::string> readText(const std::filesystem::path& file, std::string_view what);

// A value as the user wrote it, cut to 40 characters, for messages.
std::string shown(const Json& value);
// Levenshtein distance ignoring ASCII case.
std::size_t editDistance(std::string_view a, std::string_view b);
// " (did you mean "x"?)" for the closest of `known`, else " (known: a, b, c)"; empty when
// `known` is empty.
std::string suggestion(std::string_view key, const std::vector<std::string>& known);

// Where the walk is: the file (for messages), the folder relative paths are resolved against,
// and the first error.
struct Context {
    std::string file;
    std::filesystem::path baseDir;
    std::optional<Error> error;
    // A file format whose users annotate it in JSON itself (JSON has no comments) names a prefix
    // here, e.g. "_": a key beginning with it ("_about": "...") is a note, accepted on every
    // object of the file and never read. Empty: every key must be known.
    std::string commentPrefix = {};

    void fail(const std::string& path, const std::string& message);
    bool ok() const { return !error; }
    // `path` resolved against baseDir (empty stays empty; absolute stays as it is).
    std::string resolve(const std::string& path) const;
};

// One JSON object at a path. Rejects keys it does not know (a typo must not silently fall back to
// a default) and reads typed, range-checked values into the fields they belong to. A missing
// optional key leaves the field as it was (its default).
class Object {
public:
    using Keys = std::vector<std::string>;
    // `json` may be null (the key was absent): then nothing is read and present() is false.
    Object(Context& ctx, const Json* json, std::string path, Keys keys);
    Object(Context& ctx, const Json* json, std::string path, std::initializer_list<const char*> keys)
        : Object(ctx, json, std::move(path), Keys(keys.begin(), keys.end())) {}

    bool present() const { return json_ != nullptr; }
    bool has(const char* key) const { return json_ && json_->contains(key); }
    const Json* get(const char* key) const { return has(key) ? &(*json_)[key] : nullptr; }
    const Json* json() const { return json_; }
    // The JSON path of a key of this object ("layers[0].style").
    std::string at(std::string_view key) const;
    Object child(const char* key, Keys keys) const { return Object(ctx_, get(key), at(key), std::move(keys)); }
    Object child(const char* key, std::initializer_list<const char*> keys) const {
        return child(key, Keys(keys.begin(), keys.end()));
    }
    void fail(std::string_view key, const std::string& message) const;  // at(key); empty key: this object
    Context& context() const { return ctx_; }
    const std::string& path() const { return path_; }

    // A non-empty string.
    void string(const char* key, std::string& out, bool required = false) const;
    // Any string, empty included.
    void text(const char* key, std::string& out) const;
    template <class T>
    void number(const char* key, T& out, double min, double max) const {
        if (auto d = numberIn(key, min, max, false)) out = static_cast<T>(*d);
    }
    template <class T>
    void integer(const char* key, T& out, double min, double max) const {
        if (auto d = numberIn(key, min, max, true)) out = static_cast<T>(*d);
    }
    void boolean(const char* key, bool& out) const;
    // "#rrggbb" or "#rrggbbaa".
    void color(const char* key, Rgba& out) const;
    // A CRS PROJ can read; `projected` rejects lon/lat CRSs (the display needs metres).
    void crs(const char* key, std::string& out, bool projected = false) const;
    // An RFC 3339 time with offset, as UTC milliseconds.
    void time(const char* key, std::optional<std::int64_t>& out) const;
    // A path, resolved against the file's folder.
    void path(const char* key, std::string& out, bool required = false) const;
    // An array of exactly n numbers; `shape` replaces the message saying so ("must be [x, y]").
    std::optional<std::vector<double>> numbers(const char* key, std::size_t n, const char* shape = nullptr) const;
    // [minx, miny, maxx, maxy] with min < max.
    std::optional<Box> box(const char* key) const;
    // An array of non-empty strings (`nonEmpty`: at least one).
    void strings(const char* key, std::vector<std::string>& out, bool nonEmpty = false) const;
    // One of named values; the message lists the names: "\"x\" is not a WHAT (use "a" or "b")",
    // or names the one a typo is close to: "\"x\" is not a WHAT (did you mean "y"?)".
    // Only the first `listed` names are listed (the rest are accepted spellings); -1: all.
    template <class E>
    void choice(const char* key, E& out, std::initializer_list<std::pair<const char*, E>> options,
                const char* what, int listed = -1) const {
        std::string name;
        string(key, name);
        if (name.empty()) return;
        std::vector<std::string> names, spellings;
        for (const auto& [n, value] : options) {
            if (name == n) {
                out = value;
                return;
            }
            if (listed < 0 || int(names.size()) < listed) names.push_back(n);
            spellings.push_back(n);
        }
        failChoice(key, name, names, spellings, what);
    }
    // A table whose keys are data, not settings (source text -> category, a lookup of names): calls
    // each(name, value, path) for each entry, path being "KEY.name". Not an object: fails.
    // Comment keys are entries here too: a table has no notes.
    template <class F>
    void entries(const char* key, F&& each) const {
        const Json* v = get(key);
        if (!v) return;
        if (!v->is_object()) return fail(key, "expected an object, got " + shown(*v));
        for (const auto& [name, value] : v->items()) {
            if (!ctx_.ok()) return;
            each(name, value, at(key) + "." + name);
        }
    }
    // The elements of an array of objects: calls each(Object-less json, path) for each element.
    // A missing key: `required` fails, else nothing. Not an array (or empty with nonEmpty): fails.
    template <class F>
    void array(const char* key, const char* what, bool required, bool nonEmpty, F&& each) const {
        const Json* v = get(key);
        if (!v) {
            if (required) fail(key, "missing (required)");
            return;
        }
        if (!v->is_array() || (nonEmpty && v->empty()))
            return fail(key, std::string("expected ") + (nonEmpty ? "a non-empty array of " : "an array of ") + what +
                                 ", got " + shown(*v));
        for (std::size_t i = 0; i < v->size() && ctx_.ok(); ++i)
            each((*v)[i], at(key) + "[" + std::to_string(i) + "]");
    }

    // "\"a\", \"b\" or \"c\"".
    static std::string alternatives(const std::vector<std::string>& names);

private:
    void failChoice(const char* key, const std::string& name, const std::vector<std::string>& listed,
                    const std::vector<std::string>& spellings, const char* what) const;
    std::optional<double> numberIn(const char* key, double min, double max, bool integer) const;

    Context& ctx_;
    const Json* json_;
    std::string path_;
};

// Reads a whole file with `read(Object root)`, which fills what it returns. `keys` are the root's
// keys; `what` names the file for "cannot read" ("the scene config"); `commentPrefix`: see Context.
template <class T, class Read>
Result<T> readFile(const std::filesystem::path& file, std::string_view what, Object::Keys keys, Read&& read,
                   std::string_view commentPrefix = {});
template <class T, class Read>
Result<T> readString(std::string_view text, const std::string& fileLabel, const std::filesystem::path& baseDir,
                     Object::Keys keys, Read&& read, std::string_view commentPrefix = {}) {
    auto json = parseJson(text, fileLabel);
    if (!json) return json.error();
    Context ctx{fileLabel, baseDir, std::nullopt, std::string(commentPrefix)};
    Object root(ctx, &*json, "", std::move(keys));
    T out{};
    if (ctx.ok()) read(root, out);
    if (ctx.error) return *ctx.error;
    return out;
}
template <class T, class Read>
Result<T> readFile(const std::filesystem::path& file, std::string_view what, Object::Keys keys, Read&& read,
                   std::string_view commentPrefix) {
    auto text = readText(file, what);
    if (!text) return text.error();
    return readString<T>(*text, file.string(), file.parent_path(), std::move(keys), std::forward<Read>(read),
                         commentPrefix);
}

}  // namespace gs::config
