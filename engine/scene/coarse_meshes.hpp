// Coarser meshes of a layer for far zooms: its polygons simplified again at a few tolerances, so a
// view that shows the whole city draws its grids' boundaries with the vertices a pixel can show,
// not the coastline's thousands. A feature that collapses keeps its bounding quad: nothing vanishes.
#pragma once

#include <span>

#include "scene/loaded_layer.hpp"

namespace gs {

// Appends one coarser mesh per tolerance (ascending, display units) to layer.coarser, from the
// layer's kept geometry; the renderer draws the coarsest whose tolerance is under half a pixel.
// Does nothing for a layer without geometry.
void buildCoarserMeshes(LoadedLayer& layer, std::span<const double> tolerances);

}  // namespace gs
