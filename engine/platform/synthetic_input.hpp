// Input made by the X server itself, for the window's input scripts (views/script_driver): the
// XTEST extension moves the pointer and presses buttons and keys as a device would, so what a
// script does reaches the window by the path a user's hand takes — X server → GLFW's callbacks →
// Dear ImGui's backend and the window's InputEvent queue — and Dear ImGui's polling of the pointer
// and buttons sees the same state. Nothing is called on the panels or the analysis directly.
//
// libX11 and libXtst are opened at run time (libXtst ships with xdotool and Xvfb setups; Debian
// installs no XTest headers with GLFW), so the window needs neither to build or to run without a
// script. Debian's GLFW 3.3 speaks X11 only: under Xvfb this is the whole story.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/types.hpp"

namespace gs {

class GlfwWindow;

class SyntheticInput {
public:
    // Fails with one line when the display has no XTEST extension or libXtst cannot be opened.
    static Result<std::unique_ptr<SyntheticInput>> create(GlfwWindow& window);
    ~SyntheticInput();
    SyntheticInput(const SyntheticInput&) = delete;
    SyntheticInput& operator=(const SyntheticInput&) = delete;

    // The pointer to a point of the window, in framebuffer pixels (origin top left).
    void moveTo(Vec2d framebufferPx);
    // A mouse button (0 left, 1 right, 2 middle, as GLFW numbers them) down or up.
    void button(int button, bool down);
    // A key by name: one printable ASCII character ("[", "]", "a", "+") or one of keyNames();
    // Shift is held around it when the layout needs it. False for a name it does not know.
    bool key(std::string_view name, bool down);
    static bool knownKey(std::string_view name);
    static std::string keyNames();  // "space, escape, enter, ..." for messages
    // Gives the window the keyboard focus (a key goes to the focused window).
    void focus();
    // Waits until the server has handled every request so far: the events they make are then
    // queued for the window's next pollEvents().
    void sync();

private:
    struct Api;
    SyntheticInput() = default;
    GlfwWindow* window_ = nullptr;
    void* display_ = nullptr;
    std::unique_ptr<Api> api_;
};

}  // namespace gs
