#version 330 core
// Cells made on the fly (hexagon bins, render/cell_renderer): triangles or outline segments in the
// display CRS relative to the renderer's origin, each vertex with its colour (straight alpha).
layout(location = 0) in vec2 a_position;
layout(location = 1) in vec4 a_color;

uniform vec2 u_offset;   // (origin - camera centre) / units per pixel, pixels
uniform float u_scale;   // 1 / units per pixel
uniform vec2 u_halfViewport;

out vec4 v_color;

void main() {
    vec2 px = a_position * u_scale + u_offset;
    gl_Position = vec4(px / u_halfViewport, 0.0, 1.0);
    v_color = a_color;
}
