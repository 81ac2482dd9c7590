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
# A ruling line is at least this share of the page's width long (a character is ~2%).
LINE_SHARE = 1 / 30
# Edges this many pixels apart are one line (a scan's line is 1–4 px thick and wavers).
SNAP = 4
# A table has at least this many cells (a framed box around a paragraph has one).
MIN_CELLS = 2

Bbox = tuple[float, float, float, float]


@dataclass
class GridTable:
    bbox: Bbox
    rows: list[list[Bbox | None]]  # pdfplumber's rows: a cell's box, or None where a merged cell spans


def dark(gray: np.ndarray) -> np.ndarray:
    """Ink as 1, paper as 0 (Otsu's threshold: scans differ in brightness)."""
    _t, binary = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return binary


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
    """(horizontal lines, vertical lines) as 0/1 masks of the page."""
    ink = dark(gray)
    length = max(10, int(gray.shape[1] * LINE_SHARE))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    # Close the gaps JPEG noise and a faint scan leave in a line.
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 9)))
    return horizontal, vertical


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


def find_tables(horizontal: np.ndarray, vertical: np.ndarray) -> list[GridTable]:
    """The page's ruled tables, top to bottom, by pdfplumber's table finder on the image's lines."""
    edges = _edges(horizontal, "h") + _edges(vertical, "v")
    if not edges:
        return []
    edges = plumber_table.merge_edges(edges, SNAP, SNAP, SNAP, SNAP)
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
    return tables
