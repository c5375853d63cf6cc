#version 330 core
// Heatmap, passes 2 and 3 (the max reduction, the colour map): one triangle over the viewport,
// made from gl_VertexID (no buffer).
void main() {
    vec2 p = vec2(float((gl_VertexID & 1) << 2) - 1.0, float((gl_VertexID & 2) << 1) - 1.0);
    gl_Position = vec4(p, 0.0, 1.0);
}
