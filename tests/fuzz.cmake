# The libFuzzer targets (label "fuzz"), included by tests/CMakeLists.txt. Each parser of untrusted
# input has one, built by clang with -fsanitize=fuzzer,address,undefined (libFuzzer exists only in
# clang), and a brief CTest run of about 20 s from its seed corpus:
#   fuzz_message     the live feed's parser and store (engine/live/{feed,store})   tests/fuzz/corpus
#   fuzz_config      the scene file, wall layout and CSV mapping parsers           tests/fuzz/config_corpus
#   fuzz_csv_import  `feed from-csv`'s converter (engine/live/import)              tests/fuzz/csv_corpus
#   fuzz_geometry    polygon triangulation, outlines, simplification, point in polygon
#                    (engine/geometry) on arbitrary rings                         tests/fuzz/geometry_corpus
# With GCC as the project's compiler, a clang++ on PATH builds them through custom commands (one
# object per source, so a change rebuilds only what it touches); with no clang++ (or one without
# the libFuzzer runtime, Debian's libclang-rt-14-dev) this file only says so in a STATUS message.
# Longer runs and what they found: docs/fuzzing.md.

# Each target's engine sources (under engine/, without .cpp): only what the parser needs, so the
# targets link PROJ (CRS texts) and libdate-tz (time zones) but not GDAL, GL or mosquitto. (Every
# function of a listed file must link: libFuzzer's coverage tables keep them all, so no
# --gc-sections can drop an unused one.)
set(_fuzz_units_message core/rfc3339 live/feed/message live/feed/message_sax live/store/string_pool
    live/store/grid_assigner live/store/order_statistics live/store/threshold_counter live/store/live_figures
    live/store/draw_set live/store/live_history live/store/live_store)
set(_fuzz_units_config core/color core/rfc3339 config/checker geo/crs geo/china_offsets
    source/connection_string scene/scene_config style/layer_style style/classify style/natural_breaks style/palette
    live/feed/feed_config live/feed/mqtt_url
    live/feed/message live/feed/message_sax live/overlay/live_overlay_config live/overlay/marker_style
    live/overlay/live_colors live/store/live_figures live/store/threshold_counter live/store/order_statistics
    source/attribute_table style/layer_colors
    session/scene_file history/analysis_config wall/wall_layout assets/assets assets/strings
    live/import/csv_mapping live/import/feed_time live/import/time_zone live/import/posix_tz_rule)
set(_fuzz_units_csv_import core/color core/rfc3339 config/checker geo/crs geo/china_offsets geo/transformer
    live/feed/message live/feed/message_sax
    live/import/csv_feed live/import/case_row live/import/csv_reader live/import/csv_mapping live/import/feed_time
    live/import/time_zone live/import/posix_tz_rule)
set(_fuzz_units_geometry geometry/triangulate geometry/ear_clipper geometry/ear_repair geometry/sweep_triangulator geometry/sweep_pieces geometry/small_ring geometry/outline
    geometry/simplify geometry/point_in_polygon)
set(_fuzz_targets message config csv_import geometry)
set(_fuzz_corpus_message corpus)
set(_fuzz_corpus_config config_corpus)
set(_fuzz_corpus_csv_import csv_corpus)
set(_fuzz_corpus_geometry geometry_corpus)

set(_fuzz_flags -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
                -fno-sanitize-recover=undefined)
set(_fuzz_link_flags -fsanitize=fuzzer,address,undefined)

if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  set(_fuzz_clang "${CMAKE_CXX_COMPILER}")
else()
  find_program(GRIDSCOPE_FUZZ_CLANGXX NAMES clang++ clang++-19 clang++-18 clang++-17 clang++-16 clang++-15
               clang++-14 DOC "clang++ for the libFuzzer targets")
  set(_fuzz_clang "${GRIDSCOPE_FUZZ_CLANGXX}")
endif()
if(NOT _fuzz_clang)
  message(STATUS "fuzz: no clang++ found, the libFuzzer targets are not built")
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
                 "the libFuzzer targets are not built")
  return()
endif()
message(STATUS "fuzz: building ${_fuzz_targets} with ${_fuzz_clang}")

set(_fuzz_dir "${CMAKE_CURRENT_BINARY_DIR}/fuzz")
file(MAKE_DIRECTORY "${_fuzz_dir}/obj")

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  # A different compiler than the project's: clang++ commands outside CMake's toolchain, with the
  # include folders and definitions the imported targets would give.
  set(_fuzz_includes "-I${PROJECT_SOURCE_DIR}/engine")
  set(_fuzz_defines)
  foreach(target nlohmann_json::nlohmann_json date::date date::date-tz)
    get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
    foreach(dir ${dirs})
      if(dir)
        list(APPEND _fuzz_includes "-I${dir}")
      endif()
    endforeach()
  endforeach()
  # date/tz's definitions matter for its ABI (USE_OS_TZDB, HAS_STRING_VIEW): the ones its targets
  # give (nlohmann's are generator expressions that are empty by default).
  foreach(target date::date date::date-tz)
    get_target_property(defs ${target} INTERFACE_COMPILE_DEFINITIONS)
    foreach(def ${defs})
      if(def AND NOT def MATCHES "^\\$<")
        list(APPEND _fuzz_defines "-D${def}")
      endif()
    endforeach()
  endforeach()
  foreach(dir ${PROJ_INCLUDE_DIRS})
    list(APPEND _fuzz_includes "-I${dir}")
  endforeach()
  # The assets (palettes, styles, strings) are found in the source tree, as the engine's are.
  list(APPEND _fuzz_defines "-DGRIDSCOPE_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\"")
  list(REMOVE_DUPLICATES _fuzz_includes)
  list(REMOVE_DUPLICATES _fuzz_defines)
  set(_fuzz_libs ${PROJ_LINK_LIBRARIES} "$<TARGET_FILE:date::date-tz>" -pthread)
endif()

# The object of one source (a path under the project), compiled once for every target using it.
function(_gs_fuzz_object source out)
  string(MAKE_C_IDENTIFIER "${source}" id)
  set(obj "${_fuzz_dir}/obj/${id}.o")
  get_property(made GLOBAL PROPERTY GRIDSCOPE_FUZZ_OBJECTS)
  if(NOT obj IN_LIST made)
    set_property(GLOBAL APPEND PROPERTY GRIDSCOPE_FUZZ_OBJECTS "${obj}")
    add_custom_command(
      OUTPUT "${obj}"
      COMMAND ${CMAKE_CXX_COMPILER_LAUNCHER} "${_fuzz_clang}" ${_fuzz_flags} ${_fuzz_defines} ${_fuzz_includes}
              -MD -MF "${obj}.d" -c "${PROJECT_SOURCE_DIR}/${source}" -o "${obj}"
      DEPENDS "${PROJECT_SOURCE_DIR}/${source}"
      DEPFILE "${obj}.d"
      COMMENT "fuzz: compiling ${source} with ${_fuzz_clang}"
      VERBATIM)
  endif()
  set(${out} "${obj}" PARENT_SCOPE)
endfunction()

foreach(t ${_fuzz_targets})
  set(name fuzz_${t})
  set(sources "tests/fuzz/${name}.cpp")
  foreach(unit ${_fuzz_units_${t}})
    list(APPEND sources "engine/${unit}.cpp")
  endforeach()

  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(TRANSFORM sources PREPEND "${PROJECT_SOURCE_DIR}/")
    add_executable(${name} ${sources})
    target_include_directories(${name} PRIVATE "${PROJECT_SOURCE_DIR}/engine")
    target_compile_definitions(${name} PRIVATE GRIDSCOPE_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    target_compile_options(${name} PRIVATE -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
                           -fno-sanitize-recover=undefined)
    target_link_options(${name} PRIVATE ${_fuzz_link_flags})
    target_link_libraries(${name} PRIVATE nlohmann_json::nlohmann_json PkgConfig::PROJ date::date-tz)
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${_fuzz_dir}")
    set(exe "$<TARGET_FILE:${name}>")
  else()
    set(objects)
    foreach(source ${sources})
      _gs_fuzz_object("${source}" obj)
      list(APPEND objects "${obj}")
    endforeach()
    set(exe "${_fuzz_dir}/${name}")
    add_custom_command(
      OUTPUT "${exe}"
      COMMAND "${_fuzz_clang}" ${_fuzz_link_flags} ${objects} -o "${exe}" ${_fuzz_libs}
      DEPENDS ${objects}
      COMMENT "fuzz: linking ${name}"
      VERBATIM)
    add_custom_target(${name} ALL DEPENDS "${exe}")
  endif()

  # A brief run: new inputs go to the build tree, the seeds in the source tree stay as they are.
  set(work "${_fuzz_dir}/${name}_corpus")
  file(MAKE_DIRECTORY "${work}")
  # Geometry inputs of many kilobytes can take the sanitized triangulator tens of seconds (a 9 KB
  # one took 37 s, docs/fuzzing.md): its brief run keeps inputs to 4 KB so CI stays within bounds.
  set(max_len 16384)
  if(t STREQUAL "geometry")
    set(max_len 4096)
  endif()
  add_test(NAME ${name}_brief
    COMMAND "${exe}" -max_total_time=20 -max_len=${max_len} -timeout=10 -rss_limit_mb=2048
            -print_final_stats=1 "-artifact_prefix=${_fuzz_dir}/${name}-"
            "${work}" "${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${_fuzz_corpus_${t}}")
  set_tests_properties(${name}_brief PROPERTIES LABELS fuzz TIMEOUT 180)
endforeach()
