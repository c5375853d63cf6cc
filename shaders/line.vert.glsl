#version 330 core
// Outlines with a constant on-screen width, drawn as triangle strips with no vertex attributes and
// no indices: vertex v stands for point v / 2 of the outline buffers, on its left side when v is
// even (see LineMesh in engine/geometry/mesh.hpp). Each vertex is pushed out along the miter of its point's
// two edges by half the stroke width in pixels, after projection, so zoom never changes the width;
// neighbouring quads share the miter, so they never overlap. Half a pixel more is added on each
// side as an antialiasing fringe, so no multisampling is needed: polygon edges are drawn by their
// outlines, and those are smooth.
uniform samplerBuffer u_points;     // RG32F, relative to the layer origin
uniform usamplerBuffer u_features;  // R32UI, per point
uniform samplerBuffer u_distances;  // R32F, per point: distance along its line (open lines only)
uniform vec2 u_dash;                // dash and gap in pixels; 0 dash: solid (no distances read)
uniform float u_unitsPerPixel;

uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_pixelToClip;      // 2 / viewport size
uniform float u_halfWidthPx;
uniform sampler2D u_colors;
uniform bool u_useUniformColor;
uniform vec4 u_color;
uniform float u_opacity;

flat out vec4 v_color;  // one feature per triangle: no interpolation to set up
out float v_across;              // -1 .. 1 across the line, fringe included
out float v_along;               // pixels along the line from its start (dashed lines only)
flat out float v_halfWidth;      // of the drawn core, in pixels

const float kMiterLimit = 2.0;   // engine/geometry/outline.hpp bevels sharper corners on the CPU
const uint kOffStrip = 0x80000000u;  // engine/geometry/mesh.hpp: a neighbour only

vec2 leftNormal(vec2 d) {
    float len = length(d);
    return len > 0.0 ? vec2(-d.y, d.x) / len : vec2(0.0);
}

// The direction point i's vertices are pushed out along: the miter of its two edges.
vec2 extrusion(int i) {
    vec2 prev = texelFetch(u_points, i - 1).xy;
    vec2 pos = texelFetch(u_points, i).xy;
    vec2 next = texelFetch(u_points, i + 1).xy;
    // The miter bisects the edges' normals and is 1/cos(half the turn) long, so both offset edges
    // stay at unit distance. A zero-length edge (the two copies of a bevelled corner) leaves the
    // other edge's own normal: the strip's quad between the copies is then the bevel.
    vec2 n0 = leftNormal(pos - prev), n1 = leftNormal(next - pos);
    if (n0 == vec2(0.0)) return n1;
    if (n1 == vec2(0.0)) return n0;
    vec2 sum = n0 + n1;
    float len2 = max(dot(sum, sum), 4.0 / (kMiterLimit * kMiterLimit));  // float rounding
    return sum * (2.0 / len2);
}

// Off the strip: flagged, or past either end of the buffers (where texelFetch reads zeros).
bool offStrip(int i) {
    return i < 0 || i >= textureSize(u_features) || (texelFetch(u_features, i).x & kOffStrip) != 0u;
}

void main() {
    int point = gl_VertexID >> 1;
    float side = (gl_VertexID & 1) == 0 ? 1.0 : -1.0;
    // A point off the strip (the neighbours stored at a ring's or line's ends, see LineMesh) puts
    // both its vertices on the strip's vertex beside it: every triangle touching it has no area,
    // so the rings of a range draw as one strip. Beside a ring's start: its first left vertex;
    // after its end: its last right one.
    int at = point;
    if (offStrip(point)) {
        if (!offStrip(point + 1)) {
            at = point + 1;
            side = 1.0;
        } else if (!offStrip(point - 1)) {
            at = point - 1;
            side = -1.0;
        } else {
            side = 0.0;
        }
    }
    vec2 pos = texelFetch(u_points, at).xy;
    vec2 extrude = side == 0.0 ? vec2(0.0) : extrusion(at);
    uint feature = texelFetch(u_features, point).x & ~kOffStrip;

    // Thin lines are drawn one pixel wide with their alpha scaled down: same ink, no shimmer.
    float coverage = min(1.0, 2.0 * u_halfWidthPx);
    float core = max(u_halfWidthPx, 0.5);
    float outer = core + 0.5;
    vec2 clip = (pos + u_offset) * u_scale;
    clip += side * extrude * outer * u_pixelToClip;
    gl_Position = vec4(clip, 0.0, 1.0);
    v_across = side;
    v_along = u_dash.x > 0.0 ? texelFetch(u_distances, at).x / u_unitsPerPixel : 0.0;
    v_halfWidth = core;
    vec4 c = u_useUniformColor
        ? u_color
        : texelFetch(u_colors, ivec2(int(feature & 1023u), int(feature >> 10)), 0);
    v_color = vec4(c.rgb, c.a * u_opacity * coverage);
}
