// labnotebook: start Pagefind's search UI on the search page and run the query the
// theme's search box sent (search.html?q=...). Each bundle of the index holds one
// language (English stemmed, Chinese cut into words); all are searched at once.
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("ln-search");
  if (!root || typeof PagefindUI === "undefined") {
    return;
  }
  // Opened from disk, the browser refuses the index's modules to a file:// page, and
  // Pagefind would say "Searching..." forever: say why, and what to do, instead.
  if (window.location.protocol === "file:") {
    const notice = document.createElement("p");
    notice.className = "ln-search-offline";
    notice.setAttribute("role", "status");
    notice.textContent = root.dataset.offline || "";
    root.replaceChildren(notice);
    return;
  }
  // the other shards of the index, each in its language, searched with the first one
  const siteRoot = new URL(root.dataset.root || "./", document.baseURI);
  const shards = JSON.parse(root.dataset.merge || "[]");
  const ui = new PagefindUI({
    element: "#ln-search",
    // an absolute URL: Pagefind imports its modules from it, and "pagefind/" alone is
    // not a valid module specifier
    bundlePath: new URL(root.dataset.bundle, document.baseURI).href,
    mergeIndex: shards.map(({ bundle, language }) => ({
      bundlePath: new URL(bundle, siteRoot).href,
      language,
    })),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
  });
  // Pagefind names its field only by a title, which screen readers may not announce
  const field = root.querySelector("input.pagefind-ui__search-input");
  if (field) {
    field.setAttribute("aria-label", field.getAttribute("title") || "Search");
  }
  const query = new URLSearchParams(window.location.search).get("q");
  if (!query) {
    return;
  }
  // Load the index and its filters before searching: when Pagefind reads the filters of
  // merged indexes while a search runs, the search can report a filter (e.g. "kind") as
  // missing, and the panel then lacks it for good. Focus is what makes the UI load the
  // index; the filter panel appears once the filters are read.
  let searched = false;
  const search = () => {
    if (!searched) {
      searched = true;
      watcher.disconnect();
      ui.triggerSearch(query);
    }
  };
  const watcher = new MutationObserver(() => {
    if (root.querySelector(".pagefind-ui__filter-name")) {
      search();
    }
  });
  watcher.observe(root, { childList: true, subtree: true });
  // an index without filters never shows the panel: search anyway after a moment
  window.setTimeout(search, 3000);
  if (field) {
    field.dispatchEvent(new Event("focus"));
  } else {
    search();
  }
});
