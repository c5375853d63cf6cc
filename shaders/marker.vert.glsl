#version 330 core
// Live markers: one instance per drawn issue or volunteer (or count badge, or legend icon), a quad
// around it sized for whatever rings it needs this frame. The clock is a uniform: a new issue's
// pulse and an overdue issue's ring change with it and need no upload.
//
// GS_DENSE (crowded views, markers shrunk to under half their size): one point per marker instead
// of a quad, no rings (a ring a pixel wide says nothing), an overdue issue filled red instead.
// That is what keeps a million markers affordable on llvmpipe.
layout(location = 0) in vec2 a_corner;   // the quad, -1..1
layout(location = 1) in vec2 a_pos;      // display CRS relative to u_origin's point, or pixels (screen space)
layout(location = 2) in int a_appear;    // seconds since the time base; INT_MIN none
layout(location = 3) in int a_due;       // seconds since the time base; INT_MAX never
layout(location = 4) in uvec4 a_style;   // shape, palette index, diameter px, flags

uniform vec2 u_offset;       // packer origin - camera centre (display CRS)
uniform vec2 u_scale;        // clip units per display unit
uniform vec2 u_viewport;     // pixels
uniform int u_nowSec;
uniform float u_nowFrac;
uniform float u_pulseSeconds;
uniform float u_uiScale;
uniform vec4 u_palette[32];

const uint kVolunteer = 1u, kBusy = 2u, kScreenSpace = 4u, kBadge = 8u, kHidden = 16u;
const int kNoAppear = -2147483648;
const int kNeverDue = 2147483647;

flat out uint v_shape;
flat out uint v_flags;
flat out vec4 v_fill;
flat out float v_radius;     // px
flat out float v_pulse;      // 0..1 through the pulse, or -1
flat out float v_extent;     // px: nothing is drawn farther from the centre
flat out int v_overdue;
out vec2 v_px;               // pixels from the centre, y up

void main() {
    uint flags = a_style.w;
    float radius = float(a_style.z) * 0.5 * u_uiScale;
    bool special = (flags & (kVolunteer | kBadge)) != 0u;
    bool overdue = !special && a_due != kNeverDue && (u_nowSec > a_due || (u_nowSec == a_due && u_nowFrac > 0.0));
    float pulse = -1.0;
    if (!special && a_appear != kNoAppear && u_pulseSeconds > 0.0) {
        float age = float(u_nowSec - a_appear) + u_nowFrac;
        if (age >= 0.0 && age < u_pulseSeconds) pulse = age / u_pulseSeconds;
    }
#ifdef GS_DENSE
    float extent = radius + 1.0;
    v_fill = u_palette[overdue ? 26u : (a_style.y & 31u)];
    pulse = -1.0;
    overdue = false;
#else
    // The quad covers the shape, its outline and antialiasing, and the rings drawn this frame.
    float extent = radius + 2.0 * u_uiScale;
    if (overdue) extent = radius + 7.0 * u_uiScale;
    if ((flags & kBusy) != 0u) extent = max(extent, radius + 6.0 * u_uiScale);
    if (pulse >= 0.0) extent = max(extent, radius * 3.2 + 3.0 * u_uiScale);
    v_fill = u_palette[a_style.y & 31u];
#endif

    vec2 center;
    if ((flags & kScreenSpace) != 0u)
        center = vec2(a_pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_pos.y / u_viewport.y * 2.0);
    else
        center = (a_pos + u_offset) * u_scale;
#ifdef GS_DENSE
    vec2 px = vec2(0.0);
    gl_PointSize = 2.0 * extent;
#else
    vec2 px = a_corner * extent;
#endif
    gl_Position = (flags & kHidden) != 0u ? vec4(2.0, 2.0, 2.0, 1.0)
                                          : vec4(center + px * 2.0 / u_viewport, 0.0, 1.0);
    v_px = px;
    v_extent = extent;
    v_shape = a_style.x;
    v_flags = flags;
    v_radius = radius;
    v_pulse = pulse;
    v_overdue = overdue ? 1 : 0;
}
