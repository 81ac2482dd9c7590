// Draw every chart of the page with the site's own vega, vega-lite and vega-embed, in the palette of
// the current colour scheme; draw them again when the reader toggles light/dark (Material sets
// data-md-color-scheme on <body>). The spec sits beside its container as JSON.
//
// The three libraries (~280 KB gzip) are loaded only by a page that has a chart, and only when one
// of its charts comes near the viewport: a reader who only reads the numbers never downloads them,
// and the browser caches them for the next page. vega-embed's menu offers each chart as SVG or PNG.
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  // Same versions as assets/vendor/VENDORED.txt; executed in this order (async = false).
  var LIBRARIES = ["vendor/vega@6.2.0.min.js", "vendor/vega-lite@6.4.1.min.js", "vendor/vega-embed@7.0.2.min.js"];
  var FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif";
  var MENU = {SVG_ACTION: "下载 SVG 图", PNG_ACTION: "下载 PNG 图", CLICK_TO_VIEW_ACTIONS: "点击查看操作"};
  var views = [];
  var state = "idle"; // idle → loading → ready | failed

  function specs() { return document.querySelectorAll("script.vega-spec"); }

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

  function showError(message) {
    specs().forEach(function (script) {
      var target = document.getElementById(script.getAttribute("data-for"));
      if (target) { target.textContent = "图表无法显示：" + message; }
    });
  }

  function render() {
    if (state !== "ready") { return; }
    views.forEach(function (v) { v.finalize(); });
    views = [];
    var config = themeConfig();
    specs().forEach(function (script) {
      var target = document.getElementById(script.getAttribute("data-for"));
      if (!target) { return; }
      var spec = JSON.parse(script.textContent);
      if (typeof spec.width === "number") { spec.width = "container"; }
      vegaEmbed(target, spec, {
        renderer: "svg", config: config, i18n: MENU,
        actions: {export: {svg: true, png: true}, source: false, compiled: false, editor: false},
        downloadFileName: target.getAttribute("data-name") || "chart"
      }).then(function (result) {
        views.push(result);
        target.vegaView = result.view; // for the browser tests: the chart as its SVG export
      }).catch(function (error) { target.textContent = "图表无法显示：" + error.message; });
    });
  }

  function load() {
    if (state !== "idle") { return; }
    state = "loading";
    var left = LIBRARIES.length;
    LIBRARIES.forEach(function (name) {
      var script = document.createElement("script");
      script.src = new URL(name, here).href;
      script.async = false;
      script.onload = function () {
        left -= 1;
        if (left === 0 && state === "loading") { state = "ready"; render(); }
      };
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
