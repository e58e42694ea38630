/*
 * Section previews (issue 18): hovering an in-site link, or reaching it with the keyboard, shows
 * the heading of the section it leads to (a page: its title) and the section's opening text.
 *
 * previews.js loads this file the first time a reader points at or tabs to such a link: a page
 * load fetches nothing of it. A target page is fetched once per page view (`pages`), when a
 * preview of it is first asked for. The preview exists only while it is shown (appended to
 * <body>, with Material's classes for its look; print.css hides it): the built HTML, and so the
 * editions made from it, carry nothing of it. Without JavaScript the links are plain links.
 * Why not Material's instant previews (`material.extensions.preview`): tests/README.md.
 *
 * Which links (previews.js's sectionPreviewLink): in-site links to a page in the article (Told
 * in, Cited in, Appears on, a contributor's), not citations or glossary terms (previews.js),
 * permalinks, back-links, the Timeline's filter (a <nav>) or anything outside the article
 * (navigation, table of contents, header, footer). A link to a section of the page itself
 * previews that section, from the page.
 * Behaviour: shown 300 ms after the pointer or the keyboard focus arrives (a passing pointer
 * fetches nothing); kept while the pointer is over the link or the preview (250 ms to cross);
 * placed above or below the link's line as Material places a citation's, never on it; Esc
 * closes it; a touch tap shows nothing and follows the link. The preview is the link's
 * description (aria-describedby), never its name.
 */
(function () {
  "use strict";

  var HEADINGS = "h1, h2, h3, h4, h5, h6";
  var ID = "section-preview";
  var DELAY = 300;          // ms of hover or focus before anything is fetched
  var pages = {};           // page URL -> promise of its parsed HTML
  var wanted = null;        // the link whose preview the reader asks for
  var shown = null;         // the link whose preview is open
  var showTimer, hideTimer;

  var previewLink = window.sectionPreviewLink;  // which links: previews.js

  function pageOf(a) {
    var url = a.href.split("#")[0];
    if (url === location.href.split("#")[0]) return Promise.resolve(document);
    return pages[url] || (pages[url] = fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();
    }).then(function (text) {
      return new DOMParser().parseFromString(text, "text/html");
    }));
  }

  // A copy of `node`'s content in a <p> (or a <div> for an item): text only, without links,
  // citation markers, permalinks, ids (they would repeat this page's) or scripts.
  function plain(node) {
    var copy = node.cloneNode(true);
    copy.querySelectorAll("sup, .headerlink, .footnote-backrefs, script, style")
      .forEach(function (n) { n.remove(); });
    copy.querySelectorAll("a").forEach(function (n) { n.replaceWith.apply(n, n.childNodes); });
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    var block = document.createElement(node.matches("p, " + HEADINGS) ? "p" : "div");
    block.append.apply(block, copy.childNodes);
    return block;
  }

  // What the link leads to: a heading (or the page's title) with the first paragraph of its
  // section, and the next ones while the text is under 100 characters (the Glossary's full name
  // comes before the definition), leaving out boxes (the Source box), lists, tables and figures;
  // or, for a place that is no heading (an event, a term's first use), the section's heading
  // and the paragraph or item around it.
  function opening(doc, a) {
    var article = doc.querySelector("article");
    var target = !article ? null : a.hash
      ? doc.getElementById(decodeURIComponent(a.hash.slice(1))) : article.querySelector("h1");
    if (!target || !article.contains(target)) return null;
    var isHeading = target.matches(HEADINGS);
    if (doc === document && !isHeading) return null;  // on this page, sections only
    var heading = null, text = [], length = 0, open = isHeading;
    article.querySelectorAll(HEADINGS + ", p").forEach(function (n) {
      var after = target.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING;
      if (!after) {
        if (n.matches(HEADINGS)) heading = n;
      } else if (n.matches(HEADINGS)) {
        open = false;
      } else if (open && length < 100 && n.textContent.trim()
                 && !n.closest(".admonition, details, nav, figure, li, table")) {
        text.push(plain(n));
        length += n.textContent.length;
      }
    });
    if (!isHeading) text = [plain(target.closest("p, li, dd, td") || target)];
    heading = isHeading ? target : heading;
    if (!heading) return null;
    // "Page › Section", as the Timeline's and the References' links are named
    var page = article.querySelector("h1"), title = document.createElement("p");
    title.textContent = [page && page !== heading ? plain(page).textContent : "",
                         plain(heading).textContent].filter(Boolean).join(" \u203a ");
    return { title: title, text: text };  // (a section of a table only: its title alone)
  }

  function close() {
    var node = document.getElementById(ID);
    if (node) node.remove();
    if (shown) shown.removeAttribute("aria-describedby");
    shown = null;
  }

  function open(a, found) {
    close();
    var node = document.createElement("div");
    var inner = document.createElement("div");
    node.id = ID;
    node.className = "md-tooltip2 section-preview";
    node.setAttribute("role", "tooltip");
    inner.className = "md-tooltip2__inner md-typeset";
    found.title.className = "section-preview__title";
    inner.append.apply(inner, [found.title].concat(found.text));
    node.append(inner);
    document.body.append(node);
    // Material's variables for a citation's preview: above the link in the lower half of the
    // window, else below it; the tail points at the link's middle.
    var r = a.getBoundingClientRect(), above = r.top >= innerHeight / 2;
    [["host-x", r.left + scrollX], ["host-y", r.top + scrollY], ["x", r.width / 2],
     ["y", above ? -16 - node.offsetHeight : 16 + r.height]].forEach(function (v) {
      node.style.setProperty("--md-tooltip-" + v[0], v[1] + "px");
    });
    node.classList.add(above ? "md-tooltip2--top" : "md-tooltip2--bottom");
    a.setAttribute("aria-describedby", ID);
    shown = a;
    requestAnimationFrame(function () { node.classList.add("md-tooltip2--active"); });
  }

  function ask(a) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (wanted === a) return;
    wanted = a;
    if (shown !== a) close();
    showTimer = setTimeout(function () {
      pageOf(a).then(function (doc) {
        var found = wanted === a && shown !== a && opening(doc, a);
        if (found) open(a, found);
      }, function () {});  // unreachable, or no page: the link stays a plain link
    }, DELAY);
  }

  function leave() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    wanted = null;
    hideTimer = setTimeout(close, 250);  // time to move onto the preview
  }

  function within(node, other) {
    return !!node && other instanceof Node && node.contains(other);
  }

  function focused(a) {  // the keyboard's focus, not a click's or a tap's
    return !!a && a === document.activeElement && a.matches(":focus-visible");
  }

  document.addEventListener("pointerover", function (ev) {
    if (ev.pointerType === "touch") return;
    var a = previewLink(ev.target);
    if (a && !within(a, ev.relatedTarget)) ask(a);
    else if (within(document.getElementById(ID), ev.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("pointerout", function (ev) {
    var node = document.getElementById(ID);
    var from = previewLink(ev.target) || (within(node, ev.target) ? node : null);
    if (!from || within(from, ev.relatedTarget) || within(node, ev.relatedTarget)
        || within(shown, ev.relatedTarget) || focused(shown)) return;
    leave();
  });
  document.addEventListener("focusin", function (ev) {
    var a = previewLink(ev.target);
    if (focused(a)) ask(a);
  });
  document.addEventListener("focusout", function (ev) {
    if (ev.target === wanted || ev.target === shown) leave();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    clearTimeout(showTimer);
    wanted = null;
    close();
  });
  // Instant navigation (off on this site) swaps the page under an open preview.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () {
    wanted = null;
    close();
  });

  // previews.js loaded this file for the link under the pointer or the keyboard focus.
  var first = previewLink(document.querySelector("article a[href]:hover"));
  if (first) ask(first);
  else if (focused(previewLink(document.activeElement))) ask(document.activeElement);
})();
