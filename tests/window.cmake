# The interactive window (label "window"):
#   window_interaction  picking, hover, click, drag, wheel and keys on the demo scene (no display);
#   window_smoke        the window under a virtual X server saves a screenshot that shows a map
#                       (skipped, code 77, where xvfb-run is missing);
#   window_live         the demo scene's file feed runs in the window: all messages accounted for,
#                       markers drawn (the --bench-frames line);
#   window_bench_path   --bench-path zoom flies the demo down to a 400-unit street and back: the JSON
#                       line's frames, view widths, bands, start-up time, peak RSS and triangles;
#                       window_bench_path_deferred the same on SF's buildings, whose meshes come
#                       after the first picture: the street frame draws footprints;
#   window_no_display   with DISPLAY unset the window command exits 2 with one line that points
#                       to `gridscope render`;
#   window_script_*     the analyst's window driven by input scripts (tests/window/scripts/*.json,
#                       clicks, drags and keys through the X server) and checked by
#                       tests/window/analyst_scripts.py against an independent reading of the data:
#                       scrub (the time slider), filter (categories, a status), drill (a grid on the
#                       map, its street, another grid, back to the whole area), keys ([, ], Space),
#                       errors (a step that finds nothing to act on: exit 2 naming it). Each
#                       starts its own Xvfb; skipped, code 77, where Xvfb is missing.
# Included by tests/CMakeLists.txt; the same file also runs as `cmake -P` script for the two
# process-level checks (MODE=smoke or MODE=no_display), so each check reads in one place.

if(CMAKE_SCRIPT_MODE_FILE)
  if(MODE STREQUAL "smoke")
    file(REMOVE "${OUT}")
    execute_process(
      COMMAND xvfb-run -a -s "-screen 0 1280x800x24"
              "${GRIDSCOPE}" --config "${CONFIG}" --screenshot "${OUT}" --width 1280 --height 800
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 150)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gridscope --screenshot exited with ${rc}\nstdout: ${out}\nstderr: ${err}")
    endif()
    if(NOT EXISTS "${OUT}")
      message(FATAL_ERROR "gridscope --screenshot exited 0 but wrote no ${OUT}\nstderr: ${err}")
    endif()
    execute_process(COMMAND "${PNG_CHECK}" "${OUT}" 1280 800 RESULT_VARIABLE rc
                    OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "the screenshot shows no map: ${out}${err}")
    endif()
    message(STATUS "${out}")
  elseif(MODE STREQUAL "live")
    # The demo scene's file feed runs in the window: after the frames, every message that arrived
    # is accounted for and the map draws markers.
    execute_process(
      COMMAND xvfb-run -a -s "-screen 0 1280x800x24"
              "${GRIDSCOPE}" --config "${CONFIG}" --bench-frames 12 --width 1280 --height 800
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 150)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gridscope --bench-frames exited with ${rc}\nstdout: ${out}\nstderr: ${err}")
    endif()
    string(JSON received ERROR_VARIABLE e1 GET "${out}" live_received)
    string(JSON balanced ERROR_VARIABLE e2 GET "${out}" live_balanced)
    string(JSON drawn ERROR_VARIABLE e3 GET "${out}" live_drawn)
    if(e1 OR e2 OR e3)
      message(FATAL_ERROR "no live figures in the bench line: ${out}\nstderr: ${err}")
    endif()
    # 5,700 messages of data/feed/demo.ndjson come before the replay's "from" and go at once.
    if(received LESS 5700 OR NOT balanced STREQUAL "ON" OR drawn LESS 10)
      message(FATAL_ERROR "live feed in the window: received ${received} (want >= 5700), balanced ${balanced}, drawn ${drawn}\n${out}")
    endif()
    message(STATUS "live: received ${received}, balanced, ${drawn} drawn")
  elseif(MODE STREQUAL "bench_path")
    # --bench-path zoom on the demo in 9 frames: down to a 400-unit street view and back to the start.
    execute_process(
      COMMAND xvfb-run -a -s "-screen 0 1280x800x24"
              "${GRIDSCOPE}" --config "${CONFIG}" --bench-path zoom --bench-frames 9 --width 1280 --height 800
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 150)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gridscope --bench-path exited with ${rc}\nstdout: ${out}\nstderr: ${err}")
    endif()
    string(JSON frames ERROR_VARIABLE e1 LENGTH "${out}" frame_ms)
    string(JSON first ERROR_VARIABLE e2 GET "${out}" view_width 0)
    string(JSON middle ERROR_VARIABLE e3 GET "${out}" view_width 4)
    string(JSON last ERROR_VARIABLE e4 GET "${out}" view_width 8)
    string(JSON street ERROR_VARIABLE e5 GET "${out}" bands street frames)
    string(JSON startup ERROR_VARIABLE e6 GET "${out}" first_picture_s)
    string(JSON rss ERROR_VARIABLE e7 GET "${out}" peak_rss_mb)
    string(JSON tris ERROR_VARIABLE e8 GET "${out}" triangles 4)
    if(e1 OR e2 OR e3 OR e4 OR e5 OR e6 OR e7 OR e8)
      message(FATAL_ERROR "the bench-path line lacks a figure: ${out}\nstderr: ${err}")
    endif()
    if(NOT frames EQUAL 9 OR NOT middle EQUAL 400 OR NOT first STREQUAL last OR first LESS 4000 OR street LESS 1
       OR startup LESS_EQUAL 0 OR rss LESS_EQUAL 0 OR tris LESS 1)
      message(FATAL_ERROR "bench path: ${frames} frames (want 9), widths ${first} .. ${middle} (want 400) .. ${last}, "
                          "${street} street frames, first picture ${startup} s, ${rss} MB, ${tris} triangles\n${out}")
    endif()
    if(DEFINED STREET_TRIANGLES_MIN)
      # A layer whose meshes are deferred: the path flies on while the street's region is read, its
      # street frame drawn from boxes or meshes, whichever are in (never blank). A window opened on
      # that street (--bbox) starts its benchmark once the region is in: its frames draw the
      # footprints themselves, not boxes (two triangles each).
      string(JSON cx ERROR_VARIABLE e9 GET "${out}" street_center 0)
      string(JSON cy ERROR_VARIABLE e10 GET "${out}" street_center 1)
      if(e9 OR e10)
        message(FATAL_ERROR "the bench-path line has no street_center: ${out}")
      endif()
      string(REGEX REPLACE "\\..*" "" cx "${cx}")
      string(REGEX REPLACE "\\..*" "" cy "${cy}")
      math(EXPR x0 "${cx} - 200")
      math(EXPR x1 "${cx} + 200")
      math(EXPR y0 "${cy} - 125")
      math(EXPR y1 "${cy} + 125")
      execute_process(
        COMMAND xvfb-run -a -s "-screen 0 1280x800x24"
                "${GRIDSCOPE}" --config "${CONFIG}" --bench-frames 3 --width 1280 --height 800
                --bbox-crs "${STREET_CRS}" --bbox "${x0},${y0},${x1},${y1}"
        RESULT_VARIABLE rc2 OUTPUT_VARIABLE out2 ERROR_VARIABLE err2 TIMEOUT 150)
      string(JSON streetTris ERROR_VARIABLE e11 GET "${out2}" triangles)
      if(NOT rc2 EQUAL 0 OR e11 OR streetTris LESS STREET_TRIANGLES_MIN)
        message(FATAL_ERROR "a window on the street (${x0},${y0},${x1},${y1}): exit ${rc2}, ${streetTris} triangles "
                            "(want >= ${STREET_TRIANGLES_MIN})\n${out2}\n${err2}")
      endif()
      message(STATUS "the path's street frame ${tris} triangles; a window on that street ${streetTris}")
    endif()
    message(STATUS "bench path: widths ${first} .. ${middle} .. ${last}, first picture ${startup} s, ${rss} MB")
  elseif(MODE STREQUAL "no_display")
    execute_process(
      COMMAND "${CMAKE_COMMAND}" -E env --unset=DISPLAY --unset=WAYLAND_DISPLAY
              "${GRIDSCOPE}" --config "${CONFIG}"
      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
    if(NOT rc EQUAL 2)
      message(FATAL_ERROR "expected exit code 2 without a display, got ${rc}\nstderr: ${err}")
    endif()
    string(REGEX MATCHALL "\n" newlines "${err}")
    list(LENGTH newlines lines)
    if(NOT lines EQUAL 1)
      message(FATAL_ERROR "expected one line on stderr, got ${lines}:\n${err}")
    endif()
    if(NOT err MATCHES "^gridscope: no display \\(DISPLAY is not set\\).*gridscope render --out")
      message(FATAL_ERROR "the message does not say there is no display and point to `gridscope render`:\n${err}")
    endif()
    message(STATUS "${err}")
  else()
    message(FATAL_ERROR "window.cmake: MODE must be smoke or no_display")
  endif()
  return()
endif()

# The map's input handling and feature descriptions, against the real demo data.
add_executable(window_tests
  "${CMAKE_CURRENT_SOURCE_DIR}/window/map_interaction_test.cpp"
  "${PROJECT_SOURCE_DIR}/views/map_interaction.cpp"
  "${PROJECT_SOURCE_DIR}/views/feature_info.cpp")
target_include_directories(window_tests PRIVATE "${PROJECT_SOURCE_DIR}/views")
target_link_libraries(window_tests PRIVATE gridscope_engine GTest::gtest GTest::gtest_main)
gtest_discover_tests(window_tests DISCOVERY_TIMEOUT 60 PROPERTIES LABELS window)

add_executable(window_png_check "${CMAKE_CURRENT_SOURCE_DIR}/window/png_check.cpp")
target_link_libraries(window_png_check PRIVATE gridscope_engine)

set(_window_config "${PROJECT_SOURCE_DIR}/data/demo.json")
add_test(NAME window_bench_path
  COMMAND sh -c "command -v xvfb-run >/dev/null || { echo 'xvfb-run not found: skipped'; exit 77; }; exec \"$0\" \"$@\""
          "${CMAKE_COMMAND}" -DMODE=bench_path "-DGRIDSCOPE=$<TARGET_FILE:gridscope>" "-DCONFIG=${_window_config}"
          -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(window_bench_path PROPERTIES LABELS window SKIP_RETURN_CODE 77 TIMEOUT 180)
# The same on San Francisco's 85,161 buildings, whose meshes the window reads region by region
# around its view once they are big enough to draw. The street (400 x 250 units) has 192 footprints
# in view: as boxes about 400 triangles and the tracts' few thousand; as their meshes 12,901
# (culled by runs of 83 features).
add_test(NAME window_bench_path_deferred
  COMMAND sh -c "command -v xvfb-run >/dev/null || { echo 'xvfb-run not found: skipped'; exit 77; }; exec \"$0\" \"$@\""
          "${CMAKE_COMMAND}" -DMODE=bench_path "-DGRIDSCOPE=$<TARGET_FILE:gridscope>"
          "-DCONFIG=${PROJECT_SOURCE_DIR}/data/sf_full.json" -DSTREET_TRIANGLES_MIN=8000 -DSTREET_CRS=EPSG:3857
          -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(window_bench_path_deferred PROPERTIES LABELS window SKIP_RETURN_CODE 77 TIMEOUT 180)
add_test(NAME window_smoke
  COMMAND sh -c "command -v xvfb-run >/dev/null || { echo 'xvfb-run not found: skipped'; exit 77; }; exec \"$0\" \"$@\""
          "${CMAKE_COMMAND}" -DMODE=smoke "-DGRIDSCOPE=$<TARGET_FILE:gridscope>"
          "-DPNG_CHECK=$<TARGET_FILE:window_png_check>" "-DCONFIG=${_window_config}"
          "-DOUT=${CMAKE_CURRENT_BINARY_DIR}/window_smoke.png" -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(window_smoke PROPERTIES LABELS window SKIP_RETURN_CODE 77 TIMEOUT 180)

# The analyst's demo (data/analyst_demo.json: the demo's three levels, its SF 311 cases as a
# heatmap and the grids by events per km²): the window opens, reads the history and saves a
# screenshot that shows a map.
add_test(NAME window_analysis
  COMMAND sh -c "command -v xvfb-run >/dev/null || { echo 'xvfb-run not found: skipped'; exit 77; }; exec \"$0\" \"$@\""
          "${CMAKE_COMMAND}" -DMODE=smoke "-DGRIDSCOPE=$<TARGET_FILE:gridscope>"
          "-DPNG_CHECK=$<TARGET_FILE:window_png_check>" "-DCONFIG=${PROJECT_SOURCE_DIR}/data/analyst_demo.json"
          "-DOUT=${CMAKE_CURRENT_BINARY_DIR}/window_analysis.png" -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(window_analysis PROPERTIES LABELS window SKIP_RETURN_CODE 77 TIMEOUT 180)

add_test(NAME window_no_display
  COMMAND "${CMAKE_COMMAND}" -DMODE=no_display "-DGRIDSCOPE=$<TARGET_FILE:gridscope>"
          "-DCONFIG=${_window_config}" -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(window_no_display PROPERTIES LABELS window TIMEOUT 60)

add_test(NAME window_live
  COMMAND sh -c "command -v xvfb-run >/dev/null || { echo 'xvfb-run not found: skipped'; exit 77; }; exec \"$0\" \"$@\""
          "${CMAKE_COMMAND}" -DMODE=live "-DGRIDSCOPE=$<TARGET_FILE:gridscope>" "-DCONFIG=${_window_config}"
          -P "${CMAKE_CURRENT_LIST_FILE}")
set_tests_properties(window_live PROPERTIES LABELS window SKIP_RETURN_CODE 77 TIMEOUT 180)

# The analyst's window driven by input scripts; the assertions are in analyst_scripts.py, one
# function per case.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
foreach(_case scrub filter drill keys compare brush teams errors)
  add_test(NAME window_script_${_case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_CURRENT_SOURCE_DIR}/window/analyst_scripts.py" ${_case}
            "$<TARGET_FILE:gridscope>" "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_BINARY_DIR}/window_scripts")
  set_tests_properties(window_script_${_case} PROPERTIES LABELS window SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
