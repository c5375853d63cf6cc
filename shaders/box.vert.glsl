#version 330 core
// Footprint boxes (engine/scene/footprint_boxes.hpp): a building a few pixels across drawn as one
// oriented quad instead of its own triangles. The quad reaches a pixel past the box for the
// outline's fringe; box.frag.glsl draws the fill and the outline from the distance to the edge.
layout(location = 0) in vec2 a_corner;   // the quad, -1..1
layout(location = 1) in vec2 a_center;   // relative to the layer origin
layout(location = 2) in vec2 a_axis;     // unit, along the box's first side
layout(location = 3) in vec2 a_half;     // half extents along a_axis and across it, display units

uniform vec2 u_offset;          // layer origin - camera centre (display CRS)
uniform vec2 u_scale;           // clip units per display unit
uniform float u_unitsPerPixel;
uniform int u_firstFeature;     // the feature of instance 0 (GL 3.3 has no base instance)
uniform sampler2D u_colors;     // one RGBA texel per feature, rows of 1024
uniform float u_opacity;

flat out vec4 v_fill;           // premultiplied later: colour and alpha of the fill
flat out vec2 v_halfPx;         // the box's half extents in pixels
out vec2 v_px;                  // pixels from the centre along the box's axes

void main() {
    vec2 halfPx = a_half / u_unitsPerPixel;
    vec2 px = a_corner * (halfPx + vec2(1.0));
    vec2 across = vec2(-a_axis.y, a_axis.x);
    vec2 pos = a_center + (a_axis * px.x + across * px.y) * u_unitsPerPixel;
    gl_Position = vec4((pos + u_offset) * u_scale, 0.0, 1.0);
    v_px = px;
    v_halfPx = halfPx;
    int feature = u_firstFeature + gl_InstanceID;
    vec4 c = texelFetch(u_colors, ivec2(feature & 1023, feature >> 10), 0);
    v_fill = vec4(c.rgb, c.a * u_opacity);
}
