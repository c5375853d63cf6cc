#version 330 core
// Heatmap, pass 1: the kernel at this texel's centre, added (GL_ONE, GL_ONE) into an R32F
// texture. The kernels are analysis/density_kernel.hpp's, which the CPU reference evaluates the
// same way (distance from the texel's centre to the event, zero at and beyond the radius).
#define GS_QUARTIC 0
#define GS_EPANECHNIKOV 1
#define GS_GAUSSIAN 2
const float kGaussianFloor = 0.011108996538242306;  // exp(-4.5)

uniform int u_kernel;
uniform float u_radius;      // texels
uniform float u_amplitude;   // kernel constant, as events per km² on the ground, for weight 1

flat in vec2 v_center;
flat in float v_weight;

layout(location = 0) out vec4 o_density;

void main() {
    vec2 d = gl_FragCoord.xy - v_center;
    float u2 = dot(d, d) / (u_radius * u_radius);
    if (u2 >= 1.0) discard;
    float shape;
    if (u_kernel == GS_QUARTIC) shape = (1.0 - u2) * (1.0 - u2);
    else if (u_kernel == GS_EPANECHNIKOV) shape = 1.0 - u2;
    else shape = exp(-4.5 * u2) - kGaussianFloor;  // σ = r/3, lowered to reach 0 at r
    o_density = vec4(v_weight * u_amplitude * shape, 0.0, 0.0, 0.0);
}
