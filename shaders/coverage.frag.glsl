#version 330 core
// The covered fraction of each cell, filtered, tints the layer's fill colour. Premultiplied out.
in vec2 v_uv;
uniform sampler2D u_coverage;  // R8
uniform vec4 u_color;          // the layer's fill, its alpha the fill opacity
uniform float u_opacity;
uniform float u_gain;          // outlines widen small features: their covered share grows

out vec4 o_color;

void main() {
    float a = min(1.0, texture(u_coverage, v_uv).r * u_gain) * u_color.a * u_opacity;
    o_color = vec4(u_color.rgb * a, a);
}
