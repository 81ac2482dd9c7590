// Draw every chart of the page with the site's own vega, vega-lite and vega-embed, in the palette of
// the current colour scheme; draw them again when the reader toggles light/dark (Material sets
// data-md-color-scheme on <body>). The spec sits beside its container as JSON (its shape apart: expand).
//
// The three libraries (~280 KB gzip) are loaded only by a page that has a chart, and only when one
// of its charts comes near the viewport: a reader who only reads the numbers never downloads them,
// and the browser caches them for the next page. vega-embed's menu offers each chart as SVG or PNG;
// the image it saves is drawn again for the purpose (exportImage): light palette on white, with the
// chart's title (the figure's data-title), its source (the site and the page's address) and the
// licence, so that a chart copied into an article or a slide still says what it is and where it came
// from. vega-embed has no hook for that, so its two export links get a handler of ours instead.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  // Same versions as assets/vendor/VENDORED.txt; executed in this order (async = false).
  var LIBRARIES = ["vendor/vega@6.2.0.min.js", "vendor/vega-lite@6.4.1.min.js", "vendor/vega-embed@7.0.2.min.js"];
  var FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif";
  var MENU = {SVG_ACTION: "下载 SVG 图", PNG_ACTION: "下载 PNG 图", CLICK_TO_VIEW_ACTIONS: "点击查看操作"};
  var LICENCE = "CC BY 4.0";
  var EXPORT_WIDTH = 640; // px of the plot in an exported image, whatever the reader's screen
  var views = [];
  var state = "idle"; // idle → loading → ready | failed
  // A page's chart names its shape (usermeta.shape) and holds only what it fills in; the shapes are one
  // file for the whole site (builder/pages/charts.py: CHART_SHAPES_FILE, compact/expand), fetched with
  // the libraries.
  var SHAPES_FILE = "chart-shapes.json";
  var shapes = null;

  function specs() { return document.querySelectorAll("script.vega-spec"); }
  // A spec's container: the element data-for names (compare.js), else the one it follows (charts.py embed).
  function targetOf(script) {
    var id = script.getAttribute("data-for");
    return id ? document.getElementById(id) : script.previousElementSibling;
  }

  // A count axis as builder/pages/charts.py count_axis() makes it: a tick per whole number up to 10.
  function countAxis(top, title, across) {
    top = top || 0;
    if (top <= 10) {
      var values = [];
      for (var i = 0; i <= Math.floor(Math.max(1, top)); i++) { values.push(i); }
      return {axis: {format: ",d", values: values}, scale: {domain: [0, Math.max(1, top)], nice: false}, title: title};
    }
    return {axis: {format: ",d", tickMinStep: 1, tickCount: {expr: across ? "ceil(width / 100)" : "ceil(height / 40)"}},
            title: title};
  }

  function unique(values) {
    var seen = new Set();
    return values.filter(function (v) { if (seen.has(v)) { return false; } seen.add(v); return true; });
  }
  function largest(values) { return Math.max.apply(null, values); }
  function axisTitle(channel) { return channel && channel.title !== undefined ? channel.title : null; }

  // What a chart fills in that follows from its rows, by its shape's rules (usermeta.fill):
  // builder/pages/charts.py derived(), the same dicts.
  function derive(fill, rows, own) {
    if (!fill || !rows.length) { return {}; }
    function column(name) { return rows.map(function (r) { return r[name]; }); }
    if (fill.bars) {
      var y = fill.bars[0], x = fill.bars[1], color = fill.bars[2];
      var categories = unique(column(y)), colors = color ? unique(column(color)).sort() : [];
      var out = {height: Math.max(60, fill.perBar * categories.length * (color ? colors.length : 1)),
                 encoding: {x: countAxis(largest(column(x)), axisTitle(own.x), true), y: {sort: categories}}};
      if (color) { out.encoding.color = {sort: colors}; out.encoding.yOffset = {sort: colors.slice()}; }
      return out;
    }
    if (fill.stack) {
      var sums = new Map();
      rows.forEach(function (r) { sums.set(r[fill.stack[0]], (sums.get(r[fill.stack[0]]) || 0) + r[fill.stack[1]]); });
      return {encoding: {x: countAxis(largest(Array.from(sums.values())), axisTitle(own.x), true)}};
    }
    var lines = fill.lines, present = new Set(column("指标"));
    var shown = lines.order.filter(function (label) { return present.has(label); });
    var title = Object.assign({text: shown.length ? (lines.titles[shown[0]] || "") : ""}, lines.style);
    return {title: title, encoding: {
      x: {sort: unique(column("年度")).sort()},
      y: countAxis(largest(column("件数")), axisTitle(own.y), false),
      color: {scale: {domain: shown, range: shown.map(function (label) { return lines.colors[lines.order.indexOf(label)]; })}}}};
  }

  function merged(own, options) {
    var both = [own, options].every(function (o) { return o && typeof o === "object" && !Array.isArray(o); });
    return both ? Object.assign({}, own, options) : options;
  }

  // The whole spec of a chart: charts.py's expand(), the shape's keys under the chart's own, the rows
  // of its data as objects again (under the shape's columns unless the chart names its own), what its
  // rows derive (unless the chart says it is held whole), and per channel the shape's options under the
  // chart's. A whole spec (compare.js writes them) is itself.
  function expand(held) {
    var name = held.usermeta && held.usermeta.shape;
    if (held.mark || !name || !shapes || !shapes[name]) { return held; }
    var shape = Object.assign({}, shapes[name]);
    var fill = shape.usermeta && shape.usermeta.fill;
    delete shape.usermeta;
    var spec = Object.assign({}, shape);
    Object.keys(held).forEach(function (key) { if (key !== "encoding") { spec[key] = held[key]; } });
    spec.usermeta = {shape: name};
    var data = held.data || {};
    if (data.counts) { // every row of the shape's grid, in order: the counts alone
      data = {rows: data.counts.map(function (count, i) { return fill.grid[i].concat([count]); })};
    }
    if (data.rows) {
      var columns = data.columns || (fill && fill.columns) || [];
      spec.data = {values: data.rows.map(function (row) {
        var out = {};
        columns.forEach(function (column, i) { out[column] = row[i]; });
        return out;
      })};
    }
    var values = spec.data && spec.data.values;
    var rules = fill && !held.usermeta.whole && Array.isArray(values) ? derive(fill, values, shape.encoding) : {};
    Object.keys(rules).forEach(function (key) { if (key !== "encoding" && !(key in held)) { spec[key] = rules[key]; } });
    spec.encoding = Object.assign({}, shape.encoding);
    [rules.encoding || {}, held.encoding || {}].forEach(function (channels) {
      Object.keys(channels).forEach(function (channel) {
        spec.encoding[channel] = merged(shape.encoding[channel], channels[channel]);
      });
    });
    return JSON.parse(JSON.stringify(spec)); // a copy: vega-embed and exportSpec may change it
  }

  function specOf(script) { return expand(JSON.parse(script.textContent)); }

  // The exported file's name and the image's title where the page does not give them (data-name,
  // data-title): builder/pages/charts.py _exported_as. In a report's section (data-report, data-year,
  // data-body) the container's id ends with the year, which the file's name replaces with the report's id,
  // and the title is the body, the year and the shape's own title.
  function sectionOf(element) { return element && element.closest("section[data-report]"); }
  function fileName(target) {
    if (target.getAttribute("data-name")) { return target.getAttribute("data-name"); }
    var name = target.id.replace(/^chart-/, ""), section = sectionOf(target), year = section && section.dataset.year;
    var first = target.closest("figure") && target.closest("figure").querySelector(".vega-chart");
    var panel = first && first !== target ? name.slice(first.id.length - "chart-".length) : "";
    var base = panel ? name.slice(0, name.length - panel.length) : name;
    if (year && base.endsWith("-" + year)) {
      base = base.slice(0, base.length - year.length - 1) + "-" + section.dataset.report;
    }
    return (base + panel) || "chart";
  }
  function titleOf(script) {
    var figure = script.closest("figure"), section = sectionOf(figure);
    if (!figure || figure.getAttribute("data-title")) { return figure && figure.getAttribute("data-title"); }
    var name = JSON.parse(script.textContent).usermeta, shape = name && shapes && shapes[name.shape];
    var what = shape && shape.usermeta && shape.usermeta.fill && shape.usermeta.fill.title;
    return section && what ? section.dataset.body + " " + section.dataset.year + " 年度：" + what : null;
  }

  function themeConfig() {
    var style = getComputedStyle(document.body);
    var fg = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
    var light = style.getPropertyValue("--md-default-fg-color--lighter").trim() || "#999";
    var lightest = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    return {
      background: null,
      font: FONT,
      axis: {labelColor: fg, titleColor: fg, domainColor: light, tickColor: light, gridColor: lightest,
             labelFontSize: 12, titleFontSize: 12},
      legend: {labelColor: fg, titleColor: fg, labelFontSize: 12, titleFontSize: 12},
      title: {color: fg},
      text: {color: fg},
      view: {stroke: null, continuousWidth: 300, continuousHeight: 300}
    };
  }

  // The exported image's palette: the light theme's, whatever the page shows.
  function exportConfig() {
    return {
      background: "white",
      font: FONT,
      axis: {labelFontSize: 12, titleFontSize: 12},
      legend: {labelFontSize: 12, titleFontSize: 12},
      view: {stroke: null, continuousWidth: 300, continuousHeight: 300}
    };
  }

  function siteName() {
    var logo = document.querySelector(".md-header__button.md-logo");
    return (logo && logo.getAttribute("aria-label")) || document.title;
  }

  // The chart as an exported image shows it: title above, source and licence below the plot.
  function exportSpec(spec, title) {
    var inner = JSON.parse(JSON.stringify(spec));
    var schema = inner["$schema"];
    delete inner["$schema"];
    if (typeof inner.width !== "number") { inner.width = EXPORT_WIDTH; }
    var page = location.href.split("#")[0];
    var footer = ["来源：" + siteName() + "，" + page,
                  "数据取自各机关发布的政府信息公开工作年度报告 · 许可：" + LICENCE];
    return {
      "$schema": schema, padding: 16,
      title: {text: title || siteName(), anchor: "start", fontSize: 15, offset: 12},
      vconcat: [{vconcat: [inner], title: {text: footer, orient: "bottom", anchor: "start", fontSize: 10,
                                            fontWeight: "normal", color: "#555", offset: 14}}]
    };
  }

  // A data: URL of the chart (type "svg" or "png") with its title, source and licence.
  function exportImage(script, type) {
    var spec = exportSpec(specOf(script), titleOf(script));
    var view = new vega.View(vega.parse(vegaLite.compile(spec, {config: exportConfig()}).spec), {renderer: "none"});
    return view.toImageURL(type, type === "png" ? 2 : 1).then(function (url) {
      view.finalize();
      return url;
    });
  }

  // vega-embed's "下载 SVG 图"/"下载 PNG 图" links, cloned (which drops its handler) and given ours.
  function ownExportLinks(target, script) {
    target.querySelectorAll(".vega-actions a[download]").forEach(function (link) {
      var type = link.getAttribute("download").split(".").pop();
      if (type !== "svg" && type !== "png") { return; }
      var mine = link.cloneNode(true);
      mine.removeAttribute("target");
      mine.addEventListener("click", function (event) {
        if (mine.getAttribute("data-ready")) { mine.removeAttribute("data-ready"); return; } // the real click
        event.preventDefault();
        exportImage(script, type).then(function (url) {
          mine.href = url;
          mine.setAttribute("data-ready", "1");
          mine.click();
        });
      });
      link.replaceWith(mine);
    });
  }

  function showError(message) {
    specs().forEach(function (script) {
      var target = targetOf(script);
      if (target) { target.textContent = "图表无法显示：" + message; }
    });
  }

  function render() {
    if (state !== "ready") { return; }
    views.forEach(function (v) { v.finalize(); });
    views = [];
    var config = themeConfig();
    specs().forEach(function (script) {
      var target = targetOf(script);
      if (!target) { return; }
      var spec = specOf(script);
      target.vegaSpec = JSON.parse(JSON.stringify(spec)); // for the browser tests: the spec as expanded
      if (typeof spec.width === "number") { spec.width = "container"; }
      vegaEmbed(target, spec, {
        renderer: "svg", config: config, i18n: MENU,
        actions: {export: {svg: true, png: true}, source: false, compiled: false, editor: false},
        downloadFileName: fileName(target)
      }).then(function (result) {
        views.push(result);
        ownExportLinks(target, script);
        target.vegaView = result.view; // for the browser tests: the chart as drawn
        target.exportImage = function (type) { return exportImage(script, type); }; // and as exported
        target.exportTitle = titleOf(script);
        target.fileName = fileName(target);
      }).catch(function (error) { target.textContent = "图表无法显示：" + error.message; });
    });
  }

  function load() {
    if (state !== "idle") { return; }
    state = "loading";
    var left = LIBRARIES.length + 1; // and the shapes
    function loaded() {
      left -= 1;
      if (left === 0 && state === "loading") { state = "ready"; render(); }
    }
    fetch(new URL(SHAPES_FILE, here).href).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (json) { shapes = json; loaded(); }).catch(function () {
      state = "failed"; showError("无法加载 " + SHAPES_FILE);
    });
    LIBRARIES.forEach(function (name) {
      var script = document.createElement("script");
      script.src = new URL(name, here).href;
      script.async = false;
      script.onload = loaded;
      script.onerror = function () { state = "failed"; showError("无法加载 " + name); };
      document.head.appendChild(script);
    });
  }

  function start() {
    var charts = document.querySelectorAll(".vega-chart");
    if (!charts.length) { return; }
    new MutationObserver(render).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});
    window.addEventListener("beforeprint", load);
    if (!("IntersectionObserver" in window)) { load(); return; }
    var watch = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { watch.disconnect(); load(); }
    }, {rootMargin: "400px 0px"});
    charts.forEach(function (chart) { watch.observe(chart); });
  }

  // A page that writes its chart specs in the browser (compare/, assets/compare.js) asks for them to be drawn.
  document.addEventListener("site:charts", function () { if (state === "ready") { render(); } else { load(); } });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
