// Compare (compare/?ids=a,b&metric=received): 2–5 bodies side by side over the years, a chart and two
// tables, from explorer/bodies/<agency_id>.json (builder/pages/explorer.py). Helpers from explorer.js.
//
// The chart is drawn by assets/charts.js (the site's one loader of vega, vega-lite and vega-embed):
// this script writes the spec into a <script class="vega-spec"> (as text, never as HTML) and asks
// charts.js to draw it with the "site:charts" event.
(function () {
  "use strict";

  var S = window.SiteExplorer;
  var el = S.el;
  var MAX = 5;
  var ID = /^[a-z0-9][a-z0-9-]{0,200}$/; // agency ids are slugs (builder.metadata.slugify)

  function idsFromURL() {
    var raw = new URLSearchParams(window.location.search).get("ids") || "";
    var ids = [];
    raw.split(",").forEach(function (id) {
      id = id.trim();
      if (ID.test(id) && ids.indexOf(id) < 0 && ids.length < MAX) { ids.push(id); }
    });
    return ids;
  }

  // This view's query for ids and metric. Built by hand, not by URLSearchParams, whose toString writes
  // the commas between ids as %2C: the link a reader copies stays readable.
  function query(ids, metric) {
    return "?ids=" + ids.map(encodeURIComponent).join(",") + "&metric=" + encodeURIComponent(metric);
  }

  function Compare(container, manifest) {
    this.container = container;
    this.manifest = manifest;
    this.root = S.rootURL(container);
    this.columns = S.columnsOf(manifest).filter(function (c) { return c.kind !== "text" && c.key !== "year"; });
    this.ids = idsFromURL();
    this.metric = this.metricFromURL();
    var self = this;
    // Back and Forward step through the metrics shown (the bodies are links: each is a page of its own).
    window.addEventListener("popstate", function () {
      var metric = self.metricFromURL();
      if (metric !== self.metric && self.bodies) { self.metric = metric; self.render(); }
    });
    this.start();
  }

  Compare.prototype.metricFromURL = function () {
    var metric = new URLSearchParams(window.location.search).get("metric");
    return this.columns.some(function (c) { return c.key === metric; }) ? metric : this.manifest.figures[0].key;
  };

  Compare.prototype.start = function () {
    var self = this;
    this.container.textContent = "";
    if (this.ids.length < 1) {
      this.container.appendChild(el("p", {}, "还没有选择机构：在浏览与筛选页勾选 2–5 个机构后点“比较”，或在下面查找添加。"));
      this.container.appendChild(this.adder());
      return;
    }
    this.status = el("p", {className: "explorer-status", role: "status"}, "正在载入数据 …");
    this.container.appendChild(this.status);
    Promise.all(this.ids.map(function (id) {
      return S.fetchJSON(new URL(self.manifest.bodies + id + ".json", self.root))
        .then(function (table) { return {id: id, rows: S.records(table)}; },
              function () { return {id: id, rows: []}; });
    })).then(function (bodies) { self.bodies = bodies; self.render(); });
  };

  // 添加机构: find a body by name or pinyin among the reports of the latest year (of every year while
  // they are few), and link to this view with it added.
  var FEW = 20000;
  Compare.prototype.candidates = function () {
    if (this.pool) { return this.pool; }
    var self = this, chunks = this.manifest.chunks;
    var all = chunks.reduce(function (n, c) { return n + c.reports; }, 0);
    var latest = Math.max.apply(null, chunks.map(function (c) { return c.year || 0; }));
    var wanted = chunks.filter(function (c) { return all <= FEW || c.year === latest; });
    this.pool = Promise.all(wanted.map(function (c) {
      return S.fetchJSON(new URL(c.file, self.root)).then(S.records);
    })).then(function (parts) { return [].concat.apply([], parts); });
    return this.pool;
  };

  Compare.prototype.adder = function () {
    var self = this;
    var wrap = el("div", {className: "compare-add"});
    var field = el("label", {className: "explorer-field"});
    field.appendChild(el("span", {}, "添加机构（中文、拼音或首字母）"));
    var input = el("input", {type: "search", name: "add", autocomplete: "off", placeholder: "如 淮安、huaian 或 has"});
    field.appendChild(input);
    wrap.appendChild(field);
    var list = el("ul", {className: "compare-found"});
    wrap.appendChild(list);
    var timer = null;
    // The bodies matching the input (up to 8), shown as links; resolves to them.
    function search() {
      var q = input.value.trim();
      list.textContent = "";
      if (q.length < 2) { return Promise.resolve([]); }
      return self.candidates().then(function (rows) {
        var seen = {}, found = [];
        rows.forEach(function (r) {
          if (found.length >= 8 || seen[r.agency_id] || self.ids.indexOf(r.agency_id) >= 0 || !ID.test(r.agency_id)) { return; }
          if (S.nameMatches(r, q)) { // Chinese, pinyin or its initials (explorer.js)
            seen[r.agency_id] = true;
            found.push(r);
          }
        });
        list.textContent = "";
        found.forEach(function (r) {
          var item = el("li");
          item.appendChild(el("a", {href: query(self.ids.concat([r.agency_id]), self.metric)}, r.agency || r.agency_id));
          item.appendChild(el("span", {className: "compare-note"}, " " + [r.province, r.city].filter(Boolean).join(" ")));
          list.appendChild(item);
        });
        if (!found.length) { list.appendChild(el("li", {className: "compare-note"}, "没有找到")); }
        return found;
      });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    // Enter adds the first body found (searching now if the list is not up yet).
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) { return; }
      event.preventDefault();
      clearTimeout(timer);
      search().then(function () {
        var first = list.querySelector("a");
        if (first) { window.location.href = first.href; }
      });
    });
    return wrap;
  };

  Compare.prototype.name = function (body) {
    var last = body.rows[body.rows.length - 1];
    return last ? (last.agency || body.id) : body.id;
  };

  Compare.prototype.value = function (column, r) {
    if (!r) { return null; }
    if (column.kind === "rate") {
      var rate = S.rateOf(r[column.key], column.min);
      return rate.rankable ? Math.round(rate.value * 1000) / 10 : null;
    }
    return typeof r[column.key] === "number" ? r[column.key] : null;
  };

  Compare.prototype.render = function () {
    var self = this;
    var found = this.bodies.filter(function (b) { return b.rows.length; });
    var missing = this.bodies.filter(function (b) { return !b.rows.length; });
    this.container.textContent = "";
    if (missing.length) {
      this.container.appendChild(el("p", {className: "explorer-status"}, "找不到机构：" +
        missing.map(function (b) { return b.id; }).join("、")));
    }
    if (!found.length) { return; }
    var names = el("ul", {className: "compare-bodies"});
    found.forEach(function (b) {
      var item = el("li");
      var href = S.siteHref(self.root, b.rows[b.rows.length - 1].url);
      item.appendChild(href ? el("a", {href: href}, self.name(b)) : el("span", {}, self.name(b)));
      var others = self.ids.filter(function (id) { return id !== b.id; });
      var remove = el("a", {href: query(others, self.metric), className: "compare-remove",
                            title: "不再比较这个机构"}, "移除");
      item.appendChild(document.createTextNode(" "));
      item.appendChild(remove);
      names.appendChild(item);
    });
    this.container.appendChild(names);
    if (this.ids.length < MAX) { this.container.appendChild(this.adder()); }

    var field = el("label", {className: "explorer-field"});
    field.appendChild(el("span", {}, "指标"));
    var select = el("select", {name: "metric"});
    this.columns.forEach(function (c) { select.appendChild(el("option", {value: c.key}, c.label)); });
    select.value = this.metric;
    select.addEventListener("change", function () {
      self.metric = select.value;
      window.history.pushState(null, "", window.location.pathname + query(self.ids, self.metric));
      self.render();
    });
    field.appendChild(select);
    this.container.appendChild(field);

    var column = this.columns.filter(function (c) { return c.key === this.metric; }, this)[0];
    var years = [];
    found.forEach(function (b) { b.rows.forEach(function (r) { if (r.year !== null && years.indexOf(r.year) < 0) { years.push(r.year); } }); });
    years.sort();
    this.chart(found, column, years);
    this.metricTable(found, column, years);
    this.fullTable(found);
  };

  Compare.prototype.chart = function (bodies, column, years) {
    var self = this;
    var values = [];
    bodies.forEach(function (b) {
      var name = self.name(b);
      b.rows.forEach(function (r) {
        var v = self.value(column, r);
        if (v !== null && r.year !== null) { values.push({"机构": name, "年度": String(r.year), "值": v}); }
      });
    });
    var heading = column.label + (column.kind === "rate" ? "（%）" : "（件）");
    this.container.appendChild(el("h2", {id: "chart"}, heading));
    if (column.kind === "rate") {
      this.container.appendChild(el("p", {className: "compare-note"},
        column.definition.replace(/。$/, "") + "。分母少于 " + column.min + " 件的年度不画。"));
    }
    var id = "compare-chart";
    var chart = el("div", {className: "vega-chart compare-chart", id: id, "data-name": "compare-" + column.key});
    this.container.appendChild(chart);
    var spec = {
      "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
      width: "container", height: 260, autosize: {type: "fit-x", contains: "padding"},
      data: {values: values},
      mark: {type: "line", point: {size: 60}},
      encoding: {
        x: {field: "年度", type: "ordinal", title: "年度", sort: years.map(String), axis: {labelAngle: 0}},
        y: {field: "值", type: "quantitative", title: heading,
            // Rates are percentages (value()): the axis says so on every tick.
            axis: column.kind === "rate" ? {format: ".1~f", labelExpr: "datum.label + '%'"} : {format: ",d", tickMinStep: 1}},
        // The bodies' colours in the order of the URL (and the tables), not sorted by name.
        color: {field: "机构", type: "nominal", title: "机构", scale: {domain: bodies.map(function (b) { return self.name(b); })},
                legend: {orient: "bottom", direction: "vertical", labelLimit: 320}}
      }
    };
    var script = el("script", {type: "application/json", className: "vega-spec", "data-for": id});
    script.textContent = JSON.stringify(spec);
    this.container.appendChild(script);
    document.dispatchEvent(new CustomEvent("site:charts"));
  };

  function scroller(table) {
    var wrap = el("div", {className: "explorer-scroll explorer-scroll--short", tabindex: "0"});
    wrap.appendChild(table);
    return wrap;
  }

  // One row per year, one column per body: the metric side by side.
  Compare.prototype.metricTable = function (bodies, column, years) {
    var self = this;
    var table = el("table", {className: "explorer-table compare-metric"});
    var head = el("tr");
    head.appendChild(el("th", {scope: "col", className: "explorer-sticky"}, "年度"));
    bodies.forEach(function (b) { head.appendChild(el("th", {scope: "col"}, self.name(b))); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    years.forEach(function (year) {
      var tr = el("tr");
      tr.appendChild(el("th", {scope: "row", className: "explorer-sticky"}, year + " 年度"));
      bodies.forEach(function (b) {
        var r = b.rows.filter(function (x) { return x.year === year; })[0];
        tr.appendChild(el("td", {className: "explorer-number"}, r ? column.text(r) : ""));
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    this.container.appendChild(scroller(table));
    this.note(column.kind === "rate" ? [column] : [], bodies);
  };

  // The dagger's note under a table (explorer.js unrankedNote).
  Compare.prototype.note = function (columns, bodies) {
    var note = S.unrankedNote(columns, [].concat.apply([], bodies.map(function (b) { return b.rows; })));
    if (note) { this.container.appendChild(note); }
  };

  // Every figure and rate of every body and year.
  Compare.prototype.fullTable = function (bodies) {
    var self = this;
    this.container.appendChild(el("h2", {id: "all"}, "全部关键数字"));
    var table = el("table", {className: "explorer-table compare-all"});
    var head = el("tr");
    head.appendChild(el("th", {scope: "col", className: "explorer-sticky"}, "机构"));
    head.appendChild(el("th", {scope: "col"}, "年度"));
    this.columns.forEach(function (c) { head.appendChild(el("th", {scope: "col"}, c.label)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = el("tbody");
    bodies.forEach(function (b) {
      b.rows.forEach(function (r) {
        var tr = el("tr");
        tr.appendChild(el("th", {scope: "row", className: "explorer-sticky"}, r.agency || r.agency_id));
        tr.appendChild(el("td", {className: "explorer-number"}, r.year === null ? "" : r.year));
        self.columns.forEach(function (c) { tr.appendChild(el("td", {className: "explorer-number"}, c.text(r))); });
        body.appendChild(tr);
      });
    });
    table.appendChild(body);
    this.container.appendChild(scroller(table));
    this.note(this.columns, bodies);
  };

  function start() {
    var container = document.getElementById("compare");
    if (!container || !S) { return; }
    S.loadManifest(container).then(function (manifest) {
      container.compare = new Compare(container, manifest);
    }, function (error) { container.textContent = "数据无法载入：" + error.message; });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
