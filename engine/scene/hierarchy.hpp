// Links each management level to the one above it (street → community → grid): by a parent-id
// field when the config names one, otherwise by spatial containment of the child's interior point.
#pragma once

#include <string>
#include <vector>

#include "scene/loaded_layer.hpp"

namespace gs {

// Fills LoadedLayer::parents for every level after the first. Children without a parent are
// reported in `warnings` (with their count and first fids), never silently.
void linkLevels(std::vector<LoadedLayer>& layers, std::vector<std::string>& warnings);

}  // namespace gs
