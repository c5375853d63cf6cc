# The analyst's history against an independent computation (tests/history/check_figures.py: Python's
# csv, datetime and a ray-casting point-in-polygon, written apart from the engine) on Boston's
# 311 reports: four windows x filters, every neighborhood's count, resolved, overdue and median
# response. Needs ../shared/data/boston (skipped, code 77, without it). About 30 s.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME history_figures_boston
  COMMAND ${CMAKE_COMMAND} -E env
    sh -c "test -f '${PROJECT_SOURCE_DIR}/../shared/data/boston/boston311_cases.csv.gz' || exit 77; exec \"$0\" \"$@\""
    ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/history/check_figures.py $<TARGET_FILE:gridscope>
    ${PROJECT_SOURCE_DIR}/../shared/data/boston/boston311_cases.csv.gz
    ${PROJECT_SOURCE_DIR}/../shared/data/boston/neighborhoods.geojson
    ${PROJECT_SOURCE_DIR}/tools/history/boston311_mapping.json)
set_tests_properties(history_figures_boston PROPERTIES LABELS history SKIP_RETURN_CODE 77 TIMEOUT 300)

# A split/swipe compare's report against the demo's data (tests/history/check_compare.py: Python's
# csv and zoneinfo): each period's events, one set of classes for both. A few seconds.
add_test(NAME analysis_compare_report
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/history/check_compare.py $<TARGET_FILE:gridscope>
    ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/analysis_compare)
set_tests_properties(analysis_compare_report PROPERTIES LABELS history TIMEOUT 300)
