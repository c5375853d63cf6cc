// Coarser meshes of a layer for far zooms: its polygons simplified again at a few tolerances, so a
// view that shows the whole city draws its grids' boundaries with the vertices a pixel can show,
// not the coastline's thousands. A feature that collapses keeps its bounding quad: nothing vanishes.
#pragma once

#include <span>
#include <vector>

#include "scene/loaded_layer.hpp"

namespace gs {

// Appends one coarser mesh per tolerance (ascending, display units) to layer.coarser, from the
// layer's kept geometry; the renderer draws the coarsest whose tolerance is under half a pixel.
// Does nothing for a layer without geometry.
void buildCoarserMeshes(LoadedLayer& layer, std::span<const double> tolerances);

// The tolerances of a layer's coarser meshes: twice, four times, ... the load's `tolerance`, the
// last the first at or past what the whole `extent` needs at 256 pixels across (half a pixel). A
// step of two keeps every zoom within a factor of two of the vertices it can show.
std::vector<double> coarserTolerances(double tolerance, const Box& extent);

}  // namespace gs
