# Embeds shaders/*.glsl as raw string literals in a generated header, so the binary needs no
# files at run time. shaders/ stays the source of truth; editing a shader re-runs the embedding.
function(gridscope_embed_shaders target shader_dir)
  file(GLOB shader_files CONFIGURE_DEPENDS "${shader_dir}/*.glsl")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/generated/embedded_shaders.hpp")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DDIR=${shader_dir} -P "${PROJECT_SOURCE_DIR}/cmake/embed_shaders_run.cmake"
    DEPENDS ${shader_files} "${PROJECT_SOURCE_DIR}/cmake/embed_shaders_run.cmake"
    COMMENT "Embedding shaders")
  add_custom_target(${target}_shaders DEPENDS "${out}")
  add_dependencies(${target} ${target}_shaders)
  target_include_directories(${target} PUBLIC "${CMAKE_CURRENT_BINARY_DIR}/generated")
endfunction()
