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

#ifdef GS_CONVOLVE
// The binned events (each event's weight shared among the 4 texel centres around it, bilinearly,
// on the CPU) convolved with the kernel sampled at texel offsets: the density at this texel.
// Linear binning keeps each event's centroid, so the result differs from the exact sum by second
// order in the texel size (see render/heatmap_renderer.hpp). The kernels are
// analysis/density_kernel.hpp's, as in heatmap_splat.frag.glsl.
uniform sampler2D u_bins;
uniform int u_kernel;        // 0 quartic, 1 Epanechnikov, 2 Gaussian
uniform float u_radius;      // texels
uniform float u_amplitude;   // kernel constant, as events per km², for weight 1

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    ivec2 size = textureSize(u_bins, 0);
    float r2 = u_radius * u_radius;
    int rc = int(ceil(u_radius));
    float sum = 0.0;
    for (int dy = -rc; dy <= rc; ++dy) {
        int y = p.y + dy;
        float dy2 = float(dy * dy);
        if (y < 0 || y >= size.y || dy2 >= r2) continue;
        int w = int(ceil(sqrt(r2 - dy2)));
        for (int dx = -w; dx <= w; ++dx) {
            int x = p.x + dx;
            float u2 = (float(dx * dx) + dy2) / r2;
            if (x < 0 || x >= size.x || u2 >= 1.0) continue;
            float shape = u_kernel == 0 ? (1.0 - u2) * (1.0 - u2)
                        : u_kernel == 1 ? 1.0 - u2
                                        : exp(-4.5 * u2) - 0.011108996538242306;
            sum += texelFetch(u_bins, ivec2(x, y), 0).r * shape;
        }
    }
    o_color = vec4(sum * u_amplitude, 0.0, 0.0, 0.0);
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
