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

  var ui = new PagefindUI({
    element: "#search-ui",
    bundlePath: new URL(mount.dataset.bundle, here).pathname,
    baseUrl: new URL(mount.dataset.base, here).pathname,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    excerptLength: 24,
    processTerm: keepInAddress
  });
  var form = document.getElementById("search-page-input-form");
  var input = mount.querySelector("input.pagefind-ui__search-input");
  if (form) {
    form.hidden = true;
    // Pagefind's box has only a tooltip; give it the hidden form's (localized) label.
    if (input) {
      input.setAttribute("aria-label", form.querySelector("label").textContent.trim());
    }
  }
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
