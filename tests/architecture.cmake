# The layering (docs/ARCHITECTURE.md): a test fails when a forbidden include appears, and a
# self-test proves the check catches each kind of violation.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME architecture_includes
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_SOURCE_DIR}/architecture/check_includes.py" "${PROJECT_SOURCE_DIR}")
add_test(NAME architecture_selftest
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_SOURCE_DIR}/architecture/selftest.py")
set_tests_properties(architecture_includes architecture_selftest PROPERTIES LABELS architecture TIMEOUT 60)
