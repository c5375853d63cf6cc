// The static map while the camera moves, from a pyramid of tiles drawn a few a frame.
//
// A moving camera needs a new picture every frame. On a software renderer the whole city's
// picture costs more than a frame's time (its fills and three levels' outlines cover most pixels).
// While the camera moves, the window therefore draws the static map (fills, outlines, coverage,
// boxes: everything but labels, highlights and overlays) from tiles of kTilePx square pictures at
// power-of-two scales over the scene's extent. Each frame composes the tiles in view at the finest
// scale not finer than the camera's (each texel one to two pixels: magnified, never thinned out,
// so thin outlines neither shimmer nor drop out while zooming, and a view holds fewer tiles to
// draw and sample), draws at most `budget` missing ones (nearest the middle first), and shows
// the nearest coarser tiles (or finer ones) where a tile is still missing: a coarser picture for a
// few frames, never a blank map. A coarse level a few steps above the view is always drawn first,
// whatever the budget, so that nothing is blank. At rest the window draws the exact map again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/types.hpp"
#include "render/gl_objects.hpp"
#include "render/map_renderer.hpp"
#include "render/shader.hpp"
#include "render/texture_quads.hpp"
#include "render/texture_target.hpp"
#include "scene/camera.hpp"

namespace gs {

struct TileId {
    int z = 0;
    int x = 0, y = 0;
    friend bool operator==(TileId, TileId) = default;
};

// What a composed frame drew.
struct TileFrame {
    bool drawn = false;     // false: the target cannot take a copy (multisampled); draw as usual
    int level = 0;          // the pyramid's level wanted for the camera
    int visible = 0;        // tiles of that level in view
    int exact = 0;          // of them, shown from their own picture (the rest: coarser or finer)
    int rendered = 0;       // tiles drawn this frame
    FrameStats stats;       // their triangles and draw calls
    bool complete() const { return exact == visible; }
};

class MapTiles {
public:
    static constexpr int kTilePx = 256;
    // Levels above the wanted one kept drawn whatever the budget (every tile in view has an
    // ancestor there): 3 levels up, a 1920 x 1080 view needs at most four tiles.
    static constexpr int kFallbackLevels = 3;
    // At most this many tiles are kept (40 MB of 256 x 256 RGBA pictures), or the wanted level's
    // tiles in view and 32 more where a view holds more (a 4K window: up to 286).
    static constexpr size_t kMaxSlots = 160;

    // The pyramid: level 0 is one tile over `extent`'s longer side; level z has 2^z tiles a side.
    // Tiles drawn for another extent or `generation` (styles, meshes, anything but the camera)
    // are dropped.
    void setPyramid(const Box& extent, std::uint64_t generation);
    // The finest level whose texels are at least a pixel at `unitsPerPixel` (never under 0).
    int levelFor(double unitsPerPixel) const;
    double unitsPerPixel(int level) const;
    Box tileBox(TileId id) const;

    // How a level's tiles are drawn: statesFor(level, out) gives the layers' states for that
    // level's scale (the same every frame while nothing changed); a level whose states differ
    // from those its tiles were drawn with loses its tiles.
    using StatesFor = std::function<void(int level, std::vector<LayerDrawState>& out)>;
    // drawTile(tileCamera, states) draws the static map for that camera into the bound
    // framebuffer, clearing it and setting its viewport (as MapRenderer::draw does).
    using DrawTile = std::function<FrameStats(const Camera&, std::span<const LayerDrawState>)>;

    // How many missing tiles of the wanted level a frame draws: at most `tiles`, and with `ms`
    // over 0, no more once they have taken that long (at least one is drawn; the renderer is
    // waited for after each, so the time is the rasterizer's too). A software renderer's tiles
    // cost 1-5 ms each, varying with what they hold and with the host's load: the time keeps
    // the frames' tail short there.
    struct Budget {
        int tiles = 0;
        double ms = 0;
    };
    // Composes the static map for `camera` into the bound framebuffer (viewport the camera's),
    // drawing the missing tiles of the wanted level that `budget` allows. Leaves the framebuffer and the
    // GL state as MapRenderer::draw does, for the passes after it.
    TileFrame draw(const Camera& camera, Rgba background, Budget budget, const StatesFor& statesFor,
                   const DrawTile& drawTile);

    // At rest: draws the missing tiles `budget` allows for `camera` (the coarse level's first), so that
    // the first frames of the next move find them; nothing is composed, the framebuffer and the
    // viewport are left as they were. Returns the tiles of the wanted level still missing.
    int warm(const Camera& camera, Budget budget, const StatesFor& statesFor, const DrawTile& drawTile);

    size_t cachedTiles() const { return index_.size(); }
    void clear();  // forget every tile and free the textures

private:
    struct Slot {
        TextureTarget picture;  // kTilePx square
        TileId id;
        std::uint64_t usedFrame = 0;
        bool valid = false;
    };
    static std::uint64_t keyOf(TileId id) {
        constexpr std::uint64_t m = (1u << 28) - 1;  // x and y under 2^24 (kMaxLevel)
        return (std::uint64_t(id.z) << 56) | ((std::uint64_t(id.x) & m) << 28) | (std::uint64_t(id.y) & m);
    }
    // The tile's slot if it is drawn (and its level's states are this frame's), marked as used.
    Slot* find(TileId id);
    // Once a frame per level: its states against those its tiles were drawn with.
    void checkLevel(int z);
    // Draws `id` into a slot (a free one, or the least recently used one not in this frame).
    bool render(TileId id, GLint target, const DrawTile& drawTile, FrameStats& stats);
    // A new frame: the coarse level's missing tiles, then those of the wanted level's `budget`
    // allows; returns the wanted level's tiles in view.
    std::vector<TileId> refresh(const Camera& camera, Budget budget, GLint target, const DrawTile& drawTile,
                                TileFrame& out);
    // Whether tiles can be composed into the bound draw framebuffer (`target`, returned): it is
    // not multisampled and the compose program is built.
    bool usable(GLint& target);
    // The level's tiles over the part of `view` inside the pyramid's extent: x0..x1, y0..y1.
    bool range(int z, const Box& view, int& x0, int& y0, int& x1, int& y1) const;

    Box extent_;
    double unitsPerPixel0_ = 0;  // at level 0
    std::uint64_t generation_ = 0;
    bool hasPyramid_ = false;
    std::vector<Slot> slots_;
    std::unordered_map<std::uint64_t, size_t> index_;  // keyOf(id) -> slot
    std::uint64_t frame_ = 0;
    const StatesFor* statesFor_ = nullptr;  // during draw()
    std::vector<std::vector<LayerDrawState>> levelStates_;  // per level: what its tiles were drawn with
    std::vector<std::uint64_t> levelChecked_;               // per level: the frame it was last checked
    std::vector<LayerDrawState> scratch_;
    size_t slotCap_ = kMaxSlots;  // this frame's: kMaxSlots, or the view's tiles and 32 more
    // Tiles are composed as textured quads in one pass over the frame: on a software renderer
    // each glBlitFramebuffer is a pass of its own (a frame's 40-80 blits cost 10-35 ms).
    TextureQuads quads_;  // the composition
};

}  // namespace gs
