// GL for the renderer: the entry points (platform/gl_api.hpp) and error checks.
#pragma once

#include "platform/gl_api.hpp"

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
