// The data-quality pages' filters (builder/pages/quality.py). Rule and severity (and province on a
// page that holds several) hide entries in place; year — and province where a year is split into
// one page per province — go to that page. The filters live in the URL's hash (#rule=…&severity=…),
// so a filtered view can be linked. Without JavaScript the form stays hidden: the pages are plain lists.
(function () {
  "use strict";
  var NAMES = ["rule", "severity", "province", "year"];

  function hasOption(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function start() {
    var form = document.getElementById("quality-filter");
    var data = document.getElementById("quality-pages");
    if (!form || !data) return;
    var state = JSON.parse(data.textContent);
    var here = state.year || null; // null: the index page
    var split = !!here && typeof state.province === "string"; // this page is one province of its year
    var entries = Array.prototype.slice.call(document.querySelectorAll(".quality-report"));
    var shown = form.querySelector(".quality-shown");

    var params = new URLSearchParams(location.hash.slice(1));
    NAMES.forEach(function (name) {
      var value = params.get(name);
      if (value !== null && hasOption(form[name], value)) form[name].value = value;
    });
    if (here) form.year.value = here;
    if (split) form.province.value = state.province;

    function hash(skipProvince) {
      var out = new URLSearchParams();
      ["rule", "severity", "province"].forEach(function (name) {
        if (form[name].value && !(name === "province" && skipProvince)) out.set(name, form[name].value);
      });
      var text = out.toString();
      return text ? "#" + text : "";
    }

    function go() {
      // In the year list's order (newest first, the unknown year last), not Object.keys' (integer-like
      // keys ascending): 全部年度 opens the newest year.
      var years = Array.prototype.map.call(form.year.options, function (o) { return o.value; })
        .filter(function (value) { return value && state.pages[value]; });
      var year = form.year.value && state.pages[form.year.value] ? form.year.value : years[0];
      if (!year) return;
      var provinces = state.pages[year];
      var url, skip = false;
      if (provinces[""]) {
        url = provinces[""][0];
      } else {
        var chosen = provinces[form.province.value];
        url = (chosen || provinces[Object.keys(provinces)[0]])[0];
        skip = true; // the page is the province
      }
      location.href = state.root + url + hash(skip);
    }

    function apply() {
      var rule = form.rule.value, severity = form.severity.value, province = form.province.value;
      var count = 0;
      entries.forEach(function (entry) {
        var any = false;
        entry.querySelectorAll("li[data-rule]").forEach(function (li) {
          var match = (!rule || li.getAttribute("data-rule") === rule) &&
                      (!severity || li.getAttribute("data-severity") === severity);
          li.hidden = !match;
          any = any || match;
        });
        var visible = any && (split || !province || entry.getAttribute("data-province") === province);
        entry.hidden = !visible;
        if (visible) count += 1;
      });
      if (shown) shown.textContent = "显示 " + count + " / " + entries.length + " 份报告";
      history.replaceState(null, "", location.pathname + location.search + hash(split));
    }

    form.hidden = false;
    if (!here) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "查看";
      button.addEventListener("click", go);
      form.insertBefore(button, shown);
    }
    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (!here) {
        if (name === "year") go();
        return;
      }
      if (name === "year" || (name === "province" && split)) {
        go();
        return;
      }
      apply();
    });
    if (here) apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
