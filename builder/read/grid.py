"""The ruled tables of a page image: where its cells are, as rectangles in rows.

A scan is turned a little (the sheet lay askew on the glass), so the page is first
straightened: the angle is the one at which the dark pixels' row profile is sharpest
(text lines and ruling lines fall into the fewest pixel rows). Then the ruling lines are
the long thin runs of dark pixels (an opening with a long flat kernel keeps them and
drops the letters), and each run is an edge as pdfplumber knows it: pdfplumber's own
table finder (snap, join, intersections, smallest rectangles, contiguous tables) turns
the edges into cells and rows, exactly as it does for a PDF's drawn lines, so a scanned
table comes out in the shape the PDF reader gives (a merged cell once, None elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from pdfplumber import table as plumber_table

# Straightening: angles tried (degrees) and the size the profile is measured at.
MAX_SKEW = 3.0
SKEW_STEP = 0.1
SKEW_WIDTH = 800
# Grey levels darker than this are ink whatever Otsu's threshold says.
INK_LEVEL = 215
# A ruling line is at least this share of the page's width long (a character is ~2%).
LINE_SHARE = 1 / 30
# A vertical line as short as one row (~2% of the width) counts where it meets horizontal lines.
SHORT_LINE_SHARE = 1 / 120
# A short vertical line's ends lie this close to a horizontal line (a character's stroke in a
# cell stops a few pixels short of the cell's border).
TOUCH = 1
# Edges this many pixels apart are one line (a scan's line is 1–4 px thick and wavers).
SNAP = 4
# Pieces of one line this far apart (a share of the page's width) are one line.
JOIN_SHARE = 1 / 40
# A table has at least this many cells (a framed box around a paragraph has one).
MIN_CELLS = 2

Bbox = tuple[float, float, float, float]


@dataclass
class GridTable:
    bbox: Bbox
    rows: list[list[Bbox | None]]  # pdfplumber's rows: a cell's box, or None where a merged cell spans


def dark(gray: np.ndarray) -> np.ndarray:
    """Ink as 1, paper as 0. Otsu's threshold follows the scan's brightness, but no lower than
    INK_LEVEL: a thin line scanned at 150 dpi is grey, not black."""
    otsu, _binary = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return (gray < max(otsu, INK_LEVEL)).astype(np.uint8)


def skew_angle(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise) that straightens the page."""
    height, width = gray.shape
    scale = min(1.0, SKEW_WIDTH / width)
    small = cv2.resize(gray, (max(1, int(width * scale)), max(1, int(height * scale))), interpolation=cv2.INTER_AREA)
    ink = dark(small).astype(np.float32)
    if ink.sum() == 0:
        return 0.0

    def sharpness(angle: float) -> float:
        centre = (ink.shape[1] / 2, ink.shape[0] / 2)
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), (ink.shape[1], ink.shape[0]))
        profile = turned.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, SKEW_STEP * 5)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - SKEW_STEP * 5, best + SKEW_STEP * 5 + 1e-9, SKEW_STEP / 2)
    return float(max(fine, key=sharpness))


def straighten(gray: np.ndarray) -> np.ndarray:
    angle = skew_angle(gray)
    if abs(angle) < SKEW_STEP / 2:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def ruling_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal lines, vertical lines) as 0/1 masks of the page.

    A horizontal line is a long flat run of ink (longer than any character). A vertical line
    between two rows of one cell's height is no longer than a character's stroke, so a short
    upright run counts only where both its ends meet a horizontal line (a stroke of a 1 in a
    cell meets none): it must not be erased from what the OCR engine reads."""
    ink = dark(gray)
    width = gray.shape[1]
    # A thin line still a little aslant steps from one pixel row (column) to the next: thickened
    # across by a pixel each way it is one unbroken run.
    across = cv2.dilate(ink, np.ones((3, 1), np.uint8))
    upright = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    length = max(10, int(width * LINE_SHARE))
    short = max(6, int(width * SHORT_LINE_SHARE))
    horizontal = cv2.morphologyEx(across, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(upright, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, short)))
    # Close the gaps JPEG noise and a faint scan leave in a line.
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9)))
    near = cv2.dilate(horizontal, np.ones((2 * TOUCH + 1, 2 * TOUCH + 1), np.uint8))
    count, labels, stats, _centroids = cv2.connectedComponentsWithStats(vertical, connectivity=8)
    keep = np.zeros(count, np.uint8)
    for k in range(1, count):
        x, y, w, h, _area = stats[k]
        top = near[max(0, y - TOUCH):y + TOUCH + 1, x:x + w].any()
        bottom = near[max(0, y + h - 1 - TOUCH):y + h + TOUCH, x:x + w].any()
        keep[k] = h >= length or (top and bottom)
    return horizontal, keep[labels]


def _edges(mask: np.ndarray, orientation: str) -> list[dict]:
    count, _labels, stats, _centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges = []
    for x, y, w, h, _area in stats[1:count]:
        if orientation == "h":
            mid = y + h / 2
            edges.append({"x0": float(x), "x1": float(x + w), "top": mid, "bottom": mid, "width": float(w),
                          "height": 0.0, "orientation": "h"})
        else:
            mid = x + w / 2
            edges.append({"x0": mid, "x1": mid, "top": float(y), "bottom": float(y + h), "width": 0.0,
                          "height": float(h), "orientation": "v"})
    return edges


def _trimmed(edges: list[dict]) -> list[dict]:
    """Each line cut back to the last lines it crosses: a line runs on past the one it meets only
    where a character's stroke touches it (the 年 of 上年 under a border), so what dangles is no line."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    out = []
    for edge, across, along in [(e, vertical, ("top", "bottom")) for e in horizontal] + \
                               [(e, horizontal, ("x0", "x1")) for e in vertical]:
        if edge["orientation"] == "h":
            crossings = [v["x0"] for v in across if v["top"] - SNAP <= edge["top"] <= v["bottom"] + SNAP
                         and edge["x0"] - SNAP <= v["x0"] <= edge["x1"] + SNAP]
            low, high = "x0", "x1"
        else:
            crossings = [h["top"] for h in across if h["x0"] - SNAP <= edge["x0"] <= h["x1"] + SNAP
                         and edge["top"] - SNAP <= h["top"] <= edge["bottom"] + SNAP]
            low, high = "top", "bottom"
        del along
        if len(crossings) < 2:
            continue  # a line meeting fewer than two others bounds no cell
        edge = dict(edge)
        edge[low], edge[high] = min(crossings), max(crossings)
        edge["width" if low == "x0" else "height"] = edge[high] - edge[low]
        out.append(edge)
    return out


def find_tables(horizontal: np.ndarray, vertical: np.ndarray) -> tuple[list[GridTable], np.ndarray]:
    """The page's ruled tables, top to bottom, by pdfplumber's table finder on the image's lines;
    and the mask of the lines they are drawn with (to erase before OCR)."""
    erase = np.zeros_like(horizontal)
    edges = _edges(horizontal, "h") + _edges(vertical, "v")
    if not edges:
        return [], erase
    width = horizontal.shape[1]
    # A line the scan left faint in places comes out in pieces along one row: join them.
    edges = plumber_table.merge_edges(edges, SNAP, SNAP, max(SNAP, width * JOIN_SHARE),
                                      max(SNAP, width * JOIN_SHARE / 2))
    edges = _trimmed(_trimmed(edges))
    for edge in edges:
        cv2.line(erase, (int(edge["x0"]), int(edge["top"])), (int(edge["x1"]), int(edge["bottom"])), 1,
                 thickness=2 * SNAP + 1)
    erase &= np.maximum(horizontal, vertical)
    # A line that stops a little short of the one it meets still meets it.
    for edge in edges:
        if edge["orientation"] == "h":
            edge["x0"] -= SNAP
            edge["x1"] += SNAP
        else:
            edge["top"] -= SNAP
            edge["bottom"] += SNAP
    intersections = plumber_table.edges_to_intersections(edges, SNAP, SNAP)
    cells = plumber_table.intersections_to_cells(intersections)
    tables = []
    for group in plumber_table.cells_to_tables(cells):
        if len(group) < MIN_CELLS:
            continue
        found = plumber_table.Table(None, group)
        tables.append(GridTable(bbox=found.bbox, rows=[list(row.cells) for row in found.rows]))
    return tables, erase
