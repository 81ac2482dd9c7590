"""Every threshold the checks decide by, named, with why — one object, as pdfplumber's
``TableSettings`` gathers a table finder's tolerances (the mapper's are builder.fieldmap.settings).

    from builder.check import run
    from builder.check.settings import CheckSettings
    checks = run(report, CheckSettings(reuse_share=0.8))

The deadlines of the regulation are law, not thresholds: they stay in builder.check.law.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckSettings:
    # narrative_reuse: local assessments deduct points when more than half the text repeats the previous year.
    reuse_share: float = 0.5
    # A sentence with fewer Chinese characters than this ("无。", "特此报告。", a heading, the signature's
    # date) says nothing about reuse.
    min_sentence_hanzi: int = 10
    # Below this much narrative (a stub report) a share of repeated text means little.
    min_narrative_chars: int = 200
    # ocr_untrusted: each round nulls at least one cell, so the rounds end; this bounds them all the same.
    ocr_max_rounds: int = 10
    # Nulled cells quoted in the ocr_untrusted message (the check's fields list them all).
    ocr_listed: int = 12


DEFAULT = CheckSettings()
