"""二、主动公开: the proactive-disclosure table, 2019 or 2021 layout, row by row."""

from __future__ import annotations

from builder.fieldmap.cells import Cell, SplitRow, split_row
from builder.fieldmap.labels import match_proactive_label
from builder.fieldmap.mapped import Issue, Mapped, cell_count_issue, printed
from builder.locate import Row
from builder.template import PROACTIVE_ROWS, PROACTIVE_VARIANT_MARKERS, PROCUREMENT_AMOUNT, fields_of
from builder.template.labels import PROACTIVE_SECTION_WORDS, TEN_THOUSAND_YUAN
from builder.textnorm import compact


def map_proactive(rows: list[Row], mapped: Mapped, year_variant: str) -> None:
    header_text = ""
    matched: list[tuple[str, SplitRow, str]] = []  # (row key, the row, its section's heading text)
    section_header = ""
    for row in rows:
        split = split_row(row.cells, row.ruled)
        match = match_proactive_label(split.labels)
        if match is None or not any(c.value is not None or c.blank for c in split.values):
            if split.labels:
                text = compact("".join(split.labels))
                header_text += text
                section_header = text if any(w in text for w in PROACTIVE_SECTION_WORDS) else section_header + text
            continue
        matched.append((match.key, split, section_header))
    if not matched:
        return
    mapped.found.add("proactive")

    votes = {t: sum(1 for m in markers if compact(m) in header_text) for t, markers in PROACTIVE_VARIANT_MARKERS.items()}
    if votes["2019"] != votes["2021"]:
        variant = max(votes, key=votes.get)
        from_doc = True
    else:  # no headings to go by: the rows' number of cells decides, where it can
        counts = {"2019": 0, "2021": 0}
        for key, split, _ in matched:
            spec = _proactive_row(key)
            for t in counts:
                if spec.columns[t] and split.fit(len(spec.columns[t]))[1]:
                    counts[t] += 1
        from_doc = counts["2021"] != counts["2019"]
        variant = max(counts, key=counts.get) if from_doc else year_variant
    mapped.template["proactive"] = variant
    mapped.variant_from_document["proactive"] = from_doc
    for f in fields_of("proactive", variant):
        mapped.values.setdefault(f, None)
        mapped.unknown.add(f)  # until a row places it

    placed_rows: set[str] = set()
    for key, split, heading in matched:
        if key in placed_rows:
            continue
        placed_rows.add(key)
        spec = _proactive_row(key)
        ten_thousand = TEN_THOUSAND_YUAN in heading
        # A mixed table prints each section in its own variant: the section's column headings say which;
        # where they say nothing, the row's count of numbers may.
        said = _variant_of(heading)
        if said and spec.columns[said]:
            columns = spec.columns[said]
        else:
            columns = spec.columns[variant]
            other = "2021" if variant == "2019" else "2019"
            if (not columns or not split.fit(len(columns))[1]) and spec.columns[other] and \
                    split.fit(len(spec.columns[other]))[1]:
                columns = spec.columns[other]
        if not columns:
            continue
        fields = [f"proactive.{key}.{c}" for c in columns]
        cells, exact = split.fit(len(columns))
        mapped.unknown.difference_update(fields)
        if not exact:
            cell_count_issue(mapped, fields, split.labels[-1], printed(split.values), len(columns), cells is not None)
        if cells is not None and ten_thousand and f"proactive.{key}.amount_yuan" in fields:
            cells = [c if c.unit or c.value is None or fld != PROCUREMENT_AMOUNT else Cell(c.text, c.value, unit=TEN_THOUSAND_YUAN)
                     for fld, c in zip(fields, cells, strict=True)]
        mapped.place(fields, cells)
    for row in PROACTIVE_ROWS:
        if row.columns[variant] and row.key not in placed_rows:
            mapped.issues.append(Issue("cell_count", [f"proactive.{row.key}.{c}" for c in row.columns[variant]],
                                       f"主动公开情况表中未找到“{row.labels[-1]}”一行，记为空值。"))


def _variant_of(heading: str) -> str | None:
    """The template variant a section's column headings belong to, if only one."""
    said = {t for t, markers in PROACTIVE_VARIANT_MARKERS.items() if any(compact(m) in heading for m in markers)}
    return said.pop() if len(said) == 1 else None


def _proactive_row(key: str):
    return next(r for r in PROACTIVE_ROWS if r.key == key)
