// Transparent huge pages for gridscope's big arrays. On a virtual machine every 4 KB page fault
// costs microseconds; a city's window faulted in 32 MB of fresh arrays in 80 ms of a 120 ms frame,
// and its load spent a sixth of its time zeroing pages. glibc backs its large allocations with
// 2 MB pages when told so at start (GLIBC_TUNABLES=glibc.malloc.hugetlb=1, glibc 2.35 and later,
// where the kernel's transparent huge pages are "madvise" or "always"), which no call made once
// the process runs can do.
#pragma once

namespace gs::cli {

// Runs this program again (same arguments, same process id and start time) with
// glibc.malloc.hugetlb=1 added to GLIBC_TUNABLES, unless that names hugetlb already (any value),
// GRIDSCOPE_HUGE_PAGES=0 is set, or the kernel has no transparent huge pages. Returns only when
// it does not (or the exec failed: the program then runs on as it is).
void useHugePages(char** argv);

}  // namespace gs::cli
