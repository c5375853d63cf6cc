#version 330 core
uniform float u_opacity;

in vec4 v_color;  // straight alpha
out vec4 o_color;

void main() {
    o_color = vec4(v_color.rgb * v_color.a, v_color.a) * u_opacity;
}
