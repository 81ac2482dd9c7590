"""The downloads page, the corrections page and the generated part of the data dictionary (every file
and column); and, for a site too large for GitHub Pages, the dataset files moved out of it into a
release (release_files).

GitHub Pages publishes at most 1 GB. The dataset files are ~6 KB a report (benchmarks/build_site.py,
N = 1,000): at 30,000 reports ~170 MB of it. With SITE_DOWNLOADS_URL set (where GitHub serves a
repository's release files, https://github.com/<owner>/<repo>/releases/download), the downloads page
links each file in the release of its year, data-<year>, under its flat name (<chunk>-<file>:
.../download/data-2021/2021-jiangsu-reports.csv; one release a year because a release holds at most
1,000 files, and a year split by province has 31 × 9), and release_files() (python -m builder
release-files) moves the built files out of the site into one folder per release with their SHA256SUMS,
rewriting the data packages' paths to those addresses (.github/workflows/pages.yml does both when the
repository variable SITE_DOWNLOADS is "release"; .github/scripts/upload-releases.sh uploads only the
files whose SHA-256 is not the release's already). The build writes the files as always: their sizes
are on the page.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from builder.export import CORRECTIONS_FILE, DATASET_FILES, PACKAGE_FILE
from builder.export.columns import (
    CHECKS_COLUMNS,
    CORRECTIONS_COLUMNS,
    PROVENANCE_COLUMNS,
    REPORT_META,
    TIDY_COLUMNS,
    VALUES_COLUMNS,
    field_column,
)
from builder.export.datasets import UNKNOWN
from builder.files import sha256_of
from builder.pages.common import agency_page, front_matter, md, md_table, rel, safe_url
from builder.template import fields
from builder.template.labels import LEVEL_ZH, YES_NO_ZH

PAGE = "downloads/index.md"
# How the workbook differs from reports.csv (builder/export/workbook.py): said on the downloads page and the dictionary.
XLSX_VS_CSV = ("与 reports.csv 的列相同、顺序相同，供人阅读；CSV 和 Parquet 供程序读取，保留英文列编号和原始取值。"
               "不同之处：第 1 行为中文列名，第 2 行为列编号（即 CSV 的列名，可据以对应）；"
               f"机构层级写作“{LEVEL_ZH['county']}”等（CSV 中为 county），"
               f"“通过全部检查”写作“{YES_NO_ZH[True]}/{YES_NO_ZH[False]}”（CSV 中为 true/false）；数字相同，仍为数字。")
DOWNLOADS_URL_ENV = "SITE_DOWNLOADS_URL"


def downloads_url() -> str | None:
    """Where the dataset files are published when not in the site (SITE_DOWNLOADS_URL, http/https), or None."""
    url = safe_url(os.environ.get(DOWNLOADS_URL_ENV) or None)
    if os.environ.get(DOWNLOADS_URL_ENV) and not url:
        from builder.errors import ReportError

        raise ReportError(f"{DOWNLOADS_URL_ENV} 必须是 http/https 地址 must be an http(s) address")
    return url.rstrip("/") if url else None


def asset_name(chunk: str, name: str) -> str:
    """A chunk's file under its flat name in a release: 2021/jiangsu + reports.csv → 2021-jiangsu-reports.csv."""
    return f"{chunk.replace('/', '-')}-{name}"


def release_of(chunk: str) -> str:
    """The release (its tag) a chunk's files are in: one a year, data-2021 for 2021/jiangsu."""
    return f"data-{chunk.split('/')[0]}"


def asset_url(base: str, chunk: str, name: str) -> str:
    return f"{base}/{release_of(chunk)}/{asset_name(chunk, name)}"


# Beside each release's files: their SHA-256 in sha256sum's format ("<hex>  <name>", sorted by name), for
# readers to check a download and for the release job to upload only the files whose bytes changed
# (.github/scripts/upload-releases.sh compares it with the one already in the release).
SUMS_FILE = "SHA256SUMS"


def write_sums(folder: Path) -> Path:
    """folder/SHA256SUMS of every other file in folder (a release's files)."""
    lines = [f"{sha256_of(path)}  {path.name}\n" for path in sorted(Path(folder).iterdir(), key=lambda p: p.name)
             if path.is_file() and path.name != SUMS_FILE]
    target = Path(folder) / SUMS_FILE
    target.write_text("".join(lines), encoding="utf-8")
    return target


def release_files(site: Path, out: Path, base: str, docs: Path | None = None) -> list[Path]:
    """Take every chunk's dataset files out of site/downloads/ into out/<release>/ under their flat names
    (release_of, asset_name), write each release's SHA256SUMS beside them, and point the site's data
    packages at their addresses under base. Returns the files written under out. Run after the build, on
    the built site (the Pages workflow: python -m builder release-files); the downloads pages already link
    them (SITE_DOWNLOADS_URL = base).

    docs: the build's generated docs folder (<build dir>/docs), when there is one: the files are copied
    from there, every one of them, and removed from the site. The site alone may lack some: an incremental
    build renders only what changed, and the files a previous run took out are not put back. A release
    folder always holds every file, so that its SHA256SUMS is the whole release's (the upload deletes the
    assets it no longer names). Every dataset file a data package lists must be found, or nothing is
    moved (ReportError)."""
    from builder.errors import ReportError

    base = (safe_url(base) or "").rstrip("/")
    if not base:
        raise ValueError("base must be an http(s) address")
    downloads = Path(site) / "downloads"
    source = Path(docs) / "downloads" if docs is not None else downloads
    out = Path(out)
    plan = _release_plan(source, out)
    addresses = {name: asset_url(base, name.rsplit("/", 1)[0], name.rsplit("/", 1)[1]) for name in plan}
    packages, missing = _repointed_packages(downloads, addresses, f"{base}/")
    if missing:
        raise ReportError(f"数据包列出的 {len(missing)} 个文件在 {source} 中不存在 {len(missing)} files the data "
                          f"packages list are not in {source}: {', '.join(missing[:3])}")
    # A release folder holds its files alone (its SHA256SUMS names every file in it, and the upload sends them):
    # what else an existing --out holds there stops the run before anything moves, and is left as it is.
    targets = {target for _path, target in plan.values()}
    releases = sorted({target.parent for target in targets})
    leftovers = sorted(p.relative_to(out).as_posix() for folder in releases if folder.is_dir()
                       for p in folder.iterdir() if p not in targets and p.name != SUMS_FILE)
    if leftovers:
        raise ReportError(f"{out} 的发布文件夹中有 {len(leftovers)} 个不属于本次发布的文件（请移走或换一个 --out） "
                          f"{len(leftovers)} files in {out}'s release folders are not this release's (move them "
                          f"or use another --out): {', '.join(leftovers[:3])}")
    for name, (path, target) in plan.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if docs is not None:
            shutil.copyfile(path, target)  # (the build keeps its docs: the next build compares with them)
            (downloads / name).unlink(missing_ok=True)
        else:
            shutil.move(str(path), target)
    for package, data in packages:
        package.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    for folder in sorted({(downloads / name).parent for name in plan}, key=lambda f: -len(f.parts)):
        if folder.is_dir() and folder != downloads and not any(folder.iterdir()):
            folder.rmdir()  # (a split year's province folders, emptied)
    Path(out).mkdir(parents=True, exist_ok=True)
    for folder in releases:  # (this run's releases only: another folder in --out is not one of them)
        write_sums(folder)
    return sorted(p for folder in releases for p in folder.iterdir() if p.is_file())


def _release_plan(source: Path, out: Path) -> dict[str, tuple[Path, Path]]:
    """chunk/name of every dataset file under source → (the file, where it goes under out)."""
    plan = {}
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.name in DATASET_FILES:
            chunk = path.parent.relative_to(source).as_posix()
            plan[f"{chunk}/{path.name}"] = (path, out / release_of(chunk) / asset_name(chunk, path.name))
    return plan


def _repointed_packages(downloads: Path, addresses: dict[str, str], base: str) -> tuple[list, list[str]]:
    """Every data package under downloads with its dataset files' paths set to their addresses, and the
    files a package lists that addresses lacks. Each package's paths are relative to its own folder
    (downloads/, or downloads/<year>/ of a split year); a package a previous run rewrote (and the build
    did not write again) holds addresses already."""
    known = set(addresses.values())
    packages, missing = [], []
    for package in sorted(downloads.rglob(PACKAGE_FILE)):
        folder = package.parent.relative_to(downloads).as_posix()
        prefix = "" if folder == "." else f"{folder}/"
        data = json.loads(package.read_text(encoding="utf-8"))
        for resource in data.get("resources", []):
            path = resource.get("path")
            if not isinstance(path, str) or path in known:
                continue
            if f"{prefix}{path}" in addresses:
                resource["path"] = addresses[f"{prefix}{path}"]
            elif path.rsplit("/", 1)[-1] in DATASET_FILES or path.startswith(base):
                missing.append(path if path.startswith(base) else f"{prefix}{path}")
        packages.append((package, data))
    return packages, missing


CORRECTIONS_PAGE = "downloads/corrections/index.md"
CORRECTIONS_SHOWN = 300  # entries on the page (newest first); corrections.csv holds them all

FILE_NOTES = {
    "reports.csv": "宽表：每份报告一行，先是元数据列，再是每个字段编号一列。",
    "reports.xlsx": "Excel 工作簿，" + XLSX_VS_CSV + "表头和报告编号、机构名称两列固定；"
                    "另有“字段”表列出每个字段编号的表、行、列中文名。",
    "reports.parquet": "与 reports.csv 相同的宽表，Parquet 格式（列有类型，文字保存原文）。",
    "values.parquet": "长表：每份报告每个单元格一行（report_id, field, value），Parquet 格式；数字与 reports.csv 相同。",
    "tidy.parquet": "整洁长表：每份报告每个单元格一行，带机构、年度、表/行/列编号、数值、状态（印出、空白、无法确定、推算）"
                    "和表、行、列的中文名；Parquet 格式（R、pandas、DuckDB 可直接读取）。",
    "provenance.parquet": "数值出处：每个单元格印出的原文和在原始报告中的位置（PDF 页码和单元格框，表格的第几张表第几行第几列，"
                          "文本的行号），与 values.parquet 同样以 report_id + field 为键。",
    "checks.csv": "每份报告的每条检查结果一行。",
    "checks.parquet": "与 checks.csv 相同，Parquet 格式。",
    "reports.json.gz": "每份报告的完整解析结果（JSON 数组，gzip 压缩），含六个部分的正文和原始数值文本；"
                       "数值出处在 provenance.parquet 中。",
    PACKAGE_FILE: "Frictionless Data Package 描述文件：列出全部文件和数据版本，各表的列、类型和中文说明在 schemas/ 下。",
    CORRECTIONS_FILE: "数据更正记录：附属文件中对报告数据的每一处更正（见“数据更正记录”页）。",
}
# The sidecar keys a correction changes, as the page names them.
CORRECTED_KEY_ZH = {"agency": "机构名称", "year": "年度", "region": "地区", "published": "发布日期",
                    "known_issues": "已知问题", "note": "说明", "source_url": "来源网址", "sha256": "原始文件（SHA-256）"}


def _size(n: int) -> str:
    if n < 1024:
        return f"{n:,} 字节"
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _year_label(year: str) -> str:
    return "年度未知" if year == UNKNOWN else year


def _year_name(year: str) -> str:
    return "年度未知" if year == UNKNOWN else f"{year} 年度"


def _province_label(chunk: str) -> str:
    """A split year's chunk on its page: its province's folder (2021/jiangsu → jiangsu)."""
    province = chunk.split("/", 1)[-1]
    return "省份未知" if province == UNKNOWN else md(province)


def _file_links(chunk: str, sizes: dict[str, int], base: str | None, page: str) -> str:
    """Every file of a chunk, linked from page (a docs path), with its size."""
    return " · ".join(f'[{name}]({asset_url(base, chunk, name) if base else rel(page, f"downloads/{chunk}/{name}")})'
                      f'{{: download="{asset_name(chunk, name)}" }}'
                      f"（{_size(sizes.get(f'{chunk}/{name}', 0))}）" for name in DATASET_FILES)


def year_page(year: str) -> str:
    """The downloads page of a year split by province (downloads/<year>/index.md)."""
    return f"downloads/{year}/index.md"


def _year_package_link(year: str, sizes: dict[str, int], page: str) -> str:
    path = f"{year}/{PACKAGE_FILE}"
    return (f"[{PACKAGE_FILE}]({rel(page, f'downloads/{path}')}){{: download=\"{asset_name(year, PACKAGE_FILE)}\" }}"
            f"（Frictionless Data Package，{_size(sizes.get(path, 0))}）")


def downloads_page_files(sizes: dict[str, int], counts: dict[str, int], corrections: int = 0) -> dict[str, str]:
    """The downloads page and, for each year split by province, the page of that year (so that no page grows
    with the number of chunks: at 100,000 reports one table of every chunk's files was 141 KB; now the index
    has a row a year, 4 KB, and a year's page a row a province, 28 KB: benchmarks/downloads_growth.py). sizes: downloads/-relative path → bytes; counts:
    chunk ("2020", "2021/jiangsu") → reports; corrections: how many entries the changelog has."""
    total = sum(counts.values())
    base = downloads_url()
    by_year: dict[str, dict[str, int]] = {}
    for chunk, count in counts.items():
        by_year.setdefault(chunk.split("/")[0], {})[chunk] = count
    pages: dict[str, str] = {}
    rows = []
    for year, of_year in by_year.items():
        reports = f"{sum(of_year.values()):,}"
        if list(of_year) == [year]:  # a year in one folder: its files on this page
            rows.append([md(_year_label(year)), reports, _file_links(year, sizes, base, PAGE)])
            continue
        weight = sum(sizes.get(f"{chunk}/{name}", 0) for chunk in of_year for name in DATASET_FILES)
        rows.append([md(_year_label(year)), reports,
                     f"按省份分为 {len(of_year):,} 个文件夹（共 {_size(weight)}）："
                     f"[{md(_year_name(year))}的下载页]({rel(PAGE, year_page(year))})"])
        pages[year_page(year)] = _year_page(year, of_year, sizes, base)
    out = [front_matter("下载"), "# 下载\n\n",
           f"全部 {total:,} 份报告的数据，按年度分文件（报告很多的年度再按省份分），有 Excel、CSV 和 Parquet 格式。"
           "空白单元格为空（不是 0）。各文件每一列的含义见[数据字典](../dictionary/index.md)。"
           f"全部文件及其结构列在 [{PACKAGE_FILE}]({PACKAGE_FILE}){{: download=\"{PACKAGE_FILE}\" }}"
           f"（Frictionless Data Package，{_size(sizes.get(PACKAGE_FILE, 0))}）中，可用 frictionless、pandas 或 DuckDB 一次读入"
           + (f"（按省份分的年度另有该年度的数据包，即该年度文件夹中的 {PACKAGE_FILE}，{PACKAGE_FILE} 把它列为一项）"
              if pages else "") + "。"
           "数据以[知识共享署名 4.0 国际许可协议（CC BY 4.0）](https://creativecommons.org/licenses/by/4.0/)提供。\n\n",
           "- **用 Excel 查看**：下载该年度的 `reports.xlsx`。它与 reports.csv 的列和顺序相同，但供人阅读："
           "第 1 行为中文列名（第 2 行为 CSV 的列编号），机构层级和是否写成中文"
           f"（“{LEVEL_ZH['county']}”“{YES_NO_ZH[True]}”，CSV 中为 county、true），数字不变；"
           "CSV 和 Parquet 供程序读取，保留英文编号和原始取值。"
           "CSV 文件都以 UTF-8 字节顺序标记（BOM）开头，中文 Windows 上的 Excel 直接打开不会乱码。\n"
           "- **用程序分析**：`tidy.parquet` 每个单元格一行，带机构、年度和中文表名、行名、列名"
           "（pandas、R 的 arrow、DuckDB 可直接读取）；pandas 读取 CSV 时用 `encoding=\"utf-8-sig\"`。\n"
           "- **推算的单元格**：报告未印出、但按同一行的算术关系可以确定的数字，只出现在整洁长表中，"
           "状态为 `derived` 并注明推算依据；reports.csv、values.parquet 只有报告印出的数字。\n"
           "- **数值出处**：`provenance.parquet` 给出每个数字在原始报告中的页码、单元格位置和印出的原文。\n"
           "- **安全**：CSV 中以 = + - @ 开头的文字前加了单引号 '，Excel 文件中文字一律为文本单元格"
           "（以这些符号开头的还设为“前置单引号”格式，编辑后仍是文本），不会被当作公式执行。\n\n",
           _release_note(base),
           md_table(["年度", "报告", "文件"], rows, ["l", "r", "l"]) if rows else "还没有数据。\n",
           _file_notes(),
           "\n每个机构页面上还有该机构各年度数据的 CSV（列与 reports.csv 相同，含机构和年度）和每份报告的原始文件。\n\n",
           "## 数据更正记录\n\n",
           "报告数据的更正（机构名称、年度、地区、发布日期、已知问题、原始文件更换）见[数据更正记录](corrections/index.md)"
           + (f"（{corrections:,} 条；[{CORRECTIONS_FILE}]({CORRECTIONS_FILE}){{: download=\"{CORRECTIONS_FILE}\" }}，"
              f"{_size(sizes.get(CORRECTIONS_FILE, 0))}）" if corrections else "") + "。\n"]
    return {PAGE: "".join(out), **pages}


def _release_note(base: str | None) -> str:
    return (f"数据文件发布在本网站之外（{md(base)}，GitHub Pages 只能容纳 1 GB），文件名为“年度-文件名”"
            "（按省份分的年度为“年度-省份-文件名”）；每个发布中的 SHA256SUMS 列出各文件的 SHA-256。\n\n" if base else "")


def _file_notes() -> str:
    return "\n| 文件 | 内容 |\n| --- | --- |\n" + "".join(f"| `{n}` | {md(FILE_NOTES[n])} |\n" for n in DATASET_FILES)


def _year_page(year: str, of_year: dict[str, int], sizes: dict[str, int], base: str | None) -> str:
    page = year_page(year)
    rows = [[_province_label(chunk), f"{count:,}", _file_links(chunk, sizes, base, page)]
            for chunk, count in of_year.items()]
    title = f"下载 · {_year_name(year)}"
    return "".join([
        front_matter(title), f"# {md(title)}\n\n",
        f"{md(_year_name(year))}的 {sum(of_year.values()):,} 份报告按省份分为 {len(of_year):,} 个文件夹，每个文件夹都是下表这些文件。"
        f"该年度的全部文件及其结构列在 {_year_package_link(year, sizes, page)} 中。"
        f"各文件的说明和其他年度见[下载]({rel(page, PAGE)})页，每一列的含义见[数据字典]({rel(page, 'dictionary/index.md')})。\n\n",
        _release_note(base),
        md_table(["省份", "报告", "文件"], rows, ["l", "r", "l"]),
        _file_notes()])


def _commit_link(commit: str, repository: str | None) -> str:
    base = safe_url(repository) if repository else None
    text = f"`{md(commit)}`" if commit.isalnum() else md(commit)
    return f"[{text}]({base.rstrip('/')}/commit/{commit})" if base and commit.isalnum() else text


def _shown(text: str) -> str:
    return md(text) if text else "（无）"


def corrections_page_files(corrections: list, agency_of: dict[str, str], repository: str | None) -> dict[str, str]:
    """The changelog page. corrections: builder.export.corrections.Correction, newest first; agency_of:
    report id → (agency name, agency id) of the reports in the data; repository: the repository's address."""
    out = [front_matter("数据更正记录"), "# 数据更正记录\n\n",
           "报告数据的更正都写在报告的附属文件（.yml）中：机构名称、年度、地区或发布日期改正解析结果，"
           "`known_issues` 确认原文自身的错误，原始文件更换后 SHA-256 随之改变（见[如何贡献](../../contribute/index.md)）。"
           "下表列出代码仓库历史中每一次对已有报告附属文件的更正，最新的在前；新增报告不在此列，"
           "解析程序改进带来的变化以数据版本区分。已确认的原文错误见[数据质量](../../quality/index.md)页。\n\n"]
    if not corrections:
        out.append("还没有更正记录。\n")
        return {CORRECTIONS_PAGE: "".join(out)}
    if len(corrections) > CORRECTIONS_SHOWN:
        out.append(f"共 {len(corrections):,} 条，此处列出最新的 {CORRECTIONS_SHOWN:,} 条；"
                   f"全部见 [{CORRECTIONS_FILE}](../{CORRECTIONS_FILE})。\n\n")
    rows = []
    for c in corrections[:CORRECTIONS_SHOWN]:
        known = agency_of.get(c.report_id) if c.report_id else None
        if known:
            name, agency_id = known
            report = f"[{md(name or agency_id)}]({rel(CORRECTIONS_PAGE, agency_page(agency_id))})"
        else:
            report = md(c.report_id or c.file)
        rows.append([md(c.date), report, md(CORRECTED_KEY_ZH.get(c.key, c.key)), _shown(c.before), _shown(c.after),
                     _commit_link(c.commit, repository)])
    out.append(md_table(["日期", "报告", "更正项", "原值", "新值", "提交"], rows))
    return {CORRECTIONS_PAGE: "".join(out)}


def _columns_table(columns) -> str:
    # Out of the search (data-search-exclude, builder/search.py): the column names (row_zh, column_zh)
    # were indexed as words, and Pagefind's Chinese segmentation matched a place's pinyin (zhengzhou) with
    # their "zh", listing this page for 郑州 中原.
    return ('<section data-search-exclude markdown>\n\n'
            + md_table(["列名", "类型", "中文名", "说明"],
                       [[f"`{c.name}`", c.type, md(c.title), md(c.description)] for c in columns])
            + "\n</section>\n")


def dictionary_markdown() -> str:
    out = ["## 文件\n\n",
           "下载页上的文件按年度分目录（`<年度>/`，报告很多的年度为 `<年度>/<省份>/`），每个目录下都是下表这些文件；"
           f"`{PACKAGE_FILE}` 列出全部目录和文件；按省份分的年度另有自己的数据包（`<年度>/{PACKAGE_FILE}`，"
           f"列结构在同目录的 `schemas/` 下），`{PACKAGE_FILE}` 把它列为一项，这样描述文件不随报告增多而变大。\n\n",
           md_table(["文件", "内容"], [[f"`{n}`", md(FILE_NOTES[n])] for n in (*DATASET_FILES, PACKAGE_FILE,
                                                                            CORRECTIONS_FILE)]), "\n",
           "## reports.csv 的元数据列\n\n", _columns_table(REPORT_META),
           "\n其后每个字段编号一列，见下方字段表。\n\n",
           "## values.parquet\n\n", _columns_table(VALUES_COLUMNS), "\n",
           "## checks.csv\n\n", _columns_table(CHECKS_COLUMNS), "\n",
           "## tidy.parquet\n\n", _columns_table(TIDY_COLUMNS), "\n",
           "## provenance.parquet\n\n", _columns_table(PROVENANCE_COLUMNS), "\n",
           f"## {CORRECTIONS_FILE}\n\n", _columns_table(CORRECTIONS_COLUMNS), "\n",
           "## reports.xlsx\n\n", md(XLSX_VS_CSV),
           "`pandas.read_excel(path, header=1)` 按列编号读取（取值为中文写法；程序分析请用 reports.csv 或 reports.parquet）。"
           "文字一律为文本单元格。\n\n",
           "## 机构页面上的 CSV\n\n",
           "每个机构页面提供 `<机构编号>.csv`：该机构每个年度的报告一行，各列与 reports.csv 相同（含机构、机构编号、"
           "机构标识码和年度；各列的中文名见本页和该年度的 reports.xlsx）；"
           "页面上还有每份报告的原始文件（或其在代码仓库中的链接）。完整的解析结果（JSON）在该年度的 reports.json.gz 中。\n\n",
           "## 字段编号\n\n字段编号为“表.行.列”。类型 integer 为件数，number 可带小数。"
           "“模板”一列说明哪一版模板有这个单元格（2019：2019–2020 年度；2021：2021 年度起）。\n\n"]
    rows = []
    for f in fields().values():
        c = field_column(f.id)
        rows.append([f"`{f.id}`", c.type, md(f.row_zh), md(f.column_zh), " ".join(f.templates)])
    out.append('<section data-search-exclude markdown>\n\n'
               + md_table(["字段编号", "类型", "行", "列", "模板"], rows) + "\n</section>\n")
    return "".join(out)
