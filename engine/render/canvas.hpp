// A 2D draw list for dashboards (the wall's panels): rectangles, rounded cards, antialiased lines
// and polylines, discs, text in any size and weight, and pictures (a map panel's frame). Built on
// the CPU in canvas pixels (a layout's logical pixels, y down); drawn by CanvasRenderer onto a
// target of any size, so one layout fills a 1080p screen or a 4K one alike. Text is rasterized at
// the target's resolution (canvas size × scale), never scaled as a bitmap.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "text/glyph_atlas.hpp"
#include "text/text_layout.hpp"

namespace gs {

enum class CanvasKind : std::uint8_t { Solid, Line, Round, Glyph, Image };

struct CanvasVertex {
    float x, y;     // canvas pixels
    float u, v;     // Glyph: atlas texels; Image: 0..1; Round: u = corner radius
    float color[4];
    float aux[4];   // Line: (signed distance, half width); Round: (local x, local y, half w, half h)
    std::uint32_t kind;  // CanvasKind: each quad says how it is shaded
};

// Vertices drawn with one GL state: the program, the texture their glyphs sample and the clip.
// Small quads that sample nothing (solid, line, rounded) carry their kind in their vertices and
// join the run before them, so a panel's text and boxes are one run per atlas, not one per change
// of kind: on a software rasterizer each GL state change a draw submits costs a copy of the whole
// fragment state in the frame's binned scene. A large untextured quad (a panel's background, a
// card: kLargeQuadArea canvas px² or more) never shares a run with glyphs, because a glyph run's
// program reads the atlas on every fragment it shades (a software rasterizer pays for every
// branch), which doubled the cost of filling the wall's backgrounds. A picture (Image) has a run
// of its own.
struct CanvasRun {
    CanvasKind kind;  // Glyph: `texture` is an atlas id; Image: an image id; else Solid, no texture
    int texture;      // -1 when none
    int clip;         // index into clips(), -1 none
    std::uint32_t first, count;
    bool large = false;  // holds a large untextured quad: glyphs start a run of their own after it
};
inline constexpr float kLargeQuadArea = 128.0f * 128.0f;

// Glyph atlases by pixel size and weight, shared by every list drawn with one renderer.
class CanvasFonts {
public:
    // The atlas for text of `pixelSize` target pixels, or nullptr when no font can be loaded
    // (error() says why; text is then skipped, never a crash).
    GlyphAtlas* atlas(int pixelSize, FontWeight weight, int& id);
    const std::optional<Error>& error() const { return error_; }
    struct Entry {
        int id;
        std::unique_ptr<GlyphAtlas> atlas;
    };
    std::map<std::pair<int, int>, Entry>& entries() { return atlases_; }

private:
    std::map<std::pair<int, int>, Entry> atlases_;  // (pixel size, weight) -> atlas
    std::optional<Error> error_;
};

struct TextStyle {
    float size = 32;                  // canvas pixels (the em size)
    Rgba color{1, 1, 1, 1};
    FontWeight weight = FontWeight::Regular;
    TextAlign align{HAlign::Left, VAlign::Baseline};
    float maxWidth = 0;               // > 0: cut with an ellipsis to fit
    Rgba halo{0, 0, 0, 0};            // a = 0: no halo
};

class CanvasList {
public:
    explicit CanvasList(CanvasFonts& fonts, float scale = 1) : fonts_(&fonts), scale_(scale) {}

    void reset(float scale);          // empty the list for a frame drawn `scale` target px per canvas px
    float scale() const { return scale_; }

    void rect(const Box& r, Rgba color);
    void roundedRect(const Box& r, float radius, Rgba color);
    void disc(Vec2f center, float radius, Rgba color);
    void line(Vec2f a, Vec2f b, float width, Rgba color);
    void polyline(std::span<const Vec2f> points, float width, Rgba color);
    void image(const Box& r, int imageId, Rgba tint = {1, 1, 1, 1});
    // Returns the drawn text's advance in canvas pixels.
    float text(std::string_view utf8, Vec2f anchor, const TextStyle& style);
    float measure(std::string_view utf8, float size, FontWeight weight = FontWeight::Regular);

    void pushClip(const Box& r);      // intersected with the current clip
    void popClip();

    // Groups (a dashboard's panels): what is drawn between begin and end lies within `bounds`.
    // The renderer redraws only the groups whose vertices changed since the last frame, and
    // `live` groups (a map's picture) every frame.
    void beginGroup(const Box& bounds, bool live = false);
    void endGroup();
    struct Group {
        Box bounds;
        bool live = false;
        std::uint32_t first = 0, count = 0;  // vertices
    };
    const std::vector<Group>& groups() const { return groups_; }

    const std::vector<CanvasVertex>& vertices() const { return vertices_; }
    const std::vector<CanvasRun>& runs() const { return runs_; }
    const std::vector<Box>& clips() const { return clips_; }
    // Every string drawn this frame, as given: what tests read to prove a public layout shows no
    // titles, addresses or names.
    const std::vector<std::string>& strings() const { return strings_; }
    CanvasFonts& fonts() { return *fonts_; }

private:
    CanvasVertex* append(CanvasKind kind, int texture, std::size_t count, bool large);
    void quad(CanvasKind kind, int texture, const Vec2f (&p)[4], const float (&uv)[4][2], Rgba color,
              const float (&aux)[4][4]);
    const TextLayout* layout(std::string_view utf8, int pixelSize, FontWeight weight, int& atlasId);

    CanvasFonts* fonts_;
    float scale_;
    std::vector<CanvasVertex> vertices_;
    std::vector<CanvasRun> runs_;
    std::vector<Box> clips_;
    std::vector<int> clipStack_;
    std::vector<std::string> strings_;
    std::vector<Group> groups_;
    // Layouts of this frame and the last (text repeats frame after frame).
    std::map<std::tuple<std::string, int, int>, std::optional<TextLayout>> layouts_, previous_;
};

}  // namespace gs
