#include "platform/synthetic_input.hpp"

#include "platform/glfw_window.hpp"
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <dlfcn.h>

#include <cmath>
#include <cstdint>
#include <utility>

namespace gs {

namespace {

// The few Xlib and XTest calls, declared by hand (no X headers needed): Display* is opaque here,
// Bool an int, KeySym an unsigned long, KeyCode an unsigned char.
using XDisplay = void;
using KeySym = unsigned long;
using KeyCode = unsigned char;
constexpr KeySym kShiftL = 0xffe1;

// Named keys and their X keysyms; printable ASCII characters are their own keysyms (Latin-1).
constexpr std::pair<const char*, KeySym> kNamedKeys[] = {
    {"space", 0x0020},     {"escape", 0xff1b}, {"enter", 0xff0d}, {"tab", 0xff09},  {"backspace", 0xff08},
    {"delete", 0xffff},    {"left", 0xff51},   {"up", 0xff52},    {"right", 0xff53}, {"down", 0xff54},
    {"home", 0xff50},      {"end", 0xff57},    {"plus", 0x002b},  {"minus", 0x002d},
};

KeySym keysymOf(std::string_view name) {
    for (const auto& [n, sym] : kNamedKeys)
        if (name == n) return sym;
    if (name.size() == 1 && name[0] > 0x20 && name[0] < 0x7f) return KeySym(static_cast<unsigned char>(name[0]));
    return 0;
}

template <class F>
bool load(void* lib, const char* name, F& out) {
    out = reinterpret_cast<F>(dlsym(lib, name));
    return out != nullptr;
}

}  // namespace

// The libraries stay loaded to the end of the process (RTLD_NODELETE): XTest hooks itself into the
// display connection, which GLFW closes after this object is gone.
struct SyntheticInput::Api {
    void* x11 = nullptr;
    void* xtst = nullptr;
    int (*sync)(XDisplay*, int) = nullptr;
    KeyCode (*keysymToKeycode)(XDisplay*, KeySym) = nullptr;
    KeySym (*keycodeToKeysym)(XDisplay*, KeyCode, int) = nullptr;
    int (*queryExtension)(XDisplay*, int*, int*, int*, int*) = nullptr;
    int (*fakeMotion)(XDisplay*, int, int, int, unsigned long) = nullptr;
    int (*fakeButton)(XDisplay*, unsigned, int, unsigned long) = nullptr;
    int (*fakeKey)(XDisplay*, unsigned, int, unsigned long) = nullptr;
};

Result<std::unique_ptr<SyntheticInput>> SyntheticInput::create(GlfwWindow& window) {
    std::unique_ptr<SyntheticInput> in(new SyntheticInput());
    in->window_ = &window;
    in->api_ = std::make_unique<Api>();
    Api& a = *in->api_;
    // GLFW's own X connection: the events then come to the window GLFW reads them for.
    XDisplay* (*getDisplay)() = nullptr;
    if (!load(RTLD_DEFAULT, "glfwGetX11Display", getDisplay) || !(in->display_ = getDisplay()))
        return Error{"input script: the window is not on an X11 display (GLFW has no X connection)"};
    a.x11 = dlopen("libX11.so.6", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    a.xtst = dlopen("libXtst.so.6", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!a.x11 || !a.xtst)
        return Error{std::string("input script: cannot open ") + (a.x11 ? "libXtst.so.6" : "libX11.so.6") +
                     " (Debian: apt-get install libxtst6)"};
    if (!load(a.x11, "XSync", a.sync) || !load(a.x11, "XKeysymToKeycode", a.keysymToKeycode) ||
        !load(a.x11, "XKeycodeToKeysym", a.keycodeToKeysym) ||
        !load(a.xtst, "XTestQueryExtension", a.queryExtension) ||
        !load(a.xtst, "XTestFakeMotionEvent", a.fakeMotion) || !load(a.xtst, "XTestFakeButtonEvent", a.fakeButton) ||
        !load(a.xtst, "XTestFakeKeyEvent", a.fakeKey))
        return Error{"input script: libX11 or libXtst lacks a function it should have"};
    int event = 0, error = 0, major = 0, minor = 0;
    if (!a.queryExtension(in->display_, &event, &error, &major, &minor))
        return Error{"input script: the X server has no XTEST extension (Xvfb has it unless started with "
                     "-extension XTEST)"};
    return in;
}

SyntheticInput::~SyntheticInput() = default;

void SyntheticInput::moveTo(Vec2d p) {
    // The window's client area in root coordinates; framebuffer pixels to screen units.
    const Vec2d origin = window_->position();
    const double ratio = window_->pixelRatio();
    const int x = int(std::lround(origin.x + p.x / ratio)), y = int(std::lround(origin.y + p.y / ratio));
    api_->fakeMotion(display_, -1, x, y, 0);
}

void SyntheticInput::button(int button, bool down) {
    // X numbers buttons 1 left, 2 middle, 3 right; GLFW 0 left, 1 right, 2 middle.
    static constexpr unsigned kXButton[] = {1, 3, 2};
    api_->fakeButton(display_, kXButton[button >= 0 && button < 3 ? button : 0], down ? 1 : 0, 0);
}

bool SyntheticInput::knownKey(std::string_view name) { return keysymOf(name) != 0; }

std::string SyntheticInput::keyNames() {
    std::string out;
    for (const auto& [n, sym] : kNamedKeys) out += (out.empty() ? "" : ", ") + std::string(n);
    return out + ", or one printable character";
}

bool SyntheticInput::key(std::string_view name, bool down) {
    const KeySym sym = keysymOf(name);
    if (sym == 0) return false;
    const KeyCode code = api_->keysymToKeycode(display_, sym);
    if (code == 0) return false;
    // The keysym on the key's second level (e.g. '+' over '=' on a US layout) needs Shift.
    const bool shift =
        api_->keycodeToKeysym(display_, code, 0) != sym && api_->keycodeToKeysym(display_, code, 1) == sym;
    const KeyCode shiftCode = shift ? api_->keysymToKeycode(display_, kShiftL) : 0;
    if (down && shiftCode) api_->fakeKey(display_, shiftCode, 1, 0);
    api_->fakeKey(display_, code, down ? 1 : 0, 0);
    if (!down && shiftCode) api_->fakeKey(display_, shiftCode, 0, 0);
    return true;
}

void SyntheticInput::focus() {
    if (!glfwGetWindowAttrib(window_->native(), GLFW_FOCUSED)) glfwFocusWindow(window_->native());
}

void SyntheticInput::sync() { api_->sync(display_, 0); }

}  // namespace gs
