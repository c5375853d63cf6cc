// Draws loaded layers and a screen overlay. It owns the GPU copies of the meshes (uploaded once)
// and per-feature colour tables (re-uploaded only when a style changes); everything else about a
// frame comes in as plain data.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "geometry/mesh.hpp"
#include "render/atlas_texture.hpp"
#include "render/gl_objects.hpp"
#include "render/screen_batch.hpp"
#include "render/shader.hpp"
#include "scene/camera.hpp"

namespace gs {

struct LoadedLayer;

// How one layer is drawn this frame. Layers fill in list order and outline in reverse order, so
// coarse levels' boundaries end up above finer ones.
struct LayerDrawState {
    int layer = -1;  // handle from MapRenderer::addLayer
    bool visible = true;
    bool fill = true;
    bool outline = true;
    float opacity = 1.0f;
    Rgba stroke{0.5f, 0.8f, 1.0f, 1.0f};
    float strokeWidthPx = 1.0f;
    int hovered = -1;   // feature index
    int selected = -1;  // feature index
    Rgba hoverColor{1.0f, 1.0f, 1.0f, 0.28f};
    Rgba selectColor{1.0f, 0.82f, 0.2f, 1.0f};
    friend bool operator==(const LayerDrawState&, const LayerDrawState&) = default;
};

struct FrameStats {
    size_t triangles = 0;
    size_t drawCalls = 0;
};

class MapRenderer {
public:
    static Result<std::unique_ptr<MapRenderer>> create();
    ~MapRenderer();
    MapRenderer(const MapRenderer&) = delete;
    MapRenderer& operator=(const MapRenderer&) = delete;

    // Uploads the layer's meshes; returns its handle. The CPU meshes may be freed afterwards.
    Result<int> addLayer(const LoadedLayer& layer);
    void clearLayers();
    // Per-feature fill colours (packRgba8), one per feature.
    void setFillColors(int layer, std::span<const uint32_t> colors);
    // Glyph atlas `atlas` (0, 1, ...): RG8 texels; uploads only the rows [y0, y1) unless the size
    // changed.
    void updateAtlas(int atlas, int width, int height, const uint8_t* texels, int y0, int y1);

    FrameStats draw(const Camera& camera, Rgba background, std::span<const LayerDrawState> layers,
                    const ScreenBatch& overlay);

private:
    struct GpuLayer {
        Vec2d origin;
        gl::VertexArray fillVao, lineVao;
        gl::Buffer fillVbo, fillIbo, lineIbo, linePoints, lineFeatures;
        gl::Texture linePointsTex, lineFeaturesTex;
        GLsizei fillIndexCount = 0, lineIndexCount = 0;
        std::vector<uint32_t> lineBreaks;  // restart-aligned index offsets to split the outline at
        std::vector<IndexRange> fillRanges, lineRanges;
        gl::Texture colors;
        size_t featureCount = 0;
    };

    MapRenderer() = default;
    void setCommonUniforms(gl::Program& p, const Camera& c, const GpuLayer& l);
    void throttle();  // after each chunk of a bounded submission

    size_t chunkTriangles_ = 0;  // 0: draw each layer in one call
    GLsync pending_ = nullptr;

    gl::Program fillProgram_, lineProgram_, screenProgram_;
    std::vector<std::unique_ptr<GpuLayer>> layers_;
    gl::VertexArray screenVao_;
    gl::Buffer screenVbo_;
    std::vector<AtlasTexture> atlases_;
};

}  // namespace gs
