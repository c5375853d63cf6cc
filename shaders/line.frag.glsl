#version 330 core
flat in vec4 v_color;
in float v_across;
in float v_along;
flat in float v_halfWidth;
uniform vec2 u_dash;  // dash and gap in pixels; 0 dash: solid
out vec4 o_color;

void main() {
    if (u_dash.x > 0.0 && mod(v_along, u_dash.x + u_dash.y) > u_dash.x) discard;
    float dist = abs(v_across) * (v_halfWidth + 0.5);   // pixels from the centre line
    float alpha = clamp(v_halfWidth + 0.5 - dist, 0.0, 1.0);
    float a = v_color.a * alpha;
    o_color = vec4(v_color.rgb * a, a);
}
