#version 330 core
// Footprint boxes (engine/scene/footprint_boxes.hpp): a building a few pixels across drawn as one
// oriented quad instead of its own triangles. The quad reaches a pixel past the box for the
// outline's fringe; box.frag.glsl draws the fill and the outline from the distance to the edge.
// Six vertices a box, two triangles, no instancing: llvmpipe sets each instance up as a draw of
// its own (85k boxes cost 175 ms at 4K instanced). Box b is texels 3b..3b+2 of u_boxes: its centre
// (relative to the layer origin), its axis (unit, along its first side) and its half extents
// along the axis and across it (display units).
uniform samplerBuffer u_boxes;  // RG32F
// Where the layer's meshes are ordered by size (engine/render/size_order.hpp), box position p
// draws feature u_order[p]; else feature p.
uniform usamplerBuffer u_order;  // R32UI
uniform bool u_ordered;
uniform vec2 u_offset;          // layer origin - camera centre (display CRS)
uniform vec2 u_scale;           // clip units per display unit
uniform float u_unitsPerPixel;
uniform sampler2D u_colors;     // one RGBA texel per feature, rows of 1024
uniform float u_opacity;

flat out vec4 v_fill;           // premultiplied later: colour and alpha of the fill
flat out vec2 v_halfPx;         // the box's half extents in pixels
out vec2 v_px;                  // pixels from the centre along the box's axes

const vec2 kCorners[6] = vec2[6](vec2(-1.0, -1.0), vec2(1.0, -1.0), vec2(-1.0, 1.0),
                                 vec2(-1.0, 1.0), vec2(1.0, -1.0), vec2(1.0, 1.0));

void main() {
    int position = gl_VertexID / 6;  // glDrawArrays' first counts in gl_VertexID
    int feature = u_ordered ? int(texelFetch(u_order, position).x) : position;
    vec2 a_center = texelFetch(u_boxes, 3 * feature).xy;
    vec2 a_axis = texelFetch(u_boxes, 3 * feature + 1).xy;
    vec2 a_half = texelFetch(u_boxes, 3 * feature + 2).xy;
    vec2 halfPx = a_half / u_unitsPerPixel;
    vec2 px = kCorners[gl_VertexID - 6 * position] * (halfPx + vec2(1.0));
    vec2 across = vec2(-a_axis.y, a_axis.x);
    vec2 pos = a_center + (a_axis * px.x + across * px.y) * u_unitsPerPixel;
    gl_Position = vec4((pos + u_offset) * u_scale, 0.0, 1.0);
    v_px = px;
    v_halfPx = halfPx;
    vec4 c = texelFetch(u_colors, ivec2(feature & 1023, feature >> 10), 0);
    v_fill = vec4(c.rgb, c.a * u_opacity);
}
