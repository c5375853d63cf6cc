#version 330 core
flat in vec4 v_color;
in float v_across;
flat in float v_halfWidth;
out vec4 o_color;

void main() {
    float dist = abs(v_across) * (v_halfWidth + 0.5);   // pixels from the centre line
    float alpha = clamp(v_halfWidth + 0.5 - dist, 0.0, 1.0);
    float a = v_color.a * alpha;
    o_color = vec4(v_color.rgb * a, a);
}
