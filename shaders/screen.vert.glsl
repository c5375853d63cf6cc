#version 330 core
// Screen-space quads: solid rectangles (legend swatches, panels) and glyphs (labels, legend text).
layout(location = 0) in vec2 a_screen;  // pixels, origin top left
layout(location = 1) in vec2 a_uv;      // atlas texels; negative u means a solid quad
layout(location = 2) in vec4 a_color;
layout(location = 3) in vec4 a_halo;

uniform vec2 u_viewport;

out vec2 v_uv;
out vec4 v_color;
out vec4 v_halo;

void main() {
    vec2 ndc = vec2(a_screen.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_screen.y / u_viewport.y * 2.0);
    gl_Position = vec4(ndc, 0.0, 1.0);
    v_uv = a_uv;
    v_color = a_color;
    v_halo = a_halo;
}
