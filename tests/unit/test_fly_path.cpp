// Fly-to paths: they start and end exactly on the two views, zoom out on the way when they pan
// far, and a pure zoom changes the width steadily in one direction.
#include <gtest/gtest.h>

#include <cmath>

#include "scene/fly_path.hpp"

namespace gs {
namespace {

TEST(FlyPath, StartsAndEndsOnTheViews) {
    const ViewPoint a{{1000, 2000}, 500}, b{{-40000, 9000}, 80};
    FlyPath path(a, b);
    EXPECT_GT(path.length(), 0);
    for (double t : {0.0, 1.0}) {
        ViewPoint v = path.at(t);
        const ViewPoint& want = t == 0 ? a : b;
        EXPECT_DOUBLE_EQ(v.center.x, want.center.x);
        EXPECT_DOUBLE_EQ(v.center.y, want.center.y);
        EXPECT_DOUBLE_EQ(v.width, want.width);
    }
    // Close to the ends, the path is continuous with them.
    ViewPoint nearEnd = path.at(1 - 1e-9);
    EXPECT_NEAR(nearEnd.center.x, b.center.x, 1e-3);
    EXPECT_NEAR(nearEnd.width, b.width, 1e-3);
}

TEST(FlyPath, ZoomsOutToPanFarAndMovesAlongTheLine) {
    // Two street-level views 20 km apart: half way, the view is far wider than either end.
    const ViewPoint a{{0, 0}, 300}, b{{20000, 0}, 300};
    FlyPath path(a, b);
    ViewPoint mid = path.at(0.5);
    EXPECT_GT(mid.width, 10 * 300.0);
    EXPECT_NEAR(mid.center.x, 10000, 1e-6);  // symmetric ends: the middle of the path
    EXPECT_NEAR(mid.center.y, 0, 1e-9);
    double lastX = -1;
    for (int i = 0; i <= 20; ++i) {  // never backwards, never off the line
        ViewPoint v = path.at(i / 20.0);
        EXPECT_GE(v.center.x, lastX);
        EXPECT_NEAR(v.center.y, 0, 1e-9);
        lastX = v.center.x;
    }
}

TEST(FlyPath, PureZoomIsMonotonic) {
    const ViewPoint a{{5, 5}, 10000}, b{{5, 5}, 100};
    FlyPath path(a, b);
    EXPECT_NEAR(path.length(), std::log(100.0) / 1.41, 1e-9);
    double last = a.width;
    for (int i = 1; i <= 10; ++i) {
        ViewPoint v = path.at(i / 10.0);
        EXPECT_LT(v.width, last);
        EXPECT_DOUBLE_EQ(v.center.x, 5);
        last = v.width;
    }
    EXPECT_DOUBLE_EQ(path.at(1).width, 100);
    FlyPath still(a, a);
    EXPECT_EQ(still.length(), 0);
    EXPECT_DOUBLE_EQ(still.at(0.5).width, a.width);
}

}  // namespace
}  // namespace gs
