/*
 * Previews of citations and glossary terms: what Material for MkDocs 9.8.2 lacks.
 *
 * What Material already does (observed in Chromium; tests/browser/test_previews.py checks it):
 * - `content.footnote.tooltips`: a citation (`a.footnote-ref`) opens a copy of its reference
 *   (`div.md-tooltip2[role=dialog]`, appended to <body>) on mouse hover and on keyboard focus. It
 *   stays open while the pointer is over it (250 ms to cross the gap) and is placed above or
 *   below the line, never on it. The link keeps working without JavaScript: it jumps to the
 *   reference at the end of the page.
 * - `content.tooltips`: an element with a `title` (a glossary term, `a.glossary-term[title]`)
 *   opens `div.md-tooltip2[role=tooltip]` below itself on hover and focus and points
 *   `aria-describedby` at it (so screen readers read the definition with the term). Without
 *   JavaScript the title is the browser's own tooltip and the link leads to the glossary entry.
 *   But its CSS gives that tooltip `pointer-events: none`: the definition vanished as the pointer
 *   moved onto it. previews.css makes it hoverable; Material's script then keeps it open.
 * - Neither covers the line being read: both sit below it (a citation's above, when the line is in
 *   the lower half of the window).
 *
 * What it lacks, added here (small, no dependency):
 * 1. Esc: nothing closes a preview while pointer or focus stay on it (WCAG 2.2 SC 1.4.13 wants
 *    it dismissible without moving either). Esc hides every open preview and tells Material the
 *    pointer left (so a preview under the pointer does not stay forever); the next hover or focus
 *    shows previews again.
 * 2. Tap: a tap follows the link (a citation jumps to the end of the page, a term leaves for the
 *    glossary), so the reader loses their place. The first tap on a citation or term now opens its
 *    preview (by focusing it, which Material listens to); a second tap on it follows the link.
 * 3. Screen readers: the citation's preview is referenced only through `aria-controls`, and the
 *    link's name is its number, so nothing of the reference is announced. Each citation gets
 *    `aria-description` = its reference text (without the note's back-links, "↩ a b c"), read
 *    out with the link on focus. (Material removes `aria-describedby` from the host whenever a
 *    preview closes, so that cannot be used.) Material's preview copies the whole note, back-links
 *    included; site.css hides them there.
 * 4. Print: Material's instant navigation makes every `href` absolute, so print.css cannot tell
 *    in-site links from external ones by their `href`; in-site links get `data-internal`, and
 *    links whose text is their URL `data-url-shown` (print.css adds no second copy).
 *
 * Instant navigation (`navigation.instant`, off in mkdocs.yml for first-load speed, but kept
 * working) replaces the page without reloading this script: event listeners are registered once
 * on `document` (they survive), per-page work runs on Material's `document$`.
 */
(function () {
  "use strict";

  var TRIGGERS = "a.footnote-ref, a.glossary-term";
  var PREVIEWS = ".md-tooltip2";

  var pointerType = "";     // of the last pointerdown: "mouse", "touch" or "pen"
  var armed = null;         // trigger whose preview the last tap opened

  function trigger(target) {
    return target instanceof Element ? target.closest(TRIGGERS) : null;
  }

  function hideAllPreviews() {
    document.querySelectorAll(PREVIEWS).forEach(function (node) {
      node.style.display = "none";
    });
  }

  // 1. Esc hides open previews; pointer and focus stay where they are. Material keeps a preview
  //    while its host or the preview itself is hovered or focused: a `mouseleave` on both ends
  //    the hover (a hidden preview would never get a real one); while the host keeps focus, the
  //    preview stays hidden until focus leaves and Material removes it.
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    document.querySelectorAll(PREVIEWS).forEach(function (node) {
      var hosts = node.id ? document.querySelectorAll(
        '[aria-controls="' + node.id + '"], [aria-describedby="' + node.id + '"]') : [];
      hosts.forEach(function (host) { host.dispatchEvent(new MouseEvent("mouseleave")); });
      node.dispatchEvent(new MouseEvent("mouseleave"));
    });
    pendingShows.forEach(clearTimeout);
    pendingShows = [];
    hideAllPreviews();
  });
  // ...until the reader hovers or focuses a citation or term again: then that one's preview
  //    shows again, and only that one (a preview hidden by Esc that Material has not removed
  //    yet must not come back over the text, where it would take the next tap). Material links
  //    a preview to its host while it is open; it may do so a moment after the event.
  function previewsOf(host) {
    return ["aria-controls", "aria-describedby"].map(function (name) {
      var id = host.getAttribute(name);
      return id ? document.getElementById(id) : null;
    }).filter(Boolean);
  }
  //    An Esc pressed meanwhile cancels what is still pending (else it came back over the text).
  var pendingShows = [];
  function showPreviewOf(host) {
    [0, 100, 300].forEach(function (delay) {
      var id = setTimeout(function () {
        pendingShows = pendingShows.filter(function (other) { return other !== id; });
        previewsOf(host).forEach(function (node) { node.style.display = ""; });
      }, delay);
      pendingShows.push(id);
    });
  }
  function reshow(ev) {
    var host = trigger(ev.target);
    if (host && !(ev.relatedTarget instanceof Node && host.contains(ev.relatedTarget)))
      showPreviewOf(host);
  }
  document.addEventListener("mouseover", reshow);
  document.addEventListener("focusin", reshow);

  // 2. First tap opens the preview, second tap follows the link. Capture phase, so that the click
  //    is stopped before Material's instant navigation (listening on <body>) sees it.
  document.addEventListener("pointerdown", function (ev) {
    pointerType = ev.pointerType;
  }, true);
  document.addEventListener("click", function (ev) {
    var host = trigger(ev.target);
    var tap = pointerType === "touch" || pointerType === "pen";
    pointerType = "";
    if (!host || !tap || armed === host) {
      armed = null;
      return;
    }
    armed = host;
    ev.preventDefault();
    ev.stopPropagation();
    host.focus({ preventScroll: true });
    showPreviewOf(host);
  }, true);
  document.addEventListener("focusout", function (ev) {
    if (armed && ev.target === armed) armed = null;
  });

  // 5. Section previews of in-site links to pages: section-previews.js, loaded on demand.
  var SITE = new URL("..", document.currentScript.src).href;
  window.sectionPreviewLink = function (target) {
    var a = target instanceof Element && target.closest("article a[href]");
    return a && !a.matches(TRIGGERS + ", .headerlink, .footnote-backrefs a, nav a, .md-tooltip2 a")
      && !a.href.indexOf(SITE) && /(\/|\.html)$/.test(a.pathname) ? a : null;
  };
  function load(ev) {
    var a = window.sectionPreviewLink(ev.target);
    if (!a || ev.pointerType === "touch" || (ev.type === "focusin" && !a.matches(":focus-visible")))
      return;
    document.removeEventListener("pointerover", load);
    document.removeEventListener("focusin", load);
    document.head.append(Object.assign(document.createElement("script"),
                                       { src: SITE + "assets/section-previews.js" }));
  }
  document.addEventListener("pointerover", load);
  document.addEventListener("focusin", load);

  // 3. and 4.: per page.
  function describeCitations(root) {
    root.querySelectorAll("a.footnote-ref").forEach(function (link) {
      var id = decodeURIComponent(link.hash.slice(1));
      var item = id && document.getElementById(id);
      if (!item) return;
      var copy = item.cloneNode(true);
      copy.querySelectorAll(".footnote-backrefs").forEach(function (back) {
        back.remove();
      });
      var text = copy.textContent.replace(/\s+/g, " ").trim();
      if (text) link.setAttribute("aria-description", "Reference: " + text);
    });
  }

  function markLinksForPrint(root) {
    root.querySelectorAll("a[href]").forEach(function (link) {
      if (link.origin === location.origin) link.setAttribute("data-internal", "");
      var text = link.textContent.trim().replace(/\/$/, "");
      if (text && link.href.replace(/\/$/, "") === text) link.setAttribute("data-url-shown", "");
    });
  }

  function setUp() {
    armed = null;
    var root = document.querySelector("article") || document.body;
    describeCitations(root);
    markLinksForPrint(root);
  }

  // Material's bundle is deferred too (overrides/main.html), so `document$` may not exist yet
  // when this runs: subscribe once the document is parsed, when every deferred script has run.
  function start() {
    if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
      window.document$.subscribe(setUp);
    } else {
      setUp();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
