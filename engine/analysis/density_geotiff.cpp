#include "analysis/density_geotiff.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <memory>
#include <mutex>

#include "geo/crs.hpp"

namespace gs {

namespace {

// GDAL's first error message on this thread while alive (instead of GDAL printing it), so the
// one Error we return carries GDAL's reason next to the path.
class GdalErrors {
public:
    GdalErrors() { CPLPushErrorHandlerEx(&collect, this); }
    ~GdalErrors() { CPLPopErrorHandler(); }
    GdalErrors(const GdalErrors&) = delete;
    GdalErrors& operator=(const GdalErrors&) = delete;
    const std::string& first() const { return first_; }

private:
    static void CPL_STDCALL collect(CPLErr level, CPLErrorNum, const char* text) {
        auto* self = static_cast<GdalErrors*>(CPLGetErrorHandlerUserData());
        if (level >= CE_Failure && self->first_.empty()) self->first_ = text ? text : "unknown GDAL error";
    }
    std::string first_;
};

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(GDALDataset::ToHandle(d)); }
};

}  // namespace

Status writeDensityGeoTiff(const DensityGrid& grid, std::span<const float> values, const std::string& path) {
    auto fail = [&](const std::string& why) { return Error{path + ": cannot write the density GeoTIFF: " + why}; };
    if (grid.width <= 0 || grid.height <= 0 || values.size() != grid.pixelCount())
        return fail(std::to_string(values.size()) + " values for a " + std::to_string(grid.width) + " x " +
                    std::to_string(grid.height) + " grid");
    auto crs = Crs::fromText(grid.crs);
    if (!crs) return fail(crs.error().message);
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });

    GdalErrors errors;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!driver) return fail("GDAL has no GTiff driver");
    // Large grids need BigTIFF; IF_SAFER picks it only when the file could pass 4 GB.
    const char* options[] = {"BIGTIFF=IF_SAFER", nullptr};
    std::unique_ptr<GDALDataset, DatasetCloser> ds(
        driver->Create(path.c_str(), grid.width, grid.height, 1, GDT_Float32, const_cast<char**>(options)));
    if (!ds) return fail(errors.first().empty() ? "GDAL could not create it" : errors.first());

    double transform[6] = {grid.originX, grid.pixelSize, 0, grid.originY, 0, -grid.pixelSize};
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (ds->SetGeoTransform(transform) != CE_None || srs.importFromWkt(crs->wkt().c_str()) != OGRERR_NONE ||
        ds->SetSpatialRef(&srs) != CE_None)
        return fail(errors.first().empty() ? "GDAL refused the georeferencing of " + grid.crs : errors.first());
    GDALRasterBand* band = ds->GetRasterBand(1);
    band->SetUnitType("events/km2");
    band->SetDescription("density");
    if (band->RasterIO(GF_Write, 0, 0, grid.width, grid.height, const_cast<float*>(values.data()), grid.width,
                       grid.height, GDT_Float32, 0, 0, nullptr) != CE_None)
        return fail(errors.first().empty() ? "the pixels could not be written" : errors.first());
    // Closing flushes the file: a full disk shows up here, not at RasterIO.
    ds.reset();
    if (!errors.first().empty()) return fail(errors.first());
    return Status::success();
}

}  // namespace gs
