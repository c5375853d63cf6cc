#include "platform/headless_context.hpp"

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <string>

#include "platform/gl_debug.hpp"
#include "platform/gl_thread.hpp"

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
    EGLint major = 0, minor = 0;
    if (getPlatformDisplay && hasExtension(clientExt, "EGL_MESA_platform_surfaceless")) {
        dpy = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (dpy != EGL_NO_DISPLAY && !eglInitialize(dpy, &major, &minor)) dpy = EGL_NO_DISPLAY;
    }
    // Vendor drivers without Mesa's surfaceless platform (NVIDIA's) offer their GPUs as EGL
    // devices; a context on a device display renders to framebuffer objects just the same.
    auto queryDevices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
    if (dpy == EGL_NO_DISPLAY && getPlatformDisplay && queryDevices &&
        hasExtension(clientExt, "EGL_EXT_platform_device")) {
        EGLDeviceEXT devices[8];
        EGLint count = 0;
        if (queryDevices(8, devices, &count))
            for (EGLint i = 0; i < count && dpy == EGL_NO_DISPLAY; ++i) {
                dpy = getPlatformDisplay(EGL_PLATFORM_DEVICE_EXT, devices[i], nullptr);
                if (dpy != EGL_NO_DISPLAY && !eglInitialize(dpy, &major, &minor)) dpy = EGL_NO_DISPLAY;
            }
    }
    if (dpy == EGL_NO_DISPLAY)
        return Error{"no EGL surfaceless display (install Debian's libegl-mesa0 and libgl1-mesa-dri)"};
    if (!eglBindAPI(EGL_OPENGL_API)) return Error{"eglBindAPI(OpenGL) failed: " + eglErrorText()};

    const bool debug = gl::debugOutputWanted();
    // EGL_CONTEXT_OPENGL_DEBUG is EGL 1.5; the attribute list ends early without debug output.
    const EGLint attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                              EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                              debug ? EGL_CONTEXT_OPENGL_DEBUG : EGL_NONE, EGL_TRUE, EGL_NONE};
    // Surfaceless rendering needs no config (EGL_KHR_no_config_context); a driver without that
    // extension gets any config that renders OpenGL.
    EGLConfig config = EGL_NO_CONFIG_KHR;
    if (!hasExtension(eglQueryString(dpy, EGL_EXTENSIONS), "EGL_KHR_no_config_context")) {
        const EGLint want[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_NONE};
        EGLint n = 0;
        if (!eglChooseConfig(dpy, want, &config, 1, &n) || n < 1) config = EGL_NO_CONFIG_KHR;
    }
    EGLContext ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, attribs);
    if (ctx == EGL_NO_CONTEXT && debug) {
        // An EGL before 1.5 rejects the debug attribute: a context without it still reports
        // through the callback, if less.
        EGLint plain[std::size(attribs)];
        std::copy(std::begin(attribs), std::end(attribs), plain);
        plain[6] = EGL_NONE;
        ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, plain);
    }
    if (ctx == EGL_NO_CONTEXT) {
        eglTerminate(dpy);
        return Error{"cannot create a GL 3.3 core context: " + eglErrorText()};
    }
    std::unique_ptr<HeadlessContext> c(new HeadlessContext());
    c->display_ = dpy;
    c->context_ = ctx;
    eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx);
    c->glThread_ = gl::GlThread::begin();
    if (debug) gl::enableDebugOutput();
    return c;
}

void HeadlessContext::makeCurrent() {
    if (eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_)) glThread_->bind();
}

void HeadlessContext::release() {
    glThread_->unbind();
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
}

HeadlessContext::~HeadlessContext() {
    if (display_) {
        // What died elsewhere is deleted while the context can still be made current here.
        if (glThread_) {
            makeCurrent();
            glThread_->end();
        }
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (context_) eglDestroyContext(display_, context_);
        eglTerminate(display_);
    }
}

}  // namespace gs
