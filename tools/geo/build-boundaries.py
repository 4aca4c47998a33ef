#!/usr/bin/env python3
"""Builds server/src/main/resources/static/geo/uzbekistan.geojson: the borders of Uzbekistan and its neighbours from
Natural Earth's 1:10m countries (public domain), as packaged in the npm package world-atlas (TopoJSON, ISC).

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    tools/geo/build-boundaries.py /tmp/package/countries-10m.json

Only the standard library: TopoJSON arcs are quantised and delta-encoded; this decodes them into GeoJSON polygons.
"""
import json
import sys
from pathlib import Path

# ISO 3166-1 numeric ids in world-atlas, and the English names shown in the map's tooltips.
COUNTRIES = {"860": "Uzbekistan", "398": "Kazakhstan", "417": "Kyrgyzstan", "762": "Tajikistan",
             "795": "Turkmenistan", "004": "Afghanistan"}
OUT = Path(__file__).resolve().parents[2] / "server/src/main/resources/static/geo/uzbekistan.geojson"


def decode_arcs(topology):
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([round(x * scale[0] + translate[0], 4), round(y * scale[1] + translate[1], 4)])
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def geometry(arcs, g):
    if g["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(arcs, r) for r in g["arcs"]]}
    if g["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "coordinates": [[ring(arcs, r) for r in p] for p in g["arcs"]]}
    raise ValueError("unexpected geometry " + g["type"])


def main(source):
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    features = []
    for g in topology["objects"]["countries"]["geometries"]:
        if str(g.get("id")) in COUNTRIES:
            features.append({"type": "Feature",
                             "properties": {"name": COUNTRIES[str(g["id"])], "id": str(g["id"]),
                                            "focus": str(g["id"]) == "860"},
                             "geometry": geometry(arcs, g)})
    missing = set(COUNTRIES) - {f["properties"]["id"] for f in features}
    if missing:
        sys.exit("not found in " + source + ": " + ", ".join(sorted(missing)))
    collection = {"type": "FeatureCollection",
                  "properties": {"source": "Natural Earth 1:10m admin-0 countries (public domain), via world-atlas 2.0.2",
                                 "built_by": "tools/geo/build-boundaries.py"},
                  "features": features}
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(features)} countries, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "countries-10m.json")
