"""The dataset's version: the date and commit the site and downloads were built from.

Citations, the datapackage and every page's footer name it. Pages do not print it themselves: a
new commit would change every page and undo incremental builds (pages/docs_tree.py), so the site
writes it once (``version.json``) and the footer and the citation read it from there.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path
from typing import NamedTuple


class DatasetVersion(NamedTuple):
    date: str  # ISO date of the commit (today when the folder is not a git checkout)
    commit: str | None  # 12-hex-digit commit, None outside git

    @property
    def label(self) -> str:
        """"2026-12-01（a1b2c3d4e5f6）", as a citation prints it."""
        return f"{self.date}（{self.commit}）" if self.commit else self.date

    def as_dict(self) -> dict[str, str | None]:
        return {"date": self.date, "commit": self.commit, "label": self.label}


def dataset_version(folder: Path | str = ".") -> DatasetVersion:
    """The version of the checkout holding ``folder``. $DATASET_COMMIT / $DATASET_DATE override (CI
    builds from a detached or shallow checkout may want to name the pushed commit)."""
    commit, date = os.environ.get("DATASET_COMMIT"), os.environ.get("DATASET_DATE")
    if not (commit and date):
        try:
            out = subprocess.run(["git", "log", "-1", "--format=%H %cs"], cwd=folder, capture_output=True,
                                 text=True, timeout=10, check=True).stdout.split()
        except (OSError, subprocess.SubprocessError):
            out = []
        if len(out) == 2:
            commit, date = commit or out[0], date or out[1]
    return DatasetVersion(date or dt.date.today().isoformat(), commit[:12] if commit else None)
