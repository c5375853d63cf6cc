#version 330 core
// One rectangle of the compare view (render/compare_composer): a side's picture copied into its
// part of the frame, or a solid bar (the divider, its handle); with GS_TILE, a map tile or a part
// of one copied into its rectangle of the frame (render/map_tiles). No attributes: the corners come
// from gl_VertexID (a triangle strip of 4).
uniform vec4 u_dst;  // the rectangle in normalized device coordinates: x0, y0, x1, y1
uniform vec4 u_src;  // the picture's texture coordinates there: u0, v0, u1, v1

out vec2 v_uv;

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
    gl_Position = vec4(mix(u_dst.xy, u_dst.zw, corner), 0.0, 1.0);
    v_uv = mix(u_src.xy, u_src.zw, corner);
}
