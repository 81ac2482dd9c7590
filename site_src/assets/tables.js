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
