# CLI tests: bad sources, configs and options exit 2 with one line naming the problem.
add_test(NAME cli COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/run_cli_tests.sh $<TARGET_FILE:gridscope>)
set_tests_properties(cli PROPERTIES LABELS cli TIMEOUT 300
  ENVIRONMENT "SF_DATA=${PROJECT_SOURCE_DIR}/../shared/data/sf")

# README's "Command line" is the program's help, word for word: each block under a
# `<!-- help: gridscope ... -->` marker must equal that command's --help, and every command and
# subcommand must have one. After changing an option: tests/cli/check_readme_help.sh
# build/views/gridscope README.md --update.
add_test(NAME cli_readme_help
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/check_readme_help.sh $<TARGET_FILE:gridscope>
          ${PROJECT_SOURCE_DIR}/README.md)
set_tests_properties(cli_readme_help PROPERTIES LABELS cli TIMEOUT 60)

# tools/grow_city.py at 2×1 copies: counts, the street > community > grid hierarchy, and the scene it
# writes loads in `gridscope info` (the million-building city of bench/city_path.sh, made small).
add_test(NAME cli_grow_city
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/grow_city_test.sh $<TARGET_FILE:gridscope>)
set_tests_properties(cli_grow_city PROPERTIES LABELS cli TIMEOUT 120
  ENVIRONMENT "SF_DATA=${PROJECT_SOURCE_DIR}/../shared/data/sf")
