"""Build the country flags ``assets/flags/<ISO3>.png`` and their ``assets/flags/LICENCE.md``.

A one-off build step, run by hand; the game only reads the PNG files (no SVG renderer at run
time: pygame-ce's own SVG loader, nanosvg, leaves out ``<use>`` elements, so China's stars and
others would be missing).

    npm pack flag-icons@7.5.0 && tar xzf flag-icons-7.5.0.tgz     # -> package/
    pip install cairosvg pycountry                                  # build-time only
    python tools/build_flags.py --package package

The flags come from the npm package ``flag-icons`` (Panayiotis Lipiridis and contributors, MIT
licence; its 4:3 SVG files), one for each country of ``assets/data/countries.csv`` (every real
country of the built-in scenarios is in that table). ISO alpha-3 codes become the package's
alpha-2 file names through pycountry (Kosovo, ``XKX``, is ``xk``). Each flag is drawn at
WIDTH × HEIGHT pixels (4:3): large enough to be shrunk smoothly for a list line at scale 2.0.
The output is deterministic for the same package version and the same cairosvg.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import cairosvg
import pycountry

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "assets" / "data" / "countries.csv"
OUTPUT = ROOT / "assets" / "flags"
WIDTH, HEIGHT = 96, 72
#: Codes pycountry does not know (user-assigned in ISO 3166).
EXTRA_ALPHA_2 = {"XKX": "xk"}


def alpha_2(alpha_3: str) -> str:
    if alpha_3 in EXTRA_ALPHA_2:
        return EXTRA_ALPHA_2[alpha_3]
    country = pycountry.countries.get(alpha_3=alpha_3)
    if country is None:
        raise SystemExit(f"{TABLE}: {alpha_3} is not an ISO 3166-1 alpha-3 code pycountry knows; "
                         "add it to EXTRA_ALPHA_2")
    return country.alpha_2.lower()


def licence_text(package: Path, codes: list[str]) -> str:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    licence = (package / "LICENSE").read_text(encoding="utf-8").strip()
    return (
        "# Country flags\n\n"
        f"The files `<ISO3>.png` in this folder ({len(codes)} flags) are the 4:3 SVG flags of the "
        f"npm package `{meta['name']}` version {meta['version']} ({meta.get('homepage', '')}), "
        f"licensed under the {meta['license']} licence below, drawn at {WIDTH}×{HEIGHT} pixels by "
        "`tools/build_flags.py` (cairosvg) and named by ISO 3166-1 alpha-3 code. Only the "
        "format changed.\n\n"
        "Countries without a file here (the invented countries of the tutorial and the "
        "archipelago) get an emblem the game draws from the country's id, unless their scenario "
        "names a flag file of its own (`flag` in docs/scenarios.md).\n\n"
        f"## Licence of {meta['name']}\n\n```\n{licence}\n```\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, required=True,
                        help="the unpacked flag-icons npm package (its folder holding flags/4x3)")
    args = parser.parse_args(argv)
    source = args.package / "flags" / "4x3"
    if not source.is_dir():
        print(f"{source}: no such folder; unpack the flag-icons npm package first", file=sys.stderr)
        return 2
    with TABLE.open(encoding="utf-8") as file:
        codes = sorted(row["iso3"] for row in csv.DictReader(file))
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for code in codes:
        svg = source / f"{alpha_2(code)}.svg"
        if not svg.exists():
            print(f"{svg}: missing in the package (for {code})", file=sys.stderr)
            return 1
        cairosvg.svg2png(url=str(svg), write_to=str(OUTPUT / f"{code}.png"),
                         output_width=WIDTH, output_height=HEIGHT)
    (OUTPUT / "LICENCE.md").write_text(licence_text(args.package, codes), encoding="utf-8")
    print(f"{len(codes)} flags written to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
