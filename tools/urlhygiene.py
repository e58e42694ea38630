"""Offline checks of external URLs: what can be known about an address without a network.

The article's URLs came out of a PDF, which leaves tell-tale damage: a space where a line broke
("w paper"), words glued where a hyphen was lost ("natoallies"), "U.S." where the path had "us",
and punctuation swallowed from the sentence. None of that needs a request to see, so
`make test` catches it before review. Whether the address answers is the online mode's job
(`tools.linkcheck_online`).

`https where the site offers it` cannot be observed offline, so it is a rule with recorded
exceptions: an `http://` URL fails unless linkcheck.yml lists it under `http_allowed` with the
reason a person found (for example "host refuses TLS, checked 2026-11-28").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml
from publicsuffixlist import PublicSuffixList

from explainer.datafile import YamlData, line
from explainer.errors import SourceError

# Data -------------------------------------------------------------------------------------------

RULES_FILE = "linkcheck.yml"
RULES_FIX = f"Fix {RULES_FILE} (tests/README.md, 'Link checks')"
# Characters RFC 3986 never allows unencoded in a URL.
_UNSAFE = set('"<>\\^`{|}')
# Query keys and fragments that only track the reader: they make two addresses of one page.
_TRACKING_KEYS = {"fbclid", "gclid", "dclid", "gclsrc", "mc_cid", "mc_eid", "igshid", "yclid",
                  "_ga", "_gl", "msclkid", "smid", "cmpid"}
_TRACKING_FRAGMENT = re.compile(r"^(?:ixzz\w+|\.[A-Za-z0-9_-]{8,}|xtor=.*|utm_.*)$")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_TOKEN_SPLIT = re.compile(r"[/\-_.?=&+,;:~%]+")
_WORD = re.compile(r"[a-z0-9]+")
_TRAILING_JUNK = ".,;:)]}'\"-"
# A glued token must be this long before it is worth suspecting (short words glue innocently).
_MIN_GLUED = 6


@dataclass(frozen=True)
class Occurrence:
    """One place an external URL comes from: a page of the built site or a refs.bib entry."""

    url: str
    source: str  # "trade/index.html" or "refs.bib:72 [macaskill2018nato]"
    context: str = ""  # words the URL's slug should echo: the entry's title or the link text


@dataclass(frozen=True)
class UrlProblem:
    """A failing URL, every place it comes from, and why: printed as one line."""

    url: str
    sources: tuple[str, ...]
    why: str

    def __str__(self) -> str:
        return f"{', '.join(self.sources)}: {self.url}: {self.why}"


@dataclass
class Rules:
    """What linkcheck.yml allows and knows (see that file)."""

    http_allowed: dict[str, str] = field(default_factory=dict)  # url -> reason
    glued_words: dict[str, str] = field(default_factory=dict)  # glued -> correct form


# Helper functions: the rules file ---------------------------------------------------------------

def load_rules(path: Path) -> Rules:
    """Read linkcheck.yml; raise SourceError at the line of the first bad entry.

    A missing file means no exceptions, which is the strictest reading.
    """
    rules, name = Rules(), path.name
    if not path.exists():
        return rules
    with YamlData(path.read_text(encoding="utf-8"), name, fix=RULES_FIX) as data:
        if data.root is None:
            return rules
        if not isinstance(data.root, yaml.MappingNode):
            raise SourceError(name, line(data.root), "expected a mapping of sections", RULES_FIX)
        data.construct(data.root, name)  # a key given twice anywhere fails, at its line
        sections = data.fields(data.root, ("http_allowed", "glued_words"), first="http_allowed")
    allowed, glued = sections.get("http_allowed"), sections.get("glued_words")
    if allowed and allowed.value is not None:
        if not isinstance(allowed.value, list):
            raise SourceError(name, allowed.line, "http_allowed must be a list", RULES_FIX)
        for node, item in zip(allowed.node.value, allowed.value):
            item = item if isinstance(item, dict) else {}
            url, reason = str(item.get("url") or ""), str(item.get("reason") or "").strip()
            if not url.startswith("http://"):
                raise SourceError(name, line(node), "http_allowed entry needs 'url: http://...'",
                                  RULES_FIX)
            if not reason:
                raise SourceError(name, line(node), f"http_allowed entry {url} has no reason",
                                  "Say why https cannot be used, and when you checked")
            rules.http_allowed[url] = reason
    if glued and glued.value is not None:
        if not isinstance(glued.value, dict):
            raise SourceError(name, glued.line, "glued_words must be a mapping "
                              "'gluedwords: glued-words'", RULES_FIX)
        for (node, _), (bad, good) in zip(glued.node.value, glued.value.items()):
            bad, good = str(bad).lower(), str(good).lower()
            if not bad or re.sub(r"[-_ ]", "", good) != bad or good == bad:
                raise SourceError(name, line(node), f"glued word '{bad}' must map to the same "
                                  f"letters with separators, not '{good}'", RULES_FIX)
            rules.glued_words[bad] = good
    return rules


# Helper functions: one URL ----------------------------------------------------------------------

def url_problems(url: str, rules: Rules, context: str = "") -> list[str]:
    """Why `url` is not a clean absolute web address (empty list: it is)."""
    for char in url:
        if char.isspace():
            return ["contains a space: a line break of the PDF extraction? Remove it"]
        if ord(char) < 32 or ord(char) == 127:
            return [f"contains the control character U+{ord(char):04X}"]
    if url.startswith("//"):
        return ["protocol-relative: write https:// in full"]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return [f"cannot be parsed ({exc})"]
    if parts.scheme.lower() not in ("http", "https"):
        return [f"not a web address (scheme '{parts.scheme}')" if parts.scheme
                else "not an absolute address: write https://host/path"]
    host = parts.hostname or ""
    why = _host_problem(host, parts.netloc)
    if why:
        return [why]
    problems: list[str] = []
    if port is not None and port in (80, 443):
        problems.append(f"names the default port {port}: remove it")
    unsafe = sorted({c for c in url if c in _UNSAFE or ord(c) > 126})
    if unsafe:
        problems.append(f"character(s) {' '.join(unsafe)} must be percent-encoded")
    if _BAD_ESCAPE.search(url):
        problems.append("has a '%' that starts no percent-escape")
    if url[-1] in _TRAILING_JUNK:
        problems.append(f"ends with '{url[-1]}': punctuation of the sentence swallowed?")
    if parts.scheme.lower() == "http" and url not in rules.http_allowed:
        problems.append(f"uses http: write https, or list it under http_allowed in "
                        f"{RULES_FILE} with the reason https is impossible")
    for abbreviation in sorted(set(_ABBREVIATION.findall(parts.path))):
        plain = abbreviation.replace(".", "").lower()
        problems.append(f"'{abbreviation}' in the path: the real address has '{plain}' "
                        "(PDF extraction)")
    problems.extend(_tracking(parts.query, parts.fragment))
    problems.extend(_glued(parts.path, rules, context))
    return problems


def _host_problem(host: str, netloc: str) -> str:
    if not host:
        return "has no host"
    if "@" in netloc:
        return "carries a user name or password"
    if _IPV4.match(host) or host.startswith("["):
        return ""
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return f"host '{host}' is not a valid domain name"
    if _suffix_list().publicsuffix(labels[-1]) is None:
        return (f"host '{host}' ends in '.{labels[-1]}', which is no top-level domain (not on the "
                "Public Suffix List): a file name in place of the host? Check the address")
    return ""


@functools.cache
def _suffix_list() -> PublicSuffixList:
    """The Public Suffix List as the `publicsuffixlist` wheel ships it (nothing is downloaded);
    accept_unknown=False: a top-level domain it does not list is no match."""
    return PublicSuffixList(accept_unknown=False)


def _tracking(query: str, fragment: str) -> list[str]:
    keys = [k for k, _ in parse_qsl(query, keep_blank_values=True)]
    found = [k for k in keys if k.lower().startswith("utm_") or k.lower() in _TRACKING_KEYS]
    problems = [f"tracking parameter '{k}': remove it" for k in found]
    if fragment and _TRACKING_FRAGMENT.match(fragment):
        problems.append(f"tracking fragment '#{fragment}': remove it")
    return problems


def _glued(path: str, rules: Rules, context: str) -> list[str]:
    """Tokens of the path that are two or three words of the context run together."""
    words = _WORD.findall(context.lower().replace("'", "").replace("\u2019", ""))
    joined: dict[str, str] = {}
    for size in (2, 3):
        for i in range(len(words) - size + 1):
            run = words[i:i + size]
            if all(len(w) >= 2 for w in run):
                joined.setdefault("".join(run), " ".join(run))
    problems = []
    seen: set[str] = set()
    for token in _TOKEN_SPLIT.split(path.lower()):
        if token in seen or not token:
            continue
        seen.add(token)
        if token in rules.glued_words:
            problems.append(f"glued words '{token}': the real address has "
                            f"'{rules.glued_words[token]}' (PDF extraction)")
        elif len(token) >= _MIN_GLUED and token in joined and token not in words:
            problems.append(f"glued words '{token}': the title reads '{joined[token]}'; "
                            "the real address probably separates them with '-'")
    return problems


# Helper functions: all URLs together ------------------------------------------------------------

def dedupe_key(url: str) -> str:
    """The address with every trivial difference removed (scheme, host case, www, trailing
    slash, index.html, default port, tracking parameters and fragments)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = parts.path.removesuffix("index.html").rstrip("/")
    query = "&".join(f"{k}={v}" for k, v in parse_qsl(parts.query, keep_blank_values=True)
                     if not (k.lower().startswith("utm_") or k.lower() in _TRACKING_KEYS))
    fragment = "" if _TRACKING_FRAGMENT.match(parts.fragment or "x") else parts.fragment
    return f"{host}{path}?{query}#{fragment}"


def _differences(a: str, b: str) -> str:
    """Name what separates two addresses with the same `dedupe_key`."""
    pa, pb = urlsplit(a), urlsplit(b)
    ha, hb = pa.netloc, pb.netloc
    diffs = []
    if pa.scheme.lower() != pb.scheme.lower():
        diffs.append("http/https")
    if ha.lower().startswith("www.") != hb.lower().startswith("www."):
        diffs.append("www.")
    if ha.lower().removeprefix("www.") == hb.lower().removeprefix("www.") and \
            ha.removeprefix("www.") != hb.removeprefix("www."):
        diffs.append("the case of the host")
    if pa.path != pb.path:
        diffs.append("a trailing slash or index.html")
    if pa.query != pb.query or pa.fragment != pb.fragment:
        diffs.append("tracking parameters")
    return ", ".join(diffs) or "trivial details"


def check_urls(occurrences: list[Occurrence], rules: Rules) -> list[UrlProblem]:
    """Every problem of every URL, one per URL and reason, with all the places it comes from.

    Besides each URL on its own, the whole set is checked for the same address written two
    ways, and for two refs.bib entries sharing one URL (one source under two keys).
    """
    sources: dict[str, list[str]] = defaultdict(list)
    contexts: dict[str, str] = {}
    for occ in occurrences:
        if occ.source not in sources[occ.url]:
            sources[occ.url].append(occ.source)
        if occ.context and occ.url not in contexts:
            contexts[occ.url] = occ.context
    problems: list[UrlProblem] = []
    for url, where in sources.items():
        for why in url_problems(url, rules, contexts.get(url, "")):
            problems.append(UrlProblem(url, tuple(where), why))
    problems.extend(_sibling_glue(sources, rules))
    by_key: dict[str, list[str]] = defaultdict(list)
    for url in sources:
        by_key[dedupe_key(url)].append(url)
    for variants in by_key.values():
        first = variants[0]
        for other in variants[1:]:
            problems.append(UrlProblem(other, tuple(sources[other]), f"same address as {first} "
                                       f"({', '.join(sources[first])}) but for "
                                       f"{_differences(first, other)}: write it one way"))
    for url, where in sources.items():
        entries = [s for s in where if s.startswith("refs.bib")]
        if len(entries) > 1:
            problems.append(UrlProblem(url, tuple(entries), "one URL in several refs.bib "
                                       "entries: one source under two keys? Merge them"))
    return sorted(problems, key=lambda p: (p.sources, p.url, p.why))


def _sibling_glue(sources: dict[str, list[str]], rules: Rules) -> list[UrlProblem]:
    """'pressoffice' in one URL where another URL of the same host has 'press-office'."""
    separated: dict[str, dict[str, str]] = defaultdict(dict)  # host -> glued -> separated
    for url in sources:
        try:
            parts = urlsplit(url)
        except ValueError:  # reported as malformed by the per-URL rules
            continue
        for segment in parts.path.split("/"):
            words = [w for w in re.split(r"[-_]", segment.lower()) if w]
            for size in (2, 3):
                for i in range(len(words) - size + 1):
                    run = words[i:i + size]
                    if len("".join(run)) >= _MIN_GLUED:
                        separated[parts.hostname or ""]["".join(run)] = "-".join(run)
    problems = []
    for url, where in sources.items():
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        known = separated.get(parts.hostname or "", {})
        for token in sorted(set(_TOKEN_SPLIT.split(parts.path.lower()))):
            if token in known and token not in rules.glued_words:
                problems.append(UrlProblem(url, tuple(where), f"glued words '{token}': other "
                                           f"addresses on this host write '{known[token]}'"))
    return problems
