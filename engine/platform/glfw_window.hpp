// A desktop window with a GL 3.3 core context, through GLFW: the platform of the interactive map.
// It knows nothing of Dear ImGui or of maps. Input arrives as a queue of small events that the
// view drains once per frame (ImGui's GLFW backend chains onto the same callbacks), and the view
// reads pixels back through readFramebuffer() so that only engine code calls GL.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "image/image.hpp"

struct GLFWwindow;

namespace gs::gl {
class GlThread;
}

namespace gs {

struct WindowOptions {
    int width = 1600, height = 1000;  // in screen coordinates
    std::string title = "gridscope";
    bool vsync = true;
    int samples = 4;  // multisampling of the default framebuffer; 0 turns it off
    // Where the window goes: a desktop window, fullscreen on one monitor (`monitor`, -1 the
    // primary), or one borderless window covering every monitor (a video wall).
    enum class Placement { Windowed, Fullscreen, Span };
    Placement placement = Placement::Windowed;
    int monitor = -1;
    bool hideCursor = false;
    bool robust = false;  // ask for a context that reports a GPU reset instead of hanging
};

// A monitor as the window system places it (screen coordinates of the virtual desktop).
struct MonitorInfo {
    std::string name;
    int x = 0, y = 0, width = 0, height = 0;
    bool primary = false;
};

// The keys the map reacts to; everything else arrives as Other (ImGui sees all keys anyway).
enum class Key { Other, Left, Right, Up, Down, W, A, S, D, Plus, Minus, F, Home, L, Escape };

struct InputEvent {
    enum class Type { CursorMove, ButtonDown, ButtonUp, Scroll, KeyDown, KeyUp };
    Type type = Type::CursorMove;
    Vec2d position;      // cursor in framebuffer pixels (origin top left) when the event happened
    double scroll = 0;   // Scroll: wheel steps, > 0 away from the user
    int button = 0;      // ButtonDown/Up: 0 left, 1 right, 2 middle
    Key key = Key::Other;
    bool repeat = false; // KeyDown: auto-repeat while held
};

class GlfwWindow {
public:
    // Fails with one line that says what to do instead when there is no display to open (no
    // DISPLAY / WAYLAND_DISPLAY, or the X server cannot be reached).
    static Status checkDisplay();
    // The monitors, primary first (after checkDisplay()).
    static std::vector<MonitorInfo> monitors();
    // Opens the window and makes its GL 3.3 core (forward-compatible) context current; the calling
    // thread is its GL thread (platform/gl_thread.hpp) from then on.
    static Result<std::unique_ptr<GlfwWindow>> create(const WindowOptions& options);
    ~GlfwWindow();
    GlfwWindow(const GlfwWindow&) = delete;
    GlfwWindow& operator=(const GlfwWindow&) = delete;

    // For Dear ImGui's GLFW backend; views pass it on without including GLFW.
    GLFWwindow* native() const { return window_; }

    bool shouldClose() const;
    bool iconified() const;    // minimised: nothing to draw until it comes back
    // The context was lost (a GPU reset; only with WindowOptions::robust): the window and every GL
    // object must be made again.
    bool contextLost() const;
    Vec2d position() const;    // the window's top-left corner, screen coordinates
    void requestClose();
    void setTitle(const std::string& title);
    void setVsync(bool on);

    // Processes pending window-system events; with timeoutSeconds > 0, first sleeps until an event
    // arrives or the time passes (an idle map costs no CPU).
    void pollEvents(double timeoutSeconds = 0);
    // Wakes a thread blocked in pollEvents (safe to call from any thread, e.g. a loader).
    static void wake();
    // The input events queued since the last call.
    std::vector<InputEvent> takeEvents();

    int framebufferWidth() const;
    int framebufferHeight() const;
    // How much bigger than at 96 dpi text and widgets should be, in framebuffer pixels (1 on an
    // ordinary display, 2 on a HiDPI one).
    float contentScale() const;
    // Framebuffer pixels per screen coordinate (2 on macOS Retina, 1 on X11 even when HiDPI).
    float pixelRatio() const;
    Vec2d cursor() const;  // in framebuffer pixels
    bool buttonDown(int button) const;
    bool cursorInside() const;  // the cursor is over the window's client area
    double time() const;   // seconds since GLFW started
    std::string glRenderer() const;  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"

    // Fills the framebuffer with one colour (while there is no map to draw yet).
    void clear(Rgba color);
    // Shows the frame, then deletes the GL objects whose owners died off the GL thread since.
    void swapBuffers();
    // Waits until the GPU has finished every command issued so far (frame timing).
    void finish();
    // The back buffer as it is now (call before swapBuffers), rows top to bottom.
    Result<Image> readFramebuffer() const;

private:
    GlfwWindow() = default;
    static void onCursor(GLFWwindow* w, double x, double y);
    static void onButton(GLFWwindow* w, int button, int action, int mods);
    static void onScroll(GLFWwindow* w, double dx, double dy);
    static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
    Vec2d toFramebuffer(double x, double y) const;

    GLFWwindow* window_ = nullptr;
    std::shared_ptr<gl::GlThread> glThread_;  // the thread that opened it (platform/gl_thread.hpp)
    std::vector<InputEvent> events_;
};

}  // namespace gs
