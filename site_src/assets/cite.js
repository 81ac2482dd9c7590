/* Cite a number (builder/pages/agency.py, tables.py): every value cell of an agency page's official tables
   gets a 复制引用 button; it copies a Chinese citation — body, year, table / row / column as the template
   prints them (assets/cite-fields.json), the value, the page it was printed on, the source, the dataset
   version (version.json, written once per build), the date accessed and a permalink to the cell — and
   shows it in a selectable box (the fallback where the clipboard is refused). Every page: the footer's
   dataset version. Text from the page goes in with textContent only, never as HTML. */
(function () {
  "use strict";
  var footer = document.getElementById("site-licence");
  var cache = {};

  function getJSON(url) {
    if (!url) return Promise.resolve(null);
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return cache[url];
  }

  function version() { return getJSON(footer && footer.dataset.versionSrc); }

  function showVersion() {
    var slots = document.querySelectorAll("[data-dataset-version]");
    if (!slots.length) return;
    version().then(function (v) {
      if (!v || typeof v.label !== "string") return;
      slots.forEach(function (slot) { slot.textContent = v.label; });
    });
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function siteName() {
    var meta = document.querySelector('meta[property="og:site_name"]');
    return (meta && meta.getAttribute("content")) || "政府信息公开年报数据";
  }

  // A value cell's id is v-<year>-<field id with dots as dashes> (builder/pages/common.py value_anchor);
  // a field id is three dash-free parts, so the field is the id's last three: no data-field copy needed.
  function fieldOf(cell) { return cell.id.split("-").slice(-3).join("."); }
  // Where it was printed: on the cell, or once on its row or table when all their values share it; in a
  // table of a text report's lines (data-lines), a row that does not say is on the line after the row
  // above (builder/pages/tables.py cell_place): counted from the nearest row above that says its line.
  function placeOf(cell) {
    var table = cell.closest("table"), holder = cell.closest("[data-place]");
    if (holder && table.contains(holder)) { return holder.dataset.place; }
    if (!table.hasAttribute("data-lines")) { return ""; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tr[data-row]")), at = rows.indexOf(cell.closest("tr"));
    for (var above = at - 1; above >= 0; above--) {
      if (rows[above].hasAttribute("data-place")) {
        var line = /^第 (\d+) 行$/.exec(rows[above].dataset.place);
        return line ? "第 " + (Number(line[1]) + at - above) + " 行" : "";
      }
    }
    return "";
  }
  var CELLS = "section[data-report] table.report-table td[id^='v-']";

  function citation(cell, value, labels, v) {
    var section = cell.closest("section[data-report]");
    var field = fieldOf(cell);
    var l = (labels && labels[field]) || [field, "", "", ""];
    var where = [l[0], l[1]].filter(Boolean).join(" ");
    var place = placeOf(cell) ? "（" + placeOf(cell) + "）" : "";
    var source = new URL(section.dataset.source, location.href).href;
    var permalink = location.href.split("#")[0] + "#" + cell.id;
    var ver = v && typeof v.label === "string" ? "数据版本 " + v.label + "，" : "";
    return section.dataset.body + "《" + section.dataset.year + " 年政府信息公开工作年度报告》" + where +
      "，“" + l[2] + "”行“" + l[3] + "”列：" + value + place + "。" +
      // No address of the original (data-source-copy): what is cited is this site's copy of the file.
      ("sourceCopy" in section.dataset ? "来源网址不详；原始文件：" : "来源：") + source + "。引自" + siteName() +
      "（" + ver + "CC BY 4.0），访问日期 " + today() + "。永久链接：" + permalink;
  }

  var panel, box, status, permalinkA, placeA;
  function ensurePanel() {
    if (panel) return;
    panel = document.createElement("div");
    panel.className = "cite-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "引用这个数字");
    panel.hidden = true;
    var title = document.createElement("p");
    title.className = "cite-title";
    title.textContent = "引用这个数字";
    box = document.createElement("textarea");
    box.className = "cite-text";
    box.readOnly = true;
    box.rows = 5;
    status = document.createElement("p");
    status.className = "cite-status";
    status.setAttribute("aria-live", "polite");
    var actions = document.createElement("p");
    actions.className = "cite-actions";
    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "md-button cite-copy";
    copy.textContent = "复制";
    copy.addEventListener("click", function () { copyText(box.value); });
    permalinkA = document.createElement("a");
    permalinkA.className = "md-button cite-permalink"; // a finger's target, like the others (24 px on a phone)
    permalinkA.textContent = "永久链接";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button cite-close";
    close.textContent = "关闭";
    close.addEventListener("click", function () { panel.hidden = true; });
    // Where the number was printed (the cell's own link, addPlaceLinks): on a phone the button covers it.
    placeA = document.createElement("a");
    placeA.className = "md-button cite-place";
    placeA.textContent = "在原文中查看";
    actions.append(copy, " ", placeA, " ", permalinkA, " ", close);
    panel.append(title, box, status, actions);
    document.body.appendChild(panel);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") panel.hidden = true; });
  }

  function selectBox(message) {
    box.focus();
    box.select();
    status.textContent = message;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { status.textContent = "已复制到剪贴板。"; },
        function () { selectBox("无法自动复制：文字已选中，请按 Ctrl+C（手机上长按）复制。"); });
    } else {
      selectBox("无法自动复制：文字已选中，请按 Ctrl+C（手机上长按）复制。");
    }
  }

  function cite(cell, value) {
    ensurePanel();
    Promise.all([getJSON(footer && footer.dataset.citeFields), version()]).then(function (got) {
      var text = citation(cell, value, got[0], got[1]);
      box.value = text;
      permalinkA.href = "#" + cell.id;
      var place = cell.querySelector("a.value-place");
      placeA.hidden = !place;
      if (place) { placeA.href = place.href; placeA.title = place.title; }
      status.textContent = "";
      panel.hidden = false;
      copyText(text);
    });
  }

  // Material's tooltip of 复制引用 (content.tooltips, from the title) shows while its button is focused or
  // hovered. A click leaves the button focused, and a finger's tap leaves it hovered as well (the emulated
  // mouse stays on it until the next tap elsewhere): on a phone the tooltip stayed over the table. After a
  // moment (the panel says 已复制), a pointer's click lets both go, as a mouse's leaving does on a desktop;
  // a keyboard's Enter or Space (detail 0) keeps its focus, and a mouse still on the button its tooltip.
  var TOOLTIP_MS = 1200, pointer = "";
  function letTooltipGo(button, e) {
    if (!e.detail) return;
    var touch = pointer ? pointer !== "mouse" : matchMedia("(hover: none)").matches;
    setTimeout(function () {
      if (document.activeElement === button) button.blur();
      if (touch) button.dispatchEvent(new MouseEvent("mouseleave"));
    }, TOOLTIP_MS);
  }

  function addButtons() {
    document.querySelectorAll(CELLS).forEach(function (cell) {
      var value = cell.textContent.trim();
      if (!value) return;  // a blank cell: nothing printed to quote
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cite-btn";
      button.title = "复制引用";
      button.setAttribute("aria-label", "复制引用");
      button.textContent = "引";
      button.addEventListener("pointerdown", function (e) { pointer = e.pointerType; });
      button.addEventListener("click", function (e) { e.preventDefault(); cite(cell, value); letTooltipGo(button, e); });
      cell.appendChild(button);
    });
  }

  // The number → where it was printed (the site's viewer); builder/pages/tables.py leaves the link to
  // this script. cite.js lives in assets/, so the viewer is ../viewer/ from its own address.
  var VIEWER = document.currentScript ? new URL("../viewer/", document.currentScript.src).href : null;
  var ID = /^[a-z0-9][a-z0-9-]{0,250}$/, FIELD = /^[a-z_]+\.[a-z_0-9]+\.[a-z_0-9]+$/;
  function addPlaceLinks() {
    if (!VIEWER) return;
    document.querySelectorAll(CELLS).forEach(function (cell) {
      var report = cell.closest("section[data-report]").dataset.report, field = fieldOf(cell), where = placeOf(cell);
      if (!where || cell.querySelector("a") || !cell.textContent.trim() || !ID.test(report) || !FIELD.test(field)) return;
      var a = document.createElement("a");
      a.className = "value-place";
      a.href = VIEWER + "?r=" + encodeURIComponent(report) + "&f=" + encodeURIComponent(field);
      a.title = where;
      a.textContent = cell.textContent;
      cell.textContent = "";
      cell.appendChild(a);
    });
  }

  // Every value cell's id (builder/pages/common.py value_anchor: v-<year>-<field, dots as dashes>), from
  // its table's layout (builder/pages/tables.py _table: data-v, data-cols, each row's data-row; the page
  // does not write 400 ids); builder/pages/tables.py value_cells reads them the same way.
  function giveIds() {
    document.querySelectorAll("section[data-report] table.report-table[data-v]").forEach(function (table) {
      var previous = ""; // a row without data-cols has the row above's
      table.querySelectorAll("tr[data-row]").forEach(function (tr) {
        previous = tr.dataset.cols || previous;
        var rows = tr.dataset.row.split(" "), cols = (previous || table.dataset.cols || "").split(" ");
        var cells = tr.querySelectorAll(":scope > td");
        for (var i = 0; i < cells.length && i < rows.length * cols.length; i++) {
          var field = table.dataset.table + "." + rows[Math.floor(i / cols.length)] + "." + cols[i % cols.length];
          cells[i].id = table.dataset.v + "-" + field.replace(/\./g, "-");
        }
      });
    });
  }

  // A cited cell's column heads: the rows right above its run of value rows (data-row) that are not
  // value rows themselves: the table's head, or in a table of sections (builder/pages/tables.py) the
  // section's title and head.
  function headOf(cell) {
    var row = cell.closest("tr"), top = null;
    while (row && row.hasAttribute("data-row")) { row = row.previousElementSibling; }
    while (row && !row.hasAttribute("data-row")) { top = row; row = row.previousElementSibling; }
    return top;
  }

  // Landing on a cell (a ranking's or the explorer's link, a permalink) put it just under the header
  // (scroll-margin-top, assets/cite.css) and its table's column heads above the screen: a number without
  // its column's name. The heads cannot stick (each table scrolls sideways in its own box, and a box that
  // scrolls one way is what a sticky row sticks to), so the cell's margin reaches up to them: they land
  // under the header, the cell below them, whenever both fit on the screen; else the cell alone as before.
  // Set on the cell itself, the browser's own scrolls to it (again at load, after a link) land there too.
  function frameCell(cell) {
    cell.style.scrollMarginTop = "";
    var head = headOf(cell), header = document.querySelector(".md-header");
    if (!head) return;
    var below = (header ? header.getBoundingClientRect().bottom : 0) + 8;
    var box = cell.getBoundingClientRect(), margin = below + box.top - head.getBoundingClientRect().top;
    if (margin > parseFloat(getComputedStyle(cell).scrollMarginTop) && margin + box.height <= window.innerHeight) {
      cell.style.scrollMarginTop = margin + "px";
    }
  }

  function citedCell() {
    var id = decodeURIComponent(location.hash.slice(1));
    return id.indexOf("v-") === 0 ? document.getElementById(id) : null;
  }

  // A permalink (…#v-2024-…) opened cold: the ids exist now, before the document has finished loading;
  // should the browser have looked for the cell before they did, go to it again (no new history entry),
  // so that it scrolls there and marks the cell (:target, assets/cite.css). Either way the cell is framed
  // with its heads; a link to another cell of the page (hashchange, after the browser's scroll) as well.
  function reachPermalink() {
    var cell = citedCell();
    if (!cell) return;
    frameCell(cell);
    if (!cell.matches(":target")) { location.replace("#" + cell.id); } else { cell.scrollIntoView(); }
  }
  window.addEventListener("hashchange", function () {
    var cell = citedCell();
    if (cell) { frameCell(cell); cell.scrollIntoView(); }
  });

  giveIds();
  reachPermalink();
  showVersion();
  addPlaceLinks();
  addButtons();
})();
