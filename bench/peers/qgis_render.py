#!/usr/bin/python3
"""Peer benchmark: QGIS draws the SF tracts and buildings to a PNG, as `gridscope render` does.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/peers/qgis_render.py [--tracts F]
        [--buildings F] [--width W] [--height H] [--sequential] --out F.png

Debian's python3-qgis (QGIS 3.22), headless: a QgsApplication without GUI on Qt's offscreen
platform. Both layers go through the `ogr` provider (GDAL), the map is in EPSG:3857 fitted to the
tracts' extent (grown to the image's aspect), and it is drawn by QgsMapRendererParallelJob (one
thread per layer, as QGIS desktop does) or, with --sequential, QgsMapRendererSequentialJob.
Style as data/sf_full.json: dark background, tracts filled and outlined, buildings grey on top,
antialiasing on, widths in pixels. Timings of each phase go to stderr; bench/snapshot.sh times the
whole process from outside.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep QGIS's profile and Qt's runtime dir out of the invoking user's home (and Qt quiet about it).
_tmp = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"gridscope-qgis-{os.getuid()}")
os.makedirs(os.path.join(_tmp, "runtime"), mode=0o700, exist_ok=True)
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", os.path.join(_tmp, "profile"))
os.environ.setdefault("XDG_RUNTIME_DIR", os.path.join(_tmp, "runtime"))

from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,  # noqa: E402
                       QgsFillSymbol, QgsMapRendererParallelJob, QgsMapRendererSequentialJob,
                       QgsMapSettings, QgsProject, QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SF = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "sf"))


def fill_style(fill_rgba, stroke, width_px):
    return QgsSingleSymbolRenderer(QgsFillSymbol.createSimple({
        "color": fill_rgba, "style": "solid",
        "outline_color": stroke, "outline_style": "solid",
        "outline_width": str(width_px), "outline_width_unit": "Pixel",
    }))


def open_layer(uri, name):
    layer = QgsVectorLayer(uri, name, "ogr")
    if not layer.isValid():
        raise SystemExit(f"qgis_render: {uri}: QGIS could not open the layer")
    return layer


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tracts", default=os.path.join(SF, "tracts.geojson"))
    ap.add_argument("--buildings", default=os.path.join(SF, "buildings.gpkg"))
    ap.add_argument("--buildings-layer", default="buildings")
    ap.add_argument("--width", type=int, default=3840)
    ap.add_argument("--height", type=int, default=2160)
    ap.add_argument("--sequential", action="store_true", help="one thread instead of one per layer")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    for path in (args.tracts, args.buildings):
        if not os.path.exists(path):
            print(f"qgis_render: {path}: no such file", file=sys.stderr)
            return 2

    t0 = time.perf_counter()
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    t1 = time.perf_counter()

    tracts = open_layer(args.tracts, "tracts")
    buildings = open_layer(f"{args.buildings}|layername={args.buildings_layer}", "buildings")
    # Colours of data/sf_full.json; alpha 153 = 0.6, 128 = 0.5.
    tracts.setRenderer(fill_style("30,58,95,153", "127,179,255,255", 1.0))
    buildings.setRenderer(fill_style("138,148,166,128", "170,180,197,255", 0.5))

    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    to_merc = QgsCoordinateTransform(tracts.crs(), mercator, QgsProject.instance())
    settings = QgsMapSettings()
    settings.setLayers([buildings, tracts])  # first is drawn on top
    settings.setDestinationCrs(mercator)
    settings.setOutputSize(QSize(args.width, args.height))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor("#0b1220"))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setExtent(to_merc.transformBoundingBox(tracts.extent()))
    t2 = time.perf_counter()

    job_type = QgsMapRendererSequentialJob if args.sequential else QgsMapRendererParallelJob
    job = job_type(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    errors = [f"{e.layerID}: {e.message}" for e in job.errors()]
    t3 = time.perf_counter()
    if errors:
        print("qgis_render: " + "; ".join(errors), file=sys.stderr)
        return 1
    if not image.save(args.out, "PNG"):
        print(f"qgis_render: could not write {args.out}", file=sys.stderr)
        return 1
    t4 = time.perf_counter()

    print(f"qgis_render: init {t1 - t0:.2f} s, setup {t2 - t1:.2f} s, render {t3 - t2:.2f} s "
          f"({job_type.__name__}), png {t4 - t3:.2f} s -> {args.out} "
          f"({args.width}x{args.height}, QGIS {Qgis.QGIS_VERSION})",
          file=sys.stderr)
    # PyQGIS crashes at exit if Python frees QGIS objects after exitQgis(): free them first.
    del job, image, settings, tracts, buildings
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
