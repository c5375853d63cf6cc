#include "render/gl.hpp"

#include <cstdio>

namespace gs::gl {

void checkError(const char* what, const char* file, int line) {
    for (GLenum err = glGetError(); err != GL_NO_ERROR; err = glGetError()) {
        std::fprintf(stderr, "GL error 0x%04x after %s at %s:%d\n", err, what, file, line);
    }
}

}  // namespace gs::gl
