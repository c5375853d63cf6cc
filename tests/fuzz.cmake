# The live feed's libFuzzer target (label "fuzz"), included by tests/CMakeLists.txt:
#   fuzz_message        tests/fuzz/fuzz_message.cpp + engine/live/{feed,store}, built by clang with
#                       -fsanitize=fuzzer,address,undefined (libFuzzer exists only in clang)
#   fuzz_message_brief  CTest: about 20 s of fuzzing from the seed corpus tests/fuzz/corpus
# With GCC as the project's compiler, a clang++ on PATH builds the target through a custom
# command; with no clang++ (or one without the libFuzzer runtime, Debian's libclang-rt-14-dev)
# this file only says so in a STATUS message. The longer run: docs/live-feed.md.

# Only the parser and the store (the rest of engine/live, e.g. the CSV tools, needs PROJ and GDAL).
set(_fuzz_live_sources)
foreach(name core/rfc3339 live/feed/message live/feed/message_sax live/store/string_pool
             live/store/grid_assigner live/store/order_statistics live/store/threshold_counter
             live/store/live_figures live/store/draw_set live/store/live_history live/store/live_store)
  list(APPEND _fuzz_live_sources "${PROJECT_SOURCE_DIR}/engine/${name}.cpp")
endforeach()
file(GLOB _fuzz_live_headers CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/engine/live/*/*.hpp"
                                         "${PROJECT_SOURCE_DIR}/engine/core/*.hpp")
set(_fuzz_sources "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/fuzz_message.cpp" ${_fuzz_live_sources})
set(_fuzz_flags -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
                -fno-sanitize-recover=undefined)

if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(_fuzz_clang "${CMAKE_CXX_COMPILER}")
else()
  find_program(GRIDSCOPE_FUZZ_CLANGXX NAMES clang++ clang++-19 clang++-18 clang++-17 clang++-16 clang++-15
               clang++-14 DOC "clang++ for the libFuzzer target")
  set(_fuzz_clang "${GRIDSCOPE_FUZZ_CLANGXX}")
endif()
if(NOT _fuzz_clang)
  message(STATUS "fuzz: no clang++ found, the libFuzzer target fuzz_message is not built")
  return()
endif()

# Can this clang link a fuzzer? (The runtime is a separate package on Debian.)
set(_probe_dir "${CMAKE_CURRENT_BINARY_DIR}/fuzz_probe")
file(MAKE_DIRECTORY "${_probe_dir}")
file(WRITE "${_probe_dir}/probe.cpp"
  "#include <cstddef>\n#include <cstdint>\n"
  "extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n")
execute_process(
  COMMAND "${_fuzz_clang}" -fsanitize=fuzzer,address,undefined "${_probe_dir}/probe.cpp" -o "${_probe_dir}/probe"
  RESULT_VARIABLE _probe_rc OUTPUT_QUIET ERROR_VARIABLE _probe_err)
if(NOT _probe_rc EQUAL 0)
  message(STATUS "fuzz: ${_fuzz_clang} cannot link -fsanitize=fuzzer (install libclang-rt-14-dev), "
                 "the libFuzzer target fuzz_message is not built")
  return()
endif()
message(STATUS "fuzz: building fuzz_message with ${_fuzz_clang}")

if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  add_executable(fuzz_message ${_fuzz_sources})
  target_include_directories(fuzz_message PRIVATE "${PROJECT_SOURCE_DIR}/engine")
  target_compile_options(fuzz_message PRIVATE -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
                         -fno-sanitize-recover=undefined)
  target_link_options(fuzz_message PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_message PRIVATE nlohmann_json::nlohmann_json)
  set_target_properties(fuzz_message PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/fuzz")
  set(_fuzz_exe "$<TARGET_FILE:fuzz_message>")
else()
  # A different compiler than the project's: one clang++ command, outside CMake's toolchain.
  set(_fuzz_includes "-I${PROJECT_SOURCE_DIR}/engine")
  get_target_property(_json_includes nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
  foreach(dir ${_json_includes})
    list(APPEND _fuzz_includes "-I${dir}")
  endforeach()
  set(_fuzz_exe "${CMAKE_CURRENT_BINARY_DIR}/fuzz/fuzz_message")
  add_custom_command(
    OUTPUT "${_fuzz_exe}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/fuzz"
    COMMAND "${_fuzz_clang}" ${_fuzz_flags} ${_fuzz_includes} ${_fuzz_sources} -o "${_fuzz_exe}"
    DEPENDS ${_fuzz_sources} ${_fuzz_live_headers}
    COMMENT "Building the libFuzzer target fuzz_message with ${_fuzz_clang}"
    VERBATIM)
  add_custom_target(fuzz_message ALL DEPENDS "${_fuzz_exe}")
endif()

# A brief run: new inputs go to the build tree, the seeds in the source tree stay as they are.
set(_fuzz_work "${CMAKE_CURRENT_BINARY_DIR}/fuzz/corpus")
file(MAKE_DIRECTORY "${_fuzz_work}")
add_test(NAME fuzz_message_brief
  COMMAND "${_fuzz_exe}" -max_total_time=20 -max_len=16384 -timeout=10 -rss_limit_mb=2048
          -print_final_stats=1 "-artifact_prefix=${CMAKE_CURRENT_BINARY_DIR}/fuzz/"
          "${_fuzz_work}" "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus")
set_tests_properties(fuzz_message_brief PROPERTIES LABELS fuzz TIMEOUT 180)
