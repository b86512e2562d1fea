"""Make generator/geodata/countries.json, the country boundaries the locator maps are drawn from.

Run by hand, never at build or test time, in the project's environment (it borrows the maps'
own view and simplification from generator.maps); the JSON it writes is kept in the repository:

    mkdir -p /tmp/world-atlas && npm install --prefix /tmp/world-atlas world-atlas@2.0.2
    .venv/bin/python bench/make_geodata.py /tmp/world-atlas/node_modules/world-atlas/countries-50m.json

The input is Natural Earth's 1:50m Admin 0 countries (public domain) as TopoJSON, from the
world-atlas npm package (ISC licence, Mike Bostock). At 1:110m Singapore is missing altogether.

What it does:
1. Decodes the TopoJSON: each arc is a run of quantized, delta-encoded positions, turned into
   degrees by the topology's transform; a ring is a chain of arcs, a negative index ~i standing
   for arc i reversed, each arc after the first starting where the one before ended. A ring
   that world-atlas joins across the antimeridian (Russia's mainland, the Aleutians) has its
   longitudes carried on past 180 instead of jumping to -180.
2. Simplifies each arc, once, so that neighbours keep sharing the very same border: positions
   rounded to DECIMALS places, repeated positions dropped, then Douglas-Peucker within TOLERANCE
   degrees (generator.maps.simplified). A ring that this would collapse (Macao, a small island)
   is built from its arcs as they were before Douglas-Peucker; one with fewer than four
   positions even so is dropped. Holes become rings like any other (the maps fill even-odd).
3. Keeps the countries in FOCUS (East, South-East, South and Central Asia, the western Pacific
   rim, North and Central America and the Caribbean), and the rings of every other country that
   lie in a focus country's locator view (generator.maps.fitted_view), marked "context": true:
   drawn around the others, but not offered for highlighting, its own surroundings being
   incomplete.
   Features are keyed by ISO 3166-1 alpha-3 code through ALPHA3 (world-atlas gives the numeric
   code); those without a numeric code (Kosovo, N. Cyprus, Somaliland, Siachen Glacier...) are
   skipped, and features sharing a code (Australia and the Ashmore and Cartier Islands) are merged
   under the name of the larger.
4. Writes compact JSON: {code: {"name": ..., "polygons": [[[lon, lat], ...], ...]}}, sorted.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator.maps import LOCATOR_ASPECTS, LOCATOR_WIDTH, Box, fitted_view, main_body, simplified

OUTPUT = Path(__file__).resolve().parent.parent / "generator" / "geodata" / "countries.json"
DECIMALS = 2  # positions rounded to 0.01 degree
TOLERANCE = 0.05  # degrees: how far a simplified border may stray from Natural Earth's

FOCUS = (
    # East Asia
    "CHN", "HKG", "MAC", "JPN", "KOR", "PRK", "MNG", "TWN", "RUS",
    # South-East Asia
    "BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM",
    # South and Central Asia
    "AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK", "KAZ", "KGZ", "TJK", "TKM", "UZB",
    # the western Pacific
    "AUS", "NZL", "PNG", "SLB", "PLW", "FSM", "MHL", "GUM", "MNP",
    # North and Central America and the Caribbean
    "USA", "CAN", "MEX", "GRL", "BMU", "SPM", "GTM", "BLZ", "HND", "SLV", "NIC", "CRI", "PAN",
    "CUB", "BHS", "JAM", "HTI", "DOM", "PRI",
)

# ISO 3166-1 numeric -> alpha-3, for the countries kept (the script stops on a missing one)
ALPHA3 = {
    "004": "AFG", "008": "ALB", "028": "ATG", "031": "AZE", "036": "AUS", "040": "AUT",
    "044": "BHS", "048": "BHR", "050": "BGD", "051": "ARM", "056": "BEL", "060": "BMU",
    "064": "BTN", "070": "BIH", "084": "BLZ", "090": "SLB", "092": "VGB", "096": "BRN",
    "100": "BGR", "104": "MMR", "112": "BLR", "116": "KHM", "124": "CAN", "136": "CYM",
    "144": "LKA", "156": "CHN", "158": "TWN", "170": "COL", "188": "CRI", "191": "HRV",
    "192": "CUB", "196": "CYP", "203": "CZE", "208": "DNK", "214": "DOM", "222": "SLV",
    "233": "EST", "234": "FRO", "246": "FIN", "248": "ALA", "250": "FRA", "268": "GEO",
    "275": "PSE", "276": "DEU", "296": "KIR", "300": "GRC", "304": "GRL", "316": "GUM",
    "320": "GTM", "332": "HTI", "340": "HND", "344": "HKG", "348": "HUN", "352": "ISL",
    "356": "IND", "360": "IDN", "364": "IRN", "368": "IRQ", "372": "IRL", "376": "ISR",
    "380": "ITA", "388": "JAM", "392": "JPN", "398": "KAZ", "400": "JOR", "408": "PRK",
    "410": "KOR", "414": "KWT", "417": "KGZ", "418": "LAO", "422": "LBN", "428": "LVA",
    "434": "LBY", "438": "LIE", "440": "LTU", "442": "LUX", "446": "MAC", "458": "MYS",
    "462": "MDV", "484": "MEX", "496": "MNG", "498": "MDA", "499": "MNE", "512": "OMN",
    "524": "NPL", "528": "NLD", "534": "SXM", "540": "NCL", "554": "NZL", "558": "NIC",
    "578": "NOR", "580": "MNP", "583": "FSM", "584": "MHL", "585": "PLW", "586": "PAK",
    "591": "PAN", "598": "PNG", "608": "PHL", "616": "POL", "620": "PRT", "626": "TLS",
    "630": "PRI", "634": "QAT", "642": "ROU", "643": "RUS", "652": "BLM", "659": "KNA",
    "660": "AIA", "663": "MAF", "666": "SPM", "682": "SAU", "688": "SRB", "702": "SGP",
    "703": "SVK", "704": "VNM", "752": "SWE", "756": "CHE", "760": "SYR", "762": "TJK",
    "764": "THA", "784": "ARE", "792": "TUR", "795": "TKM", "796": "TCA", "804": "UKR",
    "807": "MKD", "818": "EGY", "826": "GBR", "831": "GGY", "832": "JEY", "833": "IMN",
    "840": "USA", "850": "VIR", "860": "UZB",
}

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc in degrees, rounded to DECIMALS places, without repeated positions."""
    (scale_x, scale_y), (origin_x, origin_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for quantized in topology["arcs"]:
        x = y = 0
        points: list[Point] = []
        for dx, dy in quantized:
            x, y = x + dx, y + dy
            point = (round(origin_x + x * scale_x, DECIMALS), round(origin_y + y * scale_y, DECIMALS))
            if not points or point != points[-1]:
                points.append(point)
        arcs.append(points)
    return arcs


def _ring(arc_indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring and ring[-1] == arc[0] else arc)
    return _unwrapped(ring)


def _unwrapped(ring: list[Point]) -> list[Point]:
    """The ring without jumps across the antimeridian: world-atlas joins Russia's mainland, Fiji or
    the Aleutians across it, from 179.9 to -180. Past it, longitudes go on beyond 180."""
    shift, previous, continuous = 0.0, ring[0][0], []
    for lon, lat in ring:
        shift += -360.0 if lon - previous > 180 else 360.0 if previous - lon > 180 else 0.0
        previous = lon
        continuous.append((round(lon + shift, DECIMALS), lat))
    if min(lon for lon, _lat in continuous) < -180:
        continuous = [(round(lon + 360.0, DECIMALS), lat) for lon, lat in continuous]
    return continuous


def _rings(geometry: dict, arcs: list[list[Point]], simple_arcs: list[list[Point]]) -> list[list[Point]]:
    """The geometry's rings from the simplified arcs; a ring that simplifying would collapse (Macao,
    a small island) from the arcs as they were."""
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    rings = []
    for arc_indexes in (ring for polygon in polygons for ring in polygon):
        ring = _ring(arc_indexes, simple_arcs)
        if len(ring) < 4:
            ring = _ring(arc_indexes, arcs)
        if len(ring) >= 4:
            rings.append(ring)
    return rings


def countries(topology: dict) -> dict[str, dict]:
    """{alpha-3 code: {"name", "polygons"}} for every feature with a numeric code."""
    arcs = decode_arcs(topology)
    simple_arcs = [simplified(arc, TOLERANCE) for arc in arcs]
    found: dict[str, dict] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        entry = {"name": geometry["properties"]["name"], "polygons": _rings(geometry, arcs, simple_arcs)}
        code = ALPHA3.get(numeric, f"?{numeric}")
        if code in found:
            larger, smaller = sorted((found[code], entry), key=lambda e: -sum(map(len, e["polygons"])))
            entry = {"name": larger["name"], "polygons": larger["polygons"] + smaller["polygons"]}
        found[code] = entry
    return found


def _in_view(ring: list[Point], views: list[Box]) -> bool:
    ring_box = Box.around(ring)
    return any(ring_box.shifted(shift).overlaps(view) for view in views for shift in (0.0, 360.0, -360.0))


def selected(everything: dict[str, dict]) -> dict[str, dict]:
    """The focus countries, and the rings of others that lie in a focus country's view, marked as
    context."""
    views = [fitted_view(main_body(everything[code]["polygons"]), LOCATOR_WIDTH, LOCATOR_ASPECTS).box
             for code in FOCUS]
    kept = {code: everything[code] for code in FOCUS}
    for code, entry in everything.items():
        rings = [ring for ring in entry["polygons"] if _in_view(ring, views)]
        if code not in kept and rings:
            kept[code] = {"name": entry["name"], "polygons": rings, "context": True}
    missing = sorted(code for code in kept if code.startswith("?"))
    if missing:
        raise SystemExit(f"add these numeric codes to ALPHA3: {', '.join(code[1:] for code in missing)}")
    return dict(sorted(kept.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas's countries-50m.json")
    topology = json.loads(parser.parse_args().topojson.read_text(encoding="utf-8"))
    kept = selected(countries(topology))
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(json.dumps(kept, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    context = sum(1 for entry in kept.values() if entry.get("context"))
    print(f"{OUTPUT}: {len(kept) - context} focus and {context} context countries, {OUTPUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
