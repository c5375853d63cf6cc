#version 330 core
uniform sampler2D u_picture;
uniform vec4 u_color;   // premultiplied; used when u_solid is 1
uniform int u_solid;

in vec2 v_uv;
out vec4 o_color;

void main() {
#ifdef GS_TILE
    // A map tile (render/map_tiles): nothing but the texture.
    o_color = texture(u_picture, v_uv);
#else
    o_color = u_solid == 1 ? u_color : texture(u_picture, v_uv);
#endif
}
