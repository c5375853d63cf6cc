#version 330 core
in vec2 v_uv;
in vec4 v_color;
in vec4 v_halo;

uniform sampler2D u_atlas;  // RG8: R glyph coverage, G halo coverage

out vec4 o_color;

void main() {
    if (v_uv.x < 0.0) {
        o_color = vec4(v_color.rgb * v_color.a, v_color.a);
        return;
    }
    vec2 cov = texelFetch(u_atlas, ivec2(v_uv), 0).rg;
    // Glyph over halo, premultiplied.
    vec4 halo = vec4(v_halo.rgb, 1.0) * v_halo.a * cov.g;
    vec4 glyph = vec4(v_color.rgb, 1.0) * v_color.a * cov.r;
    o_color = glyph + halo * (1.0 - glyph.a);
}
