// The explorer (explorer/): every report's key figures, filtered, sorted and exported in the browser.
//
// Data: explorer/index.json (the manifest: columns, which chunk file holds which year and provinces)
// and explorer/data/<chunk>.json (columnar rows, builder/pages/explorer.py). Only the chunks the year
// and province filters need are fetched. A large year's national ranking (sorted by a figure or rate,
// largest first, no other filter: also its default view) opens from that key's rank file, its first
// screen of rows (manifest.rankings); the year's chunks load when more is asked for. The view (filters, sort, columns) lives in the query string,
// so a view can be linked and a reload restores it.
//
// Every string from the data is untrusted (it was printed in a report): the DOM is built with
// textContent and setAttribute only, never innerHTML; a link from data must be site-relative.
// Hand-written rather than a table library: a few hundred lines, no dependency to vendor and keep
// up to date, and the features (columnar chunks, rates blank below a count) are ours anyway.
(function () {
  "use strict";

  var S = window.SiteExplorer = window.SiteExplorer || {};
  var PAGE_ROWS = 200; // rows drawn at a time; the CSV holds them all
  var FILTERS = ["province", "city", "county", "level", "year", "template", "status", "q"];
  var UNKNOWN = "-"; // the filter value for "not known" (a report without a province)
  var DEFAULT_COLUMNS = ["region", "level", "year", "check", "received", "processed", "granted_rate",
                         "reconsideration", "reconsideration_corrected_rate"];
  var NUMBER = new Intl.NumberFormat("zh-CN");

  // ---------------------------------------------------------------- helpers (shared with compare.js)

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] === null || attrs[name] === undefined || attrs[name] === false) { return; }
      if (name === "className") { node.className = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function rootURL(container) {
    return new URL(container.getAttribute("data-root") || "./", window.location.href);
  }

  // A link from data: only a site-relative path of plain characters (the build writes agencies/<id>/).
  function siteHref(root, path) {
    if (typeof path !== "string" || !/^[A-Za-z0-9._~\-\/]+$/.test(path) || path.charAt(0) === "/" ||
        path.indexOf("..") >= 0) { return null; }
    return new URL(path, root).href;
  }

  function fetchJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + url); }
      return response.json();
    });
  }

  // Rows of a columnar file as objects.
  function records(table) {
    var columns = table.columns;
    return table.rows.map(function (row) {
      var record = {};
      for (var i = 0; i < columns.length; i++) { record[columns[i]] = row[i]; }
      return record;
    });
  }

  function loadManifest(container) {
    var url = new URL(container.getAttribute("data-manifest"), window.location.href);
    return fetchJSON(url).then(function (manifest) {
      if (manifest.format !== 1) { throw new Error("未知的数据格式 " + manifest.format); }
      return manifest;
    });
  }

  function formatNumber(value) {
    return typeof value === "number" ? NUMBER.format(value) : "";
  }

  // A rate from its counts: {value (0–1 or null), n, d, rankable}. Blank below the minimum count.
  function rateOf(counts, min) {
    if (!counts) { return {value: null, n: null, d: null, rankable: false}; }
    var n = counts[0], d = counts[1];
    var ok = typeof n === "number" && typeof d === "number" && d > 0;
    return {value: ok ? n / d : null, n: n, d: d, rankable: ok && d >= min};
  }

  function percent(value) { return (value * 100).toFixed(1) + "%"; }

  // A rate below its minimum count shows "—" and a dagger beside its counts, explained by a visible
  // note under the table (unrankedNote): a title tooltip alone never shows on a phone. The rule is the
  // pages' (builder/template/indicators.py: rate_figure): the manifest's "unranked" gives its texts.
  var UNRANKED = "†", UNRANKED_FIGURE = "—", UNRANKED_NOTE = "分母少于 {minimum} 件，不计算比率、不排名";
  function useUnranked(texts) {
    if (!texts) { return; }
    if (typeof texts.mark === "string") { UNRANKED = texts.mark; }
    if (typeof texts.figure === "string") { UNRANKED_FIGURE = texts.figure; }
    if (typeof texts.note === "string") { UNRANKED_NOTE = texts.note; }
  }
  function rateText(rate) {
    var counts = (rate.n === null && rate.d === null) ? "" :
      "（" + formatNumber(rate.n) + "/" + formatNumber(rate.d) + "）";
    if (rate.rankable) { return percent(rate.value) + counts; }
    return counts ? UNRANKED_FIGURE + counts + UNRANKED : "";
  }

  // The note under a table for its daggered rates (null if none is shown): one line per minimum count,
  // naming the rates when the minimums differ. columns: the columns shown; rows: the records shown.
  function unrankedNote(columns, rows) {
    var mins = [], labels = {};
    columns.forEach(function (c) {
      if (c.kind !== "rate") { return; }
      var hit = rows.some(function (r) { var x = rateOf(r[c.key], c.min); return !x.rankable && (x.n !== null || x.d !== null); });
      if (!hit) { return; }
      if (mins.indexOf(c.min) < 0) { mins.push(c.min); labels[c.min] = []; }
      labels[c.min].push(c.label);
    });
    if (!mins.length) { return null; }
    return el("p", {className: "explorer-note explorer-unranked"}, mins.map(function (min) {
      return UNRANKED + " " + UNRANKED_NOTE.replace("{minimum}", min) +
        (mins.length > 1 ? "（" + labels[min].join("、") + "）" : "");
    }).join("；"));
  }

  // Columns the tables can show: key, label, kind (text | number | rate), the value to sort by,
  // the text to show. Built from the manifest, so labels and minimum counts are the build's.
  function columnsOf(manifest) {
    useUnranked(manifest.unranked);
    var levels = manifest.levels, templates = manifest.templates;
    var cols = [
      {key: "region", label: "地区", kind: "text",
       sort: function (r) { return [r.province, r.city, r.county].filter(Boolean).join(" "); },
       text: function (r) { return [r.province, r.city, r.county].filter(Boolean).join(" "); }},
      {key: "level", label: "层级", kind: "text", sort: function (r) { return r.level || ""; },
       text: function (r) { return levels[r.level] || "未知"; }},
      {key: "year", label: "年度", kind: "number", sort: function (r) { return r.year; },
       text: function (r) { return r.year === null ? "" : String(r.year); }},
      {key: "template", label: "模板", kind: "text", sort: function (r) { return r.template || ""; },
       text: function (r) { return templates[r.template] || "未知"; }},
      {key: "check", label: "检查", kind: "number",
       sort: function (r) { return r.errors * 10000 + r.warnings; },
       text: function (r) {
         if (!r.errors && !r.warnings) { return "通过"; }
         return [r.errors ? r.errors + " 错误" : "", r.warnings ? r.warnings + " 警告" : ""].filter(Boolean).join(" ");
       }}
    ];
    manifest.figures.forEach(function (f) {
      cols.push({key: f.key, label: f.label, kind: "number", sort: function (r) { return r[f.key]; },
                 text: function (r) { return formatNumber(r[f.key]); },
                 // The value's cell on the agency page, where its 复制引用 button is: its id is
                 // v-<year>-<field, dots as dashes> (builder/pages/common.py value_anchor, assets/cite.js).
                 cell: function (r) {
                   return typeof f.field === "string" && /^[a-z0-9_.]+$/.test(f.field) && typeof r.year === "number" &&
                     r[f.key] !== null && r[f.key] !== undefined ? "v-" + r.year + "-" + f.field.replace(/\./g, "-") : null;
                 }});
    });
    manifest.rates.forEach(function (f) {
      cols.push({key: f.key, label: f.label, kind: "rate", min: f.min,
                 definition: f.definition + (f.comparable ? "。" + f.comparable : ""),
                 sort: function (r) { var x = rateOf(r[f.key], f.min); return x.rankable ? x.value : null; },
                 text: function (r) { return rateText(rateOf(r[f.key], f.min)); }});
    });
    return cols;
  }

  // Numbers numerically, text by the given collation; blanks (and unranked rates) last either way.
  function compareBy(column, descending) {
    var collator = new Intl.Collator("zh-Hans-CN");
    return function (a, b) {
      var x = column.sort(a), y = column.sort(b);
      var xBlank = x === null || x === undefined || x === "", yBlank = y === null || y === undefined || y === "";
      if (xBlank || yBlank) { return xBlank === yBlank ? 0 : (xBlank ? 1 : -1); }
      var order = typeof x === "number" && typeof y === "number" ? x - y : collator.compare(String(x), String(y));
      return descending ? -order : order;
    };
  }

  // CSV as Excel on Chinese Windows opens it: UTF-8 with a byte-order mark, CRLF lines. A text cell
  // a spreadsheet would take for a formula gets a leading quote (as the downloads do).
  function csvCell(value) {
    if (value === null || value === undefined) { return ""; }
    var text = String(value);
    if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function downloadCSV(name, header, rows) {
    var lines = [header].concat(rows).map(function (row) { return row.map(csvCell).join(","); });
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    var link = el("a", {href: URL.createObjectURL(blob), download: name});
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  // ---------------------------------------------------------------- names: Chinese, pinyin, initials

  // Every toneless syllable pypinyin writes (its NORMAL style, ü as v): the readings in the data are
  // joined without separators (淮安市 → huaianshi), so the browser splits them again, one syllable per
  // Han character of the name. Hand-written rather than a pinyin library: the readings are already in
  // the data, and this list (2 KB) is all it takes to find their syllables.
  var SYLLABLES = new Set((
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca cai can " +
    "cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan " +
    "chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian " +
    "diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou " +
    "fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao " +
    "he hei hen heng hm hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing " +
    "jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun " +
    "kuo la lai lan lang lao le lei len leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun " +
    "luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu n na nai nan " +
    "nang nao ne nei nen neng ng ni nia nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o " +
    "ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin " +
    "qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san " +
    "sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang " +
    "shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting " +
    "tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian xiang xiao xie xin " +
    "xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan " +
    "zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai " +
    "zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo").split(" "));
  var HAN = /\p{Script=Han}/u, WORD = /^[a-z0-9]$/;
  var SPLITS = 4; // a reading split more ways than this (it never is, in names) keeps the first four

  // The ways a reading splits into the name's syllables: each Han character one syllable, the other
  // characters as they are (letters and digits kept as one-letter units, punctuation dropped). A
  // reading can split two ways (延安 yanan: yan·an or ya·nan): both are kept, so either's initials match.
  function splits(name, reading) {
    var units = Array.from(name || ""), text = String(reading || "").toLowerCase(), memo = {};
    function from(i, pos) {
      if (i === units.length) { return pos === text.length ? [[]] : []; }
      var key = i + ":" + pos;
      if (memo[key]) { return memo[key]; }
      var out = [], unit = units[i].toLowerCase();
      function then(next, piece) {
        from(i + 1, next).forEach(function (rest) {
          if (out.length < SPLITS) { out.push(piece === null ? rest : [piece].concat(rest)); }
        });
      }
      if (HAN.test(unit)) {
        for (var len = 1; len <= 6 && pos + len <= text.length; len++) {
          if (SYLLABLES.has(text.substr(pos, len))) { then(pos + len, text.substr(pos, len)); }
        }
      }
      // A character the reading keeps as it is (not Han, or a Han character pypinyin cannot read).
      if (!out.length && text.substr(pos, unit.length) === unit) { then(pos + unit.length, WORD.test(unit) ? unit : null); }
      memo[key] = out;
      return out;
    }
    return units.length > 80 ? [] : from(0, 0);
  }

  // Does q (letters and digits) run through consecutive syllables from `at`, taking a non-empty start
  // of each: whole syllables (huaian), initials (has) and both mixed (huaians).
  function runs(syllables, at, q) {
    if (!q) { return true; }
    if (at >= syllables.length) { return false; }
    var syllable = syllables[at];
    for (var len = Math.min(syllable.length, q.length); len >= 1; len--) {
      if (q.slice(0, len) === syllable.slice(0, len) && runs(syllables, at + 1, q.slice(len))) { return true; }
    }
    return false;
  }

  // The name of record r matches a word: the Chinese name contains it, or its letters run through
  // the reading's syllables from one's start, each syllable whole or its start (spaces and
  // apostrophes ignored: "huai'an", "huaian", "has", "huaians").
  // A query of several words ("淮安 金湖", "nanjing xuanwu") that does not match as one run matches a name
  // holding every word, in any order ("huai an" is still one run: its letters run on).
  function nameMatches(r, query) {
    var q = String(query || "").trim();
    if (!q || wordMatches(r, q)) { return true; }
    var words = q.split(/\s+/);
    return words.length > 1 && words.every(function (word) { return wordMatches(r, word); });
  }

  function wordMatches(r, query) {
    var q = String(query || "").toLowerCase();
    if (!q) { return true; }
    if ((r.agency || "").toLowerCase().indexOf(q) >= 0) { return true; }
    var compact = q.replace(/[\s'’-]+/g, ""), reading = r.pinyin || "";
    if (!compact || !/^[a-z0-9]+$/.test(compact)) { return false; }
    // Cheap first: the letters must occur in the reading in order.
    for (var i = 0, pos = 0; i < compact.length; i++) {
      pos = reading.indexOf(compact.charAt(i), pos);
      if (pos < 0) { return false; }
      pos++;
    }
    if (!r.syllables) { Object.defineProperty(r, "syllables", {value: splits(r.agency, reading)}); }
    // From a syllable's start only ("nj" is not 韵家, yun·jia): a reading that does not split (a
    // character pypinyin could not read) is searched as it is.
    if (!r.syllables.length) { return reading.indexOf(compact) >= 0; }
    return r.syllables.some(function (syllables) {
      for (var at = 0; at < syllables.length; at++) { if (runs(syllables, at, compact)) { return true; } }
      return false;
    });
  }

  S.splits = splits;
  S.nameMatches = nameMatches;
  S.el = el;
  S.rootURL = rootURL;
  S.siteHref = siteHref;
  S.fetchJSON = fetchJSON;
  S.records = records;
  S.loadManifest = loadManifest;
  S.formatNumber = formatNumber;
  S.rateOf = rateOf;
  S.rateText = rateText;
  S.unrankedNote = unrankedNote;
  S.percent = percent;
  S.columnsOf = columnsOf;
  S.compareBy = compareBy;
  S.downloadCSV = downloadCSV;

  // ---------------------------------------------------------------- the explorer

  function Explorer(container, manifest) {
    this.container = container;
    this.manifest = manifest;
    this.root = rootURL(container);
    this.columns = columnsOf(manifest);
    this.byKey = {};
    var self = this;
    this.columns.forEach(function (c) { self.byKey[c.key] = c; });
    this.loaded = {}; // chunk file → its records
    this.selected = {}; // agency_id → name
    this.shown = PAGE_ROWS;
    this.years = manifest.chunks.map(function (c) { return c.year; })
      .filter(function (y, i, all) { return y !== null && all.indexOf(y) === i; })
      .sort(function (a, b) { return b - a; });
    this.readState();
    this.build();
    // Back and Forward step through the views (each filter, sort and column change is a history entry).
    window.addEventListener("popstate", function () {
      self.typing = false; // typing after Back starts a new entry, not rewrites the one gone back to
      self.readState();
      self.syncControls();
      self.shown = PAGE_ROWS;
      self.refresh("replace");
    });
    this.refresh("replace");
  }

  // The year shown without one in the address: the build's choice, the latest complete year (as the
  // home and region pages, builder/pages/years.py), else the latest year.
  Explorer.prototype.defaultYear = function () {
    var chosen = this.manifest.default_year;
    if (typeof chosen === "number" && this.years.indexOf(chosen) >= 0) { return String(chosen); }
    return this.years.length ? String(this.years[0]) : "all";
  };

  Explorer.prototype.readState = function () {
    var params = new URLSearchParams(window.location.search);
    var state = {};
    FILTERS.forEach(function (f) { state[f] = params.get(f) || ""; });
    if (!state.year) { state.year = this.defaultYear(); }
    // A year too large to load at once opens on its ranking by new requests (one bounded file).
    var sort = params.get("sort") || (this.ranking(state.year) ? "-received" : "");
    state.descending = sort.charAt(0) === "-";
    state.sort = sort.replace(/^-/, "");
    if (state.sort !== "name" && !this.byKey[state.sort]) { state.sort = ""; }
    var self = this;
    var cols = params.get("cols");
    state.cols = (cols === null ? DEFAULT_COLUMNS : cols.split(",")).filter(function (k) { return self.byKey[k]; });
    this.state = state;
  };

  // The view into the address: mode "push" makes it a history entry (a filter, sort or column
  // changed), "replace" rewrites the current one (while typing a name, on load, after Back).
  Explorer.prototype.writeState = function (mode) {
    var params = new URLSearchParams();
    var state = this.state;
    FILTERS.forEach(function (f) { if (state[f]) { params.set(f, state[f]); } });
    if (state.sort) { params.set("sort", (state.descending ? "-" : "") + state.sort); }
    if (state.cols.join(",") !== DEFAULT_COLUMNS.join(",")) { params.set("cols", state.cols.join(",")); }
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      if (mode === "push") { window.history.pushState(null, "", url); } else { window.history.replaceState(null, "", url); }
    }
  };

  Explorer.prototype.select = function (name, label, options) {
    var wrap = el("label", {className: "explorer-field"});
    wrap.appendChild(el("span", {}, label));
    var select = el("select", {name: name, "data-filter": name});
    wrap.appendChild(select);
    this.setOptions(select, options);
    var self = this;
    select.addEventListener("change", function () { self.change(name, select.value); });
    this.controls[name] = select;
    return wrap;
  };

  Explorer.prototype.setOptions = function (select, options) {
    var value = this.state[select.name] || "";
    while (select.firstChild) { select.removeChild(select.firstChild); }
    var found = false;
    options.forEach(function (o) {
      select.appendChild(el("option", {value: o[0]}, o[1]));
      if (o[0] === value) { found = true; }
    });
    if (!found && value) { select.appendChild(el("option", {value: value}, value)); }
    select.value = value;
  };

  Explorer.prototype.build = function () {
    var self = this, m = this.manifest;
    this.container.textContent = "";
    this.controls = {};
    var form = el("form", {className: "explorer-filters", role: "search"});
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var complete = m.complete_years;
    var yearOptions = [["all", "全部年度"]].concat(this.years.map(function (y) {
      return [String(y), y + " 年度" + (complete && complete.indexOf(y) < 0 ? "（不完整）" : "")];
    }));
    if (m.chunks.some(function (c) { return c.year === null; })) { yearOptions.push([UNKNOWN, "年度未知"]); }
    form.appendChild(this.select("year", "年度", yearOptions));
    form.appendChild(this.select("province", "省份", []));
    form.appendChild(this.select("city", "地市", []));
    form.appendChild(this.select("county", "区县", []));
    form.appendChild(this.select("level", "层级", [["", "全部"]].concat(Object.keys(m.levels).map(function (k) {
      return [k, m.levels[k]]; }))));
    form.appendChild(this.select("template", "模板", [["", "全部"]].concat(Object.keys(m.templates).map(function (k) {
      return [k, m.templates[k]]; }))));
    form.appendChild(this.select("status", "检查", [["", "全部"], ["pass", "通过"], ["warnings", "有警告"],
                                                    ["errors", "有错误"], ["failing", "有错误或警告"]]));
    var name = el("label", {className: "explorer-field explorer-name"});
    name.appendChild(el("span", {}, "名称"));
    var input = el("input", {type: "search", name: "q", placeholder: "中文、拼音或首字母，如 huaian、has", autocomplete: "off"});
    input.value = this.state.q;
    var timer = null;
    // One history entry per search typed, not per letter: its first update pushes, the rest replace,
    // until the field is left or another control changes.
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mode = self.typing ? "replace" : "push";
        self.typing = true;
        self.change("q", input.value.trim(), mode);
      }, 150);
    });
    input.addEventListener("change", function () { self.typing = false; });
    name.appendChild(input);
    this.controls.q = input;
    form.appendChild(name);
    this.container.appendChild(form);

    var bar = el("div", {className: "explorer-bar"});
    this.status = el("p", {className: "explorer-status", role: "status", "aria-live": "polite"});
    bar.appendChild(this.status);
    var picker = el("details", {className: "explorer-columns"});
    picker.appendChild(el("summary", {}, "选择列"));
    var list = el("div", {className: "explorer-column-list"});
    this.columns.forEach(function (c) {
      var item = el("label");
      var box = el("input", {type: "checkbox", value: c.key, "data-column": c.key});
      box.checked = self.state.cols.indexOf(c.key) >= 0;
      box.addEventListener("change", function () {
        var keep = self.columns.map(function (x) { return x.key; }).filter(function (k) {
          return k === c.key ? box.checked : self.state.cols.indexOf(k) >= 0;
        });
        self.state.cols = keep;
        self.typing = false;
        self.writeState("push");
        self.render();
      });
      item.appendChild(box);
      item.appendChild(document.createTextNode(" " + c.label));
      list.appendChild(item);
    });
    picker.appendChild(list);
    bar.appendChild(picker);
    var csv = el("button", {type: "button", className: "md-button", "data-action": "csv"}, "导出 CSV");
    csv.addEventListener("click", function () { self.exportCSV(); });
    bar.appendChild(csv);
    this.compareButton = el("button", {type: "button", className: "md-button md-button--primary",
                                       "data-action": "compare", disabled: "disabled"}, "比较");
    this.compareButton.addEventListener("click", function () { self.compare(); });
    bar.appendChild(this.compareButton);
    this.container.appendChild(bar);

    this.scroller = el("div", {className: "explorer-scroll", tabindex: "0"});
    this.table = el("table", {className: "explorer-table"});
    this.scroller.appendChild(this.table);
    this.container.appendChild(this.scroller);
    this.note = el("div", {className: "explorer-notes"});
    this.container.appendChild(this.note);
    this.more = el("button", {type: "button", className: "md-button explorer-more", hidden: "hidden"});
    // Past a rank file's rows the whole year loads (refresh).
    this.more.addEventListener("click", function () { self.shown += PAGE_ROWS; self.refresh("replace"); });
    this.container.appendChild(this.more);
  };

  Explorer.prototype.syncControls = function () {
    var self = this;
    FILTERS.forEach(function (f) { if (self.controls[f]) { self.controls[f].value = self.state[f]; } });
    this.container.querySelectorAll("input[data-column]").forEach(function (box) {
      box.checked = self.state.cols.indexOf(box.value) >= 0;
    });
  };

  Explorer.prototype.change = function (name, value, mode) {
    if (name !== "q") { this.typing = false; }
    this.state[name] = value;
    // A narrower region is cleared when a wider one changes.
    if (name === "year" || name === "province") { this.state.city = ""; this.state.county = ""; }
    if (name === "city") { this.state.county = ""; }
    this.shown = PAGE_ROWS;
    this.refresh(mode || "push");
  };

  // The year's rank files (manifest.rankings), if it has them.
  Explorer.prototype.ranking = function (year) {
    var rankings = this.manifest.rankings || {};
    return Object.prototype.hasOwnProperty.call(rankings, year) ? rankings[year] : null;
  };

  // The rank file the view can be drawn from, or null: a national view of a ranked year, sorted by a
  // figure or rate largest first, no other filter, no more rows than the file holds, not exporting.
  Explorer.prototype.rankFile = function () {
    var s = this.state, ranking = this.ranking(s.year);
    if (!ranking || this.full || s.province || s.city || s.county || s.level || s.template || s.status || s.q ||
        !s.descending || (this.manifest.rank_keys || []).indexOf(s.sort) < 0 || this.shown > ranking.top) {
      return null;
    }
    var file = this.manifest.rank_file.replace("{year}", s.year).replace("{key}", s.sort);
    return {file: file, reports: ranking.reports, ranked: true};
  };

  // The chunks the year and province filters need (or the one rank file that holds the view).
  Explorer.prototype.chunksNeeded = function () {
    var rank = this.rankFile();
    if (rank) { return [rank]; }
    var year = this.state.year, province = this.state.province;
    return this.manifest.chunks.filter(function (c) {
      var yearOK = year === "all" || (year === UNKNOWN ? c.year === null : String(c.year) === year);
      var wanted = province === UNKNOWN ? "" : province;
      return yearOK && (!province || c.provinces.indexOf(wanted) >= 0);
    });
  };

  // Loads what the view needs and draws it; the promise resolves once it is drawn.
  Explorer.prototype.refresh = function (mode) {
    var self = this;
    var needed = this.chunksNeeded();
    var missing = needed.filter(function (c) { return !self.loaded[c.file]; });
    this.writeState(mode);
    if (!missing.length) { this.render(); return Promise.resolve(); }
    this.status.textContent = "正在载入数据 …";
    return Promise.all(missing.map(function (c) {
      return fetchJSON(new URL(c.file, self.root)).then(function (table) { self.loaded[c.file] = records(table); });
    })).then(function () { self.render(); }, function (error) {
      self.status.textContent = "数据无法载入：" + error.message;
      throw error;
    });
  };

  Explorer.prototype.rowsLoaded = function () {
    var self = this, out = [];
    this.chunksNeeded().forEach(function (c) { out = out.concat(self.loaded[c.file] || []); });
    return out;
  };

  Explorer.prototype.matches = function (r, skip) {
    var s = this.state;
    var year = s.year === "all" ? null : (s.year === UNKNOWN ? "" : s.year);
    if (year !== null && String(r.year === null ? "" : r.year) !== year) { return false; }
    function place(key) {
      return skip === key || !s[key] || (s[key] === UNKNOWN ? !r[key] : r[key] === s[key]);
    }
    if (!place("province") || !place("city") || !place("county")) { return false; }
    if (skip === "regions") { return true; }
    if (s.level && r.level !== s.level) { return false; }
    if (s.template && r.template !== s.template) { return false; }
    if (s.status === "pass" && (r.errors || r.warnings)) { return false; }
    if (s.status === "warnings" && !r.warnings) { return false; }
    if (s.status === "errors" && !r.errors) { return false; }
    if (s.status === "failing" && !r.errors && !r.warnings) { return false; }
    return !s.q || nameMatches(r, s.q);
  };

  function options(values) {
    var names = new Set(values); // a year may hold tens of thousands of rows: no indexOf per value
    var known = Array.from(names).filter(Boolean).sort(new Intl.Collator("zh-Hans-CN").compare);
    var out = [["", "全部"]].concat(known.map(function (v) { return [v, v]; }));
    if (names.has(null) || names.has("") || names.has(undefined)) { out.push([UNKNOWN, "未知"]); }
    return out;
  }

  Explorer.prototype.updateRegionOptions = function (rows) {
    var self = this, s = this.state;
    var provinces = [];
    this.manifest.chunks.forEach(function (c) {
      var year = s.year;
      if (year === "all" || (year === UNKNOWN ? c.year === null : String(c.year) === year)) {
        provinces = provinces.concat(c.provinces.map(function (p) { return p || null; }));
      }
    });
    this.setOptions(this.controls.province, options(provinces));
    var inProvince = rows.filter(function (r) { return self.matchesRegion(r, "province"); });
    this.setOptions(this.controls.city, s.province ? options(inProvince.map(function (r) { return r.city; }))
                    : [["", "全部（先选省份）"]]);
    var inCity = inProvince.filter(function (r) { return self.matchesRegion(r, "city"); });
    this.setOptions(this.controls.county, s.city ? options(inCity.map(function (r) { return r.county; }))
                    : [["", "全部（先选地市）"]]);
  };

  Explorer.prototype.matchesRegion = function (r, key) {
    var v = this.state[key];
    return !v || (v === UNKNOWN ? !r[key] : r[key] === v);
  };

  Explorer.prototype.filtered = function () {
    var self = this;
    var rows = this.rowsLoaded().filter(function (r) { return self.matches(r); });
    var s = this.state;
    if (s.sort) {
      var column = s.sort === "name" ? {sort: function (r) { return r.pinyin || r.agency; }} : this.byKey[s.sort];
      rows.sort(compareBy(column, s.descending));
    }
    return rows;
  };

  Explorer.prototype.visibleColumns = function () {
    var self = this;
    return this.columns.filter(function (c) { return self.state.cols.indexOf(c.key) >= 0; });
  };

  Explorer.prototype.header = function (key, label, title) {
    var s = this.state, self = this;
    var th = el("th", {scope: "col", "data-key": key, className: key === "name" ? "explorer-sticky" : null,
                       "aria-sort": s.sort === key ? (s.descending ? "descending" : "ascending") : null});
    var button = el("button", {type: "button", title: title || ("按" + label + "排序")}, label);
    if (s.sort === key) { button.appendChild(el("span", {"aria-hidden": "true"}, s.descending ? " ▼" : " ▲")); }
    button.addEventListener("click", function () {
      if (s.sort === key) { s.descending = !s.descending; } else {
        s.sort = key;
        var column = self.byKey[key];
        s.descending = !!column && column.kind !== "text"; // numbers: largest first
      }
      self.typing = false;
      self.refresh("push"); // another sort may need another rank file, or the whole year
    });
    th.appendChild(button);
    return th;
  };

  Explorer.prototype.render = function () {
    var self = this, s = this.state;
    var all = this.rowsLoaded();
    this.updateRegionOptions(all);
    var rows = this.filtered();
    var columns = this.visibleColumns();
    var table = this.table;
    table.textContent = "";
    var head = el("thead"), tr = el("tr");
    tr.appendChild(this.header("name", "机构"));
    columns.forEach(function (c) {
      tr.appendChild(self.header(c.key, c.label, c.kind === "rate"
        ? c.definition.replace(/。$/, "") + "。分母少于 " + c.min + " 件时不计比率" : null));
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el("tbody");
    rows.slice(0, this.shown).forEach(function (r) {
      var row = el("tr", {"data-id": r.id});
      var name = el("th", {scope: "row", className: "explorer-sticky"});
      var box = el("input", {type: "checkbox", "aria-label": "选择 " + (r.agency || r.agency_id),
                             "data-agency": r.agency_id});
      box.checked = !!self.selected[r.agency_id];
      box.addEventListener("change", function () {
        if (box.checked) { self.selected[r.agency_id] = r.agency || r.agency_id; } else { delete self.selected[r.agency_id]; }
        // A body's other years (all years shown) are the same body: their boxes follow.
        self.table.querySelectorAll("input[data-agency]").forEach(function (other) {
          if (other.getAttribute("data-agency") === r.agency_id) { other.checked = box.checked; }
        });
        self.updateCompare();
      });
      name.appendChild(box);
      var href = siteHref(self.root, r.url);
      var label = r.agency || r.agency_id;
      name.appendChild(href ? el("a", {href: href}, label) : el("span", {}, label));
      row.appendChild(name);
      columns.forEach(function (c) {
        var cell = href && c.cell ? c.cell(r) : null;
        var td = el("td", {className: c.kind === "text" ? null : "explorer-number", "data-key": c.key}, cell ? null : c.text(r));
        if (cell) { td.appendChild(el("a", {href: href + "#" + cell}, c.text(r))); }
        if (c.kind === "rate") {
          var rate = rateOf(r[c.key], c.min);
          if (!rate.rankable && rate.d !== null) { td.title = "分母少于 " + c.min + " 件，不计比率"; }
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    this.note.textContent = "";
    var note = unrankedNote(columns, rows.slice(0, this.shown));
    if (note) { this.note.appendChild(note); }
    var rank = this.rankFile();
    // From a rank file the rows are its first screen; the count is the year's.
    var count = rank ? rank.reports : rows.length;
    var rest = count - Math.min(count, this.shown);
    this.more.hidden = rest <= 0;
    this.more.textContent = "再显示 " + Math.min(rest, PAGE_ROWS) + " 行（还有 " + NUMBER.format(rest) + " 行）";
    var files = this.chunksNeeded().length;
    this.status.textContent = "共 " + NUMBER.format(count) + " 份报告" +
      (s.year === "all" ? "（全部年度）" : "") + "，已载入 " + files + " 个数据文件。" +
      (s.year === this.defaultYear() && this.manifest.year_note ? this.manifest.year_note : "");
    // A name found in no report of this year may be in another's (a body that reported late, or
    // only this year): offer every year rather than leave the reader with 0.
    if (!rows.length && s.q && s.year !== "all") {
      var everyYear = el("button", {type: "button", className: "explorer-every-year"}, "在全部年度中查找“" + s.q + "”");
      everyYear.addEventListener("click", function () {
        self.change("year", "all");
        self.syncControls();
      });
      this.status.appendChild(document.createTextNode(" "));
      this.status.appendChild(everyYear);
    }
    this.rows = rows;
    this.updateCompare();
  };

  Explorer.prototype.updateCompare = function () {
    var n = Object.keys(this.selected).length;
    this.compareButton.textContent = n ? "比较（" + n + "）" : "比较";
    this.compareButton.disabled = n < 2 || n > 5;
    this.compareButton.title = n > 5 ? "最多比较 5 个机构" : "勾选 2–5 个机构";
  };

  Explorer.prototype.compare = function () {
    var ids = Object.keys(this.selected).slice(0, 5);
    window.location.href = new URL("compare/?ids=" + ids.map(encodeURIComponent).join(","), this.root).href;
  };

  // The CSV holds every row of the view: drawn from a rank file, the whole year is loaded first.
  Explorer.prototype.exportCSV = function () {
    var self = this;
    if (this.rankFile()) {
      this.full = true; // from now on the view is drawn from the whole year (loaded once)
      this.refresh("replace").then(function () { self.exportCSV(); }, function () {});
      return;
    }
    var columns = this.visibleColumns().filter(function (c) {
      return ["region", "level", "year", "template", "check"].indexOf(c.key) < 0;
    });
    var levels = this.manifest.levels, templates = this.manifest.templates;
    var header = ["机构", "机构编号", "报告编号", "省份", "地市", "区县", "层级", "年度", "模板", "错误", "警告"];
    columns.forEach(function (c) {
      if (c.kind === "rate") { header.push(c.label + "（%）", c.label + " 分子", c.label + " 分母"); } else { header.push(c.label); }
    });
    header.push("机构页面");
    var rows = this.rows.map(function (r) {
      var row = [r.agency, r.agency_id, r.id, r.province, r.city, r.county, levels[r.level] || "", r.year,
                 templates[r.template] || "", r.errors, r.warnings];
      columns.forEach(function (c) {
        if (c.kind === "rate") {
          var rate = rateOf(r[c.key], c.min);
          row.push(rate.rankable ? (rate.value * 100).toFixed(1) : null, rate.n, rate.d);
        } else { row.push(r[c.key]); }
      });
      row.push(siteHref(self.root, r.url));
      return row;
    });
    var name = ["explorer", this.state.year, this.state.province].filter(Boolean).join("-") + ".csv";
    downloadCSV(name, header, rows);
  };

  function start() {
    var container = document.getElementById("explorer");
    if (!container) { return; }
    loadManifest(container).then(function (manifest) {
      container.explorer = new Explorer(container, manifest);
    }, function (error) { container.textContent = "数据无法载入：" + error.message; });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
