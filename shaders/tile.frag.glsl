#version 330 core
// A map tile copied into the frame (render/map_tiles): nothing but the texture, so that a software
// renderer can take its fast path for plain copies.
uniform sampler2D u_picture;

in vec2 v_uv;
out vec4 o_color;

void main() {
    o_color = texture(u_picture, v_uv);
}
