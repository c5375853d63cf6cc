// Small RAII owners of GL objects. They are made on the GL thread with the context current and
// remember that context's GlThread: dying there they delete at once, dying anywhere else (another
// thread, or no context current) they hand their name to the GL thread's deletion queue
// (gl_thread.hpp). Nothing outside engine/render holds one.
#pragma once

#include <memory>
#include <utility>

#include "render/gl.hpp"
#include "platform/gl_thread.hpp"

namespace gs::gl {

template <class Traits>
class Handle {
public:
    using Name = typename Traits::Name;

    Handle() = default;
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, Name{})), owner_(std::move(o.owner_)) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = std::exchange(o.id_, Name{});
            owner_ = std::move(o.owner_);
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    static Handle create() { return Handle(Traits::create()); }
    Name id() const { return id_; }
    explicit operator bool() const { return id_ != Name{}; }
    void reset() {
        if (id_ == Name{}) return;
        // Made with no GlThread current (a context the platform layer did not make): the old
        // rule, delete where it dies.
        if (owner_) owner_->release(Traits::kKind, Traits::name(id_), Traits::sync(id_));
        else Traits::destroy(id_);
        id_ = Name{};
        owner_.reset();
    }

private:
    explicit Handle(Name id) : id_(id), owner_(id != Name{} ? GlThread::currentShared() : nullptr) {
        if (owner_) owner_->retain();
    }

    Name id_{};
    std::shared_ptr<GlThread> owner_;
};

// Objects named by a GLuint; Create and Destroy are the GL calls.
template <ObjectKind K, GLuint (*Create)(), void (*Destroy)(GLuint)>
struct NamedTraits {
    using Name = GLuint;
    static constexpr ObjectKind kKind = K;
    static GLuint create() { return Create(); }
    static void destroy(GLuint id) { Destroy(id); }
    static GLuint name(GLuint id) { return id; }
    static GLsync sync(GLuint) { return nullptr; }
};

inline GLuint genBuffer() { GLuint id = 0; glGenBuffers(1, &id); return id; }
inline void deleteBuffer(GLuint id) { glDeleteBuffers(1, &id); }
inline GLuint genVertexArray() { GLuint id = 0; glGenVertexArrays(1, &id); return id; }
inline void deleteVertexArray(GLuint id) { glDeleteVertexArrays(1, &id); }
inline GLuint genTexture() { GLuint id = 0; glGenTextures(1, &id); return id; }
inline void deleteTexture(GLuint id) { glDeleteTextures(1, &id); }
inline GLuint genFramebuffer() { GLuint id = 0; glGenFramebuffers(1, &id); return id; }
inline void deleteFramebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
inline GLuint genRenderbuffer() { GLuint id = 0; glGenRenderbuffers(1, &id); return id; }
inline void deleteRenderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
inline GLuint createProgram() { return GL_CHECK(glCreateProgram()); }
inline void deleteProgram(GLuint id) { glDeleteProgram(id); }

using BufferTraits = NamedTraits<ObjectKind::Buffer, genBuffer, deleteBuffer>;
using VertexArrayTraits = NamedTraits<ObjectKind::VertexArray, genVertexArray, deleteVertexArray>;
using TextureTraits = NamedTraits<ObjectKind::Texture, genTexture, deleteTexture>;
using FramebufferTraits = NamedTraits<ObjectKind::Framebuffer, genFramebuffer, deleteFramebuffer>;
using RenderbufferTraits = NamedTraits<ObjectKind::Renderbuffer, genRenderbuffer, deleteRenderbuffer>;
using ProgramTraits = NamedTraits<ObjectKind::Program, createProgram, deleteProgram>;

// A fence: GLsync is a pointer, not a GLuint name.
struct FenceTraits {
    using Name = GLsync;
    static constexpr ObjectKind kKind = ObjectKind::Sync;
    static GLsync create() { return glFenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0); }
    static void destroy(GLsync s) { glDeleteSync(s); }
    static GLuint name(GLsync) { return 0; }
    static GLsync sync(GLsync s) { return s; }
};

using Buffer = Handle<BufferTraits>;
using VertexArray = Handle<VertexArrayTraits>;
using Texture = Handle<TextureTraits>;
using Framebuffer = Handle<FramebufferTraits>;
using Renderbuffer = Handle<RenderbufferTraits>;
using ProgramHandle = Handle<ProgramTraits>;
using Fence = Handle<FenceTraits>;

}  // namespace gs::gl
