#include "platform/glfw_window.hpp"

#include "render/gl.hpp"  // before GLFW, which then adds no GL header of its own
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

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
    GLFWwindow* w =
        glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    if (!w && options.samples > 0) {
        // Some visuals offer no multisampling; a map without it is still a map.
        glfwWindowHint(GLFW_SAMPLES, 0);
        w = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
    }
    if (!w) {
        std::string why = takeLastError();
        glfwTerminate();
        return Error{"cannot open a " + std::to_string(options.width) + "x" +
                     std::to_string(options.height) + " window with a GL 3.3 core context: " + why};
    }
    std::unique_ptr<GlfwWindow> window(new GlfwWindow());
    window->window_ = w;
    glfwSetWindowUserPointer(w, window.get());
    glfwMakeContextCurrent(w);
    glfwSwapInterval(options.vsync ? 1 : 0);
    // Installed before Dear ImGui's backend, which chains onto them.
    glfwSetCursorPosCallback(w, onCursor);
    glfwSetMouseButtonCallback(w, onButton);
    glfwSetScrollCallback(w, onScroll);
    glfwSetKeyCallback(w, onKey);
    return window;
}

GlfwWindow::~GlfwWindow() {
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

bool GlfwWindow::shouldClose() const { return glfwWindowShouldClose(window_); }
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

void GlfwWindow::swapBuffers() { glfwSwapBuffers(window_); }

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
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, image.rgba.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, GLuint(previous));
    if (GLenum e = glGetError(); e != GL_NO_ERROR)
        return Error{"reading the window's framebuffer failed (GL error " + std::to_string(e) + ")"};
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
