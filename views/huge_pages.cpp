#include "huge_pages.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

namespace gs::cli {

namespace {

bool kernelHasHugePages() {
    std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
    std::string mode;
    if (!std::getline(in, mode)) return false;
    return mode.find("[always]") != std::string::npos || mode.find("[madvise]") != std::string::npos;
}

}  // namespace

void useHugePages(char** argv) {
    if (const char* off = std::getenv("GRIDSCOPE_HUGE_PAGES"); off && std::string(off) == "0") return;
    const char* set = std::getenv("GLIBC_TUNABLES");
    std::string tunables = set ? set : "";
    if (tunables.find("glibc.malloc.hugetlb") != std::string::npos || !kernelHasHugePages()) return;
    tunables += tunables.empty() ? "glibc.malloc.hugetlb=1" : ":glibc.malloc.hugetlb=1";
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // No exec (no /proc): on as we are, without the tunable in what this process starts.
    if (set) setenv("GLIBC_TUNABLES", set, 1);
    else unsetenv("GLIBC_TUNABLES");
}

}  // namespace gs::cli
