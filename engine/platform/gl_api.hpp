// The one place GL headers come in. Core-profile entry points through GLVND (OpenGL::OpenGL),
// which serves GLFW windows and EGL headless contexts alike. The platform includes it before
// GLFW (which then adds no GL header of its own); the renderer through render/gl.hpp.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>
