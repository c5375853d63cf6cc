#version 330 core
// Outlines with a constant on-screen width: each vertex is pushed out along its miter vector by
// half the stroke width in pixels, after projection, so zoom never changes the width. Half a pixel
// more is added on each side as an antialiasing fringe, so no multisampling is needed: polygon
// edges are drawn by their outlines, and those are smooth.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_extrude;
layout(location = 2) in uint a_feature;

uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_pixelToClip;      // 2 / viewport size
uniform float u_halfWidthPx;
uniform sampler2D u_colors;
uniform bool u_useUniformColor;
uniform vec4 u_color;
uniform float u_opacity;

out vec4 v_color;
out float v_across;              // -1 .. 1 across the line, fringe included
flat out float v_halfWidth;      // of the drawn core, in pixels

void main() {
    // Thin lines are drawn one pixel wide with their alpha scaled down: same ink, no shimmer.
    float coverage = min(1.0, 2.0 * u_halfWidthPx);
    float core = max(u_halfWidthPx, 0.5);
    float outer = core + 0.5;
    vec2 clip = (a_pos + u_offset) * u_scale;
    clip += a_extrude * outer * u_pixelToClip;
    gl_Position = vec4(clip, 0.0, 1.0);
    // Outline vertices come in pairs (even: left side, odd: right side); see geometry/outline.cpp.
    v_across = (gl_VertexID & 1) == 0 ? 1.0 : -1.0;
    v_halfWidth = core;
    vec4 c = u_useUniformColor
        ? u_color
        : texelFetch(u_colors, ivec2(int(a_feature & 1023u), int(a_feature >> 10)), 0);
    v_color = vec4(c.rgb, c.a * u_opacity * coverage);
}
