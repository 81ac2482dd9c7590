"""Which OCR engine reads scanned reports best: cells right, wrong numbers and seconds a page.

    .venv/bin/python benchmarks/ocr_engines.py [--engines rapidocr tesseract] [--dpi 150 300]
                                               [--sources PDF …] [--render-dpi 200]

Each source PDF with known truth (tests/truth/) is scanned at each dpi the way
tests/make_scanned_fixtures.py does it (rendered, a red seal over the largest table, turned
0.5–1.5°, JPEG pages in an image-only PDF), then parsed by builder.parse.parse_report with each
engine. Per engine and dpi it prints the table cells right out of all cells, the cells OCR read
right before the arithmetic nulled the untrusted ones ("read"), the numbers that are still wrong
after it (must be 0), the cells nulled (ocr_untrusted) and the OCR seconds per page.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builder.parse import parse_report  # noqa: E402
from builder.read import ocr  # noqa: E402

_spec = importlib.util.spec_from_file_location("scanned", ROOT / "tests" / "make_scanned_fixtures.py")
scanned = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scanned)
_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)

DEFAULT_SOURCES = ("tests/fixtures/generated/gen-gulou-jiaoyuju-2021.pdf",
                   "tests/fixtures/generated/gen-luohu-caizhengju-2020.pdf",
                   "tests/fixtures/reports/huaian-2024.pdf")


def truth_of(source: str) -> dict:
    for path in sorted((ROOT / "tests" / "truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        if truth["file"] == source:
            return truth
    raise SystemExit(f"no truth file for {source}")


def score(truth: dict, report: dict) -> dict:
    wrong, _meta = accuracy.compare(truth, report)
    values = report["values"]
    untrusted = {f for c in report["checks"] if c["rule"] == "ocr_untrusted" for f in c["fields"]}

    def as_read(field):
        if field in untrusted:
            text = report["raw"].get(field)
            try:
                return float(text) if "." in text else int(text)
            except (TypeError, ValueError):
                return None
        return values.get(field)

    read_right = sum(accuracy.same(want, as_read(f)) for f, want in truth["values"].items())
    wrong_numbers = [(f, want, got) for f, want, got in wrong if isinstance(got, int | float)
                     and not isinstance(got, bool)]
    return {"cells": len(truth["values"]), "right": len(truth["values"]) - len(wrong), "read": read_right,
            "wrong_numbers": wrong_numbers, "nulled": len(untrusted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="+", default=list(ocr.ENGINES))
    parser.add_argument("--dpi", nargs="+", type=int, default=[150, 300])
    parser.add_argument("--sources", nargs="+", default=list(DEFAULT_SOURCES))
    parser.add_argument("--render-dpi", type=int, default=ocr.RENDER_DPI)
    args = parser.parse_args()
    ocr.RENDER_DPI = args.render_dpi
    with tempfile.TemporaryDirectory() as tmp:
        for dpi in args.dpi:
            scans = []
            for source in args.sources:
                target = Path(tmp) / f"{Path(source).stem}-{dpi}.pdf"
                scanned.scan(ROOT / source, target, dpi=dpi)
                scans.append((source, target))
            for name in args.engines:
                ocr.ENGINE = name
                ocr.engine(name)  # load the models outside the timing
                total = {"cells": 0, "right": 0, "read": 0, "nulled": 0, "pages": 0, "seconds": 0.0}
                wrong_numbers = []
                for source, target in scans:
                    started = time.perf_counter()
                    report = parse_report(target)
                    seconds = time.perf_counter() - started
                    result = score(truth_of(source), report)
                    for key in ("cells", "right", "read", "nulled"):
                        total[key] += result[key]
                    total["pages"] += report["source"]["pages"]
                    total["seconds"] += seconds
                    wrong_numbers += [(Path(source).stem, *w) for w in result["wrong_numbers"]]
                    print(f"  {name} {dpi} dpi {Path(source).name}: {result['right']}/{result['cells']} right, "
                          f"{result['read']} read right, {result['nulled']} nulled, "
                          f"{len(result['wrong_numbers'])} wrong numbers, {seconds / report['source']['pages']:.1f} s/page",
                          flush=True)
                print(f"{name:10} scan {dpi} dpi (read at {args.render_dpi}): "
                      f"{total['right']}/{total['cells']} cells right ({100 * total['right'] / total['cells']:.1f}%), "
                      f"read right before nulling {100 * total['read'] / total['cells']:.1f}%, "
                      f"{total['nulled']} nulled, {len(wrong_numbers)} wrong numbers, "
                      f"{total['seconds'] / total['pages']:.1f} s/page", flush=True)
                for item in wrong_numbers:
                    print("    wrong:", *item)


if __name__ == "__main__":
    main()
