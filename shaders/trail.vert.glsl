#version 330 core
// Volunteers' recent paths: each segment a quad, extruded to a constant width on screen.
layout(location = 0) in vec2 a_pos;     // display CRS relative to the overlay origin
layout(location = 1) in vec2 a_normal;  // unit normal of the segment (display CRS orientation)
layout(location = 2) in float a_side;   // -1 or 1
layout(location = 3) in vec4 a_color;   // premultiplied

uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_halfWidthPx;

out vec4 v_color;
out float v_across;  // pixels from the centre line

void main() {
    float reach = u_halfWidthPx + 1.0;  // one pixel of feather, faded in the fragment shader
    vec2 center = (a_pos + u_offset) * u_scale;
    gl_Position = vec4(center + a_normal * a_side * reach * 2.0 / u_viewport, 0.0, 1.0);
    v_color = a_color;
    v_across = a_side * reach;
}
