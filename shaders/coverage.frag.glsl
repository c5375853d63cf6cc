#version 330 core
// The covered fraction of each cell, filtered, tints the layer's fill colour. Premultiplied out.
in vec2 v_uv;
uniform sampler2D u_coverage;  // R8
uniform vec4 u_color;          // the layer's fill, its alpha the fill opacity
uniform float u_opacity;
uniform float u_gain;          // outlines widen small features: how many layers of colour a full cell gets

out vec4 o_color;

void main() {
    // Small footprints overlap their neighbours' outlines: a cell covered by `coats` layers of
    // the colour composites as those would, 1 - (1 - alpha)^coats.
    float coats = texture(u_coverage, v_uv).r * u_gain;
    float a = (1.0 - pow(1.0 - min(u_color.a, 0.999), coats)) * u_opacity;
    o_color = vec4(u_color.rgb * a, a);
}
