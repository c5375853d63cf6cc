# The video wall on several monitors (tests/wall/run_wall_test.sh, label "window"): an X.Org server
# with the dummy driver and a 2×2 RandR wall of 1920×1080 outputs, `gridscope wall --span` on it
# with bezel 0 and bezel 40×30; checks the output plan (one output per monitor, on its pixels,
# showing its canvas cell), each monitor's pixels against the headless `gridscope render`, and
# the bezel shift. Needs xserver-xorg-core, xserver-xorg-video-dummy, x11-xserver-utils,
# python3-pil and python3-numpy (tools/install-deps.sh); without them the test FAILS and says so.
# Pictures and logs stay in <build>/tests/wall_video_wall/. About 25 s.
find_program(GRIDSCOPE_BASH bash REQUIRED)
add_test(NAME wall_video_wall
  COMMAND ${GRIDSCOPE_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/wall/run_wall_test.sh $<TARGET_FILE:gridscope>
          ${CMAKE_CURRENT_BINARY_DIR}/wall_video_wall)
set_tests_properties(wall_video_wall PROPERTIES
  LABELS window
  TIMEOUT 120)

# Unattended: a tapped Esc does nothing, a held one quits (tests/wall/run_unattended_test.sh;
# Xvfb and xdotool). About 8 s.
add_test(NAME wall_unattended
  COMMAND ${GRIDSCOPE_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/wall/run_unattended_test.sh $<TARGET_FILE:gridscope>
          ${CMAKE_CURRENT_BINARY_DIR}/wall_unattended)
set_tests_properties(wall_unattended PROPERTIES LABELS window TIMEOUT 90)
