// Sortable agency tables (tablesort, served by the site), and the agency's CSV (agencyCsv, below). Tables whose order is their meaning keep
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

  // An agency's CSV, made here from the rows its page holds (data-rows) and the header all agencies share
  // (builder/pages/agency.py: AGENCY_CSV_HEADER_FILE): the same bytes as the file the build used to write
  // per agency, BOM first. Without JavaScript the link is what it says, a link to the downloads page (its
  // text names that page); here it is named by the file it makes. If the header cannot be fetched, the
  // link's own address: the downloads page.
  var here = document.currentScript && document.currentScript.src;
  var HEADER = "agency-csv-header.csv";

  function agencyCsv() {
    document.querySelectorAll("a.agency-csv[data-rows]").forEach(function (link) {
      link.textContent = link.getAttribute("data-file") || "agency.csv";
      link.title = "下载本机构的 CSV";
      link.addEventListener("click", function (event) {
        event.preventDefault();
        fetch(new URL(HEADER, here || location.href).href).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        }).then(function (header) {
          var text = "\ufeff" + header.replace(/^\ufeff/, "") + link.getAttribute("data-rows");
          var file = document.createElement("a");
          file.href = URL.createObjectURL(new Blob([text], {type: "text/csv;charset=utf-8"}));
          file.download = link.getAttribute("data-file") || "agency.csv";
          document.body.appendChild(file);
          file.click();
          file.remove();
          setTimeout(function () { URL.revokeObjectURL(file.href); }, 10000);
        }).catch(function () { location.href = link.href; });
      });
    });
  }

  function start() { sortable(); agencyCsv(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
