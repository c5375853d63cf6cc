#version 330 core
flat in vec4 v_color;
out vec4 o_color;

void main() {
    // Premultiplied output: blending is ONE, ONE_MINUS_SRC_ALPHA everywhere.
    o_color = vec4(v_color.rgb * v_color.a, v_color.a);
}
