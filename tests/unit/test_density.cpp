// The CPU kernel density (analysis/density): the reference the GPU heatmap is checked against and
// what the GeoTIFF export writes. Analytic cases (each kernel integrates to its event's weight,
// peaks at its constant, is symmetric), linearity in the weights, a brute-force sum written here
// independently (every event against every pixel), and the GeoTIFF read back through GDAL.
#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <random>

#include <unistd.h>

#include "analysis/density.hpp"
#include "analysis/density_geotiff.hpp"

namespace gs {
namespace {

constexpr DensityKernel kKernels[] = {DensityKernel::Quartic, DensityKernel::Epanechnikov, DensityKernel::Gaussian};

// A 1 km x 1 km grid of 10 m pixels centred on (0, 0) in a metric CRS.
DensityGrid squareGrid(double unitsPerMetre = 1.0) {
    DensityGrid g;
    g.pixelSize = 10 * unitsPerMetre;
    g.width = g.height = 101;
    g.originX = -50.5 * g.pixelSize;
    g.originY = 50.5 * g.pixelSize;
    g.crs = "EPSG:26986";
    g.unitsPerMetre = unitsPerMetre;
    return g;
}

double sumKm2(const DensityGrid& g, const std::vector<float>& v) {
    double pixelKm2 = std::pow(g.pixelSize / g.unitsPerMetre / 1000.0, 2);
    double s = 0;
    for (float x : v) s += x;
    return s * pixelKm2;
}

TEST(Density, OneEventIntegratesToItsWeightOnTheGround) {
    // 400 m radius over 10 m pixels: the midpoint sum of a smooth kernel is within 0.1 % of its
    // integral. With a stretched CRS (1.3 units per metre, Web Mercator at 40°) the radius and the
    // km² stay on the ground, so the sum is the weight again.
    for (double stretch : {1.0, 1.3}) {
        DensityGrid g = squareGrid(stretch);
        for (DensityKernel k : kKernels) {
            Vec2d p{3.0 * stretch, -2.0 * stretch};  // off a pixel centre
            float w = 2.5f;
            auto v = computeDensity({&p, 1}, {&w, 1}, g, {k, 400.0, 0});
            ASSERT_TRUE(v) << v.error().message;
            EXPECT_NEAR(sumKm2(g, *v), 2.5, 2.5e-3) << densityKernelName(k) << " stretch " << stretch;
        }
    }
}

TEST(Density, PeaksAtTheKernelConstantAndIsSymmetric) {
    DensityGrid g = squareGrid();
    Vec2d p{0, 0};  // the centre pixel's centre
    for (DensityKernel k : kKernels) {
        auto v = computeDensity({&p, 1}, {}, g, {k, 200.0, 3});
        ASSERT_TRUE(v) << v.error().message;
        auto at = [&](int c, int r) { return (*v)[std::size_t(r) * 101 + std::size_t(c)]; };
        // Events per km²: the constant per m² times 1e6 times the shape at 0 (1; the Gaussian's
        // 1 - e^-4.5), for weight 1.
        double expected = densityKernelNorm(k, 200.0) * 1e6;
        EXPECT_NEAR(at(50, 50), expected * densityKernelShape(k, 0.0), expected * 1e-6) << densityKernelName(k);
        EXPECT_EQ(densityKernelShape(k, 1.0), 0.0);
        EXPECT_EQ(densityPeak(*v).index, 50u * 101u + 50u);
        for (int r = 0; r < 101; ++r)
            for (int c = 0; c < 101; ++c) {
                ASSERT_EQ(at(c, r), at(100 - c, r)) << c << "," << r;
                ASSERT_EQ(at(c, r), at(c, 100 - r)) << c << "," << r;
                ASSERT_EQ(at(c, r), at(r, c)) << c << "," << r;
            }
        // 190 m from the event: inside; 200 m and beyond: nothing.
        double u2 = 0.95 * 0.95;
        EXPECT_NEAR(at(69, 50), expected * densityKernelShape(k, u2), expected * 1e-6);
        EXPECT_EQ(at(70, 50), 0.0f);
        EXPECT_EQ(at(71, 50), 0.0f);
    }
}

std::vector<Vec2d> randomEvents(int n, unsigned seed, double spread) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> d(0.0, spread);
    std::vector<Vec2d> out(static_cast<std::size_t>(n));
    for (auto& p : out) p = {d(rng), d(rng)};
    return out;
}

TEST(Density, IsLinearInTheWeightsAndIndependentOfThreads) {
    DensityGrid g = squareGrid();
    auto a = randomEvents(300, 1, 200), b = randomEvents(200, 2, 150);
    std::vector<float> wa(a.size()), wb(b.size(), 1.0f);
    for (std::size_t i = 0; i < wa.size(); ++i) wa[i] = float(1 + i % 4);
    std::vector<Vec2d> ab = a;
    ab.insert(ab.end(), b.begin(), b.end());
    std::vector<float> wab = wa;
    wab.insert(wab.end(), wb.begin(), wb.end());
    std::vector<float> twice(wa);
    for (float& w : twice) w *= 2;
    for (DensityKernel k : kKernels) {
        DensityOptions o{k, 120.0, 1};
        auto va = computeDensity(a, wa, g, o), vb = computeDensity(b, {}, g, o), vab = computeDensity(ab, wab, g, o),
             v2 = computeDensity(a, twice, g, o);
        o.threads = 5;
        auto vaThreads = computeDensity(a, wa, g, o);
        ASSERT_TRUE(va && vb && vab && v2 && vaThreads);
        double peak = densityPeak(*vab).value;
        ASSERT_GT(peak, 0);
        for (std::size_t i = 0; i < va->size(); ++i) {
            ASSERT_NEAR((*vab)[i], (*va)[i] + (*vb)[i], peak * 1e-6) << i;
            ASSERT_NEAR((*v2)[i], 2 * (*va)[i], peak * 1e-6) << i;
            ASSERT_EQ((*vaThreads)[i], (*va)[i]) << i;  // bands own their rows: same sums, same order
        }
    }
}

TEST(Density, EqualsABruteForceSumIncludingEventsOffTheGrid) {
    // Events spread past the grid's edges (some reach in from outside), pixels not square to the
    // origin, a stretched CRS: every pixel against every event, as plainly as it can be written.
    DensityGrid g;
    g.originX = 1000.3;
    g.originY = 5000.7;
    g.pixelSize = 7.5;
    g.width = 61;
    g.height = 47;
    g.unitsPerMetre = 1.2;
    auto events = randomEvents(400, 3, 300);
    for (auto& e : events) e = {e.x + 1000.3 + 61 * 7.5 / 2, e.y + 5000.7 - 47 * 7.5 / 2};
    for (DensityKernel k : kKernels) {
        auto v = computeDensity(events, {}, g, {k, 60.0, 3});
        ASSERT_TRUE(v);
        double r = 60.0 * 1.2;
        double worst = 0, peak = densityPeak(*v).value;
        for (int row = 0; row < g.height; ++row)
            for (int col = 0; col < g.width; ++col) {
                double x = g.originX + (col + 0.5) * g.pixelSize, y = g.originY - (row + 0.5) * g.pixelSize, s = 0;
                for (const Vec2d& e : events) {
                    double d2 = (x - e.x) * (x - e.x) + (y - e.y) * (y - e.y);
                    if (d2 < r * r) s += densityKernelShape(k, d2 / (r * r));
                }
                s *= densityKernelNorm(k, r) * 1.2 * 1.2 * 1e6;
                worst = std::max(worst, std::abs(s - (*v)[std::size_t(row) * 61 + std::size_t(col)]));
            }
        EXPECT_LT(worst, peak * 1e-6) << densityKernelName(k);
        EXPECT_GT(peak, 0);
    }
}

TEST(Density, RejectsBadInput) {
    DensityGrid g = squareGrid();
    Vec2d p{0, 0};
    float w[2] = {1, 2};
    auto sizes = computeDensity({&p, 1}, w, g, {});
    ASSERT_FALSE(sizes);
    EXPECT_NE(sizes.error().message.find("2 weights for 1 events"), std::string::npos) << sizes.error().message;
    auto radius = computeDensity({&p, 1}, {}, g, {DensityKernel::Quartic, 0.0, 0});
    ASSERT_FALSE(radius);
    EXPECT_NE(radius.error().message.find("radius"), std::string::npos);
    g.width = 0;
    EXPECT_FALSE(computeDensity({&p, 1}, {}, g, {}));
    EXPECT_EQ(parseDensityKernel("gaussian"), DensityKernel::Gaussian);
    EXPECT_FALSE(parseDensityKernel("triangular"));
}

TEST(Density, GridCoveringGrowsByTheRadius) {
    Box box;
    box.add(1000, 2000);
    box.add(3000, 2900);
    DensityGrid g = densityGridCovering(box, 50, 500, "EPSG:3857", 2.0);
    EXPECT_DOUBLE_EQ(g.pixelSize, 100);
    EXPECT_DOUBLE_EQ(g.originX, 0);
    EXPECT_DOUBLE_EQ(g.originY, 3900);
    // 500 m at 2 units per metre grows each side by 1000 units; 100-unit pixels.
    EXPECT_EQ(g.width, 40);   // (2000 + 2 · 1000) / 100
    EXPECT_EQ(g.height, 29);  // (900 + 2 · 1000) / 100, rounded up
}

TEST(DensityGeoTiff, RoundTripsThroughGdal) {
    DensityGrid g;
    g.originX = 225000;
    g.originY = 905000;
    g.pixelSize = 50;
    g.width = 40;
    g.height = 30;
    g.crs = "EPSG:26986";  // Massachusetts state plane, metres
    auto events = randomEvents(500, 4, 300);
    for (auto& e : events) e = {e.x + 226000, e.y + 904250};
    auto v = computeDensity(events, {}, g, {DensityKernel::Quartic, 500.0, 0});
    ASSERT_TRUE(v);
    auto dir = std::filesystem::temp_directory_path() / ("gs_density_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string path = (dir / "density.tif").string();
    Status written = writeDensityGeoTiff(g, *v, path);
    ASSERT_TRUE(written) << written.error().message;

    GDALAllRegister();
    std::unique_ptr<GDALDataset> ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterXSize(), 40);
    EXPECT_EQ(ds->GetRasterYSize(), 30);
    double t[6];
    ASSERT_EQ(ds->GetGeoTransform(t), CE_None);
    EXPECT_DOUBLE_EQ(t[0], 225000);
    EXPECT_DOUBLE_EQ(t[1], 50);
    EXPECT_DOUBLE_EQ(t[2], 0);
    EXPECT_DOUBLE_EQ(t[3], 905000);
    EXPECT_DOUBLE_EQ(t[4], 0);
    EXPECT_DOUBLE_EQ(t[5], -50);
    OGRSpatialReference expected;
    expected.importFromEPSG(26986);
    ASSERT_TRUE(ds->GetSpatialRef());
    EXPECT_TRUE(ds->GetSpatialRef()->IsSame(&expected));
    GDALRasterBand* band = ds->GetRasterBand(1);
    EXPECT_EQ(band->GetRasterDataType(), GDT_Float32);
    int hasNoData = 1;
    band->GetNoDataValue(&hasNoData);
    EXPECT_FALSE(hasNoData);
    EXPECT_STREQ(band->GetUnitType(), "events/km2");
    std::vector<float> back(v->size());
    ASSERT_EQ(band->RasterIO(GF_Read, 0, 0, 40, 30, back.data(), 40, 30, GDT_Float32, 0, 0, nullptr), CE_None);
    EXPECT_EQ(back, *v);
    EXPECT_GT(densityPeak(back).value, 0);
    ds.reset();
    std::filesystem::remove_all(dir);
}

TEST(DensityGeoTiff, ErrorsNameThePath) {
    DensityGrid g = squareGrid();
    std::vector<float> v(g.pixelCount(), 1.0f);
    std::string path = "/nonexistent_dir_gs/density.tif";
    Status s = writeDensityGeoTiff(g, v, path);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().message.rfind(path, 0), 0u) << s.error().message;
    g.crs = "EPSG:999999";
    s = writeDensityGeoTiff(g, v, "/tmp/x.tif");
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("/tmp/x.tif"), std::string::npos);
    v.pop_back();
    EXPECT_FALSE(writeDensityGeoTiff(squareGrid(), v, "/tmp/x.tif"));
}

}  // namespace
}  // namespace gs
