/*
 * The Timeline's filter by track, with JavaScript (hooks/timeline.py writes the page; only that
 * page loads this file, as a deferred script in its content).
 *
 * Without JavaScript the filter is links to "#track-us-rok", "#track-us-japan" and "#all-events",
 * which timeline.css turns into a filter with :target. This script turns those links into toggle
 * buttons (a group named by the filter's label, each with aria-pressed) that filter in place:
 * - events of the other alliance, and years left empty, get `hidden` (so do the years' entries
 *   in the table of contents);
 * - the choice is kept in the URL's fragment, the same URLs as without JavaScript, so a link
 *   shared from either works in both (history.replaceState: no extra Back step per click);
 * - the status line (role="status", a polite live region already in the page) says how many
 *   events are shown, which screen readers announce.
 * Buttons are native: Tab reaches them, Enter and Space press them.
 *
 * Material's instant navigation swaps the page content and runs the scripts found in it again:
 * the subscription to Material's `document$` is made once, and `setup` runs on each new page
 * (doing nothing on other pages, or on a page already set up).
 */
(function () {
  "use strict";

  var PREFIX = "#track-";
  var TRACKS = ["us-rok", "us-japan"];

  function trackOf(hash) {
    var track = hash.indexOf(PREFIX) === 0 ? hash.slice(PREFIX.length) : "all";
    return TRACKS.indexOf(track) >= 0 ? track : "all";
  }

  function label(track) {
    var target = document.getElementById(PREFIX.slice(1) + track);
    return target ? target.getAttribute("data-label") : track;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (field, name) { return values[name]; });
  }

  function choose(track, fromUser) {
    var status = document.querySelector(".tl-status");
    if (!status) return;
    var events = document.querySelectorAll(".tl-event");
    var shown = 0;
    events.forEach(function (event) {
      var on = track === "all" || event.classList.contains("tl-event--" + track);
      event.hidden = !on;
      if (on) shown += 1;
    });
    document.querySelectorAll(".tl-year").forEach(function (year) {
      year.hidden = !year.querySelector(".tl-event:not([hidden])");
      var heading = year.querySelector("h2[id]");
      if (!heading) return;
      document.querySelectorAll('.md-nav--secondary a[href="#' + heading.id + '"]')
        .forEach(function (link) { link.parentElement.hidden = year.hidden; });
    });
    document.querySelectorAll(".tl-filter button[data-track]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-track") === track));
    });
    // A translated page gives its wording in data-all and data-some (hooks/timeline.py).
    var values = { shown: shown, total: events.length, track: label(track) };
    status.textContent = track === "all"
      ? fill(status.getAttribute("data-all") || "Showing all {total} events.", values)
      : fill(status.getAttribute("data-some") || "Showing {shown} of {total} events: those "
        + "that concern the {track} alliance, those of both alliances included.", values);
    if (fromUser) {
      var url = track === "all" ? location.pathname + location.search
                                : location.pathname + location.search + PREFIX + track;
      history.replaceState(history.state, "", url);
    }
  }

  // Followed in the page: a filter's fragment applies it; an event or year the filter hides
  // shows everything again.
  function follow(hash) {
    if (hash.indexOf(PREFIX) === 0 || hash === "#all-events") {
      choose(trackOf(hash), false);
      return;
    }
    var target = hash.length > 1 && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (target && target.closest("[hidden]")) choose("all", false);
  }

  function setup() {
    var nav = document.querySelector(".tl-filter");
    var list = nav && nav.querySelector("ul.tl-filter__options");
    if (!list) return;  // not the Timeline, or set up already
    var group = document.createElement("div");
    group.className = "tl-filter__options";
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", "tl-filter-label");
    list.querySelectorAll("a[data-track]").forEach(function (link) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-track", link.getAttribute("data-track"));
      button.setAttribute("aria-pressed", "false");
      button.textContent = link.textContent;
      group.appendChild(button);
    });
    list.replaceWith(group);
    group.addEventListener("click", function (ev) {
      var button = ev.target.closest("button[data-track]");
      if (button) choose(button.getAttribute("data-track"), true);
    });
    choose(trackOf(location.hash), false);
  }

  if (window.__timelineFilter) return;
  window.__timelineFilter = true;
  window.addEventListener("hashchange", function () {
    if (document.querySelector(".tl-filter [role=group]")) follow(location.hash);
  });
  // Material's bundle is deferred (overrides/main.html) and comes after this script in the
  // page, so `document$` exists only once the document is parsed and every deferred script ran.
  function start() {
    if (typeof document$ !== "undefined") {
      document$.subscribe(setup);  // Material: each page, instant navigation included
    } else {
      setup();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
