#version 330 core
in vec4 v_color;
in float v_across;

uniform float u_halfWidthPx;

out vec4 o_color;

void main() {
    o_color = v_color * clamp(u_halfWidthPx + 0.5 - abs(v_across), 0.0, 1.0);
}
