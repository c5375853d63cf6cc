# PostGIS round trip (tests/postgis/run_postgis_test.sh): a throwaway PostgreSQL 15 + PostGIS on
# 127.0.0.1:55432 gets the SF tracts; gridscope must draw the same picture from PostGIS as from
# the GeoJSON file. Needs postgresql-15, postgresql-15-postgis-3 and gdal-bin when it runs; without
# them the script exits 77 and CTest reports the test as skipped. Run alone: ctest -L postgis.
# The images are compared with the target `gridscope_compare` once the project has one, else
# byte for byte with cmp (see the script).
find_program(GRIDSCOPE_BASH bash REQUIRED)
add_test(NAME postgis_render
  COMMAND ${CMAKE_COMMAND} -E env
          "GRIDSCOPE_BIN=$<TARGET_FILE:gridscope>"
          "GRIDSCOPE_COMPARE=$<$<TARGET_EXISTS:gridscope_compare>:$<TARGET_FILE:gridscope_compare>>"
          "SF_DATA=${PROJECT_SOURCE_DIR}/../shared/data/sf"
          ${GRIDSCOPE_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/postgis/run_postgis_test.sh)
set_tests_properties(postgis_render PROPERTIES
  LABELS postgis
  SKIP_RETURN_CODE 77
  TIMEOUT 300
  # One fixed port: never run two copies at once.
  RESOURCE_LOCK postgis_port)
