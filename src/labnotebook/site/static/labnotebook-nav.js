/* labnotebook: expand the sidebar from the navigation tree written once per build
 * (labnotebook-nav-data.js), in the markup sphinx-book-theme uses, so its styles and
 * toggles apply. Runs right after the sidebar is parsed. Titles are set as text,
 * never as HTML. Without JavaScript the sidebar keeps its first level. */
(function () {
  "use strict";
  var tree = window.labnotebookNavData;
  var nav = document.querySelector("nav.bd-docs-nav[data-labnotebook-page]");
  if (!tree || !nav) return;
  var box = nav.querySelector(".bd-toc-item");
  var page = nav.getAttribute("data-labnotebook-page");
  var root = document.documentElement.getAttribute("data-content_root") || "";

  function contains(item) {
    if (item.d === page) return true;
    return (item.c || []).some(contains);
  }

  function list(items, level, classes) {
    var ul = document.createElement("ul");
    ul.className = classes;
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      var current = !item.u && contains(item);
      li.className = "toctree-l" + level;
      a.className = "reference " + (item.u ? "external" : "internal");
      a.href = item.u || root + item.d;
      a.textContent = item.t;
      if (current) {
        li.classList.add("current", "active");
        if (item.d === page) {
          a.classList.add("current");
          a.setAttribute("aria-current", "page");
        }
      }
      li.appendChild(a);
      if (item.c && item.c.length) {
        li.classList.add("has-children");
        var details = document.createElement("details");
        var summary = document.createElement("summary");
        var toggle = document.createElement("span");
        var icon = document.createElement("i");
        var label = document.createElement("span");
        toggle.className = "toctree-toggle";
        toggle.setAttribute("role", "presentation");
        icon.className = "fa-solid fa-chevron-down";
        label.className = "visually-hidden";
        label.textContent = item.t;
        toggle.appendChild(icon);
        summary.appendChild(toggle);
        summary.appendChild(label);
        details.appendChild(summary);
        details.appendChild(list(item.c, level + 1, current ? "current" : ""));
        if (current) details.open = true;
        li.appendChild(details);
      }
      ul.appendChild(li);
    });
    return ul;
  }

  var parts = document.createDocumentFragment();
  tree.forEach(function (section) {
    if (section.caption) {
      var caption = document.createElement("p");
      var text = document.createElement("span");
      caption.className = "caption";
      caption.setAttribute("role", "heading");
      caption.setAttribute("aria-level", "2");
      text.className = "caption-text";
      text.textContent = section.caption;
      caption.appendChild(text);
      parts.appendChild(caption);
    }
    parts.appendChild(list(section.items, 1, "nav bd-sidenav"));
  });
  box.querySelectorAll("[data-labnotebook-first-level]").forEach(function (old) {
    old.remove();
  });
  box.appendChild(parts);
})();
