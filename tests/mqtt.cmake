# MQTT end to end (tests/mqtt/run_mqtt_tests.sh): a throwaway mosquitto on a free 127.0.0.1 port
# with persistence and a password file; `feed publish` and `feed check` across a broker restart,
# wrong credentials, a dead broker, a mute listener, TLS with a CA file, and a scene's feeds. Needs
# the mosquitto package when it runs (mosquitto_passwd included); without it the script exits 77
# and CTest reports the test as skipped. Run alone: ctest -L mqtt. About 20 s.
find_program(GRIDSCOPE_BASH bash REQUIRED)
add_test(NAME mqtt_end_to_end
  COMMAND ${GRIDSCOPE_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/mqtt/run_mqtt_tests.sh $<TARGET_FILE:gridscope>)
set_tests_properties(mqtt_end_to_end PROPERTIES
  LABELS mqtt
  SKIP_RETURN_CODE 77
  TIMEOUT 120)
