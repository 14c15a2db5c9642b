"""Sentence segmentation for Latin, Cyrillic and CJK text, in linear time.

The summary and key points are built from whole sentences, so a false split
(after "ok.", "Dr.", "z.B.", an initial or inside 「…」) shows up directly in a
brief. Boundaries are found with one simple regex and then judged by a few
plain rules; no pattern can backtrack, and every sentence is bounded in length
so a scraped line without any punctuation never becomes one giant sentence.
"""

from __future__ import annotations

import re

MAX_SENTENCE = 300
"""Longest sentence returned; longer runs are cut at a clause, a space or, for CJK, anywhere."""

CJK_LANGUAGES = frozenset({"ja", "zh"})

# A run of terminal punctuation plus any closing quotes and brackets after it.
_CANDIDATE = re.compile(r"[.!?…。！？｡．]+[\"'”’“‘»›)\]」』）】〕〉》]*")
_SPACE_RUN = re.compile(r"\s+")
_CLAUSE_CUT = re.compile(r"[,;:、，；：]\s*|\s[–—]\s")
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_DOTTED = re.compile(r"^(?:\w{1,3}\.){2,}$")
_DIGITS = re.compile(r"^\d{1,3}\.$")
_CLOSERS = "\"'”’“‘»›)]」』）】〕〉》"
_OPENING = "「『（《〈【〔«"
_CLOSING = "」』）》〉】〕»"
_QUOTE_CHAR = re.compile(r"[「『（《〈【〔«」』）》〉】〕»„“”\"]")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Abbreviations after which a capitalised word does not start a sentence.
_NEVER_FINAL = _word_set(
    """
    mr mrs ms dr prof st sen rep gen gov col lt sgt capt cpt adm mt ft ave vs cf e.g i.e
    approx est dept univ assn u.s u.k u.n e.u
    z.b bzw ca d.h u.a sog vgl ggf evtl inkl exkl bzgl hr fr frl mio mrd tsd
    np m.in tj tzn tzw ok ul al pl inż mgr hab ks płk wg jw ang łac niem franc
    dot zob por ds godz ww śp św tys
    sig sigg dott ing avv arch geom pag es
    sr sra srta dra av p.ex ex pág
    т.е т.к т.н т.зв напр див проф акад им ул пл ст стр тобто ім вул тис млн млрд
    """
)
# Abbreviations that stand before a number: "No. 5", "Nr. 12", "Jan. 5", "art. 3".
_BEFORE_NUMBER = _word_set(
    """
    no nos nr art vol fig figs ch sec para pp pkt ust poz str tab
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Abbreviations that often end a sentence too ("w 2021 r. Jej…", "Apple Inc. The…").
_MAYBE_FINAL = _word_set(
    """
    etc inc ltd co corp plc jr a.m p.m bros usw std jh min max
    r w mln mld bln proc zł itd itp ecc
    г гг р рр трлн грн руб коп т.д т.п др
    """
)
# Languages that write ordinals with a dot ("am 17. Juli").
_ORDINAL_DOT = frozenset({"de", "cs", "sk", "hu", "fi", "da", "no", "nb", "nn", "hr", "sl", "sr"})


def split_sentences(text: str, language: str) -> list[str]:
    """Split ``text`` into sentences; line breaks always end a sentence.

    Whitespace inside a sentence is collapsed to single spaces. Sentences longer
    than ``MAX_SENTENCE`` characters are cut into bounded chunks.
    """
    lang = language.split("-")[0].lower()
    sentences: list[str] = []
    for line in text.split("\n"):  # a regex around the break would backtrack on long spaces
        line = _SPACE_RUN.sub(" ", line).strip()
        if line:
            for sentence in _merge_open_quotes(_split_line(line, lang)):
                sentences.extend(_bound(sentence, lang))
    return sentences


def is_cjk(language: str, text: str = "") -> bool:
    """True for Chinese and Japanese, or for text written mostly in CJK characters."""
    if language.split("-")[0].lower() in CJK_LANGUAGES:
        return True
    sample = text[:400]
    return bool(sample) and len(_CJK_CHAR.findall(sample)) * 2 > len(sample)


def _split_line(line: str, lang: str) -> list[str]:
    """Cut one line at every candidate boundary the rules accept."""
    parts: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        end = match.end()
        if _is_boundary(line, match.start(), end, lang):
            piece = line[start:end].strip()
            if piece:
                parts.append(piece)
            start = end
    rest = line[start:].strip()
    if rest:
        parts.append(rest)
    return parts


def _is_boundary(line: str, start: int, end: int, lang: str) -> bool:
    """Decide whether the punctuation at ``line[start:end]`` ends a sentence."""
    punct = line[start:end].rstrip(_CLOSERS)
    nxt = line[end] if end < len(line) else ""
    if not nxt:
        return True
    if punct[-1] in "。！？｡":
        return True
    if punct == "．":  # full-width period: a decimal point between digits
        return not (line[start - 1 : start].isdigit() and nxt.isdigit())
    if not nxt.isspace():
        return _is_glued_boundary(line, start, end, punct)
    following = _next_word(line, end)
    if not following:
        return True
    first = following[0]
    if first.islower():
        return False
    if "." not in punct or punct.endswith(".."):
        return True
    word = _word_before(line, end)
    return not _is_abbreviation(word, following, line, end, lang)


def _is_glued_boundary(line: str, start: int, end: int, punct: str) -> bool:
    """ "word.Next" or "吗?我": a boundary with no space after it, as scraped text often has."""
    nxt = line[end]
    if _CJK_CHAR.match(nxt):
        return "." not in punct
    before = line[max(0, start - 2) : start]
    after = line[end : end + 2]
    return (
        len(before) == 2
        and before.isalpha()
        and before.islower()
        and len(after) == 2
        and after[0].isupper()
        and after[1].islower()
    )


def _word_before(line: str, end: int) -> str:
    """The token ending at ``end`` (looking back a bounded distance), without quotes."""
    window = line[max(0, end - 40) : end].split()
    word = window[-1] if window else ""
    return word.lstrip("\"'“„«‚‘([").rstrip(_CLOSERS)


def _next_word(line: str, end: int) -> str:
    """The token after ``end``, without opening quotes or brackets (bounded look-ahead)."""
    window = line[end : end + 60].split()
    if not window:
        return ""
    return window[0].lstrip("\"'“„«‚‘([–—-") or window[0]


def _is_abbreviation(word: str, following: str, line: str, end: int, lang: str) -> bool:
    """True when the dot ending ``word`` belongs to an abbreviation, initial or ordinal."""
    stem = word[:-1].lower()
    if not stem:
        return False
    if len(stem) == 1 and word[0].isupper():
        return True  # an initial: "J. Smith"
    if stem in _NEVER_FINAL or _DOTTED.match(word):
        return True
    if stem in _BEFORE_NUMBER and following[0].isdigit():
        return True
    if lang in _ORDINAL_DOT and _DIGITS.match(word):
        return True
    if stem in _MAYBE_FINAL:
        # "2023 r. Changpeng Zhao potwierdził": a name follows, so no boundary;
        # "2021 r. Jej założycielami": an ordinal word follows, so a boundary.
        return _starts_name(line, end)
    return False


def _starts_name(line: str, end: int) -> bool:
    """True when the next two words are both capitalised, as in a person's name."""
    words = line[end : end + 80].split()[:2]
    return len(words) == 2 and all(w[:1].isupper() for w in words)


def _merge_open_quotes(parts: list[str]) -> list[str]:
    """Rejoin sentences split inside a quotation while the result stays short.

    "「…。…」と述べた。" and '"They work well… That gap is our business."' are one
    sentence each for a reader; a quote that never closes stops merging at
    ``MAX_SENTENCE`` characters, so the balance is only ever counted on short text.
    """
    if len(parts) < 2 or not _QUOTE_CHAR.search("".join(parts)):
        return parts
    merged = [parts[0]]
    for part in parts[1:]:
        current = merged[-1]
        if len(current) + len(part) < MAX_SENTENCE and _quote_open(current):
            joiner = "" if _CJK_CHAR.match(part[:1]) or _CJK_CHAR.match(current[-1:]) else " "
            merged[-1] = f"{current}{joiner}{part}"
        else:
            merged.append(part)
    return merged


def _quote_open(text: str) -> bool:
    """True when ``text`` opens more quotes or brackets than it closes.

    „ is closed by “ or ” (German, Polish); otherwise “ opens and ” closes; a
    straight double quote is open after an odd count.
    """
    if not _QUOTE_CHAR.search(text):
        return False
    if text.count('"') % 2:
        return True
    depth = sum(text.count(c) for c in _OPENING) - sum(text.count(c) for c in _CLOSING)
    if "„" in text:
        depth += text.count("„") - text.count("“") - text.count("”")
    else:
        depth += text.count("“") - text.count("”")
    return depth > 0


def _bound(sentence: str, lang: str) -> list[str]:
    """Cut an over-long sentence into chunks of at most ``MAX_SENTENCE`` characters."""
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    chunks: list[str] = []
    cjk = is_cjk(lang, sentence)
    start = 0
    while len(sentence) - start > MAX_SENTENCE:
        cut = _cut_point(sentence, start, start + MAX_SENTENCE, cjk)
        chunk = sentence[start:cut].strip()
        if chunk:
            chunks.append(chunk)
        start = cut
    rest = sentence[start:].strip()
    if rest:
        chunks.append(rest)
    return chunks


def _cut_point(text: str, start: int, limit: int, cjk: bool) -> int:
    """Best place to cut ``text[start:limit]``: a clause end, else a space, else the limit."""
    floor = start + MAX_SENTENCE // 2
    cut = -1
    for match in _CLAUSE_CUT.finditer(text, floor, limit):
        cut = match.end()
    if cut > floor:
        return cut
    if not cjk:
        space = text.rfind(" ", floor, limit)
        if space > floor:
            return space + 1
    return limit
