#include "platform/headless_context.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstring>
#include <string>

namespace gs {

namespace {

std::string eglErrorText() {
    return "EGL error 0x" + [] {
        char b[8];
        std::snprintf(b, sizeof b, "%04x", eglGetError());
        return std::string(b);
    }();
}

bool hasExtension(const char* list, const char* name) {
    if (!list) return false;
    size_t n = std::strlen(name);
    for (const char* p = list; (p = std::strstr(p, name)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}

}  // namespace

Result<std::unique_ptr<HeadlessContext>> HeadlessContext::create() {
    const char* clientExt = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    auto getPlatformDisplay = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
        eglGetProcAddress("eglGetPlatformDisplayEXT"));
    EGLDisplay dpy = EGL_NO_DISPLAY;
    if (getPlatformDisplay && hasExtension(clientExt, "EGL_MESA_platform_surfaceless"))
        dpy = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (dpy == EGL_NO_DISPLAY)
        return Error{"no EGL surfaceless display (install Debian's libegl-mesa0 and libgl1-mesa-dri)"};
    EGLint major = 0, minor = 0;
    if (!eglInitialize(dpy, &major, &minor))
        return Error{"eglInitialize failed: " + eglErrorText()};
    if (!eglBindAPI(EGL_OPENGL_API)) return Error{"eglBindAPI(OpenGL) failed: " + eglErrorText()};

    const EGLint attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                              EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                              EGL_NONE};
    // Surfaceless rendering needs no config (EGL_KHR_no_config_context).
    EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attribs);
    if (ctx == EGL_NO_CONTEXT) {
        eglTerminate(dpy);
        return Error{"cannot create a GL 3.3 core context: " + eglErrorText()};
    }
    std::unique_ptr<HeadlessContext> c(new HeadlessContext());
    c->display_ = dpy;
    c->context_ = ctx;
    c->makeCurrent();
    return c;
}

void HeadlessContext::makeCurrent() {
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_);
}

HeadlessContext::~HeadlessContext() {
    if (display_) {
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (context_) eglDestroyContext(display_, context_);
        eglTerminate(display_);
    }
}

}  // namespace gs
