// The header's search box (partials/search.html) over the Pagefind index (builder/search.py).
// Hand-written rather than Pagefind's own UI because that UI brings its own input and result list,
// which cannot sit in Material's header; this one fills Material's search markup, so the box looks
// and behaves as Material's did. Pagefind loads only the index chunks a query needs.
(function () {
  "use strict";
  const root = document.querySelector("[data-site-search]");
  if (!root) return;
  const toggle = document.getElementById("__search");
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector(".md-search__form");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const filterBox = root.querySelector(".site-search__filters");
  const selects = [...root.querySelectorAll("select[data-filter]")];
  const config = JSON.parse(document.getElementById("__config").textContent);
  const base = new URL(config.base.replace(/\/?$/, "/"), location.href);
  const SHOWN = 20;
  const SPELLED = /(\p{Script=Han}\s){3}/u;
  const SORT_FILTER = { "年度": (a, b) => b.localeCompare(a) };

  // The index is cut into bundles (builder/search.py: a group of provinces each, and the rest of the
  // site), so that a build re-indexes only the bundles whose pages changed; they are merged here with
  // Pagefind's mergeIndex (the merged ones load no WebAssembly of their own). No bundles.json (an
  // older build): the one bundle in pagefind/.
  let pagefind = null;
  let hidden = new Set();
  let recentIds = new Set();
  let hiddenFilters = {};
  function load() {
    if (!pagefind) {
      pagefind = fetch(new URL("pagefind/bundles.json", base))
        .then((r) => (r.ok ? r.json() : null)).catch(() => null)
        .then(async (bundles) => {
          const folder = bundles ? `pagefind/${bundles.primary}/` : "pagefind/";
          const pf = await import(new URL(folder + "pagefind.js", base).href);
          // Result URLs are written from the site's root: on a sub-path (GitHub Pages) they need it.
          await pf.options({ baseUrl: base.pathname });
          await pf.init();
          // A bundle that is not there (a bundles.json cached from the last deploy, naming a bundle gone
          // since) is left out: merged, Pagefind's failure to load it would break every search.
          // The recent bundle (pages added or changed since their own bundle was indexed whole) is
          // merged too; the old versions of its pages, and removed pages, still in the big bundles, are
          // dropped from every result list (hidden).
          const merged = [...(bundles ? bundles.merge : []), ...(bundles && bundles.recent ? [bundles.recent] : [])];
          await Promise.all(merged.map(async (name) => {
            const folder = new URL(`pagefind/${name}/`, base);
            const there = await fetch(new URL("pagefind-entry.json", folder), { method: "HEAD" })
              .then((r) => r.ok, () => false);
            if (there) await pf.mergeIndex(folder.pathname, { baseUrl: base.pathname });
          }));
          hidden = new Set((bundles && bundles.shadow) || []);
          recentIds = new Set((bundles && bundles.recent_ids) || []);
          hiddenFilters = (bundles && bundles.shadow_filters) || {};
          return pf;
        });
    }
    return pagefind;
  }

  // The filters' values are read only when the reader opens the filter box: Pagefind's filter files
  // list every page under each value, so they grow with the site (37 KB at 10,000 reports) and a plain
  // query does not need them.
  let filled = null;
  function fillFilters() {
    if (!filled) {
      filled = load().then(async (pf) => {
        const available = await pf.filters();
        for (const select of selects) {
          // Pagefind counts the hidden pages too (old versions, removed pages): a value only they carry
          // (the year or province of a removed report) is not offered.
          const counts = available[select.dataset.filter] || {};
          const gone = hiddenFilters[select.dataset.filter] || {};
          const values = Object.keys(counts).filter((value) => counts[value] - (gone[value] || 0) > 0);
          values.sort(SORT_FILTER[select.dataset.filter] || ((a, b) => a.localeCompare(b, "zh-Hans-CN")));
          for (const value of values) {
            const option = document.createElement("option");
            option.value = value;
            option.textContent = value;
            select.append(option);
          }
        }
      });
    }
    return filled;
  }
  filterBox.addEventListener("toggle", () => { if (filterBox.open) fillFilters(); });

  function chosenFilters() {
    const filters = {};
    for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
    return filters;
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    input.blur();
  }

  function item(result) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = result.url;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-search-result__article--document md-typeset";
    const title = document.createElement("h1");
    title.textContent = result.meta.title || result.url; // meta is raw text: never HTML
    article.append(title);
    if (result.meta.region) {
      const region = document.createElement("p");
      region.className = "search-region";
      region.textContent = result.meta.region;
      article.append(region);
    }
    // An agency page's best excerpt is mostly its hidden names (pinyin, characters spelled out one
    // by one): its region line says more. Other pages' excerpts show, unless they are such names.
    if (!result.meta.region && !SPELLED.test(result.excerpt.replace(/<\/?mark>/g, ""))) {
      const excerpt = document.createElement("p");
      excerpt.innerHTML = result.excerpt; // Pagefind escapes the page text and adds only <mark>
      article.append(excerpt);
    }
    a.append(article);
    li.append(a);
    return li;
  }

  // Pagefind cuts a Chinese query with the browser's word breaker, which splits names it does not
  // know into single characters (兴庆区 → 兴/庆/区), and then ranks any page holding words that start
  // with those characters. So a query holding Chinese is also searched as an exact run of characters
  // ("兴 庆 区"), which the titles and places written one character a word (builder/search.py)
  // answer: pages where the query occurs whole come first, in Pagefind's order (weights put a body's
  // own name above the places it lies in); then the other exact matches; then pages found only by
  // words starting with its pieces, dropped when the query matched some page whole.
  const HAN = /\p{Script=Han}/u;
  // A search's results without the hidden ones (old versions of pages in the recent bundle, removed
  // pages), each page once.
  async function search(pf, query, options) {
    const found = await pf.search(query, options);
    const seen = new Set();
    const results = found.results.filter((r) => !hidden.has(r.id) && !seen.has(r.id) && seen.add(r.id));
    return { results };
  }
  // Pagefind leaves out of an index's query a word none of that index's pages holds (pagefind_web's
  // search: a term with no match adds no set to intersect), so which pages a query of several words finds
  // depends on which pages share a bundle: a page in the recent bundle, or in a bundle where another of
  // the words is missing, matched on fewer words than it would elsewhere (进一步加大: 4 pages after an
  // incremental build, 2 after a clean one). Each word is searched alone too, and a page is kept only if
  // it holds every word of the query that some page of the site holds: the same pages whatever the
  // bundles (a word no page holds is left out everywhere, as Pagefind leaves it out of every bundle).
  const WORDS = typeof Intl.Segmenter === "function" ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  // The test a result must pass: it holds every word of the query some page of the site holds. Applied to
  // every pass's results (the main one, the exact run, the pinyin spelling): 淮安 金湖 matched no name
  // whole, so its pinyin (huaianjinhu) was searched, which Pagefind answered with pages holding only
  // huaian, listed unfiltered above 金湖县 (金湖 淮安 → jinhuhuaian matched nothing: one page).
  async function everyWord(pf, query, options) {
    if (!WORDS) return () => true;
    const words = [...new Set([...WORDS.segment(query)].filter((s) => s.isWordLike)
      .map((s) => s.segment.toLocaleLowerCase()))];
    if (words.length < 2) return () => true;
    const found = await Promise.all(words.map(async (word) => new Set((await search(pf, word, options)).results.map((r) => r.id))));
    const held = found.filter((ids) => ids.size > 0);
    return (r) => held.every((ids) => ids.has(r.id));
  }
  async function ranked(pf, query, options) {
    const [main, keep] = await Promise.all([search(pf, query, options), everyWord(pf, query, options)]);
    main.results = main.results.filter(keep);
    if (!HAN.test(query)) return main.results;
    const spelled = [...query.replace(/["\s]+/g, "")].join(" ");
    const exact = (await search(pf, `"${spelled}"`, options)).results.filter(keep);
    const whole = new Set(exact.map((r) => r.id));
    if (whole.size === 0) {
      // No name holds the query: perhaps a homophone typo (淮按). Its pinyin (huaian) is indexed with
      // every body's name; those results go first. A topic word's pinyin matches no name: no change.
      const pinyin = await spell(query);
      // Several words typed (淮安 金湖 → huaian jinhu): each word's pinyin must be held (everyWord of the
      // spelling, not of the characters typed: in 淮按 清江铺 the typo 按 is held by pages the pinyin does not
      // find); one word (淮按) is a typo the pinyin corrects, its wrong character held by no page it finds.
      const typed = pinyin && query.trim().split(/\s+/).length > 1 ? await everyWord(pf, pinyin, options) : () => true;
      const sounded = pinyin ? (await search(pf, pinyin, options)).results.filter(typed) : [];
      const ids = new Set(sounded.map((r) => r.id));
      const results = [...sounded, ...main.results.filter((r) => !ids.has(r.id))];
      if (sounded.length) results.as = pinyin; // ranked as the name it sounds like
      return results;
    }
    // Pages holding every word first (main's order), then the exact run's other matches.
    const first = main.results.filter((r) => whole.has(r.id));
    const seen = new Set(first.map((r) => r.id));
    return [...first, ...exact.filter((r) => !seen.has(r.id))];
  }

  // Among the results shown, an exact name first: the page titled so, then the place named, its page and
  // its bodies (淮安 → 淮安市, 淮安市人民政府, then 淮安区人民政府: the larger place first). Pagefind scores each
  // distinct matching word, so a page whose names hold more words starting with the query (淮安区,
  // 淮安市, 淮安) would otherwise outrank the body of the place itself.
  // Pagefind answers a word no page of a bundle holds with the longest prefix of it one does (jiangsu in the
  // bundle of 江西 → jian, 吉安's pinyin, on pages whose own place weighs most): among the results shown, a
  // page holding no word that starts with each word of letters typed goes last.
  const LEVEL_ORDER = { province: 0, city: 1, county: 2, township: 3 };
  function exactFirst(query, data) {
    const q = query.replace(/\s+/g, "");
    // A query of several words names the place by one of them (huaian qingjiangpu, 淮安 清江浦): the pages
    // listed hold every word, so the place one word names is the one the reader is after.
    const names = [...new Set([q, ...query.trim().split(/\s+/)])];
    const named = (d) => names.some((w) => d.meta.place === w || d.meta.short === w || d.meta.pinyin === w.toLowerCase());
    const typed = [...new Set(query.toLowerCase().match(/[a-z]{2,}/g) || [])].map((w) => new RegExp(`(?:^|[^a-z])${w}`));
    const holds = (d) => { const text = (d.content || "").toLowerCase(); return typed.every((w) => w.test(text)); };
    const tier = (d) => {
      if (!holds(d)) return 3;
      if ((d.meta.title || "") === q) return 0;
      if (named(d)) {
        // The place's own page (郑州市, builder/search.py region_search_html), then its government
        // (郑州市人民政府), then its departments (郑州市公安局).
        const own = d.meta.kind === "region" ? -0.01 : (d.meta.title || "") === `${d.meta.place}人民政府` ? 0 : 0.05;
        return 1 + (LEVEL_ORDER[d.meta.level] ?? 4) / 10 + own;
      }
      return 2;
    };
    return data.map((d, i) => [tier(d), i, d]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
  }

  let table = null;
  async function spell(query) {
    if (!table) {
      table = fetch(new URL("pagefind/pinyin.json", base)).then((r) => r.json()).then((byPinyin) => {
        const map = new Map();
        for (const [pinyin, chars] of Object.entries(byPinyin)) for (const c of chars) if (!map.has(c)) map.set(c, pinyin);
        return map;
      }).catch(() => new Map()); // no table (an older build): no pinyin spelling
    }
    const map = await table;
    // Word by word (淮按 清江铺 → huaian qingjiangpu): the words run together are one word no page holds.
    // A word without Chinese characters is kept as typed (huaian 清江铺 → huaian qingjiangpu).
    const words = query.trim().split(/\s+/).map((word) => ({
      han: HAN.test(word),
      letters: HAN.test(word) ? [...word].map((c) => map.get(c) || "").join("") : word.toLowerCase(),
    })).filter((w) => w.letters.length >= 2);
    return words.some((w) => w.han) ? words.map((w) => w.letters).join(" ") : "";
  }

  // 更多结果: the next SHOWN results of the last query, each fetched only when asked for.
  const more = document.createElement("button");
  more.type = "button";
  more.className = "md-search-result__more md-button";
  more.textContent = "更多结果";
  more.hidden = true;
  list.after(more);
  let answer = null; // { query, results, shown: ids listed }

  function tell(n, shown) {
    meta.textContent = n === 0 ? "没有找到结果（只搜索名称、地区与页面摘要，不搜索报告正文）" : n > shown ? `找到 ${n} 个结果，显示前 ${shown} 个` : `找到 ${n} 个结果`;
    more.hidden = !(n > shown);
  }

  more.addEventListener("click", async () => {
    if (!answer) return;
    const mine = latest;
    const next = answer.results.filter((r) => !answer.shown.has(r.id)).slice(0, SHOWN);
    // Disabled while they load: a second click meanwhile would take the same next results (listed twice).
    more.disabled = true;
    try {
      const data = await Promise.all(next.map((r) => r.data()));
      if (mine !== latest) return;
      for (const r of next) answer.shown.add(r.id);
      list.append(...data.map(item));
      tell(answer.results.length, answer.shown.size);
      meta.dataset.shown = String(answer.shown.size);
    } finally {
      more.disabled = false;
    }
  });

  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const mine = ++latest;
    answer = null;
    more.hidden = true;
    if (!query) {
      list.replaceChildren();
      meta.textContent = "输入机构或地区名称开始搜索";
      return;
    }
    const pf = await load();
    const results = await ranked(pf, query, { filters: chosenFilters() });
    if (mine !== latest) return;
    // The recent bundle's matches are looked at too, wherever Pagefind put them: its scores come from a
    // bundle of a few pages (other word statistics), so a just-added body's exact name is ranked by
    // exactFirst as if it were in its own bundle. At most SHOWN of them: each costs a fetch, and past
    // that many the query is a common word, not a name (an exact name matches a few pages).
    const later = results.slice(SHOWN).filter((r) => recentIds.has(r.id)).slice(0, SHOWN);
    const looked = [...results.slice(0, SHOWN), ...later];
    const fetched = await Promise.all(looked.map((r) => r.data().then((d) => [r.id, d])));
    const byData = new Map(fetched.map(([id, d]) => [d, id]));
    const data = exactFirst(results.as || query, fetched.map(([, d]) => d)).filter((d, i) => i < SHOWN);
    if (mine !== latest) return;
    list.replaceChildren(...data.map(item));
    answer = { query, results, shown: new Set(data.map((d) => byData.get(d))) };
    meta.dataset.query = query; // which query the list answers (tests wait for it)
    meta.dataset.shown = String(data.length);
    tell(results.length, data.length);
  }

  let timer = null;
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", schedule);
  input.addEventListener("keyup", schedule);
  for (const select of selects) select.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", () => setTimeout(() => { run(); input.focus(); }));
  toggle.addEventListener("change", () => { if (toggle.checked) { load(); setTimeout(() => input.focus()); } });
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement && event.target.closest("input, textarea, select, [contenteditable]");
    if (event.key === "Escape" && toggle.checked) close();
    else if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });
  list.addEventListener("click", (event) => { if (event.target.closest("a")) close(); });
})();
