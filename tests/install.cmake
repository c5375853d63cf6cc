# An install works from anywhere (label "install"): `cmake --install` to a temporary prefix, then,
# from another working directory, the installed gridscope renders the demo and the 1920x1080 wall
# (exit 0, a non-empty PNG each), and a broken installed asset is reported naming the installed
# file (so the installed binary reads the installed assets, not the source tree's).
# tests/install/run_install_test.sh; pictures and logs stay in <build>/tests/install_test/.
add_test(NAME install_prefix
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/install/run_install_test.sh "${CMAKE_COMMAND}" "${PROJECT_BINARY_DIR}"
          ${CMAKE_CURRENT_BINARY_DIR}/install_test)
set_tests_properties(install_prefix PROPERTIES LABELS install TIMEOUT 300)
