/* Progressive enhancement only: every page works without it.
 * - marks today on calendars, and picks the current edition and upcoming entries on the home page
 *   (the built HTML is the same whatever the date, so that builds are reproducible);
 * - starts Pagefind's search UI on the search page. */
(function () {
  "use strict";
  function today() {
    var d = new Date(), p = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }
  function base() {
    var el = document.getElementById("__config");
    try { return (el && JSON.parse(el.textContent).base) || "."; } catch (e) { return "."; }
  }
  function enhance() {
    var t = today();
    document.querySelectorAll('td[data-date="' + t + '"]').forEach(function (td) { td.classList.add("st-today"); });

    var cards = document.querySelectorAll("[data-today-pick] .st-edition-card");
    if (cards.length) {
      var pick = null;  // the next edition from today on, else the latest (cards are newest first)
      cards.forEach(function (c) { if (c.dataset.date >= t) pick = c; });
      var label = pick ? "下一届" : "最近一届";
      pick = pick || cards[0];
      cards.forEach(function (c) { c.hidden = c !== pick; });
      var l = pick.querySelector('[data-role="label"]');
      if (l) l.textContent = label;
    }
    var box = document.querySelector("[data-upcoming]");
    if (box) {
      var items = box.querySelectorAll("li[data-end]"), shown = 0;
      items.forEach(function (li) { if (li.dataset.end >= t) shown++; });
      if (shown) {  // upcoming ones, soonest first (the page lists the latest first)
        var list = items[0].parentNode;
        Array.prototype.slice.call(items).reverse().forEach(function (li) {
          li.hidden = li.dataset.end < t;
          list.appendChild(li);
        });
      } else box.querySelector('[data-role="none"]').hidden = false;
    }

    var search = document.getElementById("st-search");
    if (search && !search.dataset.ready) {
      search.dataset.ready = "1";
      var site = base().replace(/\/$/, "") + "/";
      var params = new URLSearchParams(location.search), q = params.get("q");
      // A large archive is indexed in several bundles (search-bundles.json, newest years first):
      // search one, the one holding a year the query names (连科协〔2019〕31号), or the one chosen.
      fetch(site + "search-bundles.json").then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { return []; }).then(function (bundles) {
          if (!bundles.length) bundles = [{ path: "pagefind/", label: "全部", years: null }];
          var pick = parseInt(params.get("b"), 10), year = q && q.match(/(?:19|20)\d\d/);
          if (!(pick >= 0 && pick < bundles.length)) {
            pick = 0;
            if (year) bundles.forEach(function (b, i) {
              if (b.years && +year[0] >= b.years[0] && +year[0] <= b.years[1]) pick = i;
            });
          }
          if (bundles.length > 1) {
            var label = document.createElement("label");
            label.className = "st-search-scope";
            label.textContent = "搜索范围：";
            var select = document.createElement("select");
            bundles.forEach(function (b, i) {
              var o = document.createElement("option");
              o.value = i; o.textContent = b.label; o.selected = i === pick;
              select.appendChild(o);
            });
            select.addEventListener("change", function () {
              var p = new URLSearchParams(location.search);
              var input = search.querySelector("input");
              if (input && input.value) p.set("q", input.value);
              p.set("b", select.value);
              location.search = p.toString();
            });
            label.appendChild(select);
            search.parentNode.insertBefore(label, search);
          }
          var root = site + bundles[pick].path;
          var css = document.createElement("link");
          css.rel = "stylesheet"; css.href = root + "pagefind-ui.css";
          document.head.appendChild(css);
          var js = document.createElement("script");
          js.src = root + "pagefind-ui.js";
          js.onload = function () {
            var ui = new PagefindUI({ element: "#st-search", bundlePath: root, showSubResults: true, showImages: false,
                                      resetStyles: false });
            if (q) ui.triggerSearch(q);
          };
          document.head.appendChild(js);
        });
    }
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);  // Material instant loading
  else document.addEventListener("DOMContentLoaded", enhance);
})();
