// Draws loaded layers and a screen overlay. It owns the GPU copies of the meshes (uploaded once)
// and per-feature colour tables (re-uploaded only when a style changes); everything else about a
// frame comes in as plain data.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <optional>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "geometry/mesh.hpp"
#include "render/atlas_texture.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"
#include "render/size_order.hpp"
#include "scene/camera.hpp"
#include "text/screen_batch.hpp"

namespace gs {

struct Coverage;
struct FootprintBox;


struct LoadedLayer;

// How one layer is drawn this frame. Layers fill in list order and outline in reverse order, so
// coarse levels' boundaries end up above finer ones. Open lines go right after their layer's fill
// (consecutive line layers draw all their casings first, so roads join cleanly), and point
// symbols over everything else.
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
    // Open lines (layers with line geometry): the stroke colour, or each feature's colour-by
    // class; a casing under them, casingWidthPx wider on each side; dashes [dashPx, gapPx].
    bool pathsByFeature = false;
    float pathWidthPx = 1.0f;
    Rgba casing{0, 0, 0, 0};
    float casingWidthPx = 0;
    float dashPx = 0, gapPx = 0;
    // Point symbols: shape (SymbolShape's order), diameter and outline; filled by feature.
    int symbolShape = 0;
    float symbolSizePx = 9;
    Rgba symbolOutline{0, 0, 0, 1};
    float symbolOutlineWidthPx = 1.5f;
    // Level of detail: draw the layer's built-up coverage in `coverageColor` instead of its fills
    // and outlines (features under a few pixels).
    bool coverage = false;
    // Or each feature as its footprint box (scene/footprint_boxes.hpp), fill and outline in one quad
    // (features a few pixels across).
    bool boxes = false;
    // And the meshes too (a snapshot's layer whose small features have boxes and no meshes and
    // whose large ones have meshes and zero boxes: LoadedLayer::boxesUnderArea).
    bool boxesAndMeshes = false;
    // Or, where the layer's mesh is ordered by size (render/size_order.hpp), each footprint under
    // this size (display units) as its box and each larger one as its triangles. 0: not so.
    float boxesUnder = 0;
    Rgba coverageColor{0.5f, 0.5f, 0.5f, 0.5f};
    float coverageGain = 1;  // covered fractions are scaled by this (outlines widen small features)
    // Which of the layer's meshes (and boxes) it draws: their version, bumped when a region's
    // arrive (SceneRenderer::meshesArrived); 0 under its coverage, which new meshes leave as it
    // is. A picture of the map (a tile, the map cache's) is drawn again when this changes.
    std::uint64_t meshes = 0;
    friend bool operator==(const LayerDrawState&, const LayerDrawState&) = default;
};

// Symbols made for one frame (a point layer's clusters): points relative to `origin`, drawn like
// a layer's symbols in `style` (its shape, size and outline) filled with `color`.
struct SymbolBatch {
    Vec2d origin;
    std::vector<Vec2f> points;
    LayerDrawState style;
    Rgba color;
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

    // Uploads the layer's meshes; returns its handle. With releaseMeshes, each CPU array is freed
    // as soon as it is uploaded (the layer's fill and outline are empty afterwards), so the CPU
    // and GL copies of a big layer never all exist at once.
    Result<int> addLayer(LoadedLayer& layer, bool releaseMeshes = false);
    // Uploads the layer's own fill and outline again (meshes made after the layer was added:
    // scene/deferred_meshes.hpp), replacing the ones `layer` had.
    // `ordered`: the meshes already ordered by size (orderRunsBySize over featureRuns, on the
    // thread that read them), as this would order them where ordersRegionsBySize says it does.
    void replaceMeshes(int handle, LoadedLayer& layer, bool releaseMeshes = false,
                       std::optional<SizeOrder> ordered = std::nullopt);
    // Whether a region's meshes (scene/deferred_meshes) replacing layer `handle`'s are ordered by
    // size on upload (a deferred building layer with boxes): then the reader may order them
    // itself, off the GL thread (for a city, 50 ms of the frame they arrive in).
    bool ordersRegionsBySize(int handle, const LoadedLayer& layer) const;
    void clearLayers();
    // The layer has a built-up coverage to draw (scene/coverage.hpp).
    bool hasCoverage(int layer) const { return bool(layers_.at(size_t(layer))->coverage); }
    // Per-feature fill colours (packRgba8), one per feature.
    void setFillColors(int layer, std::span<const uint32_t> colors);
    // Glyph atlas `atlas` (0, 1, ...): RG8 texels; uploads only the rows [y0, y1) unless the size
    // changed.
    void updateAtlas(int atlas, int width, int height, const uint8_t* texels, int y0, int y1);

    FrameStats draw(const Camera& camera, Rgba background, std::span<const LayerDrawState> layers,
                    const ScreenBatch& overlay);
    // Symbol batches the next draw() adds after the layers' symbols (cleared by each draw()).
    void setFrameSymbols(std::vector<SymbolBatch> batches) { frameSymbols_ = std::move(batches); }
    // Only screen-space text and rects (labels, legends) over what is drawn: for a pass that goes
    // between the map and its text. Returns the draw calls.
    std::size_t drawScreen(const Camera& camera, const ScreenBatch& overlay);
    // Only the selected features' outlines (LayerDrawState::selected) over what is drawn: draw()
    // draws them last; a picture of the map without them (render/map_tiles.hpp) gets them so.
    void drawSelection(const Camera& camera, std::span<const LayerDrawState> layers, FrameStats& stats);

    // Draws one small square, filled, hovered, outlined and selected, into a small framebuffer of
    // its own (RGBA8, as every target here). A software renderer (llvmpipe) compiles each shader
    // variant the first time it draws with it, ~0.2 s for a map's on a cold shader cache: a
    // snapshot calls this while its scene is still loading, so that its one real frame finds them
    // compiled. Changes nothing else: the square's layer and framebuffer are gone afterwards and
    // the framebuffer bound before is bound again.
    void warmUp();

private:
    // A LineMesh on the GPU: strips whose points the line shader pulls from buffer textures.
    struct GpuStrips {
        gl::VertexArray vao;
        gl::Buffer points, features, distances;
        gl::Texture pointsTex, featuresTex, distancesTex;
        GLsizei pointCount = 0;
        std::vector<uint32_t> breaks;  // points to split a long draw at (between two off the strip)
    };
    // A run of consecutive features (in load order, which for real data is spatially coherent:
    // GeoPackages keep a city's footprints in tiles) with the box around them: what lies outside
    // the view is never submitted.
    struct Run {
        Box bounds;
        IndexRange fill, outline;  // of fill indices, of outline points
        IndexRange features;
    };
    // Polygon fills and outlines at one level of detail, with their runs for culling.
    struct GpuMesh {
        double tolerance = 0;  // display units (0: the layer's own mesh)
        gl::VertexArray fillVao;
        gl::Buffer fillIbo;  // of outline.points (the fill's vertices)
        GLsizei fillIndexCount = 0;
        GpuStrips outline;
        std::vector<Run> runs;
        // A building layer's own mesh: each run's features largest first (render/size_order.hpp),
        // per position: the size there and the run's fill indices and outline points before it. Empty
        // otherwise.
        std::vector<float> sizes;
        std::vector<uint32_t> fillBefore, lineBefore;
        bool sizeOrdered() const { return !sizes.empty(); }
    };
    struct GpuLayer {
        Vec2d origin;
        GpuMesh mesh;
        std::vector<GpuMesh> coarser;  // ascending tolerance
        gl::Texture coverage;
        Box coverageExtent;
        // Quads over the parts of the coverage with something in them (and a block around): the
        // sea, parks and the gaps between districts cost no fragments.
        gl::VertexArray coverageBlocksVao;
        gl::Buffer coverageBlocks;
        GLsizei coverageBlockVertices = 0;
        gl::VertexArray boxVao;  // footprint boxes: six vertices a feature, pulled from boxesTex
        gl::Buffer boxes;
        gl::Texture boxesTex;
        // Which feature each box position draws, where the mesh is size-ordered (else position =
        // feature).
        gl::Buffer boxOrder;
        gl::Texture boxOrderTex;
        GLsizeiptr boxOrderBytes = 0;
        GLsizei boxCount = 0;
        GpuStrips paths;
        gl::VertexArray symbolVao;
        gl::Buffer symbolPoints, symbolFeatures;
        GLsizei symbolCount = 0;
        std::vector<IndexRange> fillRanges, lineRanges, pathRanges, symbolRanges;
        gl::Texture colors;
        size_t featureCount = 0;
        // The coarsest mesh whose tolerance is at most a pixel at this scale (lines a pixel or more
        // wide hide the difference; fills move by under a pixel).
        const GpuMesh& meshFor(double unitsPerPixel) const {
            const GpuMesh* m = &mesh;
            for (const GpuMesh& c : coarser)
                if (c.tolerance <= 1.0 * unitsPerPixel) m = &c;
            return *m;
        }
    };

    MapRenderer() = default;
    void setCommonUniforms(gl::Program& p, const Camera& c, const GpuLayer& l);
    static void setColor(gl::Program& p, const char* name, Rgba c);
    void throttle(size_t triangles);  // after each draw of a bounded submission, with its triangles
    void uploadStrips(LineMesh& mesh, GpuStrips& out, bool release);
    void uploadSymbols(PointMesh& mesh, GpuLayer& out, bool release);
    // With `sizeOrder` (a building layer with boxes: its areas, and where its per-feature ranges go
    // once reordered), each run's features are drawn largest first (render/size_order.hpp).
    struct SizeOrderRequest {
        const std::vector<double>* areas;
        std::vector<IndexRange>* fillRanges;
        std::vector<IndexRange>* lineRanges;
        GpuLayer* boxesOf;  // gets the position -> feature texture
    };
    void uploadMesh(FillMesh& fill, LineMesh& outline, const std::vector<IndexRange>& fillRanges,
                    const std::vector<IndexRange>& lineRanges, const std::vector<Box>& bounds, GpuMesh& out,
                    bool release, const SizeOrderRequest* sizeOrder = nullptr,
                    std::optional<SizeOrder> ordered = std::nullopt);
    static const SizeOrderRequest* sizeOrderRequest(LoadedLayer& layer, GpuLayer& g, SizeOrderRequest& request);
    static bool hasBoxes(const LoadedLayer& layer, const GpuLayer& g);
    static void takeRanges(LoadedLayer& layer, GpuLayer& g, bool release);
    // Draw passes of draw(); each adds to stats.
    void useLineProgram(const Camera& camera);
    void drawStrips(const GpuStrips& strips, GLsizei count, GLuint first, bool chunked, FrameStats& stats);
    void drawPaths(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, bool casing, FrameStats& stats);
    void drawCoverage(const Camera& camera, const GpuLayer& g, const LayerDrawState& s);
    void uploadBoxes(const std::vector<FootprintBox>& boxes, GpuLayer& g);
    void uploadCoverageBlocks(const Coverage& coverage, GpuLayer& g);
    void drawBoxes(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, uint32_t first, uint32_t count,
                   FrameStats& stats);
    bool ensureProgram(gl::Program& program, const char* name);
    void drawFrameSymbols(const Camera& camera, FrameStats& stats);
    void drawSymbols(const Camera& camera, const GpuLayer& g, const LayerDrawState& s, IndexRange range,
                     const Rgba* uniformColor, FrameStats& stats);

    // A software rasterizer gets big layers in chunks of this many triangles (see create()).
    static constexpr size_t kSoftwareChunkTriangles = 16384;
    size_t chunkTriangles_ = 0;  // 0: draw each layer in one call
    gl::Fence pending_;
    size_t submitted_ = 0;  // triangles drawn since the last fence

    gl::Program fillProgram_, lineProgram_, symbolProgram_, coverageProgram_, boxProgram_, screenProgram_;
    gl::Buffer symbolCorners_;
    std::vector<SymbolBatch> frameSymbols_;
    gl::Buffer frameSymbolPoints_, frameSymbolFeatures_;
    gl::VertexArray frameSymbolVao_;
    std::vector<std::unique_ptr<GpuLayer>> layers_;
    gl::VertexArray screenVao_;
    gl::Buffer screenVbo_;
    std::vector<AtlasTexture> atlases_;
};

}  // namespace gs
