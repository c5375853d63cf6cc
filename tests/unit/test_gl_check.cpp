// GL_CHECK, compiled in here whatever the build type (GRIDSCOPE_GL_CHECKS), names the failing
// call, where it is and the error, once per call site.
#define GRIDSCOPE_GL_CHECKS 1

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "platform/headless_context.hpp"
#include "render/gl.hpp"
#include "scoped_env.hpp"

namespace gs {
namespace {

constexpr GLenum kBogusTarget = 0x0bad;  // no buffer target has this value

using test::ScopedEnv;

// GL_CHECK's reports, while it lives.
struct ReportLog {
    std::vector<std::string> lines;
    ReportLog() { gl::setErrorSink([this](const std::string& s) { lines.push_back(s); }); }
    ~ReportLog() { gl::setErrorSink({}); }
};

TEST(GlCheck, NamesTheCallTheFileTheLineAndTheErrorOncePerSite) {
    ScopedEnv quiet("GRIDSCOPE_GL_DEBUG", "0");
    auto ctx = HeadlessContext::create();
    ASSERT_TRUE(ctx) << ctx.error().message;
    ASSERT_EQ(GS_GL_CHECKS_ACTIVE, 1);
    ReportLog log;
    int line = 0;
    for (int i = 0; i < 3; ++i) {
        line = __LINE__ + 1;
        GL_CHECK(glBindBuffer(kBogusTarget, 0));
    }
    ASSERT_EQ(log.lines.size(), 1u) << "a failing call is reported once, not every time";
    const std::string& r = log.lines[0];
    EXPECT_NE(r.find("GL_INVALID_ENUM"), std::string::npos) << r;
    EXPECT_NE(r.find("glBindBuffer(kBogusTarget, 0)"), std::string::npos) << r;
    EXPECT_NE(r.find("test_gl_check.cpp:" + std::to_string(line)), std::string::npos) << r;
    EXPECT_EQ(glGetError(), GLenum(GL_NO_ERROR)) << "the check reads the error";

    // Another site reports on its own; a call that succeeds reports nothing.
    GL_CHECK(glBindBuffer(kBogusTarget, 0));
    EXPECT_EQ(log.lines.size(), 2u);
    const GLuint program = GL_CHECK(glCreateProgram());  // the expression form returns the value
    EXPECT_NE(program, 0u);
    GL_CHECK(glDeleteProgram(program));
    EXPECT_EQ(log.lines.size(), 2u);
}

TEST(GlCheck, CheckErrorReturnsTheFirstErrorAndClearsThemAll) {
    ScopedEnv quiet("GRIDSCOPE_GL_DEBUG", "0");
    auto ctx = HeadlessContext::create();
    ASSERT_TRUE(ctx) << ctx.error().message;
    ReportLog log;
    glBindBuffer(kBogusTarget, 0);     // GL_INVALID_ENUM
    glLineWidth(-1.0f);                // GL_INVALID_VALUE
    std::atomic<bool> reported{false};
    EXPECT_EQ(gl::checkError("two calls", "here.cpp", 7, reported), GLenum(GL_INVALID_ENUM));
    ASSERT_EQ(log.lines.size(), 1u);
    // GL may hold one flag per kind of error (Mesa holds only the first): both are named when held.
    const std::string& r = log.lines[0];
    EXPECT_EQ(r.rfind("GL error GL_INVALID_ENUM", 0), 0u) << r;
    EXPECT_NE(r.find(" after two calls at here.cpp:7 (reported once for this call)"), std::string::npos) << r;
    EXPECT_EQ(glGetError(), GLenum(GL_NO_ERROR));
    glBindBuffer(kBogusTarget, 0);
    EXPECT_EQ(gl::checkError("again", "here.cpp", 8, reported), GLenum(GL_INVALID_ENUM));
    EXPECT_EQ(log.lines.size(), 1u) << "reported once";
    EXPECT_EQ(gl::errorName(GL_OUT_OF_MEMORY), "GL_OUT_OF_MEMORY");
    EXPECT_EQ(gl::errorName(0x1234), "GL error 0x1234");
}

}  // namespace
}  // namespace gs
