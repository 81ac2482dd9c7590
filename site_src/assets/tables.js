// Sortable agency tables (tablesort, served by the site). Tables whose order is their meaning keep
// it: the official report tables ("report-table"), the 关键数字 table ("key-figures": its indented
// rows belong under the row above them, which sorting would break) and a chart's data view
// ("chart-data-table": the chart's own order).
(function () {
  "use strict";
  function sortable() {
    document.querySelectorAll("article table:not(.report-table):not(.key-figures):not(.chart-data-table)").forEach(function (table) {
      if (!table.hasAttribute("data-sortable")) {
        table.setAttribute("data-sortable", "");
        // A ranking's first column is its rank (1, 2, 3 …): the name beside it is what must stay in
        // view, and a rank needs no 8em (site.css: [data-first="rank"]).
        var firsts = table.querySelectorAll("tbody tr > :first-child");
        if (firsts.length && Array.prototype.every.call(firsts, function (cell) { return /^\s*\d{1,6}\s*$/.test(cell.textContent); })) {
          table.setAttribute("data-first", "rank");
        }
        new Tablesort(table);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", sortable);
  } else {
    sortable();
  }
})();
