#version 330 core
// The wall's 2D draw list (render/canvas.hpp): positions in canvas pixels, y down.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;
layout(location = 3) in vec4 a_aux;
layout(location = 4) in uint a_kind;  // CanvasKind

uniform vec2 u_canvas;  // canvas size in canvas pixels

out vec2 v_uv;
out vec4 v_color;
out vec4 v_aux;
flat out uint v_kind;

void main() {
    gl_Position = vec4(a_pos.x / u_canvas.x * 2.0 - 1.0, 1.0 - a_pos.y / u_canvas.y * 2.0, 0.0, 1.0);
    v_uv = a_uv;
    v_color = a_color;
    v_aux = a_aux;
    v_kind = a_kind;
}
