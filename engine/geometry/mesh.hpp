// CPU-side meshes: plain arrays built on worker threads, uploaded once by the GL thread.
//
// Positions are floats relative to the mesh origin (a point near the data), so that Web Mercator
// coordinates of ~1e7 m keep millimetre precision on the GPU.
#pragma once

#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace gs {

// A filled-polygon vertex; `feature` indexes the layer's feature table (style and picking).
struct FillVertex {
    float x, y;
    uint32_t feature;
};

// An outline vertex: the shader moves it by `extrude` (in units of half the stroke width, already
// scaled for miter joins) times the world size of a pixel, so outlines keep a constant width on screen.
struct LineVertex {
    float x, y;
    float extrudeX, extrudeY;
    uint32_t feature;
};

// The index range one feature occupies in a mesh (for highlight and selection draws).
struct IndexRange {
    uint32_t first = 0;
    uint32_t count = 0;
};

struct FillMesh {
    std::vector<FillVertex> vertices;
    std::vector<uint32_t> indices;  // triangles
};

struct LineMesh {
    std::vector<LineVertex> vertices;
    std::vector<uint32_t> indices;  // triangles
};

}  // namespace gs
