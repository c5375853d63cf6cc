#version 330 core
// Heatmap, pass 1: one point sprite per event, covering its kernel's disc in the density texture
// (texels). Points, not instanced quads: llvmpipe runs the vertex stage in large batches for plain
// vertices and per instance for instancing, and a sprite needs no corner buffer. A point is
// clipped by its centre, so the texture carries a margin a radius wide around the view: every
// event that reaches a visible texel has its centre inside the texture.
layout(location = 0) in vec2 a_pos;     // display CRS, relative to the renderer's origin
layout(location = 1) in float a_weight;

uniform vec2 u_offset;       // origin - texture's lower-left corner, display units
uniform float u_texelsPerUnit;
uniform vec2 u_size;         // texture, texels
uniform float u_radius;      // texels

flat out vec2 v_center;      // texels, as gl_FragCoord counts them
flat out float v_weight;

void main() {
    vec2 texel = (a_pos + u_offset) * u_texelsPerUnit;
    v_center = texel;
    v_weight = a_weight;
    gl_Position = vec4(texel / u_size * 2.0 - 1.0, 0.0, 1.0);
    // Every texel centre within the radius lies inside the sprite (one texel spare each side).
    gl_PointSize = 2.0 * u_radius + 2.0;
}
