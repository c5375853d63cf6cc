#include "platform/gl_debug.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>

namespace gs::gl {

std::string errorName(GLenum error) {
    switch (error) {
        case GL_NO_ERROR: return "GL_NO_ERROR";
        case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
        case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
        case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
        case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
        case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
        case GL_STACK_UNDERFLOW: return "GL_STACK_UNDERFLOW";
        case GL_STACK_OVERFLOW: return "GL_STACK_OVERFLOW";
        case GL_CONTEXT_LOST: return "GL_CONTEXT_LOST";
    }
    char code[32];
    std::snprintf(code, sizeof code, "GL error 0x%04x", error);
    return code;
}

namespace {

// The same message repeated (a warning from a call made every frame) is printed this many times,
// then counted only: a wall runs for days.
constexpr int kRepeatsPrinted = 5;

std::atomic<std::uint64_t> messageCount{0};
std::mutex listenerMutex;
std::function<void(const DebugMessage&)> listener;
std::map<std::tuple<GLenum, GLenum, GLuint>, int> printed;  // by (source, type, id); under listenerMutex

const char* sourceName(GLenum s) {
    switch (s) {
        case GL_DEBUG_SOURCE_API: return "API";
        case GL_DEBUG_SOURCE_WINDOW_SYSTEM: return "window system";
        case GL_DEBUG_SOURCE_SHADER_COMPILER: return "shader compiler";
        case GL_DEBUG_SOURCE_THIRD_PARTY: return "third party";
        case GL_DEBUG_SOURCE_APPLICATION: return "application";
        default: return "other";
    }
}

const char* typeName(GLenum t) {
    switch (t) {
        case GL_DEBUG_TYPE_ERROR: return "error";
        case GL_DEBUG_TYPE_DEPRECATED_BEHAVIOR: return "deprecated";
        case GL_DEBUG_TYPE_UNDEFINED_BEHAVIOR: return "undefined behaviour";
        case GL_DEBUG_TYPE_PORTABILITY: return "portability";
        case GL_DEBUG_TYPE_PERFORMANCE: return "performance";
        case GL_DEBUG_TYPE_MARKER: return "marker";
        case GL_DEBUG_TYPE_PUSH_GROUP: return "push group";
        case GL_DEBUG_TYPE_POP_GROUP: return "pop group";
        default: return "other";
    }
}

const char* severityName(GLenum s) {
    switch (s) {
        case GL_DEBUG_SEVERITY_HIGH: return "high";
        case GL_DEBUG_SEVERITY_MEDIUM: return "medium";
        case GL_DEBUG_SEVERITY_LOW: return "low";
        default: return "notification";
    }
}

void APIENTRY onMessage(GLenum source, GLenum type, GLuint id, GLenum severity, GLsizei length,
                        const GLchar* text, const void*) {
    // Filtered at the source too (glDebugMessageControl); a driver may ignore that.
    if (severity == GL_DEBUG_SEVERITY_NOTIFICATION) return;
    DebugMessage m{source, type, severity, id,
                   length >= 0 ? std::string(text, std::size_t(length)) : std::string(text ? text : "")};
    while (!m.text.empty() && (m.text.back() == '\n' || m.text.back() == ' ')) m.text.pop_back();
    messageCount.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(listenerMutex);
    if (listener) listener(m);
    const int n = ++printed[{source, type, id}];
    if (n <= kRepeatsPrinted)
        std::fprintf(stderr, "gridscope: GL debug: %s%s\n", formatDebugMessage(m).c_str(),
                     n == kRepeatsPrinted ? " (repeated; not printed again)" : "");
}

bool offersKhrDebug() {
    GLint major = 0, minor = 0;
    glGetIntegerv(GL_MAJOR_VERSION, &major);
    glGetIntegerv(GL_MINOR_VERSION, &minor);
    if (major > 4 || (major == 4 && minor >= 3)) return true;
    GLint count = 0;
    glGetIntegerv(GL_NUM_EXTENSIONS, &count);
    for (GLint i = 0; i < count; ++i) {
        const auto* name = reinterpret_cast<const char*>(glGetStringi(GL_EXTENSIONS, GLuint(i)));
        if (name && std::strcmp(name, "GL_KHR_debug") == 0) return true;
    }
    return false;
}

}  // namespace

bool debugOutputWanted(const char* value) {
    if (value) return *value && std::strcmp(value, "0") != 0;
#ifdef NDEBUG
    return false;
#else
    return true;
#endif
}

bool debugOutputWanted() { return debugOutputWanted(std::getenv("GRIDSCOPE_GL_DEBUG")); }

bool enableDebugOutput() {
    if (!offersKhrDebug()) return false;
    glEnable(GL_DEBUG_OUTPUT);  // on by default only in a debug context
    glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
    glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DONT_CARE, 0, nullptr, GL_TRUE);
    glDebugMessageControl(GL_DONT_CARE, GL_DONT_CARE, GL_DEBUG_SEVERITY_NOTIFICATION, 0, nullptr, GL_FALSE);
    glDebugMessageCallback(onMessage, nullptr);
    return true;
}

void disableDebugOutput() {
    if (!offersKhrDebug()) return;
    glDebugMessageCallback(nullptr, nullptr);
    glDisable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
    glDisable(GL_DEBUG_OUTPUT);
}

std::string formatDebugMessage(const DebugMessage& m) {
    return std::string(sourceName(m.source)) + " " + typeName(m.type) + ", " + severityName(m.severity) + ": " +
           m.text;
}

void setDebugListener(std::function<void(const DebugMessage&)> l) {
    std::lock_guard lock(listenerMutex);
    listener = std::move(l);
}

std::uint64_t debugMessageCount() { return messageCount.load(std::memory_order_relaxed); }

}  // namespace gs::gl
