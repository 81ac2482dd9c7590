// The viewer (viewer/): one value's place in its original, as builder/pages/provenance.py links it.
//
//   viewer/?r=<report id>&f=<field id>     e.g. viewer/?r=huaianshi-renminzhengfu-2024&f=requests.new_received.total
//
// The link names the report and the field only (an agency page links every value of every year: a
// short link keeps it small). Where the value was printed, the printed string, its label and the
// original's path are in the report's places file, viewer/places/<report id>.json (provenance.py
// places_file), fetched here:
//   {"v", "file", "link"?, "title", "values": [one per field of viewer/fields.json: 0, or [raw, where...]]}
//   where: "p", page[, x0, top, x1, bottom] | "l", line | "c", table, row, col
//   (an entry repeating the previous one's place is shortened: expandValues)
//
// PDF: the page drawn by pdf.js (vendored in assets/vendor/, no CDN) with the cell's box (PDF points,
// pdfplumber's top-left origin) highlighted and scrolled into view; on a phone the page fits the
// width, the row's label in view (放大 zooms in). Text: the lines around the line (both read from the
// copy of the original the site publishes anyway). DOCX, HTML, spreadsheets: the
// rows of the source table around the cell, with the printed strings, from the places file's cells
// of that table. Not by reading the DOCX or HTML in the browser: the readers number tables after
// unwrapping layout tables, skipping one-column frames and expanding merges, and a second numbering
// here would highlight the wrong cell wherever the two disagree (builder/pages/provenance.py).
//
// The query is untrusted: r and f must be ids (the patterns of provenance.py ID and FIELD_ID), so the
// places file is fetched from this site's viewer/places/ and nowhere else. The places file is checked
// too: the original must be a file under agencies/ (pattern, no ".."), a link http/https, numbers plain
// numbers; strings are shown with textContent, never as HTML. The printed string is checked against
// the PDF's own text in the box (printedInBox), so a wrong place is contradicted.

const PDFJS = "./vendor/pdfjs@5.6.205/";
const ROOT = new URL("../", import.meta.url); // assets/viewer.js → the site root
const PLACES = "viewer/places/"; // provenance.py PLACES_DIR
const FIELDS = "viewer/fields.json"; // provenance.py FIELDS_FILE
const REPORT = /^[a-z0-9][a-z0-9-]{0,250}$/; // provenance.py ID
const FIELD = /^[a-z][a-z0-9_]{0,60}(?:\.[a-z0-9_]{1,60}){1,4}$/; // provenance.py FIELD_ID
const FILE = /^agencies\/[a-z0-9][a-z0-9-]{0,200}\/[a-z0-9][a-z0-9-]{0,250}(\.[a-z0-9]{1,5}){1,2}$/;
const INDEX_MAX = 100000; // provenance.py INDEX_MAX
const POINTS_MAX = 14400; // provenance.py POINTS_MAX
const CONTEXT_LINES = 6; // lines shown above and below a text report's line

function text(tag, content, className) {
  const el = document.createElement(tag);
  if (content !== undefined) el.textContent = content;
  if (className) el.className = className;
  return el;
}

function clip(value, limit) {
  const s = (typeof value === "string" ? value : "").replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  return s.length > limit ? s.slice(0, limit - 1) + "…" : s;
}

const isIndex = (v, low = 0, high = INDEX_MAX) => Number.isInteger(v) && v >= low && v <= high;
const isPoint = (v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= POINTS_MAX;

/** The query, validated: {report, field, errors}. */
export function readQuery(search) {
  const params = new URLSearchParams(search);
  const q = { errors: [], page: null, box: null, line: null, table: null, row: null, col: null };
  const report = params.get("r"), field = params.get("f");
  if (report === null && field === null) {
    q.errors.push("这个页面显示网站上的一个数字在原始文件中的位置：请在机构页面的统计表中点击数字打开。");
  } else if (report !== null && field !== null && REPORT.test(report) && FIELD.test(field)) {
    q.report = report;
    q.field = field;
  } else {
    q.errors.push("链接中的报告或数字编号无效，未打开。");
  }
  return q;
}

async function fetchJson(path) {
  const response = await fetch(new URL(path, ROOT), { credentials: "same-origin" });
  if (!response.ok) return null;
  try {
    const data = await response.json();
    return data && typeof data === "object" ? data : null;
  } catch {
    return null;
  }
}

/** {places, fields}: the report's places file and the site's field list (provenance.py places_file,
 * fields_file), or {error} when they are missing or do not belong together. */
async function loadPlaces(report) {
  const [places, list] = await Promise.all([fetchJson(`${PLACES}${report}.json`), fetchJson(FIELDS)]);
  if (!places || !Array.isArray(places.values)) return { error: "本网站没有这份报告的定位数据（链接中的报告编号不对，或这份报告已不在网站上）。" };
  if (!list || !Array.isArray(list.fields) || typeof list.v !== "string" || list.v !== places.v) {
    return { error: "这份报告的定位数据与网站的字段表不一致（网站可能刚刚更新），请刷新页面再试。" };
  }
  return { places: { ...places, values: expandValues(places.values) }, fields: list.fields };
}

/** The places file's values in full: an entry that is a string alone repeats the previous entry's place
 * with its own printed string, and [printed string, col] is a cell in the previous cell's table and row
 * (provenance.py _shortened, expand_values). Anything else is kept as it is, for readEntry to check. */
export function expandValues(values) {
  let previous = null;
  return values.map((entry) => {
    if (typeof entry === "string") entry = previous ? [entry, ...previous.slice(1)] : null;
    else if (Array.isArray(entry) && entry.length === 2 && typeof entry[1] === "number") {
      entry = previous && previous[1] === "c" ? [entry[0], "c", previous[2], previous[3], entry[1]] : null;
    }
    if (Array.isArray(entry)) previous = entry;
    return entry;
  });
}

/** One value of the places file, read and checked: {raw, page, box, line, table, row, col}, or null. */
function readEntry(entry) {
  if (!Array.isArray(entry) || typeof entry[0] !== "string") return null;
  const out = { raw: clip(entry[0], 60), page: null, box: null, line: null, table: null, row: null, col: null };
  const [kind, ...at] = entry.slice(1);
  if (kind === "p" && isIndex(at[0], 1)) {
    out.page = at[0];
    const box = at.slice(1, 5);
    if (box.length === 4 && box.every(isPoint) && box[0] < box[2] && box[1] < box[3]) out.box = box;
  } else if (kind === "l" && isIndex(at[0], 1)) {
    out.line = at[0];
  } else if (kind === "c" && at.slice(0, 3).every((v) => isIndex(v))) {
    [out.table, out.row, out.col] = at;
  } else {
    return null;
  }
  return out;
}

const labelOf = (row) => (Array.isArray(row) ? row.slice(1, 4).map((v) => clip(v, 80)) : ["", "", ""]);

/** Where the value is: {file, link, page, box, line, table, row, col, raw, label, cells, errors}. */
export function resolve({ places, fields }, report, field) {
  const q = { errors: [], report, field, page: null, box: null, line: null, table: null, row: null, col: null };
  const at = fields.findIndex((row) => Array.isArray(row) && row[0] === field);
  const own = at >= 0 ? readEntry(places.values[at]) : null;
  if (!own) {
    q.errors.push("这份报告的定位数据中没有这个数字。");
    return q;
  }
  Object.assign(q, own);
  const [t, r, c] = labelOf(fields[at]);
  q.label = clip([clip(places.title, 160), t && `${t}：${r} / ${c}`].filter(Boolean).join(" · "), 160);
  if (typeof places.file === "string" && FILE.test(places.file) && !places.file.split("/").includes("..")) q.file = places.file;
  else q.errors.push("定位数据中的文件不是本网站发布的原始文件，未打开。");
  if (typeof places.link === "string" && /^https?:\/\/[^\s/]+\/\S*$/i.test(places.link)) q.link = places.link;
  // The other placed values of the same source table (a DOCX, HTML or spreadsheet cell is shown among
  // them), with their row and column labels: {raw, row, col, rowLabel, colLabel}.
  q.cells = [];
  if (q.table !== null) {
    places.values.forEach((entry, i) => {
      const cell = readEntry(entry);
      if (cell && cell.table === q.table) {
        const [, rowLabel, colLabel] = labelOf(fields[i]);
        q.cells.push({ ...cell, rowLabel, colLabel });
      }
    });
  }
  return q;
}

export function where(q) {
  if (q.page) return `第 ${q.page} 页`;
  if (q.line) return `第 ${q.line} 行`;
  if (q.table !== null && q.row !== null && q.col !== null) return `第 ${q.table + 1} 张表 第 ${q.row + 1} 行 第 ${q.col + 1} 列`;
  return "";
}

function header(root, q) {
  const line = text("p", undefined, "viewer-line");
  if (q.label) line.append(text("span", q.label, "viewer-label"));
  if (q.raw) {
    line.append(text("span", "原文印为", "viewer-key"), text("span", `“${q.raw}”`, "viewer-raw"));
  }
  const at = where(q);
  if (at) line.append(text("span", at, "viewer-at"));
  root.append(line);
  if (q.file) {
    const links = text("p", undefined, "viewer-links");
    const agency = q.file.split("/").slice(0, 2).join("/") + "/";
    const back = text("a", "返回机构页面");
    back.href = new URL(agency, ROOT).href;
    const original = text("a", q.link ? "打开原始文件（代码仓库）" : "下载原始文件");
    if (q.link) original.href = q.link; // http/https only (resolve)
    else {
      original.href = new URL(q.file, ROOT).href;
      original.setAttribute("download", "");
    }
    links.append(back, text("span", " · "), original);
    root.append(links);
  }
}

function say(root, message, className = "viewer-note") {
  const p = text("p", message, className);
  root.append(p);
  return p;
}

async function fetchOriginal(q) {
  const response = await fetch(new URL(q.file, ROOT), { credentials: "same-origin" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response;
}

function unavailable(root, q) {
  // The site links this original in the repository instead of copying it (builder/pages/originals.py):
  // another origin, which the viewer cannot read. The agency page links it; the page number says where.
  say(root, `本网站没有收录这份原始文件的副本（原始文件存放在代码仓库中，请从机构页面的“原始文件”链接打开${q.page ? `，翻到第 ${q.page} 页` : ""}）。`,
    "viewer-note viewer-unavailable");
}

// ---------------------------------------------------------------- PDF

/** Scales for the page: {fit, zoom}. fit is the width of the frame (at most twice the page's size:
 * at 1366 px the page, without the sidebars, fits at twice its size); on a phone that is about 0.6, so
 * the whole row, its label at the left included, is in view with the box. zoom (放大) is the smallest
 * scale at which a 10.5-point line reads easily, 1.3; the frame then scrolls to the box. */
const ZOOM = 1.3;
function pageScales(frameWidth, pageWidth) {
  const fit = Math.min(2, frameWidth / pageWidth);
  return { fit, zoom: Math.max(ZOOM, fit) };
}

/** Scroll the frame (not the page: the line above it stays in view) so that el sits in its middle
 * (as near as the frame scrolls: where the sheet fits, not at all). */
function centre(frame, el) {
  let left = el.offsetWidth / 2, top = el.offsetHeight / 2;
  for (let node = el; node && node !== frame; node = node.offsetParent) {
    left += node.offsetLeft;
    top += node.offsetTop;
  }
  frame.scrollLeft = left - frame.clientWidth / 2;
  frame.scrollTop = top - frame.clientHeight / 2;
}

async function showPdf(root, q) {
  const pdfjs = await import(PDFJS + "pdf.min.mjs");
  pdfjs.GlobalWorkerOptions.workerSrc = new URL(PDFJS + "pdf.worker.min.mjs", import.meta.url).href;
  const data = new Uint8Array(await (await fetchOriginal(q)).arrayBuffer());
  const doc = await pdfjs.getDocument({
    data,
    cMapUrl: new URL(PDFJS + "cmaps/", import.meta.url).href,
    cMapPacked: true,
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
  }).promise;
  if (q.page > doc.numPages) {
    say(root, `这份原始文件只有 ${doc.numPages} 页，没有第 ${q.page} 页。`, "viewer-note viewer-error");
    return;
  }
  const page = await doc.getPage(q.page);
  const frame = text("div", undefined, "viewer-frame");
  root.append(frame);
  const unscaled = page.getViewport({ scale: 1 });
  const scales = pageScales(frame.clientWidth || root.clientWidth || 360, unscaled.width);
  await drawPage(frame, q, page, scales.fit);
  if (scales.zoom > scales.fit * 1.05) {
    // A phone: the page fits the width; 放大 draws it at a readable scale (scrolled to the box), 缩小 back.
    const toggle = text("button", "放大", "md-button viewer-zoom");
    toggle.type = "button";
    toggle.setAttribute("aria-pressed", "false");
    toggle.addEventListener("click", async () => {
      const zoomed = toggle.getAttribute("aria-pressed") !== "true";
      toggle.disabled = true;
      await drawPage(frame, q, page, zoomed ? scales.zoom : scales.fit);
      toggle.textContent = zoomed ? "缩小" : "放大";
      toggle.setAttribute("aria-pressed", String(zoomed));
      toggle.disabled = false;
    });
    frame.before(toggle);
  }
  if (q.box) await printedInBox(root, q, page);
}

/** Draw the page into the frame at scale (replacing what was drawn), the box highlighted and scrolled to. */
async function drawPage(frame, q, page, scale) {
  const viewport = page.getViewport({ scale });
  const ratio = window.devicePixelRatio || 1;
  const sheet = text("div", undefined, "viewer-sheet");
  sheet.style.width = `${Math.floor(viewport.width)}px`;
  sheet.style.height = `${Math.floor(viewport.height)}px`;
  const canvas = document.createElement("canvas");
  canvas.className = "viewer-canvas";
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = sheet.style.width;
  canvas.style.height = sheet.style.height;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `原始文件第 ${q.page} 页`);
  sheet.append(canvas);
  await page.render({
    canvas,
    canvasContext: canvas.getContext("2d"),
    viewport,
    transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null,
  }).promise;
  canvas.dataset.rendered = "true";
  frame.replaceChildren(sheet);
  if (!q.box) return;
  // pdfplumber measures from the page's top-left corner; pdf.js's user space has its origin at the
  // bottom-left of page.view. The viewport converts (and handles a rotated page).
  const [vx0, , , vy1] = page.view;
  const [x0, top, x1, bottom] = q.box;
  const [a, b, c, d] = viewport.convertToViewportRectangle([vx0 + x0, vy1 - bottom, vx0 + x1, vy1 - top]);
  const mark = text("div", undefined, "viewer-box");
  const pad = 3;
  mark.style.left = `${Math.min(a, c) - pad}px`;
  mark.style.top = `${Math.min(b, d) - pad}px`;
  mark.style.width = `${Math.abs(c - a) + 2 * pad}px`;
  mark.style.height = `${Math.abs(d - b) + 2 * pad}px`;
  mark.dataset.scale = String(scale);
  mark.setAttribute("aria-hidden", "true");
  sheet.append(mark);
  centre(frame, mark);
}

/** What the PDF's own text says inside the box (pdf.js's text items whose middle lies in it): the raw
 * string in the line above comes from the places file, this from the original itself. Where they agree
 * the line says it once ("原文此处：“3119”（与记录一致）"); where they differ, a line under it says what
 * the page prints. */
async function printedInBox(root, q, page) {
  const [vx0, , , vy1] = page.view;
  const [x0, top, x1, bottom] = q.box;
  const found = [];
  for (const item of (await page.getTextContent()).items) {
    if (!item.str || !item.transform) continue;
    const x = item.transform[4] + item.width / 2 - vx0;
    const y = vy1 - (item.transform[5] + item.height / 2);
    if (x >= x0 && x <= x1 && y >= top && y <= bottom) found.push(item.str);
  }
  const printed = found.join("").replace(/\s+/g, "");
  if (!printed) return;
  const raw = root.querySelector(".viewer-line .viewer-raw");
  if (raw && q.raw && printed === q.raw.replace(/\s+/g, "")) {
    raw.classList.add("viewer-printed");
    raw.previousElementSibling.textContent = "原文此处：";
    raw.after(text("span", "（与记录一致）", "viewer-agree"));
    return;
  }
  const line = text("p", undefined, "viewer-note viewer-found");
  line.append(text("span", "原文此处的文字："), text("span", `“${clip(printed, 60)}”`, "viewer-raw viewer-printed"));
  if (q.raw) line.append(text("span", "（与链接中的“原文印为”不同，以原文为准）", "viewer-error"));
  root.querySelector(".viewer-line").after(line);
}

// ---------------------------------------------------------------- text

/** The text as builder/read/encoding.py reads it: a BOM, else UTF-8, else GB18030. */
function decodeText(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/** The line, with the printed string marked when it occurs in it exactly once (else which one is meant
 * is not known: the whole line stays highlighted). */
function markRaw(el, line, raw) {
  const at = raw ? line.indexOf(raw) : -1;
  if (at < 0 || line.indexOf(raw, at + 1) >= 0) {
    el.textContent = line;
    return;
  }
  el.append(document.createTextNode(line.slice(0, at)), text("mark", raw), document.createTextNode(line.slice(at + raw.length)));
}

async function showLines(root, q) {
  const bytes = new Uint8Array(await (await fetchOriginal(q)).arrayBuffer());
  const lines = decodeText(bytes).replace(/\r\n?/g, "\n").split("\n"); // builder/read/text.py counts so
  if (q.line > lines.length) {
    say(root, `这份原始文件只有 ${lines.length} 行，没有第 ${q.line} 行。`, "viewer-note viewer-error");
    return;
  }
  const first = Math.max(1, q.line - CONTEXT_LINES);
  const last = Math.min(lines.length, q.line + CONTEXT_LINES);
  const list = text("ol", undefined, "viewer-lines");
  list.start = first;
  for (let n = first; n <= last; n++) {
    const item = text("li");
    item.value = n;
    if (n === q.line) {
      item.className = "viewer-target";
      markRaw(item, lines[n - 1], q.raw);
    } else {
      item.textContent = lines[n - 1];
    }
    list.append(item);
  }
  root.append(list);
  list.querySelector(".viewer-target").scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------- table cells (DOCX, HTML, sheets)

const CONTEXT_ROWS = 6; // rows of the source table shown above and below the cell's row

/** The source table's rows as the reader saw them, from the placed values of that table:
 * Map(row → {label: the row's template label, cells: Map(col → {raw, label: the column's})}). */
function tableRows(cells) {
  const rows = new Map();
  for (const cell of cells) {
    if (!rows.has(cell.row)) rows.set(cell.row, { label: cell.rowLabel, cells: new Map() });
    const row = rows.get(cell.row);
    if (!row.cells.has(cell.col)) row.cells.set(cell.col, { raw: cell.raw, label: cell.colLabel });
  }
  return rows;
}

function showCell(root, q) {
  const rows = tableRows(q.cells);
  const numbers = [...rows.keys()].sort((a, b) => a - b);
  const at = numbers.indexOf(q.row);
  const shown = numbers.slice(Math.max(0, at - CONTEXT_ROWS), at + CONTEXT_ROWS + 1);
  // Columns by the template's column label, in the order they are printed: the label cells of a
  // source row may span one to three columns, so the same template column sits at different source
  // columns from row to row. Each cell says its own source column (title); the row header its row.
  const columns = new Map(); // column label → leftmost source column seen
  for (const r of shown) {
    for (const [c, cell] of rows.get(r).cells) columns.set(cell.label, Math.min(columns.get(cell.label) ?? Infinity, c));
  }
  const order = [...columns.keys()].sort((a, b) => columns.get(a) - columns.get(b));
  say(root, `原始文件${where(q).replace(/ 第 \d+ 行 第 \d+ 列$/, "")}中读出的数字，按原表的行排列（行名、列名用模板的名称）：`);
  const wrap = text("div", undefined, "viewer-table-wrap");
  const grid = text("table", undefined, "viewer-table");
  const head = text("tr");
  head.append(text("th", "原表行"));
  for (const label of order) {
    const th = text("th", label.split(" / ").pop());
    th.title = label;
    head.append(th);
  }
  grid.append(head);
  for (const r of shown) {
    const tr = text("tr");
    const row = rows.get(r);
    tr.append(text("th", `第 ${r + 1} 行 ${row.label}`));
    const byLabel = new Map();
    for (const [c, cell] of row.cells) if (!byLabel.has(cell.label)) byLabel.set(cell.label, [c, cell.raw]);
    for (const label of order) {
      const found = byLabel.get(label);
      const td = text("td", found ? found[1] : "");
      if (found) {
        td.title = `第 ${found[0] + 1} 列 ${label}`;
        if (r === q.row && found[0] === q.col) td.className = "viewer-target";
      }
      tr.append(td);
    }
    grid.append(tr);
  }
  wrap.append(grid);
  root.append(wrap);
  const cell = grid.querySelector("td.viewer-target");
  wrap.scrollLeft = cell.offsetLeft + cell.offsetWidth / 2 - wrap.clientWidth / 2;
}

// ---------------------------------------------------------------- the page

async function main() {
  const root = document.getElementById("viewer");
  if (!root) return;
  let q = readQuery(location.search);
  if (q.report) {
    const loading = say(root, "正在打开原始文件……", "viewer-note viewer-loading");
    const loaded = await loadPlaces(q.report);
    loading.remove();
    if (loaded.error) q.errors.push(loaded.error);
    else q = resolve(loaded, q.report, q.field);
  }
  header(root, q);
  for (const error of q.errors) say(root, error, "viewer-note viewer-error");
  if (q.file) {
    const loading = say(root, "正在打开原始文件……", "viewer-note viewer-loading");
    await show(root, q);
    loading.remove();
  }
  root.dataset.ready = "true";
}

async function show(root, q) {
  const kind = q.file.endsWith(".pdf") ? "pdf" : /^[^.]+\.(txt|text)$/.test(q.file.split("/")[2]) ? "text" : "other";
  try {
    if (kind === "pdf" && q.page) {
      await showPdf(root, q);
    } else if (kind === "text" && q.line) {
      await showLines(root, q);
    } else if (q.table !== null && q.row !== null && q.col !== null) {
      showCell(root, q);
    } else if (where(q)) {
      say(root, `这个数字在原始文件的${where(q)}。`);
    } else {
      say(root, "定位数据中没有说明数字在原始文件中的位置。", "viewer-note viewer-error");
    }
  } catch (error) {
    if (/HTTP 404/.test(String(error))) unavailable(root, q);
    else say(root, `原始文件未能打开（${clip(String(error && error.message), 120)}）。`, "viewer-note viewer-error");
  }
}

main();
