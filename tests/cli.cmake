# CLI tests: bad sources, configs and options exit 2 with one line naming the problem.
add_test(NAME cli COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli/run_cli_tests.sh $<TARGET_FILE:gridscope>)
set_tests_properties(cli PROPERTIES LABELS cli TIMEOUT 300
  ENVIRONMENT "SF_DATA=${PROJECT_SOURCE_DIR}/../shared/data/sf")
