// A GL 3.3 core context with no window and no X: EGL on Mesa's surfaceless platform. Rendering
// goes to framebuffer objects. Used by `gridscope render`, the render tests and benchmarks.
// With GL debug output on (render/gl_debug.hpp) it is a debug context with the callback installed.
#pragma once

#include <memory>

#include "core/result.hpp"

namespace gs {

class HeadlessContext {
public:
    static Result<std::unique_ptr<HeadlessContext>> create();
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    void makeCurrent();

private:
    HeadlessContext() = default;
    void* display_ = nullptr;
    void* context_ = nullptr;
};

}  // namespace gs
