// What every GDAL reader of engine/source shares: drivers registered once, GDAL's messages caught
// per thread and reported inside the reader's own message, connection strings without their
// passwords, a layer opened from a SourceSpec (by name, the only one, or an SQL statement) and its
// CRS read with the engine's axis order. Includes GDAL: for engine/source's .cpp files only.
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "source/vector_source.hpp"

namespace gs {

void registerGdalDrivers();

// Collects GDAL's messages on this thread while alive, instead of letting GDAL print them, so
// that each error reaches the user once, inside a message that names the source.
class GdalMessages {
public:
    static constexpr size_t kMaxWarnings = 5;

    GdalMessages() { CPLPushErrorHandlerEx(&collect, this); }
    ~GdalMessages() { CPLPopErrorHandler(); }
    GdalMessages(const GdalMessages&) = delete;
    GdalMessages& operator=(const GdalMessages&) = delete;

    bool failed() const { return !error_.empty(); }
    // The first error since the last call (later ones are usually consequences of it).
    std::string takeError() { return std::exchange(error_, {}); }
    void warn(std::string message);
    std::vector<std::string> warnings;

private:
    static void CPL_STDCALL collect(CPLErr level, CPLErrorNum, const char* text);
    std::string error_;
};

// " (GDAL: <first error>)", or "" when GDAL said nothing.
std::string gdalReason(GdalMessages& messages);

// Connection strings may carry a password; messages must not.
std::string redacted(std::string text);

std::string quoteIdentifier(const std::string& name);

struct GdalLayer {
    GDALDatasetUniquePtr dataset;
    OGRLayer* layer = nullptr;
    bool isSqlResult = false;  // then the dataset must release it (closeGdalLayer)
    std::string name;          // the layer's name, "sql" for a statement
    std::string label;         // "<source> layer <name>" or "<source> sql \"...\"", passwords removed
};

// Opens the dataset and picks the layer. Errors name the source: none given, both a layer and an
// sql statement, no such file, not a readable vector source, several layers and none chosen (they
// are listed), no such layer, a bad statement. `openOptions` are the driver's (GDAL -oo).
Result<GdalLayer> openGdalLayer(const SourceSpec& spec, GdalMessages& messages,
                                const std::vector<std::string>& openOptions = {});
void closeGdalLayer(GdalLayer& layer);

struct LayerCrs {
    std::string wkt, name;  // name: "AUTH:CODE" when identified
    bool swapXY = false;    // the data's first axis is latitude/northing
};
// The layer's CRS, or `declared` when given (the data then taken as x = longitude/easting).
// Errors: none at all (naming how to declare one), a CRS PROJ cannot read.
Result<LayerCrs> readLayerCrs(const OGRSpatialReference* srs, const std::string& declared, const std::string& label);

}  // namespace gs
