#version 330 core
// A footprint box's fill and outline, as the footprint's own fill and outline passes would draw
// them: the fill up to the edge (antialiased over a pixel), the outline centred on the edge at the
// layer's width (thin ones a pixel wide with their alpha scaled down, as line.vert.glsl does), the
// outline over the fill. Premultiplied output.
flat in vec4 v_fill;
flat in vec2 v_halfPx;
in vec2 v_px;

uniform vec4 u_stroke;          // the outline's colour (alpha 0: no outline)
uniform float u_halfWidthPx;    // half the outline's width
uniform float u_opacity;
uniform float u_fillOn;         // 0: the layer draws no fill

out vec4 o_color;

void main() {
    vec2 inside = v_halfPx - abs(v_px);
    float d = min(inside.x, inside.y);   // pixels inside the nearest edge (negative outside)
    float fillA = u_fillOn * v_fill.a * clamp(d + 0.5, 0.0, 1.0);
    float core = max(u_halfWidthPx, 0.5);
    float strokeA = u_stroke.a * u_opacity * min(1.0, 2.0 * u_halfWidthPx) * clamp(core + 0.5 - abs(d), 0.0, 1.0);
    vec4 fill = vec4(v_fill.rgb * fillA, fillA);
    vec4 stroke = vec4(u_stroke.rgb * strokeA, strokeA);
    o_color = stroke + fill * (1.0 - strokeA);
    if (o_color.a <= 0.0) discard;
}
