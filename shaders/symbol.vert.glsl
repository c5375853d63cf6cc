#version 330 core
// Point layers' symbols: one instance per point, a quad around it a few pixels wide whatever the
// zoom. The fill is the feature's colour (its colour-by class, or the layer's fill); the shape and
// outline are the layer's (symbol.frag.glsl draws them).
layout(location = 0) in vec2 a_corner;   // the quad, -1..1
layout(location = 1) in vec2 a_pos;      // relative to the layer origin
layout(location = 2) in uint a_feature;

uniform vec2 u_offset;       // layer origin - camera centre (display CRS)
uniform vec2 u_scale;        // clip units per display unit
uniform vec2 u_viewport;     // pixels
uniform float u_radiusPx;
uniform float u_outlineWidthPx;
uniform sampler2D u_colors;
uniform bool u_useUniformColor;
uniform vec4 u_color;
uniform float u_opacity;

flat out vec4 v_fill;
out vec2 v_px;               // pixels from the centre, y up

void main() {
    float extent = u_radiusPx + u_outlineWidthPx + 1.0;  // the shape, its outline, a pixel of fringe
    vec2 center = (a_pos + u_offset) * u_scale;
    vec2 px = a_corner * extent;
    gl_Position = vec4(center + px * 2.0 / u_viewport, 0.0, 1.0);
    v_px = px;
    vec4 c = u_useUniformColor
        ? u_color
        : texelFetch(u_colors, ivec2(int(a_feature & 1023u), int(a_feature >> 10)), 0);
    v_fill = vec4(c.rgb, c.a * u_opacity);
}
