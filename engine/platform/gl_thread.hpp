// The GL thread of one context, and the GL objects waiting there to be deleted.
//
// Only the thread with a context current may call GL for it; a glDelete* made anywhere else (a
// loader thread dropping the last reference to something, a destructor running after the
// context was released) deletes nothing, or a name of whatever context is current there. So the
// RAII handles (gl_objects.hpp) remember the GlThread they were made on: a handle dying there,
// with its context current, deletes at once; anywhere else it queues its name here, and the GL
// thread deletes the queue at a defined point of each frame (drain()) and when the context ends.
//
// The platform layer (HeadlessContext, GlfwWindow) makes one per context: begin() when the
// context is first current, bind()/unbind() as it is made current or released, end() before it is
// destroyed. Frame points that drain: GlfwWindow::swapBuffers, WallRenderer::drawCanvas and the
// headless snapshot's frames (session/snapshot).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "platform/gl_api.hpp"

namespace gs::gl {

enum class ObjectKind : std::uint8_t { Buffer, VertexArray, Texture, Framebuffer, Renderbuffer, Program, Sync };

class GlThread : public std::enable_shared_from_this<GlThread> {
public:
    // A context was just made current on the calling thread for the first time: that thread is
    // its GL thread from now on.
    static std::shared_ptr<GlThread> begin();
    // The GlThread whose context is current on the calling thread (nullptr when none is).
    static GlThread* current();
    static std::shared_ptr<GlThread> currentShared();

    // The platform made the context current on / released it from the calling thread.
    void bind();
    void unbind();
    // The context is about to be destroyed (call it with the context current): deletes the queue,
    // reports objects still alive (their owners outlive the context: a bug, reported when GL
    // debug output is on), and from then on drops what their handles hand in, since the context's
    // end deletes every name it holds.
    void end();

    // Deletes `name` at once when called on this GL thread with the context current, else queues
    // it for the next drain(). After end() it drops it. Counts the object as dead either way.
    void release(ObjectKind kind, GLuint name, GLsync sync = nullptr);
    // An object was made in this context (the count that end() checks).
    void retain() { live_.fetch_add(1, std::memory_order_relaxed); }

    // On this GL thread with the context current: deletes every queued object and returns how
    // many. Anywhere else it does nothing (returns 0): the queue waits for the GL thread.
    std::size_t drain();

    std::size_t pending() const;   // queued, not yet deleted
    std::size_t live() const { return live_.load(std::memory_order_relaxed); }  // made, not yet released
    std::uint64_t deferredDeletes() const { return deferred_.load(std::memory_order_relaxed); }  // deleted by drain()
    bool ended() const;

private:
    struct Pending {
        ObjectKind kind;
        GLuint name;
        GLsync sync;
    };
    GlThread() = default;
    static void destroy(const Pending& p);

    mutable std::mutex mutex_;
    std::vector<Pending> queue_;   // guarded by mutex_
    bool ended_ = false;           // guarded by mutex_
    std::atomic<bool> queued_{false};  // queue_ is not empty: lets an idle drain() skip the lock
    std::atomic<std::size_t> live_{0};
    std::atomic<std::uint64_t> deferred_{0};
};

// Drains the queue of the context current on the calling thread (nothing when none is current).
std::size_t drainDeletions();

}  // namespace gs::gl
