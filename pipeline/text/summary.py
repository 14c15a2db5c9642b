"""Extractive summary, key points and a headline for untitled articles.

Everything is taken from the article's own sentences, in its own language:
there is no translation and no model. The summary is the lead (news articles
put the essentials first); key points are the best-scoring other sentences,
scored by frequent content words, overlap with the title, figures, names and
position, then returned in article order.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .segment import is_cjk, split_sentences

KEY_POINT_MAX = 250
"""Longest key point; longer sentences are trimmed at a word boundary with "…"."""

MIN_KEY_POINTS = 3
NEAR_DUPLICATE = 0.6
"""Share of common terms above which two sentences say the same thing."""

_ELLIPSIS = "…"
_TERMINAL = ".!?…。！？｡"
_TRAILING = " \t.,;:!?…。！？｡、，；：-–—·"
_QUOTE_START = "\"'“”„«»‹›「『‘’–—-"
_WORD = re.compile(r"[^\W\d_]+")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_IN_CJK = re.compile(r"[A-Za-z][A-Za-z0-9&.-]+")
_CAPITALISED = re.compile(r"(?<=\s)[A-ZÀ-ÞĀ-ŽА-ЯЁЄІЇҐ][\w'’.-]+")
_KATAKANA_NAME = re.compile(r"[\u30a0-\u30ff]{3,}")
_FIGURE = re.compile(
    r"\d[\d.,\s]*\s?(?:%|％|proc|prozent|percent|per cent|por cento|per cento|відсот|процент"
    r"|mln|mld|mio|mrd|million|billion|milion|miliard|mili|bilh|млн|млрд|тис"
    r"|億|万|兆|元|円|ドル|美元|zł|грн|euro|dolar|dollar|real|reais)"
    r"|[$€£¥₴]\s?\d|R\$\s?\d",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"[?？][\"'”’“»」』）)]*$")
_CLAUSE_END = re.compile(r"(?:[,;:、，；：]|\s[–—]|\.(?=\s\w))\s*")
# "Glosa AI, a Warsaw-based start-up that …, has raised …": a long appositive after
# a short subject, which a headline leaves out.
_APPOSITIVE = re.compile(r"^([^,]{2,40}), ([^,]{25,}?), (?=\w)")

# Hedging lead-ins a headline does without: "Wygląda na to, że …" → "…".
_HEDGES = re.compile(
    r"^(?:"
    r"it (?:seems|appears|looks)(?: like| as if)?(?: that)?|apparently|reportedly|allegedly"
    r"|according to (?:reports|sources|media reports)(?: [^,]{0,40})?"
    r"|wygląda na to,? że|wydaje się,? że|okazuje się,? że|jak się okazuje|podobno"
    r"|według (?:doniesień|mediów|źródeł|nieoficjalnych informacji)(?: [^,]{0,40})?"
    r"|es scheint,? dass|es sieht so aus,? als ob|berichten zufolge"
    r"|sembra che|pare che|a quanto pare|secondo indiscrezioni"
    r"|parece que|ao que parece|al parecer|aparentemente|segundo relatos|según informes"
    r"|il semble qu(?:e|')|il semblerait qu(?:e|')|apparemment"
    r"|схоже,? що|здається,? що|як виявилося|похоже,? что|судя по всему|кажется,? что"
    r")[\s,:]+",
    re.IGNORECASE,
)
_CJK_LEAD_INS = re.compile(
    r"^(?:[^、，。]{0,30}[、，]\s*\d{1,2}月\d{1,2}日(?:[（(][^）)]{0,30}[）)])?[、，]?)?"
    r"(?:\d{1,2}月\d{1,2}日[、，])?"
    r"(?:[^、，。「」]{0,40}?(?:によると|によれば)、|据[^，。]{0,20}(?:报道|消息|透露)，"
    r"|据悉，|据了解，|消息人士称，)?"
)
# An agency dateline opening the first paragraph: "WARSAW, March 12 (Reuters) - ",
# "financial ap通信、9月4日(編集者liu rui)". It dates the story; it is not its lead.
_DATELINE_OPENER = re.compile(
    r"^(?:[^、，。「」\n]{1,30}[、，]\s*\d{1,2}月\d{1,2}日(?:\s*[（(][^）)]{0,30}[）)])?[、，]?"
    r"|[A-ZÀ-ÞĀ-ŽА-ЯЁЄІЇҐ][\w'’.-]*(?:[ /-][A-ZÀ-ÞĀ-ŽА-ЯЁЄІЇҐ][\w'’.-]*){0,3},?\s"
    r"(?:[^\W\d]+\.?\s\d{1,2}|\d{1,2}\.?\s[^\W\d]+\.?)(?:,?\s\d{4})?"
    r"(?:\s\([^)]{1,30}\))?\s[-–—]\s)"
)
# A trailing attribution a headline leaves out: ", the company said on Wednesday".
_ATTRIBUTION = re.compile(
    r"(?:,|\s[–—])\s[^,–—]{0,30}\b(?:said|says|announced|reported|told \w+|poinformował\w*"
    r"|przekazał\w*|podał\w*|sagte|teilte \w+ mit|berichtete|ha (?:detto|annunciato|comunicato)"
    r"|disse|afirmou|informou|anunciou|заяви\w*|повідоми\w*|сообщи\w*)\b[^,–—]{0,30}$",
    re.IGNORECASE,
)
_JA_TOPIC = re.compile(r"^(.{2,40}?)は(?:\d{1,2}日)?、")
_JA_HEARSAY = re.compile(r"(?:だという|という|とのことだ|とのこと|そうだ|ようだ)$")
_JA_PARTICLE = re.compile(r"[はがをにでとのもへ]$")


@dataclass
class _Sentence:
    text: str
    position: int
    paragraph: int
    terms: frozenset[str]
    usable: bool


def summarise(
    body: list[str],
    language: str,
    max_chars: int = 400,
    points: int = 5,
    title: str | None = None,
) -> tuple[str, list[str]]:
    """Return ``(summary, key_points)`` for the cleaned paragraphs ``body``.

    The summary is the lead: whole sentences from the start up to ``max_chars``
    (a lead sentence longer than that is trimmed at a word boundary). Key points
    are up to ``points`` distinct sentences in article order, at least three
    whenever the article has three usable sentences. For Chinese and Japanese
    both lengths are halved: a CJK character is as wide as two Latin ones.
    """
    cjk = is_cjk(language, "".join(body[:3]))
    body = [strip_dateline_opener(body[0]), *body[1:]] if body else body
    # A CJK character is as wide as two Latin ones and says about as much as a word.
    budget, point_max = (max_chars // 2, KEY_POINT_MAX // 2) if cjk else (max_chars, KEY_POINT_MAX)
    sentences = _sentences(body, language, cjk)
    summary_parts = _lead(sentences, budget, cjk) or sentences[:1]
    summary = ("" if cjk else " ").join(s.text for s in summary_parts)
    if summary_parts and len(summary) > budget:
        summary = trim(summary, budget, cjk)
    in_summary = {s.position for s in summary_parts}
    chosen = _key_points(sentences, points, title, in_summary, cjk, point_max)
    return summary, [trim(s.text, point_max, cjk) for s in chosen]


def strip_dateline_opener(paragraph: str) -> str:
    """The first paragraph without an agency dateline in front of its first sentence."""
    stripped = _DATELINE_OPENER.sub("", paragraph, count=1).lstrip()
    return stripped if len(stripped) >= 20 else paragraph


def headline_from_lead(body: list[str], language: str, max_chars: int = 120) -> str:
    """A headline for an article without a title line, made from its first sentence.

    Hedging lead-ins ("It seems that", "Wygląda na to, że", "関係者によると") and
    CJK datelines are dropped; a long sentence is cut at a clause boundary, or at
    a word boundary before a short function word. Returns "" for an empty body.
    """
    lang = language.split("-")[0].lower()
    cjk = is_cjk(language, "".join(body[:3]))
    limit = max(20, max_chars * 2 // 3) if cjk else max_chars
    lead = _headline_source(body, language, cjk, limit)
    if not lead:
        return ""
    if _looks_like_subhead(lead, cjk) and len(lead) <= limit:
        return lead.rstrip(_TRAILING)
    text = _drop_lead_ins(lead, lang, cjk).rstrip(_TRAILING)
    text = _ATTRIBUTION.sub("", text) or text
    if lang == "ja":
        text = _JA_HEARSAY.sub("", text)
    if len(text) > limit and not cjk:
        text = _APPOSITIVE.sub(r"\1 ", text, count=1)
    if len(text) > limit:
        text = _cut_headline(text, limit, cjk)
    if lang == "ja":
        text = _JA_PARTICLE.sub("", text)
    return _close_brackets(text).strip().rstrip(_TRAILING)


def _headline_source(body: list[str], language: str, cjk: bool, limit: int) -> str:
    """The first line that reads as a title, or else the first real sentence.

    A short first line without a full stop is probably the title the splitter
    missed; a one- or two-word label ("Analysis") is skipped.
    """
    paragraphs = [p.strip() for p in body if p.strip()]
    for paragraph in paragraphs[:3]:
        long_enough = len(paragraph) >= 8 if cjk else len(paragraph.split()) >= 3
        if _looks_like_subhead(paragraph, cjk) and len(paragraph) <= limit:
            if long_enough:
                return paragraph
            continue
        sentences = split_sentences(paragraph, language)
        return next((s for s in sentences if len(s) >= (10 if cjk else 25)), sentences[0])
    return paragraphs[0] if paragraphs else ""


def trim(text: str, limit: int, cjk: bool = False) -> str:
    """Shorten ``text`` to at most ``limit`` characters, ending in "…".

    Latin and Cyrillic text is cut at a word boundary; CJK text at a clause mark
    in the second half, else anywhere.
    """
    if len(text) <= limit:
        return text
    room = limit - 1
    if cjk:
        cut = max(text.rfind(c, 0, room) for c in "、，；：")
        head = text[: cut if cut > room // 2 else room]
    else:
        space = text.rfind(" ", 0, room + 1)
        head = text[: space if space > room // 2 else room]
    return head.rstrip(_TRAILING) + _ELLIPSIS


def _sentences(body: list[str], language: str, cjk: bool) -> list[_Sentence]:
    """All sentences of the body, with their terms and whether they can be a key point."""
    result: list[_Sentence] = []
    for index, paragraph in enumerate(body):
        parts = split_sentences(paragraph, language)
        subhead = len(parts) == 1 and _looks_like_subhead(parts[0], cjk)
        for text in parts:
            usable = not subhead and _is_statement(text, cjk)
            result.append(_Sentence(text, len(result), index, _terms(text, cjk), usable))
    return result


def _looks_like_subhead(text: str, cjk: bool) -> bool:
    """A short line without a full stop: a subheading or label, not a statement."""
    short = len(text) < (40 if cjk else 100)
    return short and text.rstrip("\"'”’»」』）) ")[-1:] not in _TERMINAL


def _is_statement(text: str, cjk: bool) -> bool:
    """Long enough, not a question, and not a bare quotation."""
    if cjk:
        if len(text) < 15:
            return False
    elif len(text) < 40 or len(text.split()) < 6:
        return False
    return not _QUESTION_END.search(text) and text[0] not in _QUOTE_START


def _terms(text: str, cjk: bool) -> frozenset[str]:
    """Content terms: 6-letter word prefixes (a cheap stemmer for inflected languages),
    or character bigrams for CJK, plus Latin-script words inside CJK text."""
    if cjk:
        grams = {run[i : i + 2] for run in _CJK_RUN.findall(text) for i in range(len(run) - 1)}
        grams.update(w.lower() for w in _LATIN_IN_CJK.findall(text))
        return frozenset(grams)
    return frozenset(w[:6] for w in _WORD.findall(text.lower()) if len(w) >= 4)


def _lead(sentences: list[_Sentence], max_chars: int, cjk: bool) -> list[_Sentence]:
    """Whole sentences from the start up to ``max_chars``; skips subheads and fragments."""
    lead: list[_Sentence] = []
    size = 0
    for sentence in sentences:
        if not (sentence.usable or _is_lead_worthy(sentence, cjk)):
            continue
        extra = len(sentence.text) + (0 if cjk or not lead else 1)
        if lead and size + extra > max_chars:
            break
        lead.append(sentence)
        size += extra
        if size >= max_chars:
            break
    return lead


def _is_lead_worthy(sentence: _Sentence, cjk: bool) -> bool:
    """A lead sentence may be a quotation, but must still be a real sentence."""
    text = sentence.text
    long_enough = len(text) >= (15 if cjk else 40)
    return long_enough and not _looks_like_subhead(text, cjk) and not _QUESTION_END.search(text)


def _key_points(
    sentences: list[_Sentence],
    points: int,
    title: str | None,
    in_summary: set[int],
    cjk: bool,
    point_max: int,
) -> list[_Sentence]:
    """The best ``points`` sentences without near-duplicates; summary ones only if needed."""
    candidates = [s for s in sentences if s.usable]
    if not candidates or points <= 0:
        return []
    scores = _scores(candidates, title, cjk, point_max)
    ranked = sorted(candidates, key=lambda s: (-scores[s.position], s.position))
    chosen: list[_Sentence] = []
    # First pass: sentences not in the summary; second: summary ones, up to the minimum.
    for from_summary, wanted in ((False, points), (True, min(points, MIN_KEY_POINTS))):
        for sentence in ranked:
            if len(chosen) >= wanted:
                break
            if (sentence.position in in_summary) != from_summary:
                continue
            if not any(_similar(sentence, other) for other in chosen):
                chosen.append(sentence)
    return sorted(chosen, key=lambda s: s.position)


def _scores(
    candidates: list[_Sentence], title: str | None, cjk: bool, point_max: int
) -> dict[int, float]:
    """Score = frequent content words + title overlap + figures + names + position,
    less a little for a sentence that would have to be cut short."""
    df = Counter(t for s in candidates for t in s.terms)
    total = len(candidates)
    # Words in most sentences are function words; words seen once carry no topic.
    weight = {t: n - 1 for t, n in df.items() if n > 1 and (n <= total / 2 or total < 4)}
    content = {
        s.position: sum(weight.get(t, 0) for t in s.terms) / math.sqrt(len(s.terms) + 1)
        for s in candidates
    }
    top = max(content.values()) or 1.0
    title_terms = _terms(title, cjk) if title else frozenset()
    last = candidates[-1].position or 1
    scores: dict[int, float] = {}
    for s in candidates:
        score = content[s.position] / top
        if title_terms:
            score += len(s.terms & title_terms) / len(title_terms)
        if _FIGURE.search(s.text):
            score += 0.4
        names = _KATAKANA_NAME.findall(s.text) if cjk else _CAPITALISED.findall(s.text)
        score += 0.1 * min(3, len(names))
        score += 0.5 * (1 - s.position / last) + (0.3 if s.paragraph == 0 else 0.0)
        if len(s.text) > point_max:
            score -= 0.3
        scores[s.position] = score
    return scores


def _similar(a: _Sentence, b: _Sentence) -> bool:
    """True when most terms of the shorter sentence occur in the other one."""
    if not a.terms or not b.terms:
        return a.text == b.text
    shared = len(a.terms & b.terms)
    return shared / min(len(a.terms), len(b.terms)) >= NEAR_DUPLICATE


def _drop_lead_ins(text: str, lang: str, cjk: bool) -> str:
    """Remove a hedging opener and, for CJK, a dateline; capitalise what is left."""
    if cjk:
        stripped = _CJK_LEAD_INS.sub("", text, count=1).strip()
        if len(stripped) < 8:
            return text
        return _JA_TOPIC.sub(r"\1、", stripped, count=1) if lang == "ja" else stripped
    stripped = _HEDGES.sub("", text, count=1).strip()
    if len(stripped) < 20:
        return text
    return stripped[0].upper() + stripped[1:]


def _cut_headline(text: str, limit: int, cjk: bool) -> str:
    """Cut at the last clause boundary in reach, else before a short function word."""
    floor = int(limit * (0.4 if cjk else 0.6))
    clause = -1
    for match in _CLAUSE_END.finditer(text, 0, limit + 1):
        if match.start() >= floor:
            clause = match.start()
    if clause > 0:
        return text[:clause]
    if cjk:
        return text[:limit]
    words = text[: limit + 1].split(" ")
    if len(words) == 1:
        return text[:limit]
    words.pop()  # the last word may be cut in half
    for end in range(len(words) - 1, 0, -1):
        following = words[end]
        if len(" ".join(words[:end])) < limit // 2:
            break
        if len(following) <= 3 and following.islower():
            return " ".join(words[:end])
    return " ".join(words)


def _close_brackets(text: str) -> str:
    """Drop a trailing unclosed "(…" left by a cut."""
    for opening, closing in ("()", "（）", "「」", "[]"):
        if text.count(opening) > text.count(closing):
            text = text[: text.rfind(opening)]
    return text
