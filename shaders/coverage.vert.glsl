#version 330 core
// A layer's built-up coverage (engine/scene/coverage.hpp) as one quad over its extent.
layout(location = 0) in vec2 a_corner;  // 0..1 (the symbol quad's -1..1, remapped)

uniform vec2 u_min;      // extent minimum - camera centre (display CRS)
uniform vec2 u_size;     // extent size (display CRS)
uniform vec2 u_scale;    // clip units per display unit

out vec2 v_uv;

void main() {
    vec2 uv = a_corner * 0.5 + 0.5;
    v_uv = uv;
    gl_Position = vec4((u_min + uv * u_size) * u_scale, 0.0, 1.0);
}
