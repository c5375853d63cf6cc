#include "script_driver.hpp"

#include <imgui.h>

#include <cstdio>
#include <fstream>

#include "commands.hpp"
#include "image/png.hpp"
#include "ui_items.hpp"

namespace gs::cli {

namespace {

// Frames drawn once the scene is ready before the first step: the panels size themselves over the
// first frames (auto-resizing windows measure, then place), so their items have settled.
constexpr int kStartFrames = 4;

using Kind = ScriptStep::Kind;

std::string pixelText(Vec2d p) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "(%.0f, %.0f)", p.x, p.y);
    return buf;
}

}  // namespace

ScriptDriver::ScriptDriver(std::optional<InputScript> script, std::string stateOut, GlfwWindow& window)
    : script_(std::move(script)), stateOut_(std::move(stateOut)), window_(window) {
    enableUiItems(true);
}

ScriptDriver::~ScriptDriver() { enableUiItems(false); }

std::string ScriptDriver::where(const ScriptStep& step) const {
    return script_->file + ": " + step.path + " (" + scriptStepName(step.kind) + ")";
}

Result<Vec2d> ScriptDriver::resolve(const ScriptTarget& t, const ScriptStep& step, const WindowStateSources& s) const {
    const double w = window_.framebufferWidth(), h = window_.framebufferHeight();
    Vec2d p;
    switch (t.kind) {
        case ScriptTarget::Kind::None: return pointer_;
        case ScriptTarget::Kind::Pixel: p = t.pixel; break;
        case ScriptTarget::Kind::Item: {
            const UiItem* item = findUiItem(t.item);
            if (!item) {
                std::string names;
                for (const auto& n : uiItemNames()) names += (names.empty() ? "" : ", ") + n;
                return Error{where(step) + ": no UI item \"" + t.item + "\" in the window now (items: " +
                             (names.empty() ? "none" : names) + ")"};
            }
            // ImGui's coordinates are screen units; the pointer goes in framebuffer pixels.
            const double r = window_.pixelRatio();
            p = {r * (item->x0 + t.at.x * (item->x1 - item->x0)), r * (item->y0 + t.at.y * (item->y1 - item->y0))};
            const bool shown = item->visible() && p.x >= r * item->clipX0 && p.x <= r * item->clipX1 &&
                               p.y >= r * item->clipY0 && p.y <= r * item->clipY1;
            if (!shown)
                return Error{where(step) + ": UI item \"" + t.item + "\" is hidden at " + pixelText(p) +
                             " (scrolled out of its panel or off the window)"};
            return p;
        }
        case ScriptTarget::Kind::LonLat: {
            Vec2d world = t.lonLat;
            if (!fromLonLat_ || fromLonLat_->transform(std::span<Vec2d>(&world, 1)) != 0)
                return Error{where(step) + ": lon/lat cannot be put on the map in " + s.scene->config.displayCrs};
            p = s.map->camera.worldToScreen(world);
            break;
        }
    }
    if (p.x < 0 || p.y < 0 || p.x >= w || p.y >= h)
        return Error{where(step) + ": " + pixelText(p) + " is off the window (" + std::to_string(int(w)) + "x" +
                     std::to_string(int(h)) + ")"};
    return p;
}

// A press meant for the map must reach it: Dear ImGui, having seen the pointer there for a frame,
// must not want the mouse (no panel under it).
Status ScriptDriver::checkOnMap(const ScriptTarget& t, Vec2d p, const ScriptStep& step) const {
    if (t.kind != ScriptTarget::Kind::LonLat || !ImGui::GetIO().WantCaptureMouse) return {};
    char buf[96];
    std::snprintf(buf, sizeof buf, "lon/lat (%.6f, %.6f)", t.lonLat.x, t.lonLat.y);
    return Error{where(step) + ": " + buf + " is at " + pixelText(p) + ", under a panel, not on the map"};
}

// The frames of one step, as actions run after each frame; state and screenshot run at once.
Status ScriptDriver::begin(const ScriptStep& step, const WindowStateSources& s) {
    pending_.clear();
    pendingAt_ = 0;
    SyntheticInput& in = *input_;
    auto moveTo = [this, &in, &step, s](const ScriptTarget& t) -> Action {
        return [this, &in, &step, s, t]() -> Status {
            auto p = resolve(t, step, s);
            if (!p) return p.error();
            in.moveTo(*p);
            pointer_ = *p;
            return {};
        };
    };
    auto button = [this, &in, &step](const ScriptTarget& t, bool down) -> Action {
        return [this, &in, &step, t, down]() -> Status {
            if (down)
                if (Status ok = checkOnMap(t, pointer_, step); !ok) return ok;
            in.button(step.button, down);
            return {};
        };
    };
    const Action idle = [] { return Status{}; };
    switch (step.kind) {
        case Kind::State: {
            if (!states_.count(step.name)) order_.push_back(step.name);
            states_[step.name] = windowState(s);
            return {};
        }
        case Kind::Screenshot: {
            auto image = window_.readFramebuffer();
            if (!image) return image.error();
            return writePng(step.name, *image);
        }
        case Kind::Wait: pending_.assign(size_t(step.frames), idle); return {};
        case Kind::Move: pending_.push_back(moveTo(step.target)); break;
        case Kind::Press: case Kind::Release:
            if (step.target.kind != ScriptTarget::Kind::None) pending_.push_back(moveTo(step.target));
            pending_.push_back(button(step.target, step.kind == Kind::Press));
            break;
        case Kind::Click:
            pending_.push_back(moveTo(step.target));
            pending_.push_back(button(step.target, true));
            pending_.push_back(button(step.target, false));
            break;
        case Kind::Drag: {
            pending_.push_back(moveTo(step.target));
            pending_.push_back(button(step.target, true));
            // The ends are found once, where the drag starts: what it drags may move under it.
            auto from = resolve(step.target, step, s);
            auto to = resolve(step.to, step, s);
            if (!from) return from.error();
            if (!to) return to.error();
            for (int k = 1; k <= step.frames; ++k) {
                const double f = double(k) / step.frames;
                const Vec2d p = *from + (*to - *from) * f;
                pending_.push_back([this, &in, p]() -> Status {
                    in.moveTo(p);
                    pointer_ = p;
                    return {};
                });
            }
            pending_.push_back(button(step.to, false));
            break;
        }
        case Kind::Key:
            // Down and up for the same frame: held across a slow frame (past X's auto-repeat delay,
            // 660 ms by default), the key would repeat and type twice.
            pending_.push_back([this, &in, &step]() -> Status {
                in.focus();
                if (!in.key(step.key, true))
                    return Error{where(step) + ": the keyboard layout has no key for \"" + step.key + "\""};
                in.key(step.key, false);
                return {};
            });
            break;
    }
    pending_.insert(pending_.end(), size_t(script_->settleFrames), idle);
    return {};
}

int ScriptDriver::finish(const WindowStateSources& s) {
    if (stateOut_.empty()) return 0;
    if (!states_.count("end")) order_.push_back("end");
    states_["end"] = windowState(s);
    nlohmann::json out;
    out["script"] = script_ ? nlohmann::json(script_->file) : nlohmann::json(nullptr);
    out["frames"] = s.frame;
    out["order"] = order_;
    out["states"] = states_;
    std::ofstream file(stateOut_);
    file << out.dump(2) << "\n";
    if (!file) return reportBad(Error{"--state-out " + stateOut_ + ": cannot write it"});
    return 0;
}

std::optional<int> ScriptDriver::afterFrame(const WindowStateSources& sources) {
    WindowStateSources s = sources;
    s.frame = ++readyFrames_;
    if (readyFrames_ < kStartFrames) return std::nullopt;
    if (readyFrames_ == kStartFrames) {
        order_.push_back("start");
        states_["start"] = windowState(s);
        if (!script_) return finish(s);
        auto input = SyntheticInput::create(window_);
        if (!input) return reportFailure(input.error());
        input_ = std::move(*input);
        if (auto t = Transformer::create("EPSG:4326", s.scene->config.displayCrs)) fromLonLat_.emplace(std::move(*t));
    }
    // One action a frame; steps without frames of their own (states, screenshots) run in between.
    while (true) {
        if (pendingAt_ < pending_.size()) {
            if (Status ok = pending_[pendingAt_++](); !ok) return reportBad(ok.error());
            input_->sync();  // the events are queued for the next frame's poll
            return std::nullopt;
        }
        if (next_ >= script_->steps.size()) return finish(s);
        if (Status ok = begin(script_->steps[next_++], s); !ok) return reportBad(ok.error());
    }
}

}  // namespace gs::cli
