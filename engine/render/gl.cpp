#include "render/gl.hpp"

#include <cstdio>
#include <mutex>

namespace gs::gl {

namespace {

std::mutex sinkMutex;
std::function<void(const std::string&)> sink;

void report(const std::string& message) {
    std::lock_guard lock(sinkMutex);
    if (sink) sink(message);
    else std::fprintf(stderr, "gridscope: %s\n", message.c_str());
}

}  // namespace

GLenum checkError(const char* call, const char* file, int line, std::atomic<bool>& reported) {
    // Each kind of error is held once until read; a lost context may answer GL_CONTEXT_LOST on
    // every read, so the loop is bounded.
    GLenum first = GL_NO_ERROR;
    std::string names;
    for (int i = 0; i < 8; ++i) {
        const GLenum error = glGetError();
        if (error == GL_NO_ERROR) break;
        if (first == GL_NO_ERROR) first = error;
        names += (names.empty() ? "" : " + ") + errorName(error);
        if (error == GL_CONTEXT_LOST) break;
    }
    if (first != GL_NO_ERROR && !reported.exchange(true))
        report("GL error " + names + " after " + call + " at " + file + ":" + std::to_string(line) +
               " (reported once for this call)");
    return first;
}

void setErrorSink(std::function<void(const std::string&)> s) {
    std::lock_guard lock(sinkMutex);
    sink = std::move(s);
}

}  // namespace gs::gl
