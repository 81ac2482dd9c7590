/* An agency page's 同级比较 (builder/pages/agency.py peers_block): each line names its group's file
   (peers/<year>/<group>.json, builder/pages/peers.py group_files) and the report's own value; this reads
   the file once per group and writes the rank ("第 3 / 13") into the line, so that a new body in the group
   changes that file only, not every member's page. Without JavaScript the line keeps its links to the
   group's figures. Text goes in with textContent only. */
(function () {
  "use strict";
  var slots = document.querySelectorAll("[data-peer-file]");
  if (!slots.length) return;
  var files = {};

  function group(url) {
    if (!files[url]) {
      files[url] = fetch(url).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return files[url];
  }

  slots.forEach(function (slot) {
    var out = slot.querySelector("[data-peer-rank]");
    if (!out) return;
    // Resolved against the page (the attribute is relative to it), as a link on the page would be.
    var url = new URL(slot.getAttribute("data-peer-file"), document.baseURI).href;
    var value = Number(slot.getAttribute("data-peer-value"));
    group(url).then(function (data) {
      if (!data || typeof data !== "object" || !data.figures) return;  // the links stay
      var figure = data.figures[slot.getAttribute("data-peer-figure")];
      if (!figure) {
        out.textContent = "不排名（当年同级有这一数字的机构不足 " + Number(data.min_peers) + " 个）";
        slot.classList.add("peer-unranked");
        return;
      }
      var i = Array.isArray(figure.values) ? figure.values.indexOf(value) : -1;
      if (i < 0) return;  // a page older than its group's file: the links stay
      // The explorer's link stays beside the rank: who the others are, sorted by this figure.
      var browse = out.querySelector('a[href*="explorer/"]');
      out.textContent = "第 " + Number(figure.ranks[i]) + " / " + Number(figure.count);
      if (browse) out.append("（", browse, "）");
      slot.classList.add("peer-ranked");
    });
  });
})();
