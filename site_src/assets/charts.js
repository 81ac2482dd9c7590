// Render every chart of the page with the site's own vega-embed, in the palette of the current
// colour scheme; render again when the reader toggles light/dark (Material sets
// data-md-color-scheme on <body>). The spec sits beside its container as JSON.
(function () {
  "use strict";
  var views = [];

  function themeConfig() {
    var style = getComputedStyle(document.body);
    var fg = style.getPropertyValue("--md-default-fg-color").trim() || "#333";
    var light = style.getPropertyValue("--md-default-fg-color--lighter").trim() || "#999";
    var lightest = style.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    return {
      background: null,
      axis: {labelColor: fg, titleColor: fg, domainColor: light, tickColor: light, gridColor: lightest},
      legend: {labelColor: fg, titleColor: fg},
      title: {color: fg},
      text: {color: fg},
      view: {stroke: null}
    };
  }

  function render() {
    views.forEach(function (v) { v.finalize(); });
    views = [];
    var config = themeConfig();
    document.querySelectorAll("script.vega-spec").forEach(function (script) {
      var target = document.getElementById(script.getAttribute("data-for"));
      if (!target) { return; }
      var spec = JSON.parse(script.textContent);
      if (typeof spec.width === "number") { spec.width = "container"; }
      vegaEmbed(target, spec, {actions: false, renderer: "svg", config: config})
        .then(function (result) { views.push(result); })
        .catch(function (error) { target.textContent = "图表无法显示：" + error.message; });
    });
  }

  function start() {
    render();
    new MutationObserver(render).observe(document.body, {attributes: true, attributeFilter: ["data-md-color-scheme"]});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
