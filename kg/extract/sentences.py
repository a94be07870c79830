"""Paragraphs, sentences and tokens with character offsets into the article text.

Everything downstream works on tokens that remember where they came from, so a statement's
quote is always ``text[start:end]`` of the original article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.ids import fold


def words(text: str) -> frozenset[str]:
    """A word list written as one string: how the lexicons keep long lists readable."""
    return frozenset(text.split())


def alternatives(text: str) -> list[str]:
    """Phrases written as one "a|b c|d" string."""
    return text.split("|")


_TOKEN = re.compile(
    r"""(?:[A-Za-z]\.){2,}(?![A-Za-z])   # U.S., U.K.
    |\w+(?=n[’']t\b)                     # does|n't
    |n[’']t\b
    |[’']s\b                             # possessive
    |\d+(?:[.,]\d+)+                     # 3.5, 47.60, 100,000
    |\w+(?:[-–]\w+)*                     # words, hyphenated compounds
    |\S""",
    re.X,
)
_QUOTES = frozenset("\"“”„«»")
_PARAGRAPH = re.compile(r"[^\n]+")
# A sentence ends at . ! ? (and any closing quotes or brackets) before a space and a capital.
_END = re.compile(r"[.!?…]+[\"”“’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = words(
    "mr mrs ms dr gen sen rep gov lt col st prof jan feb aug sept oct nov dec no vs etc inc co corp jr sr "
    "capt maj sgt adm cmdr pres amb rev fig approx dept est"
)
# Paragraphs that are page furniture, not reporting.
_BOILERPLATE = re.compile(
    r"^\s*(related|read more|read also|see also|also read|more on this|advertisement|share this|"
    r"follow us|sign up|subscribe|newsletter)\b\s*:?"
    r"|comments are (closed|disabled)|become a (patron|member|subscriber)|help us produce"
    r"|support (our|independent) (journalism|reporting)|cup of coffee|you could close this page"
    r"|join our community|donate (now|today)|make a donation|all rights reserved|click here|sign up for|"
    r"subscribe to (our|the newsletter)|our newsletter|terms of (use|service)|privacy policy|log in to comment"
    r"|we keep our reporting|depends on the support of readers|\bpatreon\b|^\s*\(?(reporting|writing|editing) by"
    r"|contributed (reporting )?to this (report|article|story)"
    r"|this (article|story) (was|has been) (amended|updated|corrected)"
    r"|this article is part of|^\s*sign up (to|for)|support (independent|quality) journalism|become a member"
    r"|^\s*(photo|image|video|watch|listen|editor'?s note)\s*:|^\s*(share|tweet|email|print)\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word or punctuation mark; ``low`` is the folded form used for every lookup."""

    text: str
    start: int
    end: int
    low: str
    quoted: bool = False
    cap: bool = False  # starts with a capital letter
    word: bool = False  # starts with a letter or digit (not punctuation)


@dataclass(slots=True)
class Sentence:
    """A sentence of the article with its tokens; ``index`` counts sentences in the article."""

    text: str
    start: int
    end: int
    index: int
    paragraph: int
    tokens: list[Token] = field(default_factory=list)

    @property
    def question(self) -> bool:
        return self.text.rstrip(" \"”’'").endswith("?")


@lru_cache(maxsize=65536)
def fold_token(text: str) -> str:
    """Folded form of a token; possessive endings and n't keep a recognisable shape."""
    if text in ("’s", "'s"):
        return "'s"
    if text in ("n’t", "n't"):
        return "n't"
    if text in ("–", "—"):
        return "-"
    if len(text) == 1 and text in _QUOTES:
        return '"'
    return fold(text) or text


def boilerplate(paragraph: str) -> bool:
    """True for donation appeals, related-links headers, comment notices and the like."""
    return bool(_BOILERPLATE.search(paragraph))


def _headline(paragraph: str) -> bool:
    """A short line without closing punctuation: a headline, link or caption, not reporting."""
    text = paragraph.strip()
    return len(text.split()) < 16 and not text.endswith((".", "?", "!", '"', "”", "’", "'", ":", ";", ")"))


def tokenize(text: str, offset: int = 0, quoted: bool = False) -> tuple[list[Token], bool]:
    """Tokens of ``text`` (offsets shifted by ``offset``) and whether a quotation is still open."""
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        piece = m.group()
        if piece in _QUOTES:
            tokens.append(Token(piece, m.start() + offset, m.end() + offset, '"', quoted, False, False))
            quoted = not quoted
            continue
        first = piece[:1]
        tokens.append(Token(piece, m.start() + offset, m.end() + offset, fold_token(piece), quoted,
                            first.isupper(), first.isalnum()))
    return tokens, quoted


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for m in _END.finditer(paragraph):
        before = paragraph[begin:m.start()].rsplit(None, 1)
        last = before[-1] if before else ""
        word = last.rstrip(".").lstrip("\"“(").lower()
        if m.group().startswith(".") and (word in _ABBREVIATIONS or len(word) == 1 or re.fullmatch(
                r"(?:[a-z]\.)+[a-z]", word)):
            continue
        spans.append((begin, m.end()))
        begin = m.end()
        while begin < len(paragraph) and paragraph[begin].isspace():
            begin += 1
    if paragraph[begin:].strip():
        spans.append((begin, len(paragraph.rstrip())))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of every paragraph that is not boilerplate, with tokens and quote state."""
    sentences: list[Sentence] = []
    for p_index, pm in enumerate(_PARAGRAPH.finditer(text)):
        paragraph = pm.group()
        if not paragraph.strip() or boilerplate(paragraph) or _headline(paragraph):
            continue
        quoted = False
        for begin, end in _sentence_spans(paragraph):
            start = pm.start() + begin
            tokens, quoted = tokenize(paragraph[begin:end], start, quoted)
            sentences.append(Sentence(text[start:pm.start() + end], start, pm.start() + end,
                                      len(sentences), p_index, tokens))
    return sentences
