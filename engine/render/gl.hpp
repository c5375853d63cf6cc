// GL for the renderer: the entry points (platform/gl_api.hpp, the one place GL headers come in)
// and error checks.
//
// GL_CHECK(call) wraps the GL calls that can fail (storage allocation, framebuffer setup, shader
// and program creation, read-backs, buffer updates): in debug builds (no NDEBUG) or with
// GRIDSCOPE_GL_CHECKS defined it reads glGetError after the call and reports the call's text, file,
// line and error name, once per call site. In release builds it is the bare call: glGetError
// stalls the pipeline, and a picture must cost the same with or without checks compiled in.
#pragma once

#include "platform/gl_api.hpp"
#include "platform/gl_debug.hpp"  // errorName

#include <atomic>
#include <functional>
#include <string>
#include <type_traits>

namespace gs::gl {


// Reads every pending GL error (they queue up, one per kind) and returns the first, GL_NO_ERROR
// when there was none. The first time a site sees an error (`reported` still false) it reports
// "GL error NAME [+ OTHERS] after CALL at FILE:LINE" through the error sink, then sets `reported`:
// a call that fails every frame must not bury the log.
GLenum checkError(const char* call, const char* file, int line, std::atomic<bool>& reported);

// Where GL_CHECK's reports go: stderr unless set. Tests install one to read them; an empty
// function puts stderr back.
void setErrorSink(std::function<void(const std::string&)> sink);

// GL_CHECK's body. A lambda's type is unique to its expression, so the static flag below is one
// per GL_CHECK site (the "once" of the report) without the macro naming a variable.
template <class Call>
decltype(auto) checked(Call&& call, const char* text, const char* file, int line) {
    static std::atomic<bool> reported{false};
    if constexpr (std::is_void_v<decltype(call())>) {
        call();
        checkError(text, file, line, reported);
    } else {
        auto result = call();
        checkError(text, file, line, reported);
        return result;
    }
}

}  // namespace gs::gl

#if !defined(NDEBUG) || defined(GRIDSCOPE_GL_CHECKS)
#define GS_GL_CHECKS_ACTIVE 1
// Usable as a statement or an expression: GLuint s = GL_CHECK(glCreateShader(type));
#define GL_CHECK(call) ::gs::gl::checked([&]() -> decltype(auto) { return call; }, #call, __FILE__, __LINE__)
#else
#define GS_GL_CHECKS_ACTIVE 0
#define GL_CHECK(call) (call)
#endif
