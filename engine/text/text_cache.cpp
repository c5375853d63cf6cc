#include "text/text_cache.hpp"

#include <algorithm>
#include <cmath>

namespace gs {

GlyphAtlas* TextCache::atlas(int pixelSize, int& atlasId) {
    pixelSize = std::clamp(pixelSize, 6, 256);
    auto it = atlases_.find(pixelSize);
    if (it == atlases_.end()) {
        if (fontError_) return nullptr;
        auto font = Font::loadDefault(pixelSize);
        if (!font) {
            fontError_ = font.error();  // reported once by the caller's log; text is skipped
            return nullptr;
        }
        const int id = int(atlases_.size());
        it = atlases_.emplace(pixelSize, std::make_pair(id, std::make_unique<GlyphAtlas>(std::move(*font)))).first;
    }
    atlasId = it->second.first;
    return it->second.second.get();
}

const TextLayout* TextCache::layout(std::string_view text, int pixelSize, int& atlasId, HAlign align) {
    GlyphAtlas* a = atlas(pixelSize, atlasId);
    if (!a) return nullptr;
    key_.clear();
    key_ += std::to_string(std::clamp(pixelSize, 6, 256));
    key_ += char('0' + int(align));
    key_ += text;
    auto it = layouts_.find(key_);
    if (it == layouts_.end()) {
        auto l = layoutText(text, *a, {align, VAlign::Middle});
        if (!l) return nullptr;
        it = layouts_.emplace(key_, std::move(*l)).first;
    }
    return &it->second;
}

void TextCache::beginFrame() {
    if (layouts_.size() > kMaxLayouts) layouts_.clear();
}

void addText(ScreenBatch& batch, const TextLayout& layout, int atlasId, Vec2d anchor, Rgba color, Rgba halo) {
    const float ax = float(std::round(anchor.x)), ay = float(std::round(anchor.y));
    for (const GlyphQuad& q : layout.quads)
        batch.addGlyph(atlasId, ax + q.x0, ay + q.y0, ax + q.x1, ay + q.y1, q.u0, q.v0, q.u1, q.v1, color, halo);
}

}  // namespace gs
