// What ships with gridscope and is not user data: the string tables (zh, en), the choropleth
// palettes, the live markers' shapes and colours, the default layer styles and the window's theme.
// They live in assets/ at the repository root and, once installed, in share/gridscope/assets.
// Each file is read once, through the shared checker (engine/config), by the module that owns it;
// a bad or missing file is an Error naming the file and the JSON path.
#pragma once

#include <filesystem>
#include <string_view>
#include <utility>

#include "config/checker.hpp"
#include "core/result.hpp"

namespace gs::assets {

// The assets folder, found once:
//   1. $GRIDSCOPE_ASSETS, when set;
//   2. <the executable's folder>/../share/gridscope/assets (an install: bin/gridscope);
//   3. the source tree's assets/ (a binary in the build tree).
const std::filesystem::path& dir();
// A file in it ("strings/zh.json").
std::filesystem::path path(std::string_view relative);

// For an asset that failed to load where nobody can report it (first used deep in a draw call):
// prints "gridscope: MESSAGE" and exits with code 2. main() loads every asset at start and reports
// a failure itself, so this is only reached by programs that skip that (tests, tools).
[[noreturn]] void fail(const Error& error);

// Reads an asset file with the checker, as config::readFile does for user files; `what` names it
// for "cannot read" ("the palettes").
template <class T, class Read>
Result<T> read(std::string_view relative, std::string_view what, config::Object::Keys keys, Read&& read) {
    return config::readFile<T>(path(relative), what, std::move(keys), std::forward<Read>(read));
}

}  // namespace gs::assets
