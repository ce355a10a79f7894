/* Hover and focus previews for citations and note links (labnotebook).
 *
 * Everything shown was written into the page when the book was built: a
 * citation's full reference is its link's title; a note's title, status and
 * abstract are in the JSON block #lnb-note-previews, keyed by the link's href.
 * This script shows them in one shared box that opens on hover and on keyboard
 * focus and closes on Escape. It fetches nothing.
 */
(function () {
  "use strict";

  var SELECTOR = ".bibtex-citation a[title], a.lnb-note-preview[title]";
  var box = null;
  var current = null;
  var hideTimer = null;

  function ensureBox() {
    if (box) {
      return box;
    }
    box = document.createElement("div");
    box.id = "lnb-hover-preview";
    box.className = "lnb-hover";
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    box.addEventListener("mouseenter", cancelHide);
    box.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(box);
    return box;
  }

  var notes = null;

  function notePreviews() {
    if (notes === null) {
      var data = document.getElementById("lnb-note-previews");
      try {
        notes = data ? JSON.parse(data.textContent) : {};
      } catch (error) {
        notes = {};
      }
    }
    return notes;
  }

  function append(parent, tag, className, text) {
    var element = document.createElement(tag);
    element.className = className;
    element.textContent = text;
    parent.appendChild(element);
  }

  function fill(link) {
    var preview = ensureBox();
    preview.textContent = "";
    var note = link.classList.contains("lnb-note-preview")
      ? notePreviews()[link.getAttribute("href")]
      : null;
    if (note) {
      append(preview, "strong", "lnb-hover-title", note.title);
      append(preview, "span", "lnb-hover-status lnb-hover-status-" + note.status, note.status);
      if (note.abstract) {
        append(preview, "p", "lnb-hover-abstract", note.abstract);
      }
    } else {
      append(preview, "p", "lnb-hover-reference", link.getAttribute("data-lnb-preview") || "");
    }
  }

  function place(link) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(box.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    box.style.left = left + window.scrollX + "px";
    box.style.top = rect.bottom + window.scrollY + 6 + "px";
  }

  function show(link) {
    cancelHide();
    current = link;
    fill(link);
    box.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", box.id);
  }

  function hide() {
    if (current) {
      current.removeAttribute("aria-describedby");
    }
    current = null;
    if (box) {
      box.hidden = true;
    }
  }

  function cancelHide() {
    if (hideTimer) {
      clearTimeout(hideTimer);
      hideTimer = null;
    }
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = setTimeout(hide, 150);
  }

  function init() {
    var links = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      // keep the text, drop the title: the browser's own tooltip would repeat it
      link.setAttribute("data-lnb-preview", link.getAttribute("title"));
      link.removeAttribute("title");
      link.addEventListener("mouseenter", function (event) { show(event.currentTarget); });
      link.addEventListener("focus", function (event) { show(event.currentTarget); });
      link.addEventListener("mouseleave", scheduleHide);
      link.addEventListener("blur", hide);
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        hide();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
