/* Search page: Pagefind's interface replaces the plain search form.
 *
 * Without JavaScript (or opened from disk, where Pagefind cannot fetch its index)
 * the form stays and the page offers ways to browse instead. The query lives in
 * the address (?q=), so a search from another page's form, a reload, a shared
 * link or a switch of interface language shows the same results.
 */
(function () {
  "use strict";
  var mount = document.getElementById("search-ui");
  if (!mount || typeof PagefindUI === "undefined" || location.protocol === "file:") {
    return;
  }
  var here = document.baseURI;

  function withQuery(address, term) {
    var url = new URL(address, here);
    if (term) {
      url.searchParams.set("q", term);
    } else {
      url.searchParams.delete("q");
    }
    return url.href;
  }

  // The address and the interface-language links follow the query as it is typed.
  function keepInAddress(term) {
    history.replaceState(null, "", withQuery(location.href, term));
    document.querySelectorAll(".locale-switcher a").forEach(function (link) {
      link.href = withQuery(link.href, term);
    });
    return term;
  }

  // The briefs may be spread over several bundles (see pipeline/search.py). Pagefind fails
  // on a bundle without pages, so only the bundles that hold some are searched: the first
  // as the primary index, the others merged into it.
  var bundles = [mount.dataset.bundle].concat((mount.dataset.merge || "").split(" "))
    .filter(Boolean)
    .map(function (path) { return new URL(path, here).pathname; });
  var base = new URL(mount.dataset.base, here).pathname;
  var EXCERPT_LENGTH = 24;

  function holdsPages(path) {
    return fetch(path + "pagefind-entry.json")
      .then(function (response) { return response.ok ? response.json() : { languages: {} }; })
      .then(function (entry) {
        return Object.keys(entry.languages || {}).some(function (code) {
          return entry.languages[code].page_count > 0;
        });
      })
      .catch(function () { return false; });
  }

  // Pagefind counts filter values over the filter lists it has loaded when a search runs,
  // and its interface keeps the first counts it is given: a search that ran while a list
  // was still on its way left that filter group out for good. So the index is set up, its
  // bundles merged and every filter list loaded before the interface starts. The interface
  // imports the same module (same address), so it finds the index ready.
  function loadIndex(searched) {
    var primary = searched[0];
    return import(primary + "pagefind.js").then(function (pagefind) {
      var ready = pagefind.options({ baseUrl: base, excerptLength: EXCERPT_LENGTH });
      searched.slice(1).forEach(function (path) {
        ready = ready.then(function () { return pagefind.mergeIndex(path); });
      });
      return ready.then(function () { return pagefind.filters(); });
    }).catch(function (error) {
      console.error(error);
    }).then(function () { return primary; });
  }

  function start(primary) {
    var ui = new PagefindUI({
      element: "#search-ui",
      bundlePath: primary,
      baseUrl: base,
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      excerptLength: EXCERPT_LENGTH,
      processTerm: keepInAddress
    });
    var input = mount.querySelector("input.pagefind-ui__search-input");
    // Pagefind's box has only a tooltip; give it the hidden form's (localized) label.
    if (form && input) {
      input.setAttribute("aria-label", form.querySelector("label").textContent.trim());
    }
    var query = new URLSearchParams(location.search).get("q");
    if (query) {
      ui.triggerSearch(query);
    }
  }

  var form = document.getElementById("search-page-input-form");
  if (form) {
    form.hidden = true;
  }
  // A site without briefs has no index to load: its interface starts as it is and says
  // so when searched.
  Promise.all(bundles.map(holdsPages)).then(function (holding) {
    var searched = bundles.filter(function (path, i) { return holding[i]; });
    return searched.length ? loadIndex(searched) : bundles[0];
  }).then(start);
})();
