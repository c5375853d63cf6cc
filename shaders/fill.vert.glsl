#version 330 core
// Polygon fills. Positions are relative to the mesh origin; u_offset = origin - camera centre.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_feature;  // | 0x80000000 off any outline strip (mesh.hpp)

uniform vec2 u_offset;
uniform vec2 u_scale;            // clip units per world unit
uniform sampler2D u_colors;      // one RGBA texel per feature, rows of 1024
uniform bool u_useUniformColor;  // highlight passes draw one colour
uniform vec4 u_color;
uniform float u_opacity;

flat out vec4 v_color;  // one feature per triangle: no interpolation to set up

void main() {
    gl_Position = vec4((a_pos + u_offset) * u_scale, 0.0, 1.0);
    vec4 c = u_useUniformColor
        ? u_color
        : texelFetch(u_colors, ivec2(int(a_feature & 1023u), int((a_feature & 0x7fffffffu) >> 10)), 0);
    v_color = vec4(c.rgb, c.a * u_opacity);
}
