"""`python -m tools.i18n check`: what a translation must not change, one line per problem,
`i18n/ko/trade.po:LINE: problem. what to do` (LINE: the unit's msgid).

Only translated units are checked: a fuzzy or untranslated one is shown in English, marked
(hooks/i18n.py), so an English change never blocks anyone. Per unit: the same multiset of
`[@key]` citation keys; the same numbers in value (English "923 million" = ko "9억 2,300만" = ja
"9億2300万"; month names count as their numbers; a number up to 10 only in the translation is
let through, as English writes small counts in words, but every other value must be the
English's and every English value must be there); the same link placeholders `{1}`, `**`,
backticks, HTML tags and comments, admonition header (its title aside), front matter keys (and
valid YAML); as many quotations (ko “…”, ja 「…」) as the English "…" (they are paired by order);
every glossary term the English unit uses present in the language's name for it (glossary.po).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from translate.storage import po

from explainer.i18n import label_problem
from tools.i18n.catalogs import ALIAS_JOIN, DATA_FILES, SITE, Project
from tools.i18n.render import QUOTES, TAG, english_quotations, front_matter_ok

# Data -------------------------------------------------------------------------------------------

CITATION = re.compile(r"\[(?:[^\]\[]*?)@[^\]]*\]")
KEY = re.compile(r"@([\w:.\-/]+)")
PLACEHOLDER = re.compile(r"\{\d+\}")
COMMENT = re.compile(r"<!--.*?-->", re.S)
ADMONITION = re.compile(r'^(!!!|\?\?\?\+?)\s+([\w\- ]+?)\s*(?:"[^"]*")?\s*$')
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), 1)}
WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
WORDS.update(thirty=30, forty=40, fifty=50, sixty=60, seventy=70, eighty=80, ninety=90)
SCALE_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_CJK = {"천": 1e3, "千": 1e3, "만": 1e4, "万": 1e4, "억": 1e8, "億": 1e8, "조": 1e12, "兆": 1e12}
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
EN_NUMBER = re.compile(rf"({NUMBER})?(?:\s*\b({'|'.join(SCALE_EN)})\b)?"
                       rf"|\b([A-Z](?:{'|'.join(m[1:] for m in MONTHS)}))\b"  # a month: capital
                       rf"|\b((?i:{'|'.join(WORDS)}))\b")
CJK_GROUP = re.compile(rf"(?:{NUMBER}\s*[{''.join(SCALE_CJK)}]\s*)+(?:{NUMBER}(?![\d.]))?"
                       rf"|{NUMBER}")
CJK_PART = re.compile(rf"({NUMBER})\s*([{''.join(SCALE_CJK)}])?")
SMALL = 10
NAMES = {"term", "aliases", "full_name"}


def _value(number: float) -> float:
    """Nine significant digits: 676 × 10⁸ and 67.6 × 10⁹ are one value."""
    return float(f"{number:.9g}")


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def english_numbers(text: str) -> Counter:
    found = Counter()
    for number, scale, month, word in EN_NUMBER.findall(_strip(text)):
        if month and month.lower() in MONTHS:
            found[float(MONTHS[month.lower()])] += 1
        elif word and WORDS[word.lower()] > SMALL:  # "two" may stay a word (두 가지, 二つ)
            found[float(WORDS[word.lower()])] += 1
        elif number or scale:
            value = _num(number) if number else 1
            found[_value(value * SCALE_EN.get(scale.lower(), 1))] += 1
    return found


def translated_numbers(text: str) -> Counter:
    found = Counter()
    for group in CJK_GROUP.findall(_strip(text)):
        total = sum(_num(n) * SCALE_CJK.get(unit, 1) for n, unit in CJK_PART.findall(group))
        found[_value(total)] += 1
    return found


def _strip(text: str) -> str:
    """Text without what holds digits but is no number of the prose: citation keys, HTML
    comments and tags, placeholders."""
    return PLACEHOLDER.sub(" ", TAG.sub(" ", COMMENT.sub(" ", CITATION.sub(" ", text))))


def keys(text: str) -> Counter:
    return Counter(k for c in CITATION.findall(text) for k in KEY.findall(c))


def markup(text: str) -> Counter:
    """The markup that must survive translation, counted."""
    found = Counter(PLACEHOLDER.findall(text))
    found["**"] = text.count("**") // 2 * 2
    found["`"] = text.count("`")
    found.update(f"<{m.group(1).lower()}>" for m in re.finditer(r"</?\s*([a-zA-Z][\w-]*)", text))
    found.update(COMMENT.findall(text))
    return +found


# Checks -----------------------------------------------------------------------------------------


def glossary_names(project: Project, lang: str) -> list[tuple[re.Pattern, list[str]]]:
    """(English forms of a term as one pattern, the language's forms) of every term whose
    name is translated."""
    path = project.catalog(lang, "glossary")
    if not path.exists():
        return []
    english: dict[str, list[str]] = {}
    translated: dict[str, list[str]] = {}
    for unit in po.pofile.parsefile(str(path)).units:
        if unit.isheader() or unit.isobsolete():
            continue
        ident, _, field = (unit.getcontext() or "").partition("|")
        if field in ("term", "aliases"):
            english.setdefault(ident, []).extend(unit.source.split(ALIAS_JOIN))
            if unit.istranslated():
                translated.setdefault(ident, []).extend(
                    f.strip() for f in re.split(r";", unit.target) if f.strip())
    result = []
    for ident, names in translated.items():
        forms = sorted(english[ident], key=len, reverse=True)
        # Not inside a compound joined by a hyphen or dash: "US–ROK" may become 한미 / 米韓.
        pattern = re.compile(r"(?<![\w\-–])(?:" + "|".join(map(re.escape, forms))
                             + r")(?![\w\-–])")
        result.append((pattern, names))
    return result


def unit_problems(source: str, target: str, lang: str,
                  terms: list[tuple[re.Pattern, list[str]]],
                  absorbed: frozenset[str] = frozenset()) -> list[str]:
    """Each problem of one translated unit: 'problem. fix'. `absorbed`: English term forms the
    translator's comment says the translation renders inside another word (`# absorbs: ROK`
    for 주한미군, "US forces in the ROK"), which the glossary then does not mark."""
    problems = []
    if source.startswith("---"):
        if not front_matter_ok(target):
            return ["the front matter is not valid YAML. Keep `---`, `description: ` and the "
                    "fences as in the msgid; no `: ` or straight `\"` in the sentence"]
        if set(yaml.safe_load(target.strip().strip("-"))) != \
                set(yaml.safe_load(source.strip().strip("-"))):
            return ["the front matter's keys differ from the English. Keep the keys as they are"]
        return []
    header = ADMONITION.match(source)
    if header:
        ok = ADMONITION.match(target)
        if not ok or ok.group(1, 2) != header.group(1, 2):
            problems.append(f"the admonition header must stay `{header[1]} {header[2]}` with "
                            "only its title translated. Copy it from the msgid")
        return problems
    if keys(source) != keys(target):
        missing, extra = keys(source) - keys(target), keys(target) - keys(source)
        detail = "; ".join(filter(None, [
            missing and "missing " + ", ".join(f"@{k}" for k in missing.elements()),
            extra and "not in the English " + ", ".join(f"@{k}" for k in extra.elements())]))
        problems.append(f"citation keys differ from the English ({detail}). Keep every "
                        "[@key] exactly as in the msgid")
    en, tr = english_numbers(source), translated_numbers(target)
    missing = sorted(set(en) - set(tr))
    extra = sorted(v for v in set(tr) - set(en) if v > SMALL or v != int(v))
    if missing or extra:
        def show(values):
            return ", ".join(f"{v:g}" if v < 1e6 else f"{v:,.0f}" for v in values)
        detail = "; ".join(filter(None, [missing and f"missing {show(missing)}",
                                         extra and f"not in the English {show(extra)}"]))
        problems.append(f"numbers differ from the English ({detail}). Keep every value: "
                        "Arabic digits, the same amounts, years, dates and percentages")
    if markup(source) != markup(target):
        diff = (markup(source) - markup(target)) + (markup(target) - markup(source))
        problems.append(f"markup differs from the English ({', '.join(sorted(diff))}). Keep "
                        "placeholders like {1}, **, backticks, HTML tags and comments as in "
                        "the msgid")
    if lang in QUOTES:
        count, found = len(english_quotations(source)), len(QUOTES[lang].findall(target))
        if count != found:
            problems.append(f"{found} quotation(s) where the English has {count}. Render each "
                            "English quotation as exactly one, in the same order")
    for pattern, names in terms:
        used = pattern.search(source)
        if used and used[0] not in absorbed and not any(n.casefold() in target.casefold()
                                              for n in names):
            problems.append(f"the glossary term {used[0]!r} is not rendered as its name "
                            f"({' / '.join(names)}). Use the glossary's form, or say in a "
                            f"translator's comment `# absorbs: {used[0]}` where a word of yours "
                            "holds it")
    return problems


def absorbed(unit) -> frozenset[str]:
    """The term forms a translator's comment (`# absorbs: ROK, Moon`) says the unit renders
    inside another word."""
    forms = set()
    for line in (unit.getnotes("translator") or "").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "absorbs":
            forms.update(f.strip() for f in value.split(",") if f.strip())
    return frozenset(forms)


def msgid_lines(path: Path) -> list[int]:
    """The line of each entry's msgid, in file order (obsolete entries aside)."""
    return [i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if text.startswith("msgid ")]


def check(project: Project, langs: list[str]) -> list[str]:
    """Every problem of the languages' translated units, one line each."""
    problems = []
    data = {Path(name).stem for name in DATA_FILES}
    for lang in langs:
        terms = glossary_names(project, lang)
        for path in sorted((project.i18n / lang).glob("*.po")):
            units = [u for u in po.pofile.parsefile(str(path)).units if not u.isobsolete()]
            rel = path.relative_to(project.root).as_posix()
            for unit, lineno in zip(units, msgid_lines(path)):
                if unit.isheader() or not unit.istranslated():
                    continue
                use = [] if path.stem in data else terms
                field = (unit.getcontext() or "").rpartition("|")[2]
                found = unit_problems(unit.source, unit.target, lang, use, absorbed(unit))
                # A name's digits are its own ("TPP11", "主要20カ国"); a unit's number is its
                # {value} ("million": 백만 달러, 百万ドル).
                if field in NAMES or (path.stem == SITE and unit.getcontext() == "unit"):
                    found = [p for p in found if not p.startswith("numbers")]
                if path.stem == SITE:
                    # the build's own rule (explainer.i18n.read_labels), here for every unit
                    found += filter(None, [label_problem(unit.source, unit.target,
                                                         unit.getcontext() or "")])
                problems += [f"{rel}:{lineno}: {p}" for p in found]
    return problems
