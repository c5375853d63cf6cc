#include "assets/assets.hpp"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace gs::assets {

namespace fs = std::filesystem;

namespace {

fs::path findDir() {
    if (const char* env = std::getenv("GRIDSCOPE_ASSETS"); env && *env) return fs::path(env);
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        // An install: PREFIX/bin/gridscope beside PREFIX/share/gridscope/assets. A folder there
        // is taken even when files are missing from it, so that the error names the installed
        // file rather than falling back to some other copy.
        const fs::path installed = exe.parent_path().parent_path() / "share" / "gridscope" / "assets";
        if (fs::is_directory(installed, ec)) return installed;
    }
    return fs::path(GRIDSCOPE_SOURCE_DIR) / "assets";
}

}  // namespace

const fs::path& dir() {
    static const fs::path d = findDir();
    return d;
}

fs::path path(std::string_view relative) { return dir() / fs::path(relative); }

void fail(const Error& error) {
    std::fprintf(stderr, "gridscope: %s\n", error.message.c_str());
    std::fflush(stderr);
    std::exit(2);
}

}  // namespace gs::assets
