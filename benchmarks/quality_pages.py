"""How the data-quality pages grow: pages, largest page and index size, and time, for N synthetic
reports with findings (6 years, 31 provinces, three checks and a derived cell each; twelve cities a
province, a tenth of the reports of the province's own bodies, of no city).

    python benchmarks/quality_pages.py [N ...]            (default: 306 10000 100000)
    python benchmarks/quality_pages.py --no-cities [N …]  (every report of a province's own bodies: the
                                                           shape of this benchmark before the lists were
                                                           cut by place, which nothing can cut below a province)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's builder

from builder.pages.quality import _province_codes, quality_page_files  # noqa: E402


def synthetic(n: int, cities: bool = True) -> list[dict]:
    provinces = list(_province_codes())[:31]
    checks = [{"rule": "row_total", "severity": "error", "message": "“予以公开”一行：总计为 5，但六类申请人之和为 4。",
               "fields": ["requests.granted.natural_person", "requests.granted.total"], "acknowledged": False},
              {"rule": "late_publication", "severity": "warning", "message": "发布日期晚于第四十九条规定的期限。",
               "fields": [], "acknowledged": False},
              {"rule": "blank_cells", "severity": "info", "message": "表格中有 2 个单元格留空。",
               "fields": ["proactive.rules.issued", "proactive.rules.repealed"], "acknowledged": False}]
    derived = {"requests.withheld_state_secret.total": {"value": 0, "rule": "row_total", "from": [],
                                                        "note": "该行只印出 6 个数字。"}}
    return [{"id": f"body-{i}-{2019 + i % 6}", "agency_id": f"body-{i}", "agency": f"某县某局{i}",
             "year": 2019 + i % 6, "region": {"province": provinces[i % len(provinces)],
                                              "city": f"第{i // 186 % 12}市" if cities and i // 186 % 10 else None},
             "checks": checks, "derived": derived, "known_issues": []} for i in range(n)]


def main(sizes: list[int], cities: bool = True) -> None:
    print(f"{'reports':>8} {'pages':>6} {'largest KB':>10} {'index KB':>9} {'seconds':>8}")
    for n in sizes:
        reports = synthetic(n, cities)
        start = time.perf_counter()
        files = quality_page_files(reports)
        seconds = time.perf_counter() - start
        largest = max(len(text.encode()) for text in files.values())
        index = len(files["quality/index.md"].encode())
        print(f"{n:>8} {len(files):>6} {largest / 1024:>10.0f} {index / 1024:>9.0f} {seconds:>8.1f}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--no-cities"]
    main([int(a) for a in args] or [306, 10_000, 100_000], cities="--no-cities" not in sys.argv[1:])
