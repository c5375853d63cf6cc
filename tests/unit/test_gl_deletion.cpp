// GL objects die on the GL thread only (platform/gl_thread.hpp): a handle destroyed on another
// thread, or while its context is not current, queues its name; the GL thread deletes it when it
// drains (a frame) or when the context ends. glIsBuffer/glIsTexture tell whether a name still
// names an object (a name is an object once it has been bound).
#include <gtest/gtest.h>

#include <thread>
#include <utility>

#include "platform/headless_context.hpp"
#include "render/gl.hpp"
#include "render/gl_objects.hpp"
#include "platform/gl_thread.hpp"

namespace gs {
namespace {

std::unique_ptr<HeadlessContext> makeContext() {
    auto ctx = HeadlessContext::create();
    if (!ctx) return nullptr;
    return std::move(*ctx);
}

gl::Buffer boundBuffer() {
    auto b = gl::Buffer::create();
    glBindBuffer(GL_ARRAY_BUFFER, b.id());
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    return b;
}

gl::Texture boundTexture() {
    auto t = gl::Texture::create();
    glBindTexture(GL_TEXTURE_2D, t.id());
    glBindTexture(GL_TEXTURE_2D, 0);
    return t;
}

// Destroys `handle` on a thread of its own, as a loader or feed thread dropping an owner would.
template <class H>
void destroyOnAnotherThread(H&& handle) {
    std::thread other([h = std::move(handle)]() mutable { h.reset(); });
    other.join();
}

TEST(GlDeletion, OnTheGlThreadWithTheContextCurrentItIsDeletedAtOnce) {
    auto ctx = makeContext();
    ASSERT_TRUE(ctx);
    gl::GlThread* thread = gl::GlThread::current();
    ASSERT_NE(thread, nullptr);
    GLuint id = 0;
    {
        auto b = boundBuffer();
        id = b.id();
        ASSERT_TRUE(glIsBuffer(id));
        EXPECT_EQ(thread->live(), 1u);
    }
    EXPECT_FALSE(glIsBuffer(id));
    EXPECT_EQ(thread->pending(), 0u);
    EXPECT_EQ(thread->live(), 0u);
}

TEST(GlDeletion, DestroyedOnAnotherThreadItWaitsForTheDrainOnTheGlThread) {
    auto ctx = makeContext();
    ASSERT_TRUE(ctx);
    gl::GlThread* thread = gl::GlThread::current();
    ASSERT_NE(thread, nullptr);
    auto buffer = boundBuffer();
    auto texture = boundTexture();
    const GLuint bufferId = buffer.id(), textureId = texture.id();

    destroyOnAnotherThread(std::move(buffer));
    destroyOnAnotherThread(std::move(texture));
    EXPECT_EQ(thread->pending(), 2u);
    EXPECT_TRUE(glIsBuffer(bufferId)) << "deleted off the GL thread";
    EXPECT_TRUE(glIsTexture(textureId)) << "deleted off the GL thread";

    // A drain asked for on another thread does nothing: the queue waits for the GL thread.
    std::size_t drainedElsewhere = 99;
    std::thread other([&] { drainedElsewhere = thread->drain(); });
    other.join();
    EXPECT_EQ(drainedElsewhere, 0u);
    EXPECT_TRUE(glIsBuffer(bufferId));

    EXPECT_EQ(gl::drainDeletions(), 2u);
    EXPECT_FALSE(glIsBuffer(bufferId));
    EXPECT_FALSE(glIsTexture(textureId));
    EXPECT_EQ(thread->pending(), 0u);
    EXPECT_EQ(thread->live(), 0u);
    EXPECT_EQ(gl::drainDeletions(), 0u);  // nothing twice
}

TEST(GlDeletion, DestroyedOnTheGlThreadWithNoContextCurrentItIsQueued) {
    auto ctx = makeContext();
    ASSERT_TRUE(ctx);
    gl::GlThread* thread = gl::GlThread::current();
    ASSERT_NE(thread, nullptr);
    auto buffer = boundBuffer();
    const GLuint id = buffer.id();
    ctx->release();
    EXPECT_EQ(gl::GlThread::current(), nullptr);
    buffer.reset();
    EXPECT_EQ(thread->pending(), 1u);
    ctx->makeCurrent();
    EXPECT_TRUE(glIsBuffer(id));
    EXPECT_EQ(gl::drainDeletions(), 1u);
    EXPECT_FALSE(glIsBuffer(id));
}

TEST(GlDeletion, MovedHandlesKeepTheirContextAndDeleteOnce) {
    auto ctx = makeContext();
    ASSERT_TRUE(ctx);
    gl::GlThread* thread = gl::GlThread::current();
    auto a = boundBuffer();
    const GLuint id = a.id();
    gl::Buffer b = std::move(a);
    EXPECT_FALSE(a);
    EXPECT_EQ(b.id(), id);
    gl::Buffer c;
    c = std::move(b);
    EXPECT_EQ(thread->live(), 1u);
    c = gl::Buffer();  // the move-assignment releases what c held
    EXPECT_FALSE(glIsBuffer(id));
    EXPECT_EQ(thread->live(), 0u);
}

TEST(GlDeletion, TheContextsEndDeletesTheQueueAndLeavesNothing) {
    auto ctx = makeContext();
    ASSERT_TRUE(ctx);
    std::shared_ptr<gl::GlThread> thread = gl::GlThread::currentShared();
    ASSERT_TRUE(thread);
    auto buffer = boundBuffer();
    auto texture = boundTexture();
    auto program = gl::ProgramHandle::create();
    destroyOnAnotherThread(std::move(buffer));
    destroyOnAnotherThread(std::move(texture));
    destroyOnAnotherThread(std::move(program));
    EXPECT_EQ(thread->pending(), 3u);
    const auto before = thread->deferredDeletes();

    ctx.reset();  // no drain in between: the teardown must delete them
    EXPECT_TRUE(thread->ended());
    EXPECT_EQ(thread->pending(), 0u);
    EXPECT_EQ(thread->deferredDeletes() - before, 3u);
    EXPECT_EQ(thread->live(), 0u);
    EXPECT_EQ(gl::GlThread::current(), nullptr);
}

TEST(GlDeletion, AHandleOutlivingItsContextQueuesNothing) {
    auto ctx = makeContext();
    ASSERT_TRUE(ctx);
    std::shared_ptr<gl::GlThread> thread = gl::GlThread::currentShared();
    auto buffer = boundBuffer();
    ctx.reset();  // the context's end deleted every name it held
    buffer.reset();
    EXPECT_EQ(thread->pending(), 0u);
    EXPECT_EQ(thread->live(), 0u);
}

}  // namespace
}  // namespace gs
