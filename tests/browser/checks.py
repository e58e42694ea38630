"""The browser checks. Each takes a loaded page and returns the problems it finds, one readable
line each (an empty list: the check passes), so that a test can assert both that the real site
passes and that a page built to break the check (broken_site.py) is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

TRIGGERS = {"citation": "article a.footnote-ref", "term": "article a.glossary-term"}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Upper bounds for waiting, not speed targets (speed is for `make bench`): generous, so a busy
# 2-core CI machine cannot fail a correct page. A broken page still fails: without the fix a
# preview never opens on tap, and Material never closes a hovered or focused one on Esc.
OPEN_TIMEOUT = 5000  # ms
CLOSE_TIMEOUT = 3000  # ms
HOVER_GRACE = 500  # ms: twice the 250 ms Material gives the pointer to reach a preview

# The preview of a trigger, as Material associates them (aria-controls for a citation's dialog,
# aria-describedby for a term's tooltip), if a reader sees it now: Material's active class, and
# not hidden (previews.js hides with display: none on Esc).
_PREVIEW_OF = """(a) => {
  const id = a.getAttribute('aria-controls') || a.getAttribute('aria-describedby');
  const n = id && document.getElementById(id);
  if (!n || !n.classList.contains('md-tooltip2') || !n.classList.contains('md-tooltip2--active')
      || getComputedStyle(n).display === 'none' || !(getComputedStyle(n).opacity > 0))
    return null;
  const inner = n.querySelector('.md-tooltip2__inner') || n;
  const r = inner.getBoundingClientRect();
  return {text: inner.innerText.replace(/\\s+/g, ' ').trim(), role: n.getAttribute('role'),
          top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          backrefs: [...inner.querySelectorAll('.footnote-backrefs')]
            .some(b => b.checkVisibility())};
}"""

# What the preview of a trigger must show: a citation's reference (without its back-links,
# "↩ a b c"), a term's definition (its title, read before Material moves it into the tooltip).
_EXPECTED = """(a) => {
  if (a.classList.contains('glossary-term'))
    return (a.getAttribute('title') || '').replace(/\\s+/g, ' ').trim();
  const item = document.getElementById(decodeURIComponent(new URL(a.href).hash.slice(1)));
  if (!item) return '';
  const copy = item.cloneNode(true);
  copy.querySelectorAll('.footnote-backrefs').forEach(b => b.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""

# The band of the line the trigger sits on: its own box and the character just before it.
_LINE = """(a) => {
  const r = a.getBoundingClientRect();
  let top = r.top, bottom = r.bottom;
  const host = a.closest('sup') || a;
  const prev = host.previousSibling;
  if (prev && prev.nodeType === Node.TEXT_NODE && prev.textContent.trim()) {
    let i = prev.textContent.length;
    while (i > 0 && /\\s/.test(prev.textContent[i - 1])) i--;
    const range = document.createRange();
    range.setStart(prev, i - 1);
    range.setEnd(prev, i);
    const c = range.getBoundingClientRect();
    top = Math.min(top, c.top);
    bottom = Math.max(bottom, c.bottom);
  }
  return {top, bottom, x: r.left + r.width / 2, y: r.top + r.height / 2};
}"""

# Focus the focusable element just before `a` in document order, so that Tab lands on `a`.
_FOCUS_BEFORE = """(a) => {
  const all = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length);
  const i = all.indexOf(a);
  if (i > 0) all[i - 1].focus(); else document.activeElement && document.activeElement.blur();
}"""


def reach(page, trigger, mode: str) -> bool:
    """Bring the pointer (hover), the keyboard focus (Tab from just before it) or a finger (tap)
    to a trigger; False when Tab does not reach it."""
    if mode == "hover":
        trigger.hover()
    elif mode == "focus":
        trigger.evaluate(_FOCUS_BEFORE)
        page.keyboard.press("Tab")
        return trigger.evaluate("a => a === document.activeElement")
    elif mode == "tap":
        trigger.tap()
    else:
        raise ValueError(mode)
    return True


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u2060", "")).strip()


def _wait(page, expression: str, arg, timeout: int) -> bool:
    try:
        page.wait_for_function(expression, arg=arg, timeout=timeout)
        return True
    except Exception:  # playwright's TimeoutError
        return False


def preview_of(trigger) -> dict | None:
    """The open preview of `trigger` (an ElementHandle), or None."""
    return trigger.evaluate(_PREVIEW_OF)


def wait_open(page, trigger) -> dict | None:
    """Wait for the preview of `trigger`, or for the page to leave (a tap that followed a link)."""
    url = page.url
    _wait(page, f"([a, url]) => location.href !== url || ({_PREVIEW_OF})(a) !== null",
          [trigger, url], OPEN_TIMEOUT)
    return preview_of(trigger) if page.url == url else None


def wait_closed(page, trigger) -> bool:
    return _wait(page, f"a => ({_PREVIEW_OF})(a) === null", trigger, CLOSE_TIMEOUT)


def reset(page) -> None:
    """No pointer over the content, no focus. (A preview that is closing may linger hidden for
    Material's 250 ms; it belongs to another trigger, so it does not disturb the next check.)"""
    page.mouse.move(1, 1)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def accessible_description(page, selector: str) -> str:
    """What Chromium's accessibility tree (what screen readers read) gives as the description of
    the first element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            return ""
        nodes = cdp.send("Accessibility.getPartialAXTree",
                         {"nodeId": node, "fetchRelatives": False})["nodes"]
        return _norm(str(nodes[0].get("description", {}).get("value", ""))) if nodes else ""
    finally:
        cdp.detach()


def preview_problems(page, kind: str, mode: str, *, second_tap: bool = False) -> list[str]:
    """Open the preview of the page's first citation or term by `mode` ("hover", "focus" or
    "tap"; tap needs a touch context) and check it as a reader would: it opens with the
    reference or definition, leaves the line being read uncovered, stays open while the pointer
    is over it (hover), is announced (focus), keeps the reader in place (tap), closes with Esc
    without moving pointer or focus; with `second_tap`, a second tap then follows the link (and
    may leave the page)."""
    selector = TRIGGERS[kind]
    trigger = page.query_selector(selector)
    if trigger is None:
        return [f"no {kind} ({selector}) on the page"]
    reset(page)
    if kind == "term":  # Material gives a term back its title once its last preview is gone
        _wait(page, "a => a.hasAttribute('title')", trigger, OPEN_TIMEOUT)
    trigger.evaluate("a => a.scrollIntoView({block: 'center'})")
    expected = _norm(trigger.evaluate(_EXPECTED))
    if not expected:
        return [f"the {kind} has nothing to preview (no reference or definition)"]
    url, scroll, href = page.url, page.evaluate("scrollY"), trigger.evaluate("a => a.href")
    label = f"{kind} {trigger.inner_text()!r} on {mode}"

    if not reach(page, trigger, mode):
        return [f"{label}: Tab does not reach the {kind}"]

    problems: list[str] = []
    preview = wait_open(page, trigger)
    if page.url != url:
        return [f"{label}: the tap left the page for {page.url}"]
    if preview is None:
        return [f"{label}: no preview opens"]
    if expected[:120] not in _norm(preview["text"]):
        problems.append(f"{label}: the preview shows {preview['text'][:80]!r}, "
                        f"not {expected[:80]!r}")
    if preview["backrefs"]:  # Material copies the whole note into the preview
        problems.append(f"{label}: the preview shows the reference's back-links")
    line = trigger.evaluate(_LINE)
    if preview["top"] < line["bottom"] - 0.5 and preview["bottom"] > line["top"] + 0.5:
        problems.append(f"{label}: the preview covers the line being read "
                        f"(preview {preview['top']:.0f}-{preview['bottom']:.0f} px, "
                        f"line {line['top']:.0f}-{line['bottom']:.0f} px)")

    if mode == "hover":  # onto the preview: it must stay (SC 1.4.13 "hoverable")
        page.mouse.move(max(preview["left"] + 5, min(line["x"], preview["right"] - 5)),
                        (preview["top"] + preview["bottom"]) / 2, steps=4)
        page.wait_for_timeout(HOVER_GRACE)
        if preview_of(trigger) is None:
            problems.append(f"{label}: the preview closes when the pointer moves onto it")
            trigger.hover()  # back onto the trigger, for the Esc check
            wait_open(page, trigger)
    elif mode == "focus":  # what a screen reader announces with the focused link
        described = accessible_description(page, selector)
        if expected[:60] not in described:
            problems.append(f"{label}: screen readers are not told the preview "
                            f"(accessible description {described[:80]!r})")
        elif "\u21a9" in described:
            problems.append(f"{label}: screen readers are told the back-links with the "
                            f"reference (accessible description {described[-40:]!r})")
    elif abs(page.evaluate("scrollY") - scroll) > 50:
        problems.append(f"{label}: the tap scrolled the page away from the text")

    page.keyboard.press("Escape")
    if not wait_closed(page, trigger):
        problems.append(f"{label}: Esc does not close the preview")
    elif mode == "focus" and not trigger.evaluate("a => a === document.activeElement"):
        problems.append(f"{label}: Esc moved the keyboard focus")

    if mode == "tap" and second_tap:  # a second tap follows the link
        trigger.tap()
        try:
            page.wait_for_url(href, timeout=OPEN_TIMEOUT)
        except Exception:  # playwright's TimeoutError
            problems.append(f"{label}: a second tap does not follow the link to {href}")
    else:
        reset(page)
    return problems


# -- what a page load did ------------------------------------------------------------------------

def load_problems(tab) -> list[str]:
    """Console errors and requests to other hosts of the page `tab` loaded last (call it after
    the other checks of the visit, so that late requests are seen too)."""
    tab.page.wait_for_load_state("networkidle")
    return [*tab.console_errors, *(f"request to another host: {u}" for u in tab.foreign_requests)]


# -- accessibility ---------------------------------------------------------------------------------

def axe_problems(page, context: str | None = None) -> list[str]:
    """axe-core's WCAG 2.x A/AA violations on the page (or under the `context` selector)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    return [f"{v['id']} ({v['impact']}): {v['help']}: "
            + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            + f" ({len(v['nodes'])} in all; first: "
            + " ".join(v["nodes"][0].get("failureSummary", "").split())[:300] + ")"
            for v in results.response["violations"]]


def palette(page) -> str:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


# Whether a sighted keyboard user sees the focused element `e` (Material's hidden radio and
# checkbox options show their focus on the label right after them), and a label for messages.
_FOCUS_SEEN = """(e) => {
  const shown = e.matches('.md-option') && e.nextElementSibling
    && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : e;
  const r = shown.getBoundingClientRect();
  const seen = r.width > 1 && r.height > 1 && r.right + scrollX > 0 && r.bottom + scrollY > 0
    && getComputedStyle(shown).visibility !== 'hidden';
  const text = (e.getAttribute('aria-label') || e.innerText || e.getAttribute('title')
                || '').trim().slice(0, 40);
  return {seen, label: e.tagName.toLowerCase() + ' ' + JSON.stringify(text),
          inPreview: !!e.closest('.md-tooltip2')};
}"""

# Every element in the page's sequential focus order (DOM order: the site uses no positive
# tabindex, which the sweep reports), each focused in turn: can it be seen, and does a Tab key
# pressed there reach the browser (a handler that swallows Tab without moving focus traps the
# keyboard)? Returns the problems and the order, which the real Tab walk is compared with.
_FOCUS_SWEEP = """(seenOf) => {
  const problems = [];
  const order = [...document.querySelectorAll(
    'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], '
    + '[contenteditable=""], [contenteditable="true"]')]
    .filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length
                 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert]'))
    .filter(e => {  // a radio group is one stop: its checked radio, else its first
      if (!(e instanceof HTMLInputElement) || e.type !== 'radio' || !e.name) return true;
      const group = [...document.querySelectorAll('input[type=radio]')]
        .filter(r => r.name === e.name && r.form === e.form);
      return e === (group.find(r => r.checked) || group[0]);
    });
  const labels = [];
  for (const e of order) {
    if (e.tabIndex > 0) problems.push('tabindex ' + e.tabIndex + ' changes the focus order: '
                                      + seenOf(e).label);
    e.focus();
    if (document.activeElement !== e) continue;  // not focusable after all (e.g. inert)
    const {seen, label} = seenOf(e);
    labels.push(label);
    if (!seen) problems.push('focus on something not visible: ' + label);
    const tab = new KeyboardEvent('keydown', {key: 'Tab', code: 'Tab', keyCode: 9,
                                              bubbles: true, cancelable: true});
    e.dispatchEvent(tab);
    if (tab.defaultPrevented && document.activeElement === e)
      problems.push('keyboard trap: Tab does not leave ' + label);
  }
  document.activeElement && document.activeElement.blur();
  window.scrollTo(0, 0);
  return {problems, order: labels};
}"""


def keyboard_problems(page) -> list[str]:
    """Focus every element of the page's focus order in turn (fast: one call): each must be
    visible when focused, and none may swallow the Tab key."""
    page.mouse.move(1, 1)  # a pointer resting on a citation would keep its preview open
    return page.evaluate(f"({_FOCUS_SWEEP})({_FOCUS_SEEN})")["problems"]


def focus_order(page) -> list[str]:
    """The sequential focus order as _FOCUS_SWEEP computes it (labels)."""
    page.mouse.move(1, 1)
    return page.evaluate(f"({_FOCUS_SWEEP})({_FOCUS_SEEN})")["order"]


# Records every real focus change (numbered on first visit) with what _FOCUS_SEEN says.
_WALK_SETUP = """(seenOf) => {
  const kb = window.__kb = {log: [], ids: new WeakMap(), n: 0};
  document.addEventListener('focusin', ev => {
    const e = ev.target;
    if (!kb.ids.has(e)) kb.ids.set(e, ++kb.n);
    kb.log.push({id: kb.ids.get(e), ...seenOf(e)});
  }, true);
  document.activeElement && document.activeElement.blur();
  window.scrollTo(0, 0);
}"""


def tab_walk(page, limit: int = 600, batch: int = 25) -> tuple[list[str], list[str]]:
    """Press the real Tab key from the top of the page until focus comes back to the first
    element: (problems, labels of the elements focused, in order). Slow (about 12 ms a key on
    this site), so the tests walk one page this way and compare it with the sweep."""
    page.mouse.move(1, 1)
    page.evaluate(f"({_WALK_SETUP})({_FOCUS_SEEN})")
    problems: list[str] = []
    visited: list[dict] = []
    done = 0
    for _ in range(0, limit, batch):
        for _ in range(batch):
            page.keyboard.press("Tab")
        log = page.evaluate("() => window.__kb.log")
        new = log[done:]
        if not new:
            stuck = page.evaluate("() => document.activeElement !== document.body")
            problems.append(f"keyboard trap: Tab does not leave {log[-1]['label']}"
                            if stuck and log else "Tab reaches nothing on the page")
            break
        wrapped = next((n for n, e in enumerate(new) if e["id"] == 1 and done + n > 0), None)
        visited += new if wrapped is None else new[:wrapped]
        done = len(log)
        if wrapped is not None:
            break
    else:
        problems.append(f"Tab never came back to the first element after {limit} presses")
    problems += [f"focus on something not visible: {e['label']}" for e in visited if not e["seen"]]
    # Tabbing faster than Material closes a citation's preview (250 ms) can reach the links of
    # a preview still open at the end of <body>: not part of the page's own order.
    return problems, [e["label"] for e in visited if not e["inPreview"]]


# -- citation markers and back-links ------------------------------------------------------------

# Every citation marker of the article, with what precedes it in its block: whether the character
# just before it is whitespace, the last visible character before it that is not part of a marker
# (its word, or the punctuation after the word), and whether the marker sits on a later line than
# that character (it starts a line: left of it and lower). A marker with nothing before it in its
# block (a table cell holding only its citation) opens the block and is not counted.
_MARKERS = """() => {
  const BLOCK = 'p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6, blockquote, figcaption, summary, '
    + 'caption, div, section, article, details, pre';
  const INVISIBLE = /[\\u200b-\\u200d\\u2060\\ufeff\\ufe0e\\ufe0f]/;
  return [...document.querySelectorAll('article a.footnote-ref')].map((a, n) => {
    const marker = a.closest('sup') || a;
    const rects = marker.getClientRects();
    const block = marker.parentElement.closest(BLOCK) || document.body;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    walker.currentNode = marker;
    let node, spaced = null, prev = null, context = '';
    while (!prev && (node = walker.previousNode())) {
      if (node.parentElement.closest('sup.citation-separator, a.footnote-ref')) {
        if (spaced === null) spaced = false;  // the marker before it in the same group
        continue;
      }
      const text = node.textContent;
      for (let i = text.length - 1; i >= 0 && !prev; i--) {
        if (INVISIBLE.test(text[i])) continue;
        if (spaced === null) spaced = /\\s/.test(text[i]);
        if (/\\s/.test(text[i])) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = [...range.getClientRects()].pop();
        if (!r || r.width === 0) continue;
        prev = r;
        context = text.slice(0, i + 1).replace(/\\s+/g, ' ').slice(-30);
      }
    }
    const first = rects[0];
    return {n: n + 1, text: a.innerText.trim(), spaced: !!spaced, context,
            shown: rects.length > 0,
            lineStart: !!prev && !!first && first.left < prev.right - 1 && first.top > prev.top};
  });
}"""


def _markers(page) -> list[dict]:
    return page.evaluate(_MARKERS)


def spaced_marker_problems(page) -> list[str]:
    """Citation markers with whitespace right before them ("allies ¹"): the notes style sets
    the marker against its word or punctuation."""
    return [f"marker {m['n']} ({m['text']!r}) after a space: {m['context']!r} ¹"
            for m in _markers(page) if m["spaced"]]


def marker_line_start_problems(page, width: int) -> list[str]:
    """At a viewport `width` px wide, citation markers that start a line away from the word or
    punctuation before them. (Resizes the page and leaves it at that width.)"""
    page.set_viewport_size({"width": width, "height": page.viewport_size["height"]})
    return [f"marker {m['n']} ({m['text']!r}) starts a line at {width} px, away from "
            f"{m['context']!r}" for m in _markers(page) if m["shown"] and m["lineStart"]]


# Korean lines break at the spaces between words (site.css, `word-break: keep-all`), as Korean is
# set: a line of the article's Korean text (lang ko, so not an English paragraph shown in its
# place) that starts between two Hangul syllables has split a word. Markers and the charts' SVG
# text (placed line by line by the chart) are left out.
_SPLIT_WORDS = """() => {
  const HANGUL = /[\\uac00-\\ud7af]/;
  const BLOCK = 'p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6, div, blockquote';
  const article = document.querySelector('article');
  const found = [];
  if (!article) return found;
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let node, prev = null;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!el.matches(':lang(ko)') || el.closest('sup, svg')) { prev = null; continue; }
    const block = el.closest(BLOCK);
    if (prev && prev.block !== block) prev = null;
    const text = node.textContent;
    for (let i = 0; i < text.length; i++) {
      if (!HANGUL.test(text[i])) { prev = null; continue; }
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const r = range.getClientRects()[0];
      if (!r) { prev = null; continue; }
      if (prev && r.top > prev.top + r.height / 2) {
        found.push(prev.before + '|' + text.slice(i, i + 6));
      }
      prev = {block, top: r.top, before: (text.slice(Math.max(0, i - 5), i + 1))};
    }
  }
  return found;
}"""


def split_word_problems(page, width: int) -> list[str]:
    """At a viewport `width` px wide, Korean words split across two lines (none with
    site.css's `word-break: keep-all`). (Resizes the page and leaves it at that width.)"""
    page.set_viewport_size({"width": width, "height": page.viewport_size["height"]})
    return [f"a Korean word split at {width} px: {context!r}"
            for context in page.evaluate(_SPLIT_WORDS)]


# Every back-link of the page's notes (a link in a footnote list to a marker's id), focused in
# turn as the keyboard would: in the Tab order, focusable, seen when focused; with the name
# Chromium's accessibility tree gives it (read afterwards over CDP, by the index set here).
_BACKREFS = """() => [...document.querySelectorAll('article .footnote li a[href*="#fnref"]')]
  .map((a, i) => {
    a.setAttribute('data-backref-check', String(i));
    const note = a.closest('li');
    a.focus();
    const focused = document.activeElement === a;
    const r = a.getBoundingClientRect();
    const seen = focused && r.width > 1 && r.height > 1
      && a.checkVisibility({visibilityProperty: true, opacityProperty: true});
    a.blur();
    return {i, note: note ? note.id : '', href: a.hash, text: a.innerText.trim(),
            tabIndex: a.tabIndex, focused, seen};
  })"""


def _accessible_names(page, count: int) -> list[str]:
    """The accessible names of the elements marked data-backref-check="0".."count-1", from
    Chromium's accessibility tree (two CDP calls for the whole page)."""
    cdp = page.context.new_cdp_session(page)
    try:
        backend: dict[int, int] = {}  # backendNodeId -> mark
        stack = [cdp.send("DOM.getDocument", {"depth": -1, "pierce": False})["root"]]
        while stack:
            node = stack.pop()
            attributes = node.get("attributes") or []
            marks = dict(zip(attributes[::2], attributes[1::2]))
            if "data-backref-check" in marks:
                backend[node["backendNodeId"]] = int(marks["data-backref-check"])
            stack += node.get("children") or []
        names = [""] * count
        for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
            if node.get("backendDOMNodeId") in backend:
                names[backend[node["backendDOMNodeId"]]] = _norm(
                    str(node.get("name", {}).get("value", "")))
        return names
    finally:
        cdp.detach()


def backref_problems(page) -> list[str]:
    """The notes' back-links: each reachable with Tab (in the Tab order, focusable, visible when
    focused), each with an accessible name of its own that says more than the link shows (which
    citation in the text it returns to, not "↩" or "b")."""
    page.mouse.move(1, 1)
    links = page.evaluate(_BACKREFS)
    names = _accessible_names(page, len(links))
    problems = []
    seen: dict[str, str] = {}
    for link, name in zip(links, names):
        label = f"back-link {link['text']!r} of {link['note']} ({link['href']})"
        if link["tabIndex"] < 0 or not link["focused"]:
            problems.append(f"{label}: not reachable with Tab")
        elif not link["seen"]:
            problems.append(f"{label}: not visible when focused")
        if not name or _norm(name) == _norm(link["text"]):
            problems.append(f"{label}: its accessible name {name!r} does not say where it leads")
        elif name in seen:
            problems.append(f"{label}: same accessible name {name!r} as {seen[name]}")
        else:
            seen[name] = label
    if links:  # the real Tab key, from the element before, reaches the first back-link
        first = page.locator('[data-backref-check="0"]').element_handle()
        first.evaluate(_FOCUS_BEFORE)
        page.keyboard.press("Tab")
        if links[0]["focused"] and not first.evaluate("a => a === document.activeElement"):
            problems.append(f"back-link {links[0]['text']!r} of {links[0]['note']}: the Tab key "
                            "does not reach it")
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
    return problems


# -- without JavaScript ---------------------------------------------------------------------------

_ARTICLE_TEXT = """() => { const a = document.querySelector('article');
  return a ? a.innerText.replace(/\\s+/g, ' ').trim() : ''; }"""

_LINKS = """() => ({
  citations: [...document.querySelectorAll('article a.footnote-ref')].map(a => {
    const id = decodeURIComponent(new URL(a.href).hash.slice(1));
    const t = id && document.getElementById(id);
    return {text: a.innerText, href: a.getAttribute('href'), id,
            target: !!t && !!t.closest('.footnote') && t.getClientRects().length > 0};
  }),
  terms: [...document.querySelectorAll('article a.glossary-term')].map(a => ({
    text: a.innerText, title: (a.getAttribute('title') || '').trim(), href: a.href})),
})"""


def article_text(page) -> str:
    return page.evaluate(_ARTICLE_TEXT)


def nojs_problems(page, text_with_js: str, glossary_ids: set[str]) -> list[str]:
    """The page as loaded without JavaScript: all the text a reader sees with JavaScript, each
    citation a working link to its reference, each term naming its definition (title) and
    linking to its entry on the Glossary page (whose ids are `glossary_ids`)."""
    problems: list[str] = []
    text = article_text(page)
    if not text:
        return ["no article text without JavaScript"]
    # Word counts, not sets: a hidden sentence whose words occur elsewhere is still missing.
    missing_counts = Counter(text_with_js.split()) - Counter(text.split())
    missing = [w for w in text_with_js.split() if missing_counts[w] and not
               missing_counts.subtract([w])]
    if missing:
        problems.append(f"text shown only with JavaScript: {' '.join(missing[:12])!r}")
    links = page.evaluate(_LINKS)
    for cite in links["citations"]:
        if not cite["href"].startswith("#") or not cite["target"]:
            problems.append(f"citation {cite['text']!r} ({cite['href']}) does not lead to a "
                            "reference in the list at the end of the page")
    for term in links["terms"]:
        fragment = term["href"].partition("#")[2]
        if not term["title"]:
            problems.append(f"term {term['text']!r} does not name its definition (no title)")
        if "/glossary/" not in term["href"] or fragment not in glossary_ids:
            problems.append(f"term {term['text']!r} does not link to its glossary entry "
                            f"({term['href']})")
    if links["citations"] and not problems:  # following a citation shows its reference
        first = links["citations"][0]
        page.locator("article a.footnote-ref").first.click()
        in_view = page.evaluate("""(id) => { const r = document.getElementById(id)
          .getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }""", first["id"])
        if not page.url.endswith("#" + first["id"]) or not in_view:
            problems.append(f"following citation {first['text']!r} does not show its reference")
    return problems


# -- print -----------------------------------------------------------------------------------------

_SCREEN_ONLY = {
    "header": ".md-header", "search": ".md-search", "palette toggle": "[data-md-component=palette]",
    "tabs": ".md-tabs", "navigation": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary", "footer": ".md-footer",
    "edit button": ".md-content__button", "back-to-top button": ".md-top",
    "open preview": ".md-tooltip2",
}

_PRINT_STATE = """(screenOnly) => {
  const shown = e => e.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const article = document.querySelector('article');
  const css = (e, p, pseudo) => getComputedStyle(e, pseudo || null).getPropertyValue(p);
  const out = {visible: [], terms: [], citations: [], external: [], internal: [],
               references: [], unbroken: [], twice: [], text: css(article, 'color')};
  for (const [name, sel] of Object.entries(screenOnly))
    for (const e of document.querySelectorAll(sel)) if (shown(e)) { out.visible.push(name); break; }
  for (const [kind, sel] of [['terms', 'a.glossary-term'], ['citations', 'a.footnote-ref']])
    for (const a of article.querySelectorAll(sel)) {
      const parent = a.closest('sup') ? a.closest('sup').parentElement : a.parentElement;
      out[kind].push({text: a.innerText, color: css(a, 'color'), parent: css(parent, 'color'),
        decoration: css(a, 'text-decoration-line'), border: css(a, 'border-bottom-style'),
        after: css(a, 'content', '::after')});
    }
  for (const a of article.querySelectorAll('a[href]')) {
    const url = a.href.replace(/\\/$/, '');
    if (shown(a) && a.innerText.trim().replace(/\\/$/, '') === url
        && css(a, 'content', '::after').includes(url))
      out.twice.push(url);
    if (a.closest('.footnote') || a.matches('a.glossary-term, a.footnote-ref, .headerlink')
        || !shown(a)) continue;
    const raw = a.getAttribute('href');
    const external = new URL(a.href).origin !== location.origin;
    (external ? out.external : out.internal).push(
      {href: raw, text: a.innerText.trim(), after: css(a, 'content', '::after')});
  }
  for (const li of article.querySelectorAll('.footnote li'))
    out.references.push({id: li.id, shown: shown(li),
      urls: [...li.querySelectorAll('a[href]')].filter(a => a.origin !== location.origin)
        .map(a => ({href: a.href,
        shown: shown(a) && (a.innerText.includes(a.href.replace(/\\/$/, ''))
                            || css(a, 'content', '::after').includes(a.href))}))});
  for (const e of article.querySelectorAll('figure, table, .admonition'))
    if (!['avoid', 'avoid-page'].includes(css(e, 'break-inside')))
      out.unbroken.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''));
  return out;
}"""


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def print_problems(page) -> list[str]:
    """The page under print media emulation: screen-only parts hidden, terms and citations as
    plain text, the references listed with their URLs, external links followed by their URL,
    figures/tables/admonitions kept whole, dark text on white paper."""
    page.emulate_media(media="print")
    try:
        state = page.evaluate(_PRINT_STATE, _SCREEN_ONLY)
    finally:
        page.emulate_media(media="screen")
    problems = [f"printed: {name}" for name in state["visible"]]
    for kind in ("terms", "citations"):
        for mark in state[kind]:
            if (mark["color"] != mark["parent"] or mark["decoration"] != "none"
                    or mark["border"] not in ("none", "hidden")
                    or mark["after"] not in ("none", "normal")):
                problems.append(f"{kind[:-1]} {mark['text']!r} is not printed as plain text "
                                f"(colour {mark['color']} in {mark['parent']}, "
                                f"decoration {mark['decoration']}, border {mark['border']})")
    for link in state["external"]:
        if link["href"] not in link["after"] and link["href"] not in link["text"]:
            problems.append(f"external link {link['text']!r} printed without its URL "
                            f"{link['href']}")
    for link in state["internal"]:
        if "http" in link["after"]:
            problems.append(f"in-site link {link['text']!r} printed with a URL {link['after']}")
    for ref in state["references"]:
        if not ref["shown"]:
            problems.append(f"reference {ref['id']} not printed")
        problems += [f"reference {ref['id']}: URL {u['href']} not printed"
                     for u in ref["urls"] if not u["shown"]]
    problems += [f"URL printed twice: {url}" for url in state["twice"]]
    problems += [f"page break allowed inside {name}" for name in state["unbroken"]]
    if _luminance(state["text"]) > 0.18:  # contrast below 4.5:1 on white paper
        problems.append(f"text printed in a light colour ({state['text']})")
    return problems


def blank_pages(page, pdf_path: Path) -> list[str]:
    """Print the page to PDF (as "Save as PDF" does) and report sheets without any text."""
    from pypdf import PdfReader

    page.emulate_media(media="print")
    try:
        page.pdf(path=str(pdf_path), format="A4", print_background=False)
    finally:
        page.emulate_media(media="screen")
    sheets = PdfReader(str(pdf_path)).pages
    return [f"PDF page {n} of {len(sheets)} is blank"
            for n, sheet in enumerate(sheets, 1) if not sheet.extract_text().strip()]


# -- the Timeline's filter by track -----------------------------------------------------------

# What the Timeline shows now: the events a reader sees (with their tracks), the years left on
# screen without any event, the filter's options (links without JavaScript, buttons with it).
_TIMELINE_STATE = """() => {
  const seen = e => e.getClientRects().length > 0;
  const events = [...document.querySelectorAll('li.tl-event')];
  const options = [...document.querySelectorAll('.tl-filter [data-track]')];
  const status = document.querySelector('.tl-status');
  return {
    total: events.length,
    shown: events.filter(seen).map(e => ({id: e.id, tracks: [...e.classList]
      .filter(c => c.startsWith('tl-event--')).map(c => c.slice('tl-event--'.length))})),
    emptyYears: [...document.querySelectorAll('section.tl-year')]
      .filter(s => seen(s) && !events.some(e => s.contains(e) && seen(e)))
      .map(s => s.querySelector('h2') ? s.querySelector('h2').id : '?'),
    options: options.map(o => ({track: o.dataset.track, tag: o.tagName.toLowerCase(),
      text: o.innerText.trim(), pressed: o.getAttribute('aria-pressed')})),
    group: !!document.querySelector('.tl-filter [role=group][aria-labelledby]'),
    status: status ? {text: status.innerText.trim(), seen: seen(status),
      live: status.getAttribute('role') === 'status'
            || ['polite', 'assertive'].includes(status.getAttribute('aria-live'))} : null,
    hash: location.hash,
  };
}"""


def timeline_state(page) -> dict:
    return page.evaluate(_TIMELINE_STATE)


def _count(text: str) -> int | None:
    found = re.search(r"\((\d+)\)\s*$", text)
    return int(found.group(1)) if found else None


def _shown_problems(state: dict, track: str, expected: int | None, label: str) -> list[str]:
    problems = []
    other = [e["id"] for e in state["shown"] if track != "all" and track not in e["tracks"]]
    if other:
        problems.append(f"{label}: events of another alliance still shown ({len(other)}: "
                        f"{', '.join(other[:3])})")
    if expected is not None and len(state["shown"]) != expected:
        problems.append(f"{label}: {len(state['shown'])} events shown, the filter says "
                        f"{expected}")
    if state["emptyYears"]:
        problems.append(f"{label}: years shown without events: {', '.join(state['emptyYears'])}")
    return problems


def timeline_nojs_problems(page) -> list[str]:
    """Without JavaScript: each filter link shows exactly its alliance's events (as many as it
    says), hides years left empty and puts the choice in the URL; "all" shows everything."""
    state = timeline_state(page)
    links = [o for o in state["options"] if o["tag"] == "a"]
    if not links:
        return ["no filter links on the Timeline"]
    problems = []
    for option in [o for o in links if o["track"] != "all"] + \
            [o for o in links if o["track"] == "all"]:
        track, label = option["track"], f"link {option['text']!r}"
        page.click(f'.tl-filter a[data-track="{track}"]')
        state = timeline_state(page)
        expected = "#all-events" if track == "all" else f"#track-{track}"
        if state["hash"] != expected:
            problems.append(f"{label}: the URL ends in {state['hash']!r}, not {expected!r}")
        problems += _shown_problems(state, track, _count(option["text"]), label)
    return problems


_FOCUS_BEFORE_FILTER = """() => {
  const first = document.querySelector('.tl-filter [data-track]');
  const all = [...document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
    .filter(e => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length);
  const before = all.filter(e => e.compareDocumentPosition(first)
                                 & Node.DOCUMENT_POSITION_FOLLOWING);
  if (before.length) before[before.length - 1].focus();
  else document.activeElement && document.activeElement.blur();
}"""


def timeline_js_problems(page, url: str) -> list[str]:
    """With JavaScript: the filter is a labelled group of buttons (aria-pressed) reached with
    Tab and pressed with Enter or Space; each filters in place (exactly its alliance's events,
    as many as it says, empty years hidden), puts the choice in the URL's fragment and says how
    many events are shown in a live region; the URL, opened afresh, restores the choice."""
    state = timeline_state(page)
    problems: list[str] = []
    if not state["group"]:
        problems.append("the filter options are not a labelled group (role=group, "
                        "aria-labelledby)")
    options = state["options"]
    if not options:
        return problems + ["no filter options on the Timeline"]
    problems += [f"filter option {o['text']!r} is a <{o['tag']}>, not a button"
                 for o in options if o["tag"] != "button"]
    if not state["group"] and all(o["tag"] == "a" for o in options):
        return problems  # the links of the page without script: nothing to press
    pressed = [o["track"] for o in options if o["pressed"] == "true"]
    if pressed != ["all"]:
        problems.append(f"on arrival the pressed option is {pressed or 'none'}, not 'all'")
    if not state["status"] or not state["status"]["live"] or not state["status"]["seen"]:
        problems.append("no visible live region (role=status) to announce the count")
    total = state["total"]
    order = [o for o in options if o["track"] != "all"] + [o for o in options
                                                         if o["track"] == "all"]
    for presses, option in enumerate(order):
        track, label = option["track"], f"option {option['text']!r}"
        page.evaluate(_FOCUS_BEFORE_FILTER)
        for _ in range(options.index(option) + 1):
            page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.dataset.track || null")
        if focused != track:
            problems.append(f"{label}: Tab does not reach it (focus on {focused!r})")
            continue
        before = page.evaluate("() => (document.querySelector('.tl-status') || {}).innerText")
        page.keyboard.press("Enter" if presses % 2 == 0 else " ")
        if before is not None:  # a broken page never changes it: wait a bounded time
            _wait(page, "t => document.querySelector('.tl-status').innerText !== t", before,
                  CLOSE_TIMEOUT)
        state = timeline_state(page)
        now = [o["track"] for o in state["options"] if o["pressed"] == "true"]
        if now != [track]:
            problems.append(f"{label}: after pressing it, aria-pressed is true on {now}")
        expected_hash = "" if track == "all" else f"#track-{track}"
        if state["hash"] != expected_hash:
            problems.append(f"{label}: the URL ends in {state['hash']!r}, not "
                            f"{expected_hash!r}: the choice cannot be shared")
        expected = _count(option["text"])
        problems += _shown_problems(state, track, expected, label)
        status = (state["status"] or {}).get("text", "")
        if str(len(state["shown"])) not in status or (track != "all" and str(total) not in
                                                         status):
            problems.append(f"{label}: the live region says {status!r}, not the "
                            f"{len(state['shown'])} events shown of {total}")
    for option in [o for o in options if o["track"] != "all"][:1]:
        page.goto("about:blank")
        page.goto(f"{url}#track-{option['track']}", wait_until="load")
        page.wait_for_timeout(100)
        state = timeline_state(page)
        now = [o["track"] for o in state["options"] if o["pressed"] == "true"]
        if now != [option["track"]]:
            problems.append(f"the shared URL #track-{option['track']} opens with {now} pressed")
        problems += _shown_problems(state, option["track"], _count(option["text"]),
                                    f"the shared URL #track-{option['track']}")
    return problems


# -- charts --------------------------------------------------------------------------------------

# Each chart's text and bars against the page background, as drawn (computed colours, alpha
# composited over the background): text at 4.5:1 (WCAG 1.4.3), bars at 3:1 by their fill or
# their outline (1.4.11). axe-core does not check text inside SVG.
_CHART_COLOURS = """() => {
  const parse = c => {
    const m = (c || '').match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const background = e => {
    for (; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const out = [];
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const bg = background(svg);
    const id = svg.closest('figure').id;
    for (const t of svg.querySelectorAll('text'))
      out.push({chart: id, kind: 'text', what: t.textContent.slice(0, 40),
                colours: [parse(getComputedStyle(t).fill)], bg});
    for (const r of svg.querySelectorAll('rect')) {
      const s = getComputedStyle(r);
      out.push({chart: id, kind: 'bar', what: r.getAttribute('class'),
                colours: [parse(s.fill), s.stroke === 'none' ? null : parse(s.stroke)], bg});
    }
  }
  return out;
}"""


def _over(colour: list[float], bg: list[float]) -> str:
    a = colour[3]
    mixed = [round(c * a + b * (1 - a)) for c, b in zip(colour[:3], bg[:3])]
    return f"rgb({mixed[0]}, {mixed[1]}, {mixed[2]})"


def contrast_ratio(fg: str, bg: str) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def chart_contrast_problems(page) -> list[str]:
    """Chart text below 4.5:1 or bars below 3:1 against the background, in the palette in use."""
    problems = []
    found = page.evaluate(_CHART_COLOURS)
    for item in found:
        bg = _over(item["bg"], [255, 255, 255, 1])
        ratios = [contrast_ratio(_over(c, item["bg"]), bg) for c in item["colours"] if c]
        best = max(ratios, default=0)
        need = 4.5 if item["kind"] == "text" else 3.0
        if best < need:
            problems.append(f"{item['chart']}: {item['kind']} {item['what']!r} at {best:.2f}:1 "
                            f"on {bg} (needs {need}:1)")
    return problems


def wait_for_instant_navigation(page) -> None:
    """Material intercepts links (instant navigation) once it has read and parsed sitemap.xml; a
    click before that is an ordinary page load, which the callers detect with a marker set on
    the first page. (50 ms after the download was once too short on a loaded machine.)"""
    page.wait_for_function("() => performance.getEntriesByType('resource').some("
                           "e => e.name.endsWith('/sitemap.xml') && e.responseEnd > 0)")
    page.wait_for_timeout(500)


# -- section previews of in-site links (docs/assets/section-previews.js) --------------------------

# The links the issue names, by page: the Timeline's "Told in", the References' "Cited in", the
# Glossary's "Appears on", a themed page's "See the timeline" (Playwright selectors).
SECTION_LINKS = {
    "told-in": ("timeline", "article .tl-event__link a"),
    "cited-in": ("references", "article .reference__cited a"),
    "appears-on": ("glossary", "article .glossary-entry li:has-text('Appears on') a"),
    # and a themed page's link into the Timeline (an event: no heading)
    "see-the-timeline": ("autonomy", "article p a[href*='timeline/#']"),
}
SECTION_PREVIEW = "#section-preview"

# The open section preview, if a reader sees it.
_SECTION_PREVIEW_OF = """(a) => {
  const n = document.getElementById('section-preview');
  if (!n || !n.classList.contains('md-tooltip2--active') || !n.checkVisibility()
      || !(getComputedStyle(n).opacity > 0))
    return null;
  const r = n.querySelector('.md-tooltip2__inner').getBoundingClientRect();
  return {text: n.innerText.replace(/\\s+/g, ' ').trim(), top: r.top, bottom: r.bottom,
          left: r.left, right: r.right};
}"""


def section_expected(site_dir: Path, site_path: str, href: str) -> tuple[str, str]:
    """(heading, opening text) of what `href` (an absolute URL path with its fragment, under
    `site_path`, the site's own path) leads to, read from the built file with lxml: a heading
    and the first paragraph after it, or, for a place that is no heading, the heading before it
    and the paragraph or item around it. Citation markers and permalinks left out, as a reader
    sees the preview."""
    from lxml import html as lxml_html

    path, _, fragment = href.partition("#")
    relative = path[len(site_path):]
    file = site_dir / (relative + "index.html" if relative.endswith("/") or not relative
                       else relative)
    doc = lxml_html.fromstring(file.read_bytes())
    for node in doc.xpath("//sup | //*[contains(@class, 'headerlink')]"):
        node.drop_tree()
    article = doc.xpath("//article")[0]
    target = doc.get_element_by_id(fragment) if fragment else article.xpath(".//h1")[0]
    headings = "self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    if target.xpath(headings):
        heading = target
        block = next((p for p in target.itersiblings()
                      if p.tag == "p" and p.text_content().strip()), None)
    else:
        heading = target.xpath(f"preceding::*[{headings}][1]")[0]
        block = target.xpath("ancestor-or-self::*[self::p or self::li][1]")[0]
    return _norm(heading.text_content()), _norm(block.text_content()) if block is not None else ""


def section_preview_problems(page, link, mode: str, expected: tuple[str, str],
                             open_timeout: int = OPEN_TIMEOUT) -> list[str]:
    """Open the section preview of `link` (an ElementHandle) by "hover" or "focus" (the real Tab
    key) and check it as a reader would: it opens with the target's heading and the start of its
    opening text, leaves the link's line uncovered, stays while the pointer moves onto it
    (hover), leaves the link's accessible name its text and describes it (focus), and closes on
    Esc without moving focus."""
    reset(page)
    link.evaluate("a => a.scrollIntoView({block: 'center'})")
    label = f"{link.inner_text()!r} ({link.get_attribute('href')}) on {mode}"
    if mode not in ("hover", "focus"):
        raise ValueError(mode)
    if not reach(page, link, mode):
        return [f"{label}: Tab does not reach the link"]
    _wait(page, f"a => ({_SECTION_PREVIEW_OF})(a) !== null", link, open_timeout)
    preview = link.evaluate(_SECTION_PREVIEW_OF)
    if preview is None:
        return [f"{label}: no preview opens"]
    problems: list[str] = []
    heading, text = expected
    if not heading or not text:
        return [f"{label}: the target has no heading or opening text to compare {expected!r}"]
    shown = _norm(preview["text"])
    if heading not in shown or text[:60] not in shown:
        problems.append(f"{label}: the preview shows {shown[:100]!r}, not the heading "
                        f"{heading!r} and {text[:60]!r}")
    line = link.evaluate(_LINE)
    if preview["top"] < line["bottom"] - 0.5 and preview["bottom"] > line["top"] + 0.5:
        problems.append(f"{label}: the preview covers the line being read")
    if mode == "hover":
        page.mouse.move(max(preview["left"] + 5, min(line["x"], preview["right"] - 5)),
                        (preview["top"] + preview["bottom"]) / 2, steps=4)
        page.wait_for_timeout(HOVER_GRACE)
        if link.evaluate(_SECTION_PREVIEW_OF) is None:
            problems.append(f"{label}: the preview closes when the pointer moves onto it")
            link.hover()
            _wait(page, f"a => ({_SECTION_PREVIEW_OF})(a) !== null", link, OPEN_TIMEOUT)
    else:
        name, description = accessible_name_and_description(page, link)
        if name != _norm(link.inner_text()):
            problems.append(f"{label}: the accessible name is {name!r}, not the link's text")
        if heading not in description:
            problems.append(f"{label}: screen readers are not told the preview "
                            f"(description {description[:80]!r})")
    page.keyboard.press("Escape")
    if not _wait(page, f"a => ({_SECTION_PREVIEW_OF})(a) === null", link, CLOSE_TIMEOUT):
        problems.append(f"{label}: Esc does not close the preview")
    elif mode == "focus" and not link.evaluate("a => a === document.activeElement"):
        problems.append(f"{label}: Esc moved the keyboard focus")
    reset(page)
    return problems


def accessible_name_and_description(page, element) -> tuple[str, str]:
    """Chromium's accessible name and description (what screen readers read) of `element`."""
    marker = "data-ax-probe"
    element.evaluate(f"e => e.setAttribute('{marker}', '')")
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"[{marker}]"})["nodeId"]
        nodes = cdp.send("Accessibility.getPartialAXTree",
                         {"nodeId": node, "fetchRelatives": False})["nodes"]
        found = nodes[0] if nodes else {}
        return (_norm(str(found.get("name", {}).get("value", ""))),
                _norm(str(found.get("description", {}).get("value", ""))))
    finally:
        cdp.detach()
        element.evaluate(f"e => e.removeAttribute('{marker}')")


def tap_problems(page, link) -> list[str]:
    """A tap on `link` (touch context) follows it, with no preview in the way."""
    href = link.evaluate("a => a.href")
    link.evaluate("a => a.scrollIntoView({block: 'center'})")
    link.tap()
    try:
        page.wait_for_url(href, timeout=OPEN_TIMEOUT)
    except Exception:  # playwright's TimeoutError
        shown = page.evaluate("() => !!document.getElementById('section-preview')")
        return [f"{link.inner_text()!r}: a tap does not follow the link to {href}"
                + (" (a preview opened instead)" if shown else "")]
    return []


def early_request_problems(page, url: str) -> list[str]:
    """Load `url` and wait for the network to settle, touching nothing: any request for another
    page of the site, its sitemap or the previews' code is fetched before the reader asked."""
    seen: list[str] = []
    page.goto("about:blank")
    page.mouse.move(1, 1)  # nothing under the pointer

    def record(request) -> None:
        seen.append(request.url)

    page.on("request", record)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
    finally:
        page.remove_listener("request", record)
    own = urlsplit(url).path
    early = []
    for request in seen:
        path = urlsplit(request).path
        if ((path.endswith(("/", ".html")) and path != own)
                or path.endswith(("/sitemap.xml", "/section-previews.js"))):
            early.append(f"{path} requested before any hover or focus")
    return early
