// The GL calls of the live overlays: instanced markers (one 20-byte instance per drawn slot, in a
// buffer patched by sub-range), volunteers' trails, and screen text drawn over them. Everything it
// draws comes in as plain data (live/overlay/overlay_draw_list.hpp) through OverlayRenderer; it
// owns only GL objects.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "live/overlay/marker_instance.hpp"
#include "live/overlay/overlay_draw_list.hpp"
#include "render/atlas_texture.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"
#include "scene/camera.hpp"
#include "text/screen_batch.hpp"

namespace gs {

class MarkerRenderer : public InstanceUploader {
public:
    // Compiles the marker, trail and screen programs (GL thread).
    static Result<std::unique_ptr<MarkerRenderer>> create();

    // InstanceUploader: the persistent buffer of drawn slots.
    void allocate(std::uint32_t capacity) override;
    void upload(std::uint32_t first, std::span<const MarkerInstance> instances) override;
    std::uint32_t capacity() const { return capacity_; }

    // A glyph atlas as SceneRenderer's (same id, same texels): labels drawn after the markers.
    bool hasAtlas(int atlas, int width, int height) const;
    void updateAtlas(int atlas, int width, int height, const std::uint8_t* texels, int y0, int y1);

    // Draw calls, each setting the GL state it needs. Returns the number of draw calls made.
    int drawTrails(const Camera& camera, const MarkerUniforms& u, std::span<const TrailVertex> vertices,
                   float halfWidthPx);
    // Slots [0, count) of the persistent buffer. `dense`: the crowded variant of the marker shader
    // (GS_DENSE: a point per marker, no rings, overdue filled red), for when markers have shrunk
    // so far that rings are unreadable; points are clipped by their centre, so a marker at the
    // edge vanishes whole, which a crowded view hides.
    int drawSlots(const Camera& camera, const MarkerUniforms& u, std::uint32_t count, bool dense = false);
    // Instances made this frame (count badges, legend icons): streamed, then drawn.
    int drawTransient(const Camera& camera, const MarkerUniforms& u, std::span<const MarkerInstance> instances);
    // Dense points (as drawSlots(dense)) from a list made this frame: uploaded once, then drawn
    // as runs [first, first + count) of it, each clipped to its scissor rectangle (x, y, w, h in
    // GL pixels). The incremental marker picture redraws its dirty rectangles this way.
    struct PointRun {
        std::uint32_t first = 0, count = 0;
        int x = 0, y = 0, w = 0, h = 0;
    };
    int drawPointRuns(const Camera& camera, const MarkerUniforms& u, std::span<const MarkerInstance> points,
                      std::span<const PointRun> runs, std::span<const TrailVertex> trails, float trailHalfWidthPx,
                      GLuint restoreFrom);
    int drawScreen(const Camera& camera, const ScreenBatch& batch);

private:
    MarkerRenderer() = default;
    void setupInstanceVao(gl::VertexArray& vao, const gl::Buffer& instances, bool perVertex = false);
    void setMarkerUniforms(gl::Program& program, const Camera& camera, const MarkerUniforms& u);

    gl::Program markerProgram_, denseProgram_, trailProgram_, screenProgram_;
    gl::Buffer corners_;
    gl::Buffer slots_, transient_, trails_, screen_;
    gl::VertexArray slotsVao_, slotPointsVao_, transientVao_, transientPointsVao_, trailsVao_, screenVao_;
    std::uint32_t capacity_ = 0;
    std::vector<AtlasTexture> atlases_;
};

}  // namespace gs
