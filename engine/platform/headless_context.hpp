// A GL 3.3 core context with no window and no X: EGL on Mesa's surfaceless platform. Rendering
// goes to framebuffer objects. Used by `gridscope render`, the render tests and benchmarks.
// The thread that creates it is its GL thread (platform/gl_thread.hpp); with GL debug output on
// (platform/gl_debug.hpp) the context is a debug context with the callback installed.
#pragma once

#include <memory>

#include "core/result.hpp"

namespace gs::gl {
class GlThread;
}

namespace gs {

class HeadlessContext {
public:
    static Result<std::unique_ptr<HeadlessContext>> create();
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    void makeCurrent();
    // Leaves the calling thread with no context current (GL objects dying meanwhile are queued).
    void release();

private:
    HeadlessContext() = default;
    void* display_ = nullptr;
    void* context_ = nullptr;
    std::shared_ptr<gl::GlThread> glThread_;
};

}  // namespace gs
