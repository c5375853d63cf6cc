// `gridscope density POINTS --out F.tif`: the kernel density of a layer's points as a GeoTIFF.
#include <cstdio>

#include "analysis/density_export.hpp"
#include "commands.hpp"

namespace gs::cli {

int runDensity(const Options& options) {
    const DensityCommandOptions& d = options.density;
    DensityExportOptions o;
    o.source = d.source;
    o.points.layer = d.layer;
    o.points.where = d.where;
    o.points.weightField = d.weight;
    o.sourceCrs = options.srcCrs;
    o.crs = d.crs;
    o.density.kernel = *parseDensityKernel(d.kernel);
    o.density.radiusMetres = d.radius;
    o.pixelMetres = d.pixel;
    o.out = d.out;
    auto r = exportDensity(o);
    if (!r) return reportBad(r.error());
    std::fprintf(stderr,
                 "%s: %dx%d pixels of %g m, %s kernel of %g m, %zu points (%zu skipped), peak %.1f events/km²; "
                 "read %.2f s, density %.2f s, written %.2f s\n",
                 d.out.c_str(), r->grid.width, r->grid.height, d.pixel, d.kernel.c_str(), d.radius, r->points,
                 r->skipped, double(r->peak), r->readSeconds, r->densitySeconds, r->writeSeconds);
    return 0;
}

}  // namespace gs::cli
