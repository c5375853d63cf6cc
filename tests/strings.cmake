# The string table (labels "architecture" and "strings"): both languages hold every key, no text is
# empty, formats take the same values; no literal reaches the screen without the table
# (tests/strings/check_strings.py); its self-test proves each kind of problem is caught.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME strings_table
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_SOURCE_DIR}/strings/check_strings.py" "${PROJECT_SOURCE_DIR}")
add_test(NAME strings_selftest
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_SOURCE_DIR}/strings/selftest.py")
set_tests_properties(strings_table strings_selftest PROPERTIES LABELS "architecture;strings" TIMEOUT 60)
