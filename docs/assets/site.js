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
  function daysBetween(from, to) {  // whole days between two YYYY-MM-DD dates (calendar days, no time zone)
    return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) -
                       Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / 864e5);
  }
  function base() {
    var el = document.getElementById("__config");
    try { return (el && JSON.parse(el.textContent).base) || "."; } catch (e) { return "."; }
  }
  var SEARCHING = "正在搜索 [SEARCH_TERM]…";  // Pagefind UI's message while a search runs
  // Pagefind UI (≤ 1.5) offers the filters its last search's results name, and a search made with a filter
  // loads that filter's index only: when the search page opens with a filter in its address (…&类型=组织),
  // the first search can end before Pagefind has loaded the other filters, and the panel then offers the
  // chosen one alone. Once that search has ended (Pagefind is set up: its options and merged bundles),
  // wait for every filter, then search again (again: called with the filters, a fresh object).
  function offerEveryFilter(search, root, again) {
    var searching = SEARCHING.split("[SEARCH_TERM]")[0];
    var watch = new MutationObserver(function () {
      var message = search.querySelector(".pagefind-ui__message");
      if (!message || message.textContent.trim().indexOf(searching) === 0) return;
      watch.disconnect();
      import(root + "pagefind.js").then(function (pagefind) { return pagefind.filters(); }).then(again, function () {});
    });
    watch.observe(search, { childList: true, subtree: true, characterData: true });
  }
  // With several notice bundles, a year the reader names is searched where its notices are: a year typed in
  // the box (连科协〔2019〕31号, once typing pauses) or ticked under 年份 (the merged bundles list every
  // edition's year) reloads the page on the bundle that holds it, with the query and that filter.
  function followTheYear(search, input, bundles, pick) {
    function holding(year) {
      for (var i = 0; i < bundles.length; i++) {
        var b = bundles[i];
        if (b.years && year >= b.years[0] && year <= b.years[1]) return i;
      }
      return -1;
    }
    function go(i, year) {
      var p = new URLSearchParams(location.search);
      if (input.value) p.set("q", input.value); else p.delete("q");
      p.set("b", i);
      if (year) p.set("年份", year); else p.delete("年份");
      if (!year) try { sessionStorage.setItem("st-typing", "1"); } catch (e) {}  // typing goes on after the reload
      location.search = p.toString();
    }
    var typing = false;
    try { typing = sessionStorage.getItem("st-typing") === "1"; sessionStorage.removeItem("st-typing"); } catch (e) {}
    if (typing) { input.focus(); input.setSelectionRange(input.value.length, input.value.length); }
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var year = (input.value.match(/(?:19|20)\d\d/) || [])[0], i = year ? holding(+year) : -1;
        if (i >= 0 && i !== pick) go(i);
      }, 900);
    });
    search.addEventListener("change", function (e) {
      var box = e.target;
      if (box.type !== "checkbox" || box.name !== "年份" || !box.checked) return;
      var i = holding(parseInt(box.value, 10));
      if (i >= 0 && i !== pick) go(i, box.value);
    });
  }
  // Pagefind's results in Chinese punctuation: its tags read 类型: 通知 and its excerpts end a heading with ". "
  // (连科协〔2019〕31号. 关于…); text nodes only, so its highlighting (<mark>) stays
  function chinesePunctuation(search) {
    var AFTER_HAN = /([\u3400-\u9fff）」』】〕0-9])\. /g, ENDS_HAN = /[\u3400-\u9fff）」』】〕0-9]$/;
    function fix(root) {
      root.querySelectorAll(".pagefind-ui__result-tag, .pagefind-ui__result-excerpt, .pagefind-ui__result-title").forEach(function (el) {
        var walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), node, tag = el.classList.contains("pagefind-ui__result-tag");
        while ((node = walk.nextNode())) {
          var text = node.nodeValue.replace(AFTER_HAN, "$1。"), before = node.previousSibling;
          // 〔2019〕<mark>382</mark><mark>号</mark>. 关于…: the character before is in the highlighted word
          if (text.indexOf(". ") === 0 && before && ENDS_HAN.test(before.textContent)) text = "。" + text.slice(2);
          if (tag && text.indexOf(": ") >= 0) { text = text.replace(": ", "："); tag = false; }  // the key's colon only
          if (text !== node.nodeValue) node.nodeValue = text;
        }
      });
    }
    new MutationObserver(function () { fix(search); }).observe(search, { childList: true, subtree: true, characterData: true });
  }
  function enhance() {
    // a link to a year that paging put on a later page of the notices (notices/#year-2019, a notice's breadcrumb)
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && !document.getElementById(id)) {
      var away = document.querySelector('#st-elsewhere a[data-anchor="' + CSS.escape(id) + '"]');
      if (away) { location.replace(away.href); return; }
    }
    // the ☰ button is a <label> for Material's drawer checkbox, made focusable (the closed drawer is hidden from
    // Tab, site.css): Material opens it on Enter, Space does too; opened from the keyboard, the focus moves to the
    // drawer's first link; Escape closes it and returns to the button
    var opener = document.querySelector('label.md-header__button[for="__drawer"]'), drawer = document.getElementById("__drawer");
    if (opener && drawer && !opener.dataset.keys) {
      opener.dataset.keys = "1";
      opener.addEventListener("keydown", function (e) {
        if (e.key === " ") { e.preventDefault(); opener.click(); }
      });
      drawer.addEventListener("change", function () {
        if (!drawer.checked || document.activeElement !== opener) return;
        var links = document.querySelectorAll(".md-sidebar--primary a[href]");
        for (var i = 0; i < links.length; i++) {
          if (links[i].getClientRects().length) { links[i].focus(); break; }
        }
      });
      document.addEventListener("keydown", function (e) {
        if (e.key === "Escape" && drawer.checked) {
          drawer.checked = false;
          drawer.dispatchEvent(new Event("change", { bubbles: true }));
          opener.focus();
        }
      });
    }
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
    document.querySelectorAll("[data-upcoming]").forEach(function (box) {
      var items = box.querySelectorAll("li[data-end]"), shown = 0;
      if (!items.length) return;
      items.forEach(function (li) {
        if (li.dataset.end >= t) shown++;
        var when = li.querySelector(".st-when"), left = daysBetween(t, li.dataset.start), end = daysBetween(t, li.dataset.end);
        if (!when || li.querySelector(".st-days")) return;
        var s = document.createElement("strong");
        s.className = "st-days";
        s.textContent = left > 0 ? "还有 " + left + " 天" : end > 0 ? "进行中，还剩 " + end + " 天" : end === 0 ? "今天" : "";
        if (s.textContent) when.appendChild(s);
      });
      if (shown) {  // upcoming ones, soonest first (the page lists the latest first)
        var list = items[0].parentNode;
        Array.prototype.slice.call(items).reverse().forEach(function (li) {
          li.hidden = li.dataset.end < t;
          list.appendChild(li);
        });
      } else box.querySelector('[data-role="none"]').hidden = false;
    });

    // wide tables scroll sideways on phones: let keyboard users reach and scroll them; each region is named
    // apart (by the heading it follows: a page has several), for a screen reader's list of landmarks
    var named = {};
    document.querySelectorAll(".md-typeset__scrollwrap, .st-scroll, .md-typeset pre > code").forEach(function (el) {
      if (el.hasAttribute("tabindex")) return;
      var what = el.matches("code") ? "代码" : "表格", heading = null;
      for (var at = el.closest("pre") || el; at && !heading; at = at.previousElementSibling || at.parentElement) {
        if (/^H[1-6]$/.test(at.tagName)) heading = at;
        if (at.matches && at.matches("article, .md-content__inner")) break;
      }
      var name = what + (heading ? "：" + heading.textContent.trim() : "");
      named[name] = (named[name] || 0) + 1;
      if (named[name] > 1) name += " " + named[name];
      el.tabIndex = 0; el.setAttribute("role", "region"); el.setAttribute("aria-label", name + "（可横向滚动）");
    });

    var search = document.getElementById("st-search");
    if (search && !search.dataset.ready) {
      search.dataset.ready = "1";
      var site = base().replace(/\/$/, "") + "/";
      var params = new URLSearchParams(location.search), q = params.get("q");
      // A large archive is indexed in several bundles (search-bundles.json): the notices by year, newest
      // first, and the organizations, profiles and editions ("merged"). Search the notices of one bundle:
      // the one holding a year the query or the 年份 filter names (连科协〔2019〕31号), the one chosen in
      // 搜索范围, else the newest, together with the merged bundles. A year the query names is searched in
      // its notices alone, the newest year's too (a 发文字号 names no organization or person: at national
      // scale the merged bundles' files are most of what a first search downloads).
      fetch(site + "search-bundles.json").then(function (r) { return r.ok ? r.json() : []; })
        .catch(function () { return []; }).then(function (all) {
          var bundles = all.filter(function (b) { return !b.merged; });
          var merged = all.filter(function (b) { return b.merged; });
          if (!bundles.length) bundles = [{ path: "pagefind/", label: "全部", years: null }];
          var pick = parseInt(params.get("b"), 10), alone = false;
          var named = q && (q.match(/(?:19|20)\d\d/) || [])[0], year = params.get("年份") || named;
          if (!(pick >= 0 && pick < bundles.length)) {
            pick = 0;
            if (year) bundles.forEach(function (b, i) {
              if (b.years && +year >= b.years[0] && +year <= b.years[1]) {
                pick = i;
                alone = i === 0 && year === named && merged.length > 0;  // the newest year's notices, alone
              }
            });
          }
          if (bundles.length > 1) {
            var label = document.createElement("label");
            label.className = "st-search-scope";
            label.textContent = "搜索范围：";
            var select = document.createElement("select");
            if (alone) {  // what is searched: choosing the first option again adds the organizations, profiles and editions
              var only = document.createElement("option");
              only.value = ""; only.textContent = bundles[0].notices || bundles[0].label; only.selected = true;
              select.appendChild(only);
            }
            bundles.forEach(function (b, i) {
              var o = document.createElement("option");
              o.value = i; o.textContent = b.label; o.selected = i === pick && !alone;
              select.appendChild(o);
            });
            select.addEventListener("change", function () {
              if (select.value === "") return;
              var p = new URLSearchParams(location.search);
              var input = search.querySelector("input");
              if (input && input.value) p.set("q", input.value);
              p.set("b", select.value);
              location.search = p.toString();
            });
            label.appendChild(select);
            search.parentNode.insertBefore(label, search);
            var hint = document.createElement("p");
            hint.className = "st-search-hint";
            hint.textContent = "查询中写了年份（如〔2019〕）或在“年份”中勾选时，自动改为搜索那一年的通知。";
            search.parentNode.insertBefore(hint, search);
          }
          var root = site + bundles[pick].path;
          // results link to the site's own path (/ or a subpath such as /scitechday/): Pagefind's default takes
          // it from a bundle's path, which is relative here (../pagefind-directory/ gave /../orgs/…)
          var home = new URL(site, location.href).pathname;
          var css = document.createElement("link");
          css.rel = "stylesheet"; css.href = root + "pagefind-ui.css";
          document.head.appendChild(css);
          var js = document.createElement("script");
          js.src = root + "pagefind-ui.js";
          js.onload = function () {
            var ui = new PagefindUI({
              element: "#st-search", bundlePath: root, baseUrl: home, showSubResults: false, showImages: false,
              resetStyles: false,
              mergeIndex: pick === 0 && !alone ? merged.map(function (b) { return { bundlePath: site + b.path, baseUrl: home }; }) : [],
              // 5 results a page (Pagefind's default): each result downloads its page's fragment; 加载更多结果 loads the next
              // 类型 open on wide screens; on a phone the filters sit above the results, all closed
              excerptLength: 60, pageSize: 5,
              openFilters: (window.matchMedia("(min-width: 60em)").matches ? ["类型"] : []).concat(  // and the chosen ones
                ["年份", "地区", "纪念日", "类型"].filter(function (k) { return params.get(k); })),
              // notices are long: do not push them down for their length; count how often the words occur
              ranking: { pageLength: 0.2, termFrequency: 1.0, termSaturation: 1.8 },
              // result tags: what kind of page, its date and issuer (data-pagefind-meta on the record pages)
              processResult: function (r) {
                var keep = {};
                ["类型", "日期", "发文机关"].forEach(function (k) { if (r.meta && r.meta[k]) keep[k] = r.meta[k]; });
                keep.title = r.meta && r.meta.title;
                r.meta = keep;
                return r;
              },
              translations: { placeholder: "发文字号、标题、发文机关或人物", clear_search: "清除", load_more: "加载更多结果",
                              search_label: "搜索本站", filters_label: "筛选", zero_results: "没有找到与 [SEARCH_TERM] 相关的内容",
                              many_results: "找到 [COUNT] 个与 [SEARCH_TERM] 相关的结果", one_result: "找到 1 个与 [SEARCH_TERM] 相关的结果",
                              alt_search: "没有找到与 [SEARCH_TERM] 相关的内容，以下是 [DIFFERENT_TERM] 的结果",
                              search_suggestion: "没有找到与 [SEARCH_TERM] 相关的内容，请换个关键词", searching: SEARCHING }
            });
            var input = document.querySelector("#st-search input[type=text], #st-search input.pagefind-ui__search-input");
            if (input) input.setAttribute("aria-label", "搜索本站：发文字号、标题、发文机关或人物");
            if (bundles.length > 1 && input) followTheYear(search, input, bundles, pick);
            if (input && !q) input.focus();  // the header's 搜索 opens this page to type in
            chinesePunctuation(search);
            var filters = {};
            ["类型", "年份", "地区", "纪念日"].forEach(function (k) { if (params.get(k)) filters[k] = [params.get(k)]; });
            if (Object.keys(filters).length) {
              ui.triggerFilters(filters);
              if (q) offerEveryFilter(search, root, function () { ui.triggerFilters(Object.assign({}, filters)); });
            }
            if (q) ui.triggerSearch(q);
          };
          document.head.appendChild(js);
        });
    }
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);  // Material instant loading
  else document.addEventListener("DOMContentLoaded", enhance);
})();
