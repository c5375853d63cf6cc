#version 330 core
// Heatmap, after the splat.
//
// GS_REDUCE: the largest density of a 4 x 4 block of the source (a region of it: the visible part
// of the density texture on the first level), so a chain of these ends in one texel, the frame's
// max, which the colour pass reads in place: no read-back per frame.
//
// GS_COLOR: the density at this screen pixel (bilinear between texel centres: the density may be
// computed at a coarser resolution than the screen, where it is smooth) through the ramp, on a
// linear or a log scale up to the max (fixed, or the reduction's), premultiplied alpha; below
// the scale's bottom, nothing.
out vec4 o_color;

#ifdef GS_REDUCE
uniform sampler2D u_source;
uniform ivec2 u_sourceOffset;
uniform ivec2 u_sourceSize;

void main() {
    ivec2 base = ivec2(gl_FragCoord.xy) * 4;
    float m = 0.0;
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            ivec2 p = base + ivec2(x, y);
            if (p.x < u_sourceSize.x && p.y < u_sourceSize.y)
                m = max(m, texelFetch(u_source, u_sourceOffset + p, 0).r);
        }
    o_color = vec4(m, 0.0, 0.0, 0.0);
}
#endif

#ifdef GS_COLOR
uniform sampler2D u_density;
uniform sampler2D u_max;       // 1 x 1, the reduction's result
uniform sampler2D u_ramp;      // 256 x 1
uniform float u_fixedMax;      // > 0: the scale's top; else u_max
uniform vec2 u_texelOffset;    // the margin, texels
uniform float u_texelsPerPixel;
uniform vec2 u_densitySize;    // texels
uniform int u_log;
uniform float u_decades;       // log scale: from max / 10^decades to max
uniform float u_fade;          // the bottom of the ramp fades in over this much of t
uniform float u_opacity;

void main() {
    vec2 texel = gl_FragCoord.xy * u_texelsPerPixel + u_texelOffset;
    float v = texture(u_density, texel / u_densitySize).r;
    float vmax = u_fixedMax > 0.0 ? u_fixedMax : texelFetch(u_max, ivec2(0), 0).r;
    if (!(v > 0.0) || !(vmax > 0.0)) discard;
    float t = u_log != 0 ? (log(v / vmax) / log(10.0) + u_decades) / u_decades : v / vmax;
    if (t <= 0.0) discard;
    t = min(t, 1.0);
    vec3 rgb = texture(u_ramp, vec2((t * 255.0 + 0.5) / 256.0, 0.5)).rgb;
    float a = u_opacity * clamp(t / u_fade, 0.0, 1.0);
    o_color = vec4(rgb * a, a);
}
#endif
