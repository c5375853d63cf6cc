# Render tests: each folder under tests/render holding a config.json is one case (a scene config
# with a "test" object, and expected.png beside it). render_test_runner renders, compares, and
# leaves actual.png and diff.png in the folder on failure; see tests/render_runner/.
#
# One CTest test per case, labelled "render" (ctest -L render), named render/<case>. Cases are found
# when CMake configures; CONFIGURE_DEPENDS re-globs on each build, so a new folder needs no edit.
# Rebaseline from the repository root: build/tests/render_test_runner --update [--filter NAME].

file(GLOB render_runner_sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/render_runner/*.cpp")
add_executable(render_test_runner ${render_runner_sources})
target_link_libraries(render_test_runner PRIVATE gridscope_views nlohmann_json::nlohmann_json)
target_compile_options(render_test_runner PRIVATE -Wall -Wextra)

set(render_cases_root "${CMAKE_CURRENT_LIST_DIR}/render")
file(GLOB_RECURSE render_case_configs CONFIGURE_DEPENDS "${render_cases_root}/config.json")
foreach(config ${render_case_configs})
  get_filename_component(case_dir "${config}" DIRECTORY)
  file(RELATIVE_PATH case_name "${render_cases_root}" "${case_dir}")
  if(case_name STREQUAL "")
    continue()  # a config.json directly in tests/render is not a case
  endif()
  # --exact: the runner's --filter alone matches substrings ("fill" would also run "fill-opacity").
  add_test(NAME "render/${case_name}"
           COMMAND render_test_runner --filter "${case_name}" --exact
           WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
  set_tests_properties("render/${case_name}" PROPERTIES LABELS render TIMEOUT 300)
endforeach()
