#include "platform/gl_thread.hpp"

#include <cstdio>
#include <utility>

#include "platform/gl_debug.hpp"

namespace gs::gl {

namespace {

// A plain pointer: thread_local objects of the main thread die before statics (a benchmark's
// static context among them), so this must not own anything.
thread_local GlThread* currentThread = nullptr;

}  // namespace

std::shared_ptr<GlThread> GlThread::begin() {
    std::shared_ptr<GlThread> t(new GlThread());
    t->bind();
    return t;
}

GlThread* GlThread::current() { return currentThread; }

std::shared_ptr<GlThread> GlThread::currentShared() {
    return currentThread ? currentThread->shared_from_this() : nullptr;
}

void GlThread::bind() { currentThread = this; }

void GlThread::unbind() {
    if (currentThread == this) currentThread = nullptr;
}

void GlThread::destroy(const Pending& p) {
    switch (p.kind) {
        case ObjectKind::Buffer: glDeleteBuffers(1, &p.name); break;
        case ObjectKind::VertexArray: glDeleteVertexArrays(1, &p.name); break;
        case ObjectKind::Texture: glDeleteTextures(1, &p.name); break;
        case ObjectKind::Framebuffer: glDeleteFramebuffers(1, &p.name); break;
        case ObjectKind::Renderbuffer: glDeleteRenderbuffers(1, &p.name); break;
        case ObjectKind::Program: glDeleteProgram(p.name); break;
        case ObjectKind::Sync: glDeleteSync(p.sync); break;
    }
}

void GlThread::release(ObjectKind kind, GLuint name, GLsync sync) {
    live_.fetch_sub(1, std::memory_order_relaxed);
    const Pending p{kind, name, sync};
    // current() is this only on the thread where this context is current now: the one place a
    // delete reaches the right object.
    if (current() == this) {
        destroy(p);
        return;
    }
    std::lock_guard lock(mutex_);
    if (ended_) return;  // the context's end deleted it
    queue_.push_back(p);
    queued_.store(true, std::memory_order_release);
}

std::size_t GlThread::drain() {
    if (current() != this || !queued_.load(std::memory_order_acquire)) return 0;
    std::vector<Pending> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(queue_);
        queued_.store(false, std::memory_order_relaxed);
    }
    for (const Pending& p : batch) destroy(p);
    deferred_.fetch_add(batch.size(), std::memory_order_relaxed);
    return batch.size();
}

void GlThread::end() {
    drain();
    std::vector<Pending> late;
    {
        std::lock_guard lock(mutex_);
        ended_ = true;
        late.swap(queue_);  // queued on another thread while this drained
        queued_.store(false, std::memory_order_relaxed);
    }
    if (current() == this) {
        for (const Pending& p : late) destroy(p);
        deferred_.fetch_add(late.size(), std::memory_order_relaxed);
    }
    if (const std::size_t n = live(); n > 0 && debugOutputWanted())
        std::fprintf(stderr, "gridscope: GL debug: %zu GL objects outlive their context (their owners die after it)\n", n);
    unbind();
}

std::size_t GlThread::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

bool GlThread::ended() const {
    std::lock_guard lock(mutex_);
    return ended_;
}

std::size_t drainDeletions() {
    GlThread* t = GlThread::current();
    return t ? t->drain() : 0;
}

}  // namespace gs::gl
