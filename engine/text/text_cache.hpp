// The text a frame draws on screen: glyph atlases by pixel size (made on first use, shared by
// everything one renderer draws, so one atlas id means the same texels everywhere), laid-out lines
// cached by text, size and alignment, and addText(), which puts a layout's glyph quads into a
// ScreenBatch at an anchor. The map's labels and legends (render/scene_renderer) and the live
// overlay's badges, labels and legend (live/overlay) lay their text out here. CPU only.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/result.hpp"
#include "core/types.hpp"
#include "text/glyph_atlas.hpp"
#include "text/screen_batch.hpp"
#include "text/text_layout.hpp"

namespace gs {

class TextCache {
public:
    // The atlas of a pixel size (clamped to 6..256) and its id; null when no font can be loaded
    // (the error is kept, fontError(), and text is skipped).
    GlyphAtlas* atlas(int pixelSize, int& atlasId);
    // One line of `text` at `pixelSize`, vertically centred on its anchor; null without a font or
    // when the atlas cannot take its glyphs. The pointer stays valid until the next beginFrame().
    const TextLayout* layout(std::string_view text, int pixelSize, int& atlasId, HAlign align = HAlign::Center);
    // Once a frame, before its layouts: forgets them all when more than `kMaxLayouts` are kept (a
    // live clock or counts make new strings all day). Layouts are never dropped mid-frame.
    void beginFrame();
    std::size_t layoutCount() const { return layouts_.size(); }
    const std::optional<Error>& fontError() const { return fontError_; }

    // Every atlas: pixel size -> (id, atlas), for the renderers' textures.
    const std::map<int, std::pair<int, std::unique_ptr<GlyphAtlas>>>& atlases() const { return atlases_; }

    static constexpr std::size_t kMaxLayouts = 16384;

private:
    std::map<int, std::pair<int, std::unique_ptr<GlyphAtlas>>> atlases_;
    std::optional<Error> fontError_;
    std::unordered_map<std::string, TextLayout> layouts_;
    std::string key_;  // scratch: a lookup that hits allocates nothing
};

// The layout's glyphs into `batch`, the anchor snapped to a whole pixel (glyphs stay sharp).
void addText(ScreenBatch& batch, const TextLayout& layout, int atlasId, Vec2d anchor, Rgba color, Rgba halo);

}  // namespace gs
