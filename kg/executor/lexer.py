"""A small SPARQL lexer: enough to tell a query from an update and to spot SERVICE and LOAD.

pyoxigraph evaluates ``SERVICE`` and ``LOAD`` against any URL and has no switch to turn that
off, so they must be refused before the text reaches it. Parsing SPARQL properly here would
be slow (rdflib) or a second grammar to maintain; a lexer that skips comments, strings and
IRIs and looks at the remaining words is enough, because both keywords must appear as bare
words outside those. It errs on the safe side: a bare word ``service`` anywhere is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.errors import Forbidden, InputError

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"})
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
OUTBOUND = frozenset({"SERVICE", "LOAD"})

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_ABSOLUTE = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:")
_WORD = re.compile(r"[?$@]?[A-Za-z0-9_\\%.:\-\u00b7\u00c0-\U000effff]+")
# Tokenising is Python, character by character; most queries never spell these words at all,
# and a case-insensitive search (in C, with the same Unicode case folding as str.upper) shows it.
_MAY_HAVE = {word: re.compile(word, re.IGNORECASE) for word in ("service", "load", "from", "limit")}
_LONG_STRING = {'"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
                "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S)}
_STRING = {'"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"'), "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'")}


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    depth: int  # braces open before the token
    start: int


def tokens(text: str, *, iris: bool = False) -> Iterator[Token]:
    """Bare words and punctuation of ``text``, skipping comments, strings and IRIs (unless ``iris``)."""
    i, depth, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<" and (m := _IRI.match(text, i)):
            if iris:
                yield Token(m.group(), depth, i)
            i = m.end()
        elif m := _WORD.match(text, i):
            yield Token(m.group(), depth, i)
            i = m.end()
        else:
            if c == "{":
                depth += 1
            elif c == "}":
                depth = max(0, depth - 1)
            yield Token(c, depth, i)
            i += 1


def _skip_string(text: str, i: int) -> int:
    quote = text[i]
    triple = quote * 3
    pattern = _LONG_STRING[triple] if text.startswith(triple, i) else _STRING[quote]
    m = pattern.match(text, i)
    # An unterminated string: the parser will reject it; nothing after it is a keyword to us.
    return m.end() if m else len(text)


def names_dataset(text: str) -> bool:
    """Whether a query has FROM or FROM NAMED: then they, not the union of all graphs, are its dataset."""
    if not _MAY_HAVE["from"].search(text):
        return False
    return any(t.depth == 0 and _bare(t) == "FROM" for t in tokens(text))


def has_relative_iri(text: str) -> bool:
    """Whether an IRI in ``text`` needs a base to resolve (``<>``, ``<#x>``, ``<doc/1>``)."""
    return any(t.text.startswith("<") and len(t.text) > 1 and not _ABSOLUTE.match(t.text)
               for t in tokens(text, iris=True))


def _bare(token: Token) -> str:
    return token.text.upper()


def operation(text: str) -> str | None:
    """The first keyword after the prologue: SELECT, ASK, INSERT, ...; None if there is none."""
    for token in tokens(text):
        word = _bare(token)
        if word in QUERY_FORMS or word in UPDATE_FORMS:
            return word
    return None


def is_update(text: str) -> bool:
    return operation(text) in UPDATE_FORMS


def check_outbound(text: str, *, allowed: bool) -> None:
    """Refuse SERVICE and LOAD unless federation is switched on: no outbound requests for users."""
    if allowed or not (_MAY_HAVE["service"].search(text) or _MAY_HAVE["load"].search(text)):
        return
    for token in tokens(text):
        if _bare(token) in OUTBOUND:
            raise Forbidden(
                f"{_bare(token)} is switched off on this server: it would make the server fetch remote "
                "URLs on your behalf (the administrator can enable it with KG_ALLOW_FEDERATION=1)",
                detail={"keyword": _bare(token)},
            )


def top_limit(text: str) -> int | None:
    """The query's own top-level ``LIMIT``, if it has one (not a subquery's): a bound on its rows."""
    if not _MAY_HAVE["limit"].search(text):
        return None
    found: int | None = None
    words = (t for t in tokens(text) if t.depth == 0)
    for token in words:
        if _bare(token) == "LIMIT" and (count := next(words, None)) is not None and count.text.isdigit():
            found = int(count.text)
    return found


def uses_dataset_clauses(text: str) -> bool:
    """Whether an update names its own dataset with USING or WITH (top level)."""
    return any(_bare(t) in {"USING", "WITH"} and t.depth == 0 for t in tokens(text))


def add_using(text: str, default: list[str], named: list[str]) -> str:
    """Put the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` into each DELETE/INSERT.

    pyoxigraph's update API takes no dataset, so the clauses are written into the text, before
    every top-level ``WHERE`` of a modify operation (not ``DELETE WHERE``, which takes none).
    The IRIs were validated as IRIs by the caller and are written in ``<...>`` form.
    """
    if not (default or named):
        return text
    clause = "".join(f" USING <{g}>" for g in default) + "".join(f" USING NAMED <{g}>" for g in named) + " "
    cuts: list[int] = []
    previous: Token | None = None
    for token in tokens(text):
        if _bare(token) == "WHERE" and token.depth == 0 and not (previous and _bare(previous) == "DELETE"):
            cuts.append(token.start)
        previous = token
    if not cuts:
        return text
    out, last = [], 0
    for cut in cuts:
        out += [text[last:cut], clause]
        last = cut
    out.append(text[last:])
    return "".join(out)


def require_query(text: str) -> str | None:
    """The query form (SELECT/ASK/CONSTRUCT/DESCRIBE; None if unclear, left to the parser).

    An update or an empty text is a 400 here, before a worker is involved."""
    if not text.strip():
        raise InputError("the query is empty")
    op = operation(text)
    if op in UPDATE_FORMS:
        raise InputError(f"this is an update ({op}), not a query: send updates to /sparql/update")
    return op


def require_update(text: str) -> None:
    if not text.strip():
        raise InputError("the update is empty")
    op = operation(text)
    if op in QUERY_FORMS:
        raise InputError(f"this is a query ({op}), not an update: send queries to /sparql")


def silent_clear(text: str) -> str:
    """``CLEAR GRAPH <g>`` -> ``CLEAR SILENT GRAPH <g>``: clearing a graph that is not there is a no-op.

    Oxigraph records empty graphs and so, as SPARQL allows, fails a CLEAR of a missing graph;
    the W3C protocol tests (and most stores) expect it to succeed.
    """
    return make_silent(text, "CLEAR")


def make_silent(text: str, verb: str) -> str:
    """Add SILENT after each ``verb`` (CLEAR, DROP ...) operation of an update that lacks it."""
    found = list(tokens(text))  # may be empty: only a comment, or an unterminated string
    cuts = [t.start + len(t.text) for t, nxt in zip(found, [*found[1:], None][:len(found)], strict=True)
            if _bare(t) == verb and t.depth == 0 and not (nxt and _bare(nxt) == "SILENT")]
    for cut in reversed(cuts):
        text = text[:cut] + " SILENT" + text[cut:]
    return text
