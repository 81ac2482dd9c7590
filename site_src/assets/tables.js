// Sortable agency tables (tablesort, served by the site). The official report tables
// (class "report-table") keep their order.
(function () {
  "use strict";
  function sortable() {
    document.querySelectorAll("article table:not(.report-table)").forEach(function (table) {
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
