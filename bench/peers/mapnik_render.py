#!/usr/bin/python3
"""Peer benchmark: Mapnik draws the SF tracts and buildings to a PNG, as `gridscope render` does.

    /usr/bin/python3 bench/peers/mapnik_render.py [--tracts F] [--buildings F] [--width W]
                                                  [--height H] --out F.png

Debian's python3-mapnik (Mapnik 3.1, AGG renderer, one thread). Both layers are read through
Mapnik's `ogr` plugin (GDAL), reprojected to web mercator on the fly, and the map is fitted to
the tracts' extent (grown to the image's aspect, as gridscope's "fit the data" does). The style
matches gridscope's scene for the full set (data/sf_full.json): dark background, tracts filled
and outlined, buildings grey on top. Timings of each phase go to stderr; bench/snapshot.sh times
the whole process from outside.
"""

import argparse
import os
import sys
import time

import mapnik

HERE = os.path.dirname(os.path.abspath(__file__))
SF = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "sf"))

LONLAT = "+proj=longlat +datum=WGS84 +no_defs"
MERCATOR = ("+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m "
            "+nadgrids=@null +wktext +no_defs +over")

# Colours of data/sf_full.json.
STYLE_XML = """<?xml version="1.0" encoding="utf-8"?>
<Map srs="{mercator}" background-color="#0b1220">
  <Style name="tracts">
    <Rule>
      <PolygonSymbolizer fill="#1e3a5f" fill-opacity="0.6"/>
      <LineSymbolizer stroke="#7fb3ff" stroke-width="1.0"/>
    </Rule>
  </Style>
  <Style name="buildings">
    <Rule>
      <PolygonSymbolizer fill="#8a94a6" fill-opacity="0.5"/>
      <LineSymbolizer stroke="#aab4c5" stroke-width="0.5"/>
    </Rule>
  </Style>
</Map>
"""


def ogr_layer(name, path, layer, style, srs=LONLAT):
    lyr = mapnik.Layer(name, srs)
    lyr.datasource = mapnik.Ogr(file=path, layer=layer)
    lyr.styles.append(style)
    return lyr


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tracts", default=os.path.join(SF, "tracts.geojson"))
    ap.add_argument("--tracts-layer", default="tracts")
    ap.add_argument("--buildings", default=os.path.join(SF, "buildings.gpkg"))
    ap.add_argument("--buildings-layer", default="buildings")
    ap.add_argument("--web-mercator", action="store_true",
                    help="the layers are in EPSG:3857 (tools/grow_city.py's city), not lon/lat")
    ap.add_argument("--width", type=int, default=3840)
    ap.add_argument("--height", type=int, default=2160)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    for path in (args.tracts, args.buildings):
        if not os.path.exists(path):
            print(f"mapnik_render: {path}: no such file", file=sys.stderr)
            return 2

    t0 = time.perf_counter()
    m = mapnik.Map(args.width, args.height)
    mapnik.load_map_from_string(m, STYLE_XML.format(mercator=MERCATOR))
    srs = MERCATOR if args.web_mercator else LONLAT
    tracts = ogr_layer("tracts", args.tracts, args.tracts_layer, "tracts", srs)
    m.layers.append(tracts)
    m.layers.append(ogr_layer("buildings", args.buildings, args.buildings_layer, "buildings", srs))

    if args.web_mercator:
        m.zoom_to_box(tracts.envelope())
    else:
        to_merc = mapnik.ProjTransform(mapnik.Projection(LONLAT), mapnik.Projection(MERCATOR))
        m.zoom_to_box(to_merc.forward(tracts.envelope()))
    t1 = time.perf_counter()

    image = mapnik.Image(args.width, args.height)
    mapnik.render(m, image)
    t2 = time.perf_counter()
    image.save(args.out, "png32")  # full RGBA, like gridscope; Mapnik's "png" would quantise to 256 colours
    t3 = time.perf_counter()

    print(f"mapnik_render: setup {t1 - t0:.2f} s, render {t2 - t1:.2f} s, png {t3 - t2:.2f} s "
          f"-> {args.out} ({args.width}x{args.height}, Mapnik {mapnik.mapnik_version()})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
