"""A small site of synthetic reports of real places over two years, for the year-aware pages' tests.

Three provinces (北京市 110000, 江苏省 320000, 宁夏回族自治区 640000) × five district governments ×
2022 and 2023 (tests/textreport.py writes the reports, with counts that satisfy the template):
MISSING reported 2022 and not 2023, LATE published its 2023 report after the deadline (5 May 2024,
the deadline of a people's government's own report being 31 March), SMALL handled only 5 requests
(all granted: a 100% 予以公开率 on a denominator below the minimum, which must not be ranked).
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.textreport import consistent_values, random_values, write_report

YEARS = (2022, 2023)
BODIES = {
    "北京市": ["北京市朝阳区人民政府", "北京市海淀区人民政府", "北京市东城区人民政府", "北京市西城区人民政府",
            "北京市丰台区人民政府"],
    "江苏省": ["南京市玄武区人民政府", "南京市鼓楼区人民政府", "苏州市吴中区人民政府", "无锡市锡山区人民政府",
            "徐州市铜山区人民政府"],
    "宁夏回族自治区": ["银川市兴庆区人民政府", "银川市金凤区人民政府", "银川市西夏区人民政府", "吴忠市利通区人民政府",
                "中卫市沙坡头区人民政府"],
}
MISSING = "南京市鼓楼区人民政府"  # 2022 only
LATE = "银川市金凤区人民政府"  # its 2023 report published 2024-05-08
LATE_DATE = "2024-05-08"
SMALL = "北京市东城区人民政府"  # 5 requests each year, all granted


def write_reports(data: Path, seed: int = 10) -> dict[tuple[str, int], dict]:
    """The reports under data/reports/; returns the values written, by (agency, year)."""
    rng = random.Random(seed)
    written = {}
    for province, agencies in BODIES.items():
        for i, agency in enumerate(agencies):
            for year in YEARS:
                if agency == MISSING and year == 2023:
                    continue
                values = consistent_values("2021", received=5) if agency == SMALL else random_values(rng, "2021")
                text = write_report(values, agency=agency, year=year)
                if agency == LATE and year == 2023:
                    text = text.replace("2024年1月20日", "2024年5月8日")
                folder = data / "reports" / f"p{list(BODIES).index(province)}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"body{i}-{year}.txt").write_text(text, encoding="utf-8")
                written[(agency, year)] = values
    return written


_BUILT: dict = {}


def built_years_site(tmp_path_factory):
    """The site of write_reports() built once per test process, shared by the modules that use it:
    a namespace with .site, .docs, .data, .result and .values (what write_reports wrote)."""
    if "site" not in _BUILT:
        from types import SimpleNamespace

        from builder.site import build_site

        root = tmp_path_factory.mktemp("years")
        values = write_reports(root / "data")
        result = build_site(root / "data", root / "site", jobs=2, build_dir=root / "build", cache_dir=root / "cache")
        _BUILT["site"] = SimpleNamespace(site=root / "site", docs=root / "build" / "docs", data=root / "data",
                                         result=result, values=values)
    return _BUILT["site"]


def of_year(values: dict, year: int, field: str) -> int:
    """The sum of `field` over the reports of `year` that write_reports wrote."""
    return sum(v[field] for (_agency, y), v in values.items() if y == year)
