#version 330 core
// Built three times (CanvasRenderer), one variant per kind of run: on a software rasterizer every
// fragment pays for every branch of the shader it runs (llvmpipe shades 8 or 16 pixels at once
// under a mask), so a run that samples nothing must not carry the texture reads. GS_RUN_SOLID:
// solid, line and round quads; GS_RUN_GLYPH: those and glyphs; GS_RUN_IMAGE: pictures only.
in vec2 v_uv;
in vec4 v_color;
in vec4 v_aux;
flat in uint v_kind;        // CanvasKind: 0 solid, 1 line, 2 round, 3 glyph, 4 image (per quad)

uniform float u_scale;      // target pixels per canvas pixel
uniform sampler2D u_texture;

out vec4 o_color;

void main() {
#ifdef GS_RUN_IMAGE
    o_color = texture(u_texture, v_uv) * v_color;
#else
    vec4 c = vec4(v_color.rgb * v_color.a, v_color.a);  // premultiplied
    if (v_kind == 1u) {
        // Line: aux.x = distance across (canvas px), aux.y = half width.
        float cover = clamp((v_aux.y - abs(v_aux.x)) * u_scale + 0.5, 0.0, 1.0);
        o_color = c * cover;
    } else if (v_kind == 2u) {
        // Rounded rectangle: aux.xy = position from the centre, aux.zw = half size, u = radius.
        float r = v_uv.x;
        vec2 q = abs(v_aux.xy) - (v_aux.zw - vec2(r));
        float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
        o_color = c * clamp(0.5 - d * u_scale, 0.0, 1.0);
#ifdef GS_RUN_GLYPH
    } else if (v_kind == 3u) {
        vec2 cov = texelFetch(u_texture, ivec2(v_uv), 0).rg;
        vec4 halo = vec4(v_aux.rgb, 1.0) * v_aux.a * cov.g;
        vec4 glyph = c * cov.r;
        o_color = glyph + halo * (1.0 - glyph.a);
#endif
    } else {
        o_color = c;
    }
#endif
}
