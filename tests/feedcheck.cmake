# Real data (tests/feedcheck/check_sf311.py): the SF 311 cases made into a feed by `feed from-csv`,
# checked by `feed check` at four times against an independent computation from the CSV itself
# (Python's csv and zoneinfo; grids by SpatiaLite/GEOS ST_Within in GDAL's SQLite dialect): every
# figure of every tract and neighborhood, the unassigned ones and the totals must be equal, and the
# accounting must balance. Needs the shared data (../shared/data/sf) and Python's GDAL bindings
# (Debian python3-gdal, which gdal-bin depends on); without them the script exits 77 and CTest
# reports the test as skipped. Run alone: ctest -L feedcheck. About 15 s.
# GRIDSCOPE_FEEDCHECK_PERTURB=1 in the environment adds 1 to one expected count (the test must fail).
find_program(GRIDSCOPE_SYSTEM_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(GRIDSCOPE_SYSTEM_PYTHON3 python3)
if(GRIDSCOPE_SYSTEM_PYTHON3)
  add_test(NAME feedcheck_sf311
    COMMAND ${GRIDSCOPE_SYSTEM_PYTHON3} ${CMAKE_CURRENT_LIST_DIR}/feedcheck/check_sf311.py
            --gridscope $<TARGET_FILE:gridscope>
            --data ${PROJECT_SOURCE_DIR}/../shared/data/sf
            --mapping ${PROJECT_SOURCE_DIR}/tools/feed/sf311_mapping.json
            --workdir ${CMAKE_CURRENT_BINARY_DIR}/feedcheck)
  set_tests_properties(feedcheck_sf311 PROPERTIES
    LABELS feedcheck
    SKIP_RETURN_CODE 77
    TIMEOUT 180)
endif()
