#include "config/checker.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/color.hpp"
#include "core/rfc3339.hpp"
#include "geo/crs.hpp"

namespace gs::config {

Result<Json> parseJson(std::string_view text, const std::string& fileLabel) {
    try {
        return Json::parse(text, nullptr, true, /*ignore_comments=*/true);
    } catch (const Json::exception& e) {
        // parse_error: "[json.exception.parse_error.101] parse error at line 3, ..."; also
        // out_of_range.406, "number overflow parsing '1e400'" (a number beyond a double), which
        // is no parse_error: uncaught, it ended the program (found by fuzz_config).
        std::string what = e.what();
        return Error{fileLabel + ": " + what.substr(what.find(']') + 2)};
    }
}

Result<std::string> readText(const std::filesystem::path& file, std::string_view what) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return Error{file.string() + ": cannot read " + std::string(what) + " (no such file or no permission)"};
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string shown(const Json& value) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and swaps of neighbours
    // ("titel" -> "title" is one edit), ignoring ASCII case.
    auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    const std::size_t n = b.size();
    std::vector<std::size_t> before(n + 1), previous(n + 1), row(n + 1);
    for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (std::size_t j = 1; j <= n; ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, previous);
        std::swap(previous, row);
    }
    return previous[n];
}

std::string suggestion(std::string_view key, const std::vector<std::string>& known) {
    if (known.empty()) return {};
    // A typo: within a third of the key's length (at least one edit); or a known key the key
    // begins ("pulse" for "pulseSeconds").
    auto startsWith = [](std::string_view text, std::string_view prefix) {
        return prefix.size() >= 3 && text.size() > prefix.size() &&
               std::equal(prefix.begin(), prefix.end(), text.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
               });
    };
    const std::size_t limit = std::max<std::size_t>(1, key.size() / 3);
    const std::string* best = nullptr;
    std::size_t bestDistance = limit + 1;
    for (const std::string& k : known)
        if (std::size_t d = editDistance(key, k); d < bestDistance) best = &k, bestDistance = d;
    if (!best)
        for (const std::string& k : known)
            if (startsWith(k, key)) {
                best = &k;
                break;
            }
    if (best) return " (did you mean \"" + *best + "\"?)";
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    return " (known: " + list + ")";
}

void Context::fail(const std::string& path, const std::string& message) {
    if (!error) error = Error{file + ": " + (path.empty() ? "" : path + ": ") + message};
}

std::string Context::resolve(const std::string& path) const {
    if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (baseDir / path).lexically_normal().string();
}

Object::Object(Context& ctx, const Json* json, std::string path, Keys keys)
    : ctx_(ctx), json_(json), path_(std::move(path)) {
    if (!json_) return;
    if (!json_->is_object()) {
        ctx_.fail(path_, "expected an object, got " + shown(*json_));
        json_ = nullptr;
        return;
    }
    for (const auto& [key, value] : json_->items()) {
        if (!ctx_.commentPrefix.empty() && key.starts_with(ctx_.commentPrefix)) continue;
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            ctx_.fail(at(key), "unknown key" + suggestion(key, keys));
    }
}

std::string Object::at(std::string_view key) const {
    if (key.empty()) return path_;
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void Object::fail(std::string_view key, const std::string& message) const { ctx_.fail(at(key), message); }

void Object::string(const char* key, std::string& out, bool required) const {
    if (const Json* v = get(key)) {
        if (v->is_string() && !v->get_ref<const std::string&>().empty())
            out = v->get<std::string>();
        else
            fail(key, "expected a non-empty string, got " + shown(*v));
    } else if (required) {
        fail(key, "missing (required)");
    }
}

void Object::text(const char* key, std::string& out) const {
    if (const Json* v = get(key)) {
        if (v->is_string())
            out = v->get<std::string>();
        else
            fail(key, "expected a string, got " + shown(*v));
    }
}

std::optional<double> Object::numberIn(const char* key, double min, double max, bool integer) const {
    const Json* v = get(key);
    if (!v) return std::nullopt;
    if (integer && !v->is_number_integer()) {
        fail(key, "expected an integer, got " + shown(*v));
        return std::nullopt;
    }
    if (!v->is_number()) {
        fail(key, "expected a number, got " + shown(*v));
        return std::nullopt;
    }
    const double d = v->get<double>();
    if (d < min || d > max) {
        std::ostringstream range;
        range << " is out of range [" << min << ", " << max << "]";
        fail(key, shown(*v) + range.str());
        return std::nullopt;
    }
    return d;
}

void Object::boolean(const char* key, bool& out) const {
    if (const Json* v = get(key)) {
        if (v->is_boolean())
            out = v->get<bool>();
        else
            fail(key, "expected true or false, got " + shown(*v));
    }
}

void Object::color(const char* key, Rgba& out) const {
    const Json* v = get(key);
    if (!v) return;
    auto rgba = v->is_string() ? parseColor(v->get<std::string>()) : std::nullopt;
    if (rgba)
        out = *rgba;
    else
        fail(key, shown(*v) + " is not a colour (use \"#rrggbb\" or \"#rrggbbaa\")");
}

void Object::crs(const char* key, std::string& out, bool projected) const {
    std::string text;
    string(key, text);
    if (text.empty()) return;
    if (auto problem = crsProblem(text, projected)) return fail(key, *problem);
    out = text;
}

void Object::time(const char* key, std::optional<std::int64_t>& out) const {
    std::string text;
    string(key, text);
    if (text.empty()) return;
    if (auto t = parseRfc3339(text))
        out = *t;
    else
        fail(key, "\"" + text + "\" is not an RFC 3339 time with offset (e.g. 2016-01-26T10:00:00-08:00)");
}

void Object::path(const char* key, std::string& out, bool required) const {
    string(key, out, required);
    out = ctx_.resolve(out);
}

std::optional<std::vector<double>> Object::numbers(const char* key, std::size_t n, const char* shape) const {
    const Json* v = get(key);
    if (!v) return std::nullopt;
    if (v->is_array() && v->size() == n &&
        std::all_of(v->begin(), v->end(), [](const Json& e) { return e.is_number(); }))
        return v->get<std::vector<double>>();
    fail(key, shape ? std::string(shape) : "expected an array of " + std::to_string(n) + " numbers, got " + shown(*v));
    return std::nullopt;
}

std::optional<Box> Object::box(const char* key) const {
    auto v = numbers(key, 4);
    if (!v) return std::nullopt;
    Box b{(*v)[0], (*v)[1], (*v)[2], (*v)[3]};
    if (b.minX < b.maxX && b.minY < b.maxY) return b;
    fail(key, "expected [minx, miny, maxx, maxy] with min < max");
    return std::nullopt;
}

void Object::strings(const char* key, std::vector<std::string>& out, bool nonEmpty) const {
    const Json* v = get(key);
    if (!v) return;
    const bool ok = v->is_array() && !(nonEmpty && v->empty()) &&
                    std::all_of(v->begin(), v->end(), [](const Json& e) {
                        return e.is_string() && !e.get_ref<const std::string&>().empty();
                    });
    if (!ok)
        return fail(key, std::string(nonEmpty ? "expected a non-empty array" : "expected an array") +
                             " of non-empty strings, got " + shown(*v));
    out = v->get<std::vector<std::string>>();
}

void Object::failChoice(const char* key, const std::string& name, const std::vector<std::string>& listed,
                        const std::vector<std::string>& spellings, const char* what) const {
    // A typo of a known name gets the name; a short value (one or two letters, every name is that
    // few edits away) or a wrong word gets the list.
    std::string hint = name.size() >= 3 ? suggestion(name, spellings) : std::string();
    if (hint.rfind(" (did you mean", 0) == 0)
        fail(key, "\"" + name + "\" is not a " + what + hint);
    else
        fail(key, "\"" + name + "\" is not a " + what + " (use " + alternatives(listed) + ")");
}

std::string Object::alternatives(const std::vector<std::string>& names) {
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i)
        list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("\"" + names[i] + "\"");
    return list;
}

}  // namespace gs::config
