// The data-quality pages' filters (builder/pages/quality.py). On a list, rule and severity (and province
// on a year's one list of several) hide entries in place; on a page of counts (a year by province, a
// province by city) they leave the places that have them, with how many of their reports do, and the
// places' links carry them. Year and province go to that page. Each list is the whole list of its place
// (never one page of several), so what a filter leaves is all there is there. The filters live in the
// URL's hash (#rule=…&severity=…), so a filtered view can be linked. Without JavaScript the form stays
// hidden: the pages are plain lists and tables.
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
    var one = !!here && typeof state.province === "string"; // this page is (a city of) one province
    var counting = !!state.index; // a page of counts linking lists
    var entries = Array.prototype.slice.call(document.querySelectorAll(".quality-report"));
    var rows = Array.prototype.slice.call(document.querySelectorAll("table[data-quality-places] tbody tr"));
    var shown = form.querySelector(".quality-shown");

    var params = new URLSearchParams(location.hash.slice(1));
    NAMES.forEach(function (name) {
      var value = params.get(name);
      if (value !== null && hasOption(form[name], value)) form[name].value = value;
    });
    if (here) form.year.value = here;
    if (one) form.province.value = state.province;

    function hash(withProvince) {
      var out = new URLSearchParams();
      ["rule", "severity", "province"].forEach(function (name) {
        if (form[name].value && (name !== "province" || withProvince)) out.set(name, form[name].value);
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
      var pages = state.pages[year];
      var chosen = form.province.value && pages[form.province.value];
      // A year on one list: the province filters it in place, so it goes along in the hash.
      location.href = state.root + (chosen || pages[""]) + hash(!chosen);
    }

    function wanted(rule, severity) {
      return function (li) {
        return (!rule || li.getAttribute("data-rule") === rule) &&
               (!severity || li.getAttribute("data-severity") === severity);
      };
    }

    function applyList() {
      var rule = form.rule.value, severity = form.severity.value, province = form.province.value;
      var match = wanted(rule, severity), count = 0;
      entries.forEach(function (entry) {
        var any = false;
        entry.querySelectorAll("li[data-rule]").forEach(function (li) {
          li.hidden = !match(li);
          any = any || !li.hidden;
        });
        var visible = any && (one || !province || entry.getAttribute("data-province") === province);
        entry.hidden = !visible;
        if (visible) count += 1;
      });
      if (shown) shown.textContent = "显示 " + count + " / " + entries.length + " 份报告";
    }

    function applyCounts() {
      var rule = form.rule.value, severity = form.severity.value, total = 0, places = 0;
      var suffix = hash(false);
      rows.forEach(function (row) {
        var counts = JSON.parse(row.getAttribute("data-counts"));
        var n = rule && severity ? counts.rs[rule + " " + severity] : rule ? counts.r[rule]
          : severity ? counts.s[severity] : counts.n;
        n = n || 0;
        row.hidden = n === 0;
        row.querySelector(".quality-count").textContent = n.toLocaleString("en-US");
        row.querySelectorAll("td[data-severity]").forEach(function (cell) {
          var of = cell.getAttribute("data-severity");
          var m = rule ? counts.rs[rule + " " + of] : counts.s[of];
          cell.textContent = severity && severity !== of ? "" : (m || 0).toLocaleString("en-US");
        });
        var a = row.querySelector("a");
        a.setAttribute("href", a.getAttribute("href").replace(/#.*$/, "") + suffix);
        total += n;
        if (n) places += 1;
      });
      if (shown) shown.textContent = "符合的报告 " + total + " 份，在 " + places + " / " + rows.length + " 处";
    }

    function apply() {
      if (counting) applyCounts(); else applyList();
      history.replaceState(null, "", location.pathname + location.search + hash(!one && !counting));
    }

    // A link to a year's one list filtered by province (#province=…) of older builds, or a year's page by
    // province opened so: that province's own page.
    if (here && !one && counting && form.province.value && state.pages[here][form.province.value]) {
      location.replace(state.root + state.pages[here][form.province.value] + hash(false));
      return;
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
      if (name === "year" || (name === "province" && (one || counting))) {
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
