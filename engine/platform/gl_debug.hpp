// GL debug output (KHR_debug): the driver's own account of errors and misuse, as it happens.
//
// On in debug builds; GRIDSCOPE_GL_DEBUG=1 turns it on in any build (a release binary on a
// customer's machine), GRIDSCOPE_GL_DEBUG=0 off in any. When on, the platform layer asks for a
// debug context (GLFW_OPENGL_DEBUG_CONTEXT, EGL_CONTEXT_OPENGL_DEBUG), since drivers may say little
// without one, and installs the callback once the context is current. Output is synchronous: the
// message arrives inside the GL call that caused it, so a breakpoint in the callback has the
// culprit on its stack. Notifications are filtered out (drivers chatter about buffer placement).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "platform/gl_api.hpp"

namespace gs::gl {

// "GL_INVALID_ENUM" and the like; "GL error 0x...." for a code GL does not define.
std::string errorName(GLenum error);

// Whether debug output is wanted: GRIDSCOPE_GL_DEBUG when set ("0" or empty off, anything else
// on), else whether this is a debug build. debugOutputWanted(value) decides for a given value
// (nullptr: unset).
bool debugOutputWanted();
bool debugOutputWanted(const char* envValue);

// Installs the callback on the context current now, if it offers KHR_debug (GL 4.3, or the
// GL_KHR_debug extension). Returns whether it did.
bool enableDebugOutput();
// Removes it from the context current now.
void disableDebugOutput();

struct DebugMessage {
    GLenum source = 0, type = 0, severity = 0;
    GLuint id = 0;
    std::string text;
};

// "API error, high: GL_INVALID_ENUM in glBindBuffer(target=0xbad)" as the callback prints it.
std::string formatDebugMessage(const DebugMessage& m);

// For tests: every message that passes the filter is counted, then handed to the listener (on
// the GL thread, inside the failing call, under a lock: it must not call GL), then printed. An
// empty function removes it.
void setDebugListener(std::function<void(const DebugMessage&)> listener);
std::uint64_t debugMessageCount();

}  // namespace gs::gl
