#include "platform/glfw_window.hpp"

#include "platform/gl_api.hpp"  // before GLFW, which then adds no GL header of its own
#include "platform/gl_debug.hpp"
#include "platform/gl_thread.hpp"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace gs {

namespace {

// GLFW reports errors through a callback; the last one explains a failed call.
std::mutex errorMutex;
std::string lastError;

void onGlfwError(int, const char* description) {
    std::lock_guard lock(errorMutex);
    lastError = description ? description : "unknown GLFW error";
}

std::string takeLastError() {
    std::lock_guard lock(errorMutex);
    std::string e = lastError.empty() ? "no reason given" : lastError;
    lastError.clear();
    return e;
}

bool envSet(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

Error noDisplay(const std::string& why) {
    return Error{"no display (" + why + "): use `gridscope render --out map.png` to draw without one, "
                 "or run under xvfb-run"};
}

Key keyFromGlfw(int key) {
    switch (key) {
        case GLFW_KEY_LEFT: return Key::Left;
        case GLFW_KEY_RIGHT: return Key::Right;
        case GLFW_KEY_UP: return Key::Up;
        case GLFW_KEY_DOWN: return Key::Down;
        case GLFW_KEY_W: return Key::W;
        case GLFW_KEY_A: return Key::A;
        case GLFW_KEY_S: return Key::S;
        case GLFW_KEY_D: return Key::D;
        case GLFW_KEY_EQUAL:  // '+' is shift and '=' on most layouts; '=' alone zooms too
        case GLFW_KEY_KP_ADD: return Key::Plus;
        case GLFW_KEY_MINUS:
        case GLFW_KEY_KP_SUBTRACT: return Key::Minus;
        case GLFW_KEY_F: return Key::F;
        case GLFW_KEY_HOME: return Key::Home;
        case GLFW_KEY_L: return Key::L;
        case GLFW_KEY_ESCAPE: return Key::Escape;
        default: return Key::Other;
    }
}

GlfwWindow* self(GLFWwindow* w) { return static_cast<GlfwWindow*>(glfwGetWindowUserPointer(w)); }

}  // namespace

Status GlfwWindow::checkDisplay() {
    glfwSetErrorCallback(onGlfwError);
    if (!envSet("DISPLAY") && !envSet("WAYLAND_DISPLAY")) return noDisplay("DISPLAY is not set");
    // Debian's GLFW 3.3 speaks X11 only; glfwInit fails when the server cannot be reached.
    if (!glfwInit()) return noDisplay(takeLastError());
    return {};
}

Result<std::unique_ptr<GlfwWindow>> GlfwWindow::create(const WindowOptions& options) {
    if (Status s = checkDisplay(); !s) return s.error();
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_SAMPLES, options.samples);
    if (options.robust) glfwWindowHint(GLFW_CONTEXT_ROBUSTNESS, GLFW_LOSE_CONTEXT_ON_RESET);
    const bool debug = gl::debugOutputWanted();
    if (debug) glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, GLFW_TRUE);
    int width = options.width, height = options.height, x = 0, y = 0;
    GLFWmonitor* fullscreen = nullptr;
    using Placement = WindowOptions::Placement;
    if (options.placement == Placement::Fullscreen) {
        int count = 0;
        GLFWmonitor** all = glfwGetMonitors(&count);
        if (count == 0) return Error{"no monitor to go fullscreen on"};
        if (options.monitor >= count)
            return Error{"--monitor " + std::to_string(options.monitor) + ": there are only " +
                         std::to_string(count) + " monitors (0.." + std::to_string(count - 1) + ")"};
        fullscreen = options.monitor >= 0 ? all[options.monitor] : glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = glfwGetVideoMode(fullscreen);
        width = mode->width, height = mode->height;
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        glfwWindowHint(GLFW_AUTO_ICONIFY, GLFW_FALSE);  // a wall stays up when focus moves
    } else if (options.placement == Placement::Span) {
        // One borderless window over the union of the monitors.
        const auto list = monitors();
        if (list.empty()) return Error{"no monitor to span"};
        int x1 = list[0].x + list[0].width, y1 = list[0].y + list[0].height;
        x = list[0].x, y = list[0].y;
        for (const auto& m : list) {
            x = std::min(x, m.x), y = std::min(y, m.y);
            x1 = std::max(x1, m.x + m.width), y1 = std::max(y1, m.y + m.height);
        }
        width = x1 - x, height = y1 - y;
        glfwWindowHint(GLFW_DECORATED, GLFW_FALSE);
        glfwWindowHint(GLFW_FLOATING, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);  // placed before it is shown
    }
    GLFWwindow* w = glfwCreateWindow(width, height, options.title.c_str(), fullscreen, nullptr);
    if (!w && options.samples > 0) {
        // Some visuals offer no multisampling; a map without it is still a map.
        glfwWindowHint(GLFW_SAMPLES, 0);
        w = glfwCreateWindow(width, height, options.title.c_str(), fullscreen, nullptr);
    }
    if (w && options.placement == Placement::Span) {
        glfwSetWindowPos(w, x, y);
        glfwShowWindow(w);
    }
    if (w && options.hideCursor) glfwSetInputMode(w, GLFW_CURSOR, GLFW_CURSOR_HIDDEN);
    if (!w) {
        std::string why = takeLastError();
        glfwTerminate();
        return Error{"cannot open a " + std::to_string(width) + "x" + std::to_string(height) +
                     " window with a GL 3.3 core context: " + why};
    }
    std::unique_ptr<GlfwWindow> window(new GlfwWindow());
    window->window_ = w;
    glfwSetWindowUserPointer(w, window.get());
    glfwMakeContextCurrent(w);
    window->glThread_ = gl::GlThread::begin();
    if (debug) gl::enableDebugOutput();
    glfwSwapInterval(options.vsync ? 1 : 0);
    // Installed before Dear ImGui's backend, which chains onto them.
    glfwSetCursorPosCallback(w, onCursor);
    glfwSetMouseButtonCallback(w, onButton);
    glfwSetScrollCallback(w, onScroll);
    glfwSetKeyCallback(w, onKey);
    return window;
}

GlfwWindow::~GlfwWindow() {
    if (window_) {
        // What died elsewhere is deleted while the context is still there to delete it in.
        glfwMakeContextCurrent(window_);
        glThread_->bind();
        glThread_->end();
        glfwDestroyWindow(window_);
    }
    glfwTerminate();
}

bool GlfwWindow::shouldClose() const { return glfwWindowShouldClose(window_); }
bool GlfwWindow::iconified() const { return glfwGetWindowAttrib(window_, GLFW_ICONIFIED) != 0; }

bool GlfwWindow::contextLost() const {
    // GL 4.5 / KHR_robustness; a context made without robustness always answers GL_NO_ERROR.
    return glGetGraphicsResetStatus() != GL_NO_ERROR;
}

Vec2d GlfwWindow::position() const {
    int x = 0, y = 0;
    glfwGetWindowPos(window_, &x, &y);
    return {double(x), double(y)};
}

std::vector<MonitorInfo> GlfwWindow::monitors() {
    std::vector<MonitorInfo> out;
    int count = 0;
    GLFWmonitor** all = glfwGetMonitors(&count);
    GLFWmonitor* primary = glfwGetPrimaryMonitor();
    for (int i = 0; i < count; ++i) {
        MonitorInfo m;
        const char* name = glfwGetMonitorName(all[i]);
        m.name = name ? name : "monitor " + std::to_string(i);
        glfwGetMonitorPos(all[i], &m.x, &m.y);
        if (const GLFWvidmode* mode = glfwGetVideoMode(all[i])) m.width = mode->width, m.height = mode->height;
        m.primary = all[i] == primary;
        out.push_back(m);
    }
    return out;
}
void GlfwWindow::requestClose() { glfwSetWindowShouldClose(window_, GLFW_TRUE); }
void GlfwWindow::setTitle(const std::string& title) { glfwSetWindowTitle(window_, title.c_str()); }
void GlfwWindow::setVsync(bool on) { glfwSwapInterval(on ? 1 : 0); }

void GlfwWindow::pollEvents(double timeoutSeconds) {
    if (timeoutSeconds > 0) glfwWaitEventsTimeout(timeoutSeconds);
    else glfwPollEvents();
}

void GlfwWindow::wake() { glfwPostEmptyEvent(); }

std::vector<InputEvent> GlfwWindow::takeEvents() {
    std::vector<InputEvent> out;
    out.swap(events_);
    return out;
}

int GlfwWindow::framebufferWidth() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return w;
}

int GlfwWindow::framebufferHeight() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return h;
}

float GlfwWindow::contentScale() const {
    float x = 1, y = 1;
    glfwGetWindowContentScale(window_, &x, &y);
    return x > 0 ? x : 1.0f;
}

float GlfwWindow::pixelRatio() const {
    int ww = 0, wh = 0;
    glfwGetWindowSize(window_, &ww, &wh);
    return ww > 0 ? float(framebufferWidth()) / float(ww) : 1.0f;
}

Vec2d GlfwWindow::toFramebuffer(double x, double y) const {
    double r = pixelRatio();
    return {x * r, y * r};
}

Vec2d GlfwWindow::cursor() const {
    double x = 0, y = 0;
    glfwGetCursorPos(window_, &x, &y);
    return toFramebuffer(x, y);
}

bool GlfwWindow::buttonDown(int button) const {
    return glfwGetMouseButton(window_, GLFW_MOUSE_BUTTON_1 + button) == GLFW_PRESS;
}

bool GlfwWindow::cursorInside() const { return glfwGetWindowAttrib(window_, GLFW_HOVERED) != 0; }

double GlfwWindow::time() const { return glfwGetTime(); }

std::string GlfwWindow::glRenderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "";
}

void GlfwWindow::swapBuffers() {
    glfwSwapBuffers(window_);
    // The frame's defined point for deleting GL objects whose owners died on other threads.
    glThread_->drain();
}

void GlfwWindow::finish() { glFinish(); }

void GlfwWindow::clear(Rgba c) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, framebufferWidth(), framebufferHeight());
    glClearColor(c.r, c.g, c.b, 1);
    glClear(GL_COLOR_BUFFER_BIT);
}

Result<Image> GlfwWindow::readFramebuffer() const {
    const int w = framebufferWidth(), h = framebufferHeight();
    if (w <= 0 || h <= 0) return Error{"the window has no framebuffer to read (minimized?)"};
    GLint previous = 0;
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    glReadBuffer(GL_BACK);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    Image image = Image::filled(w, h);
    // Not GL_CHECK: that would take the error this function turns into its Result, in every build.
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(previous));
    if (GLenum e = glGetError(); e != GL_NO_ERROR) {
        return Error{"reading the window's framebuffer failed (" + gl::errorName(e) + ")"};
    }
    // What is on screen is opaque, whatever blending left in the alpha channel.
    for (size_t i = 3; i < image.rgba.size(); i += Image::kChannels) image.rgba[i] = 255;
    image.flipVertically();
    return image;
}

void GlfwWindow::onCursor(GLFWwindow* w, double x, double y) {
    GlfwWindow* win = self(w);
    InputEvent e;
    e.type = InputEvent::Type::CursorMove;
    e.position = win->toFramebuffer(x, y);
    win->events_.push_back(e);
}

void GlfwWindow::onButton(GLFWwindow* w, int button, int action, int) {
    GlfwWindow* win = self(w);
    InputEvent e;
    e.type = action == GLFW_PRESS ? InputEvent::Type::ButtonDown : InputEvent::Type::ButtonUp;
    e.button = button;
    e.position = win->cursor();
    win->events_.push_back(e);
}

void GlfwWindow::onScroll(GLFWwindow* w, double, double dy) {
    GlfwWindow* win = self(w);
    InputEvent e;
    e.type = InputEvent::Type::Scroll;
    e.scroll = dy;
    e.position = win->cursor();
    win->events_.push_back(e);
}

void GlfwWindow::onKey(GLFWwindow* w, int key, int, int action, int) {
    GlfwWindow* win = self(w);
    InputEvent e;
    e.type = action == GLFW_RELEASE ? InputEvent::Type::KeyUp : InputEvent::Type::KeyDown;
    e.repeat = action == GLFW_REPEAT;
    e.key = keyFromGlfw(key);
    e.position = win->cursor();
    win->events_.push_back(e);
}

}  // namespace gs
