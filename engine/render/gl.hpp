// The one place GL headers come in. Core-profile entry points through GLVND (OpenGL::OpenGL),
// which serves GLFW windows and EGL headless contexts alike.
#pragma once

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>

namespace gs::gl {

// Reports a GL error with where it happened. Debug builds only: glGetError stalls the pipeline.
void checkError(const char* what, const char* file, int line);

}  // namespace gs::gl

#ifndef NDEBUG
#define GL_CHECK(call)                                        \
    do {                                                      \
        call;                                                 \
        ::gs::gl::checkError(#call, __FILE__, __LINE__);      \
    } while (0)
#else
#define GL_CHECK(call) call
#endif
