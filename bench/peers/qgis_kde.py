#!/usr/bin/python3
"""Peer benchmark: QGIS's Heatmap (Kernel Density Estimation) processing algorithm writes a GeoTIFF,
as `gridscope history ... --density-tif` does.

    /usr/bin/python3 bench/peers/qgis_kde.py POINTS.gpkg [--layer NAME] [--radius 500] [--pixel 50]
        [--kernel quartic|epanechnikov] --out F.tif

Debian's python3-qgis (QGIS 3.22), headless (Qt's offscreen platform), the algorithm
`qgis:heatmapkerneldensityestimation` with QGIS's defaults but for the radius, pixel size and kernel
(quartic is QGIS's default; output values "raw"). The points must be in a projected CRS in metres:
QGIS's radius and pixel size are in layer units. Timings of each phase go to stderr; the caller
times the whole process from outside.
"""
import argparse
import os
import sys
import time

t0 = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"gridscope-qgis-{os.getuid()}")
os.makedirs(os.path.join(_tmp, "runtime"), mode=0o700, exist_ok=True)
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", os.path.join(_tmp, "profile"))
os.environ.setdefault("XDG_RUNTIME_DIR", os.path.join(_tmp, "runtime"))
sys.path.append("/usr/share/qgis/python/plugins")

from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

KERNELS = {"quartic": 0, "triangular": 1, "uniform": 2, "triweight": 3, "epanechnikov": 4}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("points")
    ap.add_argument("--layer", default="")
    ap.add_argument("--radius", type=float, default=500)
    ap.add_argument("--pixel", type=float, default=50)
    ap.add_argument("--kernel", default="quartic", choices=sorted(KERNELS))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing  # noqa: E402
    import processing  # noqa: E402
    Processing.initialize()
    t1 = time.perf_counter()
    uri = a.points + (f"|layername={a.layer}" if a.layer else "")
    layer = QgsVectorLayer(uri, "points", "ogr")
    if not layer.isValid():
        sys.exit(f"qgis_kde: cannot open {uri}")
    t2 = time.perf_counter()
    processing.run("qgis:heatmapkerneldensityestimation", {
        "INPUT": layer, "RADIUS": a.radius, "PIXEL_SIZE": a.pixel, "KERNEL": KERNELS[a.kernel],
        "DECAY": 0, "OUTPUT_VALUE": 0, "OUTPUT": a.out})
    t3 = time.perf_counter()
    print(f"qgis_kde: start {t1 - t0:.2f} s, open {t2 - t1:.2f} s, algorithm {t3 - t2:.2f} s, "
          f"{layer.featureCount()} points", file=sys.stderr)
    sys.stderr.flush()
    # QGIS 3.22's teardown crashes now and then in a standalone script (exit 139 after a complete
    # run); the GeoTIFF is written and closed, so leave as gridscope does (std::_Exit after its PNG).
    os._exit(0 if os.path.exists(a.out) else 1)


if __name__ == "__main__":
    main()
