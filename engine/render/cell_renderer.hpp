// Cells made on the fly and coloured by a value (the analyst's hexagon bins, issue 13): filled
// triangles and outline segments in the display CRS, each vertex with its colour, uploaded when the
// cells change and drawn in any camera (a range of them: one period of a compare view). Positions
// are floats relative to an origin near the data (centimetres within ~100 km of it). GL thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "render/gl_objects.hpp"
#include "render/shader.hpp"
#include "scene/camera.hpp"

namespace gs {

struct CellVertex {
    float x = 0, y = 0;     // display CRS minus the origin
    std::uint32_t rgba = 0; // packRgba8, straight alpha
};

// Triangles (3 vertices each) and segments (2 each), one or more ranges of each.
struct CellMesh {
    Vec2d origin;
    std::vector<CellVertex> triangles, lines;
};

class CellRenderer {
public:
    static Result<std::unique_ptr<CellRenderer>> create();
    void upload(const CellMesh& mesh);
    // Triangle vertices [firstTri, firstTri + triCount) and line vertices likewise, into the bound
    // framebuffer whose viewport is the camera's; `opacity` scales every colour.
    void draw(const Camera& camera, std::uint32_t firstTri, std::uint32_t triCount, std::uint32_t firstLine,
              std::uint32_t lineCount, float opacity);

private:
    CellRenderer() = default;
    gl::Program program_;
    gl::Buffer triangles_, lines_;
    gl::VertexArray triVao_, lineVao_;
    Vec2d origin_;
};

}  // namespace gs
