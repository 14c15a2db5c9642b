/* Search page: Pagefind's interface replaces the plain search form.
 *
 * Without JavaScript (or opened from disk, where Pagefind cannot fetch its index)
 * the form stays and the page offers ways to browse instead. The query lives in
 * the address (?q=), so a search from another page's form, a reload, or a shared
 * link shows the same results.
 */
(function () {
  "use strict";
  var mount = document.getElementById("search-ui");
  if (!mount || typeof PagefindUI === "undefined" || location.protocol === "file:") {
    return;
  }
  var here = document.baseURI;

  function keepInAddress(term) {
    var url = new URL(location.href);
    if (term) {
      url.searchParams.set("q", term);
    } else {
      url.searchParams.delete("q");
    }
    history.replaceState(null, "", url);
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
  if (form) {
    form.hidden = true;
  }
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
