#include "ui_renderer.hpp"

#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "ui_font.hpp"

namespace gs::cli {

namespace {

bool sameCommand(const ImDrawCmd& c, const ImVec4& clip, ImTextureID texture, unsigned vtx, unsigned idx, unsigned n) {
    return c.ClipRect.x == clip.x && c.ClipRect.y == clip.y && c.ClipRect.z == clip.z && c.ClipRect.w == clip.w &&
           c.TextureId == texture && c.VtxOffset == vtx && c.IdxOffset == idx && c.ElemCount == n;
}

}  // namespace

void UiRenderer::invalidate() {
    patches_.clear();
    for (auto& [name, state] : lists_) {
        state.pictured = state.unpicturable = false;
        state.sameFrames = 0;
    }
}

bool UiRenderer::sameAsBefore(const ImDrawList& list, ListState& state) const {
    const bool same =
        size_t(list.VtxBuffer.Size) == state.vertices.size() && size_t(list.IdxBuffer.Size) == state.indices.size() &&
        size_t(list.CmdBuffer.Size) == state.commands.size() &&
        std::memcmp(list.VtxBuffer.Data, state.vertices.data(), state.vertices.size() * sizeof(ImDrawVert)) == 0 &&
        std::memcmp(list.IdxBuffer.Data, state.indices.data(), state.indices.size() * sizeof(ImDrawIdx)) == 0 &&
        std::equal(state.commands.begin(), state.commands.end(), list.CmdBuffer.Data, [](const Command& a, const ImDrawCmd& b) {
            return sameCommand(b, a.clip, a.texture, a.vtxOffset, a.idxOffset, a.count);
        });
    if (same) return true;
    state.vertices.assign(list.VtxBuffer.Data, list.VtxBuffer.Data + list.VtxBuffer.Size);
    state.indices.assign(list.IdxBuffer.Data, list.IdxBuffer.Data + list.IdxBuffer.Size);
    state.commands.clear();
    for (const ImDrawCmd& c : list.CmdBuffer)
        state.commands.push_back({c.ClipRect, c.TextureId, c.VtxOffset, c.IdxOffset, c.ElemCount});
    return false;
}

bool UiRenderer::picture(const ImDrawData& data, ImDrawList* list, ListState& state) {
    // What the list draws: each command's triangles, cut to its clip rectangle (the backend
    // scissors each to its own; a window's first commands clip to the whole screen).
    const ImVec2 scale = data.FramebufferScale;
    float x0 = data.DisplayPos.x + data.DisplaySize.x, y0 = data.DisplayPos.y + data.DisplaySize.y;
    float x1 = data.DisplayPos.x, y1 = data.DisplayPos.y;
    for (const ImDrawCmd& c : list->CmdBuffer) {
        if (c.ElemCount == 0) continue;
        float cx0 = c.ClipRect.z, cy0 = c.ClipRect.w, cx1 = c.ClipRect.x, cy1 = c.ClipRect.y;
        for (unsigned k = c.IdxOffset; k < c.IdxOffset + c.ElemCount && k < unsigned(list->IdxBuffer.Size); ++k) {
            const unsigned v = c.VtxOffset + list->IdxBuffer[int(k)];
            if (v >= unsigned(list->VtxBuffer.Size)) continue;
            const ImVec2 p = list->VtxBuffer[int(v)].pos;
            cx0 = std::min(cx0, p.x);
            cy0 = std::min(cy0, p.y);
            cx1 = std::max(cx1, p.x);
            cy1 = std::max(cy1, p.y);
        }
        x0 = std::min(x0, std::max(cx0, c.ClipRect.x));
        y0 = std::min(y0, std::max(cy0, c.ClipRect.y));
        x1 = std::max(x1, std::min(cx1, c.ClipRect.z));
        y1 = std::max(y1, std::min(cy1, c.ClipRect.w));
    }
    const int fbWidth = int(data.DisplaySize.x * scale.x), fbHeight = int(data.DisplaySize.y * scale.y);
    ScreenPatches::Rect r;
    r.x = std::max(0, int(std::floor((x0 - data.DisplayPos.x) * scale.x)));
    r.y = std::max(0, int(std::floor((y0 - data.DisplayPos.y) * scale.y)));
    r.width = std::min(fbWidth, int(std::ceil((x1 - data.DisplayPos.x) * scale.x))) - r.x;
    r.height = std::min(fbHeight, int(std::ceil((y1 - data.DisplayPos.y) * scale.y))) - r.y;
    if (r.width <= 0 || r.height <= 0) return false;
    // The backend's viewport is DisplaySize * FramebufferScale, truncated: the picture's pixels
    // are the screen's only where that gives back the rectangle exactly.
    ImDrawData one = data;
    one.CmdLists = &list;
    one.CmdListsCount = 1;
    one.TotalVtxCount = list->VtxBuffer.Size;
    one.TotalIdxCount = list->IdxBuffer.Size;
    one.DisplayPos = ImVec2(data.DisplayPos.x + float(r.x) / scale.x, data.DisplayPos.y + float(r.y) / scale.y);
    one.DisplaySize = ImVec2(float(r.width) / scale.x, float(r.height) / scale.y);
    if (int(one.DisplaySize.x * scale.x) != r.width || int(one.DisplaySize.y * scale.y) != r.height) return false;
    if (!patches_.begin(state.id, r)) return false;
    ImGui_ImplOpenGL3_RenderDrawData(&one);
    patches_.end();
    return true;
}

void UiRenderer::render(const ImDrawData& data) {
    ++frame_;
    stats_ = Stats{};
    const ImTextureID font = ImGui::GetIO().Fonts->TexID;
    if (uiFontGeneration() != fontGeneration_ || font != fontTexture_) {
        invalidate();
        fontGeneration_ = uiFontGeneration();
        fontTexture_ = font;
    }
    const int fbWidth = int(data.DisplaySize.x * data.FramebufferScale.x);
    const int fbHeight = int(data.DisplaySize.y * data.FramebufferScale.y);
    if (fbWidth <= 0 || fbHeight <= 0) return;

    // Lists drawn as they are, gathered while they follow each other; a picture laid between
    // them keeps the order.
    std::vector<ImDrawList*> run;
    auto flush = [&] {
        if (run.empty()) return;
        ImDrawData some = data;
        some.CmdLists = run.data();
        some.CmdListsCount = int(run.size());
        some.TotalVtxCount = some.TotalIdxCount = 0;
        for (const ImDrawList* l : run) {
            some.TotalVtxCount += l->VtxBuffer.Size;
            some.TotalIdxCount += l->IdxBuffer.Size;
        }
        ImGui_ImplOpenGL3_RenderDrawData(&some);
        stats_.drawn += int(run.size());
        run.clear();
    };
    for (int i = 0; i < data.CmdListsCount; ++i) {
        ImDrawList* list = data.CmdLists[i];
        const bool callback = std::any_of(list->CmdBuffer.begin(), list->CmdBuffer.end(),
                                          [](const ImDrawCmd& c) { return c.UserCallback != nullptr; });
        if (list->VtxBuffer.Size < kMinVertices || callback || !list->_OwnerName) {
            run.push_back(list);
            continue;
        }
        auto [it, added] = lists_.try_emplace(list->_OwnerName);
        ListState& state = it->second;
        if (added) state.id = nextId_++;
        state.seen = frame_;
        if (!sameAsBefore(*list, state)) {
            state.sameFrames = 0;
            state.unpicturable = false;
            if (state.pictured) patches_.drop(state.id);
            state.pictured = false;
            run.push_back(list);
            continue;
        }
        if (!state.pictured && !state.unpicturable && ++state.sameFrames >= kStableFrames) {
            state.pictured = picture(data, list, state);
            state.unpicturable = !state.pictured;
            if (state.pictured) ++stats_.pictured;
        }
        if (!state.pictured) {
            run.push_back(list);
            continue;
        }
        flush();
        if (patches_.draw(state.id, fbWidth, fbHeight)) {
            ++stats_.laid;
        } else {
            state.pictured = false;
            state.unpicturable = true;
            patches_.drop(state.id);
            run.push_back(list);
        }
    }
    flush();
    // Windows gone for a while (a closed panel, a tooltip) take their pictures with them.
    for (auto it = lists_.begin(); it != lists_.end();) {
        if (frame_ - it->second.seen > 120) {
            patches_.drop(it->second.id);
            it = lists_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace gs::cli
