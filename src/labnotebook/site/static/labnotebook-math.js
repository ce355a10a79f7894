// MathJax, fetched when the reader gets near a formula rather than with the page.
//
// A note's first screen is usually its header and abstract; loading MathJax's 170 KB and
// typesetting every formula before the reader sees them is what made a note with math
// slow to show on a phone. This script (deferred, under 2 KB) watches the page's formulas
// and fetches MathJax when the first comes within a screen of the viewport, when the reader
// holds Ctrl or Cmd (as for Ctrl+P, so that a print shows typeset math), or when a script
// asks for it. MathJax's own "lazy" component then typesets each formula as it nears the
// viewport, and all of them before the page is printed.
//
// `window.labnotebookMath.typesetAll()` loads MathJax if needed and resolves once every
// formula on the page is typeset: the PDF printer and the browser tests call it.
(() => {
  "use strict";
  const here = document.currentScript;
  const startup = new URL("mathjax/startup.js", here.src).href;
  let loaded = null;

  function load() {
    if (!loaded) {
      loaded = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = startup;
        script.async = true;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`MathJax did not load from ${startup}`));
        document.head.appendChild(script);
      }).then(() => window.MathJax.startup.promise);
    }
    return loaded;
  }

  function typesetAll() {
    return load().then(() => {
      const page = window.MathJax.startup.document;
      // without the lazy component every formula is already typeset
      return page.lazyTypesetAll ? page.lazyTypesetAll() : undefined;
    });
  }

  window.labnotebookMath = { load, typesetAll };

  const formulas = document.querySelectorAll(".math");
  if (!formulas.length || !("IntersectionObserver" in window)) {
    // math only MathJax can find (in a notebook's text output), or an old browser
    load();
    return;
  }
  const watcher = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        watcher.disconnect();
        load();
      }
    },
    { rootMargin: "100% 0px" },
  );
  formulas.forEach((formula) => watcher.observe(formula));
  // Ctrl+P comes before the print itself: start fetching on the key, finish on print
  const early = (event) => {
    if (event.ctrlKey || event.metaKey) load();
  };
  addEventListener("keydown", early, { passive: true });
  addEventListener("beforeprint", () => load());
})();
