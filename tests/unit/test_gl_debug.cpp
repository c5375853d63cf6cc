// The KHR_debug callback, switched on at run time by GRIDSCOPE_GL_DEBUG=1 in any build, hears of a
// GL error inside the call that makes it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/headless_context.hpp"
#include "render/gl.hpp"
#include "platform/gl_debug.hpp"
#include "scoped_env.hpp"

namespace gs {
namespace {

constexpr GLenum kBogusTarget = 0x0bad;  // no buffer target has this value

using test::ScopedEnv;

// The messages the callback passes on, while it lives.
struct Heard {
    std::vector<gl::DebugMessage> messages;
    Heard() { gl::setDebugListener([this](const gl::DebugMessage& m) { messages.push_back(m); }); }
    ~Heard() { gl::setDebugListener({}); }
};

TEST(GlDebug, TheEnvironmentSwitchesItInAnyBuild) {
    EXPECT_TRUE(gl::debugOutputWanted("1"));
    EXPECT_TRUE(gl::debugOutputWanted("yes"));
    EXPECT_FALSE(gl::debugOutputWanted("0"));
    EXPECT_FALSE(gl::debugOutputWanted(""));
#ifdef NDEBUG
    EXPECT_FALSE(gl::debugOutputWanted(nullptr)) << "release builds: off unless asked for";
#else
    EXPECT_TRUE(gl::debugOutputWanted(nullptr)) << "debug builds: on unless turned off";
#endif
}

TEST(GlDebug, TheCallbackHearsOfAnErrorInTheCallThatMadeIt) {
    ScopedEnv on("GRIDSCOPE_GL_DEBUG", "1");
    auto ctx = HeadlessContext::create();  // a debug context, the callback installed
    ASSERT_TRUE(ctx) << ctx.error().message;
    GLint flags = 0;
    glGetIntegerv(GL_CONTEXT_FLAGS, &flags);
    EXPECT_TRUE(flags & GL_CONTEXT_FLAG_DEBUG_BIT) << "asked for a debug context";
    EXPECT_TRUE(glIsEnabled(GL_DEBUG_OUTPUT_SYNCHRONOUS));

    Heard log;
    auto& heard = log.messages;
    const auto before = gl::debugMessageCount();
    glBindBuffer(kBogusTarget, 0);
    // Synchronous: recorded before the call returned, nothing else in between.
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(gl::debugMessageCount() - before, 1u);
    EXPECT_EQ(heard[0].type, GLenum(GL_DEBUG_TYPE_ERROR));
    EXPECT_EQ(heard[0].source, GLenum(GL_DEBUG_SOURCE_API));
    EXPECT_NE(heard[0].severity, GLenum(GL_DEBUG_SEVERITY_NOTIFICATION));
    EXPECT_FALSE(heard[0].text.empty());
    const std::string line = gl::formatDebugMessage(heard[0]);
    EXPECT_EQ(line.rfind("API error, ", 0), 0u) << line;

    // A notification the application sends itself is filtered out; a real message passes.
    glDebugMessageInsert(GL_DEBUG_SOURCE_APPLICATION, GL_DEBUG_TYPE_MARKER, 1, GL_DEBUG_SEVERITY_NOTIFICATION, -1,
                         "a notification");
    EXPECT_EQ(heard.size(), 1u);
    glDebugMessageInsert(GL_DEBUG_SOURCE_APPLICATION, GL_DEBUG_TYPE_OTHER, 2, GL_DEBUG_SEVERITY_HIGH, -1,
                         "something the application says");
    ASSERT_EQ(heard.size(), 2u);
    EXPECT_EQ(heard[1].text, "something the application says");

    gl::disableDebugOutput();
    glBindBuffer(kBogusTarget, 0);
    EXPECT_EQ(heard.size(), 2u) << "switched off";
    while (glGetError() != GL_NO_ERROR) {}
}

TEST(GlDebug, OffItHearsNothing) {
    ScopedEnv off("GRIDSCOPE_GL_DEBUG", "0");
    auto ctx = HeadlessContext::create();
    ASSERT_TRUE(ctx) << ctx.error().message;
    const auto before = gl::debugMessageCount();
    glBindBuffer(kBogusTarget, 0);
    EXPECT_EQ(gl::debugMessageCount(), before);
    EXPECT_EQ(glGetError(), GLenum(GL_INVALID_ENUM));
}

}  // namespace
}  // namespace gs
