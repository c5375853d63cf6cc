#version 330 core
// A point symbol's shape as a signed distance in pixels (negative inside), an outline band inside
// its edge, and a one-pixel antialiased fringe. Premultiplied alpha out.
flat in vec4 v_fill;
in vec2 v_px;

uniform int u_shape;         // 0 circle, 1 square, 2 triangle, 3 diamond (style/layer_style.hpp)
uniform float u_radiusPx;
uniform float u_outlineWidthPx;
uniform vec4 u_outline;
uniform float u_opacity;

out vec4 o_color;

float shapeDistance(vec2 p, float r) {
    if (u_shape == 1) {                      // square, as heavy as the circle: side 1.77 r
        vec2 d = abs(p) - vec2(r * 0.886);
        return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
    }
    if (u_shape == 2) {                      // triangle, apex up, centred on its incircle
        const float k = 0.8660254;           // cos 30°
        p.y += r * 0.15;
        float edge = max(dot(p, vec2(k, 0.5)), dot(p, vec2(-k, 0.5)));
        return max(edge, -p.y) - r * 0.6;
    }
    if (u_shape == 3)                        // diamond: a square turned 45°
        return (abs(p.x) + abs(p.y)) * 0.7071068 - r * 0.8;
    return length(p) - r;
}

void main() {
    float d = shapeDistance(v_px, u_radiusPx);
    float alpha = clamp(0.5 - d, 0.0, 1.0);
    if (alpha <= 0.0) discard;
    // Inside the outline band the outline's colour; blended over a pixel so the edge stays smooth.
    float inner = clamp(0.5 - (d + u_outlineWidthPx), 0.0, 1.0);
    vec4 outline = vec4(u_outline.rgb, u_outline.a * u_opacity);
    vec4 c = u_outlineWidthPx > 0.0 ? mix(outline, v_fill, inner) : v_fill;
    float a = c.a * alpha;
    o_color = vec4(c.rgb * a, a);
}
