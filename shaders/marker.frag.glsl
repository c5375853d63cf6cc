#version 330 core
// Marker shapes as signed distance fields (in pixels, negative inside; after Inigo Quilez's 2D
// distance functions), a dark outline for contrast on any map, and the rings: red for overdue,
// white for a busy volunteer, an expanding one for a new issue. Premultiplied alpha out.
flat in uint v_shape;
flat in uint v_flags;
flat in vec4 v_fill;
flat in float v_radius;
flat in float v_pulse;
flat in float v_extent;
flat in int v_overdue;
in vec2 v_px;

uniform float u_uiScale;
uniform vec4 u_palette[32];

out vec4 o_color;

const uint kBusy = 2u;
const int kOverdueColor = 26, kPulseColor = 27, kOutlineColor = 28, kBusyColor = 29;

float sdCircle(vec2 p, float r) { return length(p) - r; }

float sdBox(vec2 p, vec2 b) {
    vec2 d = abs(p) - b;
    return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}

// Equilateral triangle, apex up, circumradius r.
float sdTriangle(vec2 p, float r) {
    const float k = sqrt(3.0);
    float h = r * k * 0.5;  // half the side
    p.y += r * 0.25;        // sit the visual centre (not the centroid) on the point
    p.x = abs(p.x) - h;
    p.y = p.y + h / k;
    if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
    p.x -= clamp(p.x, -2.0 * h, 0.0);
    return -length(p) * sign(p.y);
}

// Regular hexagon with inradius r (flat top and bottom).
float sdHexagon(vec2 p, float r) {
    const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
    p = abs(p.yx);
    p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
    p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
    return length(p) * sign(p.y);
}

// Regular pentagon with inradius r, a vertex up.
float sdPentagon(vec2 p, float r) {
    const vec3 k = vec3(0.809016994, 0.587785252, 0.726542528);
    p.y = -p.y;
    p.x = abs(p.x);
    p -= 2.0 * min(dot(vec2(-k.x, k.y), p), 0.0) * vec2(-k.x, k.y);
    p -= 2.0 * min(dot(vec2(k.x, k.y), p), 0.0) * vec2(k.x, k.y);
    p -= vec2(clamp(p.x, -r * k.z, r * k.z), r);
    return length(p) * sign(p.y);
}

// A plus sign: arms of half length b.x and half width b.y.
float sdCross(vec2 p, vec2 b) {
    p = abs(p);
    p = (p.y > p.x) ? p.yx : p.xy;
    vec2 q = p - b;
    float k = max(q.y, q.x);
    vec2 w = (k > 0.0) ? q : vec2(b.y - p.x, -k);
    return sign(k) * length(max(w, 0.0));
}

// Five-pointed star, outer radius r, inner/outer ratio rf.
float sdStar5(vec2 p, float r, float rf) {
    const vec2 k1 = vec2(0.809016994375, -0.587785252292);
    const vec2 k2 = vec2(-k1.x, k1.y);
    p.x = abs(p.x);
    p -= 2.0 * max(dot(k1, p), 0.0) * k1;
    p -= 2.0 * max(dot(k2, p), 0.0) * k2;
    p.x = abs(p.x);
    p.y -= r;
    vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0, 1);
    float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
    return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}

float shapeDistance(uint shape, vec2 p, float r) {
    // Sizes chosen so that every shape reads about as large as the circle of the same diameter.
    if (shape == 0u) return sdCircle(p, r);
    if (shape == 1u) return sdBox(p, vec2(r * 0.86));
    if (shape == 2u) return sdTriangle(p, r * 1.12);
    if (shape == 3u) {
        vec2 q = vec2(p.x + p.y, p.y - p.x) * 0.70710678;
        return sdBox(q, vec2(r * 0.78));
    }
    if (shape == 4u) return sdHexagon(p, r * 0.9);
    if (shape == 5u) return sdPentagon(p, r * 0.84);
    if (shape == 6u) return sdCross(p, vec2(r, r * 0.4));
    if (shape == 7u) return sdTriangle(vec2(p.x, -p.y), r * 1.12);
    if (shape == 8u) return abs(length(p) - r * 0.62) - r * 0.38;
    return sdStar5(p, r * 1.12, 0.5);
}

// Coverage of a band of half width w around radius `at`.
float ring(vec2 p, float at, float w) { return clamp(0.5 - (abs(length(p) - at) - w), 0.0, 1.0); }

vec4 over(vec4 top, vec4 below) { return top + below * (1.0 - top.a); }

void main() {
#ifdef GS_DENSE
    vec2 p = (gl_PointCoord * 2.0 - 1.0) * vec2(1.0, -1.0) * v_extent;  // a point sprite, y down
#else
    vec2 p = v_px;
#endif
    // The quad's corners hold nothing: leave before any distance function (llvmpipe shades every
    // fragment of a quad, and a million markers make many).
    if (dot(p, p) > v_extent * v_extent) discard;
    float ui = u_uiScale;
    float r = v_radius;
    float d = shapeDistance(v_shape, p, r);
    float outlineW = max(1.0, 1.5 * ui);
    float cover = clamp(0.5 - d, 0.0, 1.0);                 // shape and its outline
    float inner = clamp(0.5 - (d + outlineW), 0.0, 1.0);    // the fill inside the outline
    vec4 outline = u_palette[kOutlineColor];
    vec3 rgb = mix(outline.rgb, v_fill.rgb, inner);
    float a = mix(outline.a, v_fill.a, inner) * cover;
    vec4 color = vec4(rgb * a, a);

#ifndef GS_DENSE
    // One ring below the shape, with a dark edge so it shows on light fills too: red for an overdue
    // issue, white for a busy volunteer. Chosen without branching: llvmpipe, the renderer this must
    // be fast on, pays for both sides of a branch that its SIMD lanes cannot skip.
    bool busy = (v_flags & kBusy) != 0u;
    float hasRing = (v_overdue == 1 || busy) ? 1.0 : 0.0;
    float at = r + (busy ? 3.5 : 4.0) * ui;
    float halfWidth = (busy ? 0.9 : 1.2) * ui;
    float across = abs(length(p) - at);
    float edge = clamp(0.5 - (across - halfWidth - ui), 0.0, 1.0) * hasRing;
    float band = clamp(0.5 - (across - halfWidth), 0.0, 1.0);
    vec3 ringRgb = mix(outline.rgb, (busy ? u_palette[kBusyColor] : u_palette[kOverdueColor]).rgb, band / max(edge, 1e-4));
    color = over(color, vec4(ringRgb * edge, edge));
    if (v_pulse >= 0.0) {
        // Two expanding rings over the pulse's span, fading as they grow and as the pulse ends.
        for (int i = 0; i < 2; ++i) {
            float phase = fract(v_pulse * 3.0 + float(i) * 0.5);
            float at = r * (1.0 + 2.0 * phase);
            float alpha = (1.0 - phase) * (1.0 - v_pulse * 0.5);
            float c = ring(p, at, 1.6 * ui) * alpha;
            color = over(color, vec4(u_palette[kPulseColor].rgb * c, c));
        }
    }
#endif
    if (color.a <= 0.0) discard;
    o_color = color;
}
