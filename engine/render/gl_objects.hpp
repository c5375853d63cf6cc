// Small RAII owners of GL objects. They must be created and destroyed on the GL thread with the
// context current; nothing outside engine/render holds one.
#pragma once

#include <utility>

#include "render/gl.hpp"

namespace gs::gl {

template <class Traits>
class Handle {
public:
    Handle() = default;
    explicit Handle(GLuint id) : id_(id) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) { reset(); id_ = std::exchange(o.id_, 0); }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    static Handle create() { return Handle(Traits::create()); }
    GLuint id() const { return id_; }
    explicit operator bool() const { return id_ != 0; }
    void reset() { if (id_) Traits::destroy(id_); id_ = 0; }

private:
    GLuint id_ = 0;
};

struct BufferTraits {
    static GLuint create() { GLuint id; glGenBuffers(1, &id); return id; }
    static void destroy(GLuint id) { glDeleteBuffers(1, &id); }
};
struct VertexArrayTraits {
    static GLuint create() { GLuint id; glGenVertexArrays(1, &id); return id; }
    static void destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
};
struct TextureTraits {
    static GLuint create() { GLuint id; glGenTextures(1, &id); return id; }
    static void destroy(GLuint id) { glDeleteTextures(1, &id); }
};
struct FramebufferTraits {
    static GLuint create() { GLuint id; glGenFramebuffers(1, &id); return id; }
    static void destroy(GLuint id) { glDeleteFramebuffers(1, &id); }
};
struct RenderbufferTraits {
    static GLuint create() { GLuint id; glGenRenderbuffers(1, &id); return id; }
    static void destroy(GLuint id) { glDeleteRenderbuffers(1, &id); }
};
struct ProgramTraits {
    static GLuint create() { return glCreateProgram(); }
    static void destroy(GLuint id) { glDeleteProgram(id); }
};

using Buffer = Handle<BufferTraits>;
using VertexArray = Handle<VertexArrayTraits>;
using Texture = Handle<TextureTraits>;
using Framebuffer = Handle<FramebufferTraits>;
using Renderbuffer = Handle<RenderbufferTraits>;
using ProgramHandle = Handle<ProgramTraits>;

}  // namespace gs::gl
