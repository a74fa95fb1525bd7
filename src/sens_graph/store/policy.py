"""What a store agrees to evaluate: read-only, no federation, bounded structure, absolute graph IRIs.

Every store (embedded or remote) and every worker runs these checks before evaluating anything:
:func:`check_query` refuses SPARQL Update (:class:`UpdateRefused`), ``SERVICE``
(:class:`ServiceRefused`) and queries nested or chained past :data:`MAX_QUERY_DEPTH` /
:data:`MAX_QUERY_OPERATORS` (:class:`QueryTooComplex`); :func:`check_graph_iris` refuses a dataset
IRI that is not absolute (:class:`InvalidGraphIri`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import InvalidGraphIri, QueryTooComplex, ServiceRefused, UpdateRefused
from .interface import QueryRequest

_TOKENS = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'''(?:[^'\\]|\\.|'(?!''))*'''
             |"(?:[^"\\\n\r]|\\.)*"
             |'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][^\s{}()\[\],;.<>"'=!|&+*/^-]*)
  | (?P<word>[^\s{}()\[\],;<>"'?$=!|&+*/^#@]+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
MAX_QUERY_DEPTH = 128
"""Deepest nesting of ``{ }``, ``( )`` and ``[ ]`` a query may have (documented in docs/server.md)."""
MAX_QUERY_OPERATORS = 2000
"""Most operators (``! | & + - * / ^ = < >``, each character counted) and pattern keywords
(``UNION``, ``MINUS``, ``OPTIONAL``, ``BIND``, ``FILTER``, ``VALUES``, ``GRAPH``, ``SELECT``,
``EXISTS``) a query may have: each adds one level to pyoxigraph's recursive parse tree."""
_CHAIN_WORDS = {"UNION", "MINUS", "OPTIONAL", "BIND", "FILTER", "VALUES", "GRAPH", "SELECT", "EXISTS"}
_OPERATOR_CHARS = frozenset("!|&+-*/^=<>")
_OPENERS = frozenset("{([")
_CLOSERS = frozenset("})]")
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class QueryInspection:
    """What the lexer saw: the query form (``SELECT``…, an update keyword, or None) and SERVICE use."""

    form: str | None
    is_update: bool
    uses_service: bool
    has_dataset_clause: bool = False
    max_depth: int = 0
    """Deepest nesting of braces, parentheses and brackets."""
    operators: int = 0
    """Operator characters and pattern keywords (see :data:`MAX_QUERY_OPERATORS`)."""
    unions: int = 0


INSPECTIONS_KEPT = 128
"""How many inspections of query texts up to :data:`INSPECTED_TEXT_KEPT_CHARS` long are kept (per process)."""
INSPECTED_TEXT_KEPT_CHARS = 32 * 1024
"""Longest query text (in characters) whose inspection is kept: the kept texts weigh at most 16 MiB
(4 bytes a character at worst); the library's queries are 1-8 KB."""


def inspect_query(text: str) -> QueryInspection:
    """Lex a query (strings, IRIs and comments skipped) to find its form and any SERVICE keyword.

    Conservative by construction: anything the lexer cannot read as a string, IRI or comment is
    left visible, so a ``SERVICE`` keyword is never hidden from the check. The inspection of a
    text is a pure function of it: the last :data:`INSPECTIONS_KEPT` texts up to
    :data:`INSPECTED_TEXT_KEPT_CHARS` are lexed once per process (the library's queries, sent
    again and again, cost 0.1-0.5 ms of lexing each in the server and again in the worker).
    """
    if len(text) <= INSPECTED_TEXT_KEPT_CHARS:
        return _inspect_kept(text)
    return _inspect(text)


@functools.lru_cache(maxsize=INSPECTIONS_KEPT)
def _inspect_kept(text: str) -> QueryInspection:
    return _inspect(text)


def _inspect(text: str) -> QueryInspection:
    words: list[str] = []
    depth = max_depth = operators = 0
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup
        if kind == "word":
            word = match.group().upper()
            words.append(word)
            if word in _CHAIN_WORDS:
                operators += 1
            elif word[0] == "-":  # unary minus glued to a number or name: "-1", "--x"
                operators += len(word) - len(word.lstrip("-"))
        elif kind == "other":
            char = match.group()
            if char in _OPENERS:
                depth += 1
                max_depth = max(max_depth, depth)
            elif char in _CLOSERS:
                depth = max(0, depth - 1)
            elif char in _OPERATOR_CHARS:
                operators += 1
    form = None
    i = 0
    while i < len(words):
        word = words[i]
        if word == "PREFIX":
            i += 2  # PREFIX pn: <iri> (the IRI is not a word)
            continue
        if word == "BASE":
            i += 1
            continue
        form = word
        break
    return QueryInspection(form=form, is_update=form in _UPDATE_FORMS, uses_service="SERVICE" in words,
                           has_dataset_clause="FROM" in words, max_depth=max_depth, operators=operators,
                           unions=words.count("UNION"))


def check_read_only(text: str) -> QueryInspection:
    """Raise :class:`UpdateRefused` or :class:`ServiceRefused` if the text may not be evaluated."""
    seen = inspect_query(text)
    if seen.is_update:
        raise UpdateRefused(f"{seen.form}: this endpoint is read-only; SPARQL Update is refused")
    if seen.uses_service:
        raise ServiceRefused("federated queries (SERVICE) are refused: this endpoint opens no outbound connection")
    return seen


def check_query(text: str) -> QueryInspection:
    """:func:`check_read_only`, then the size of the query's structure.

    Raises :class:`UpdateRefused`, :class:`ServiceRefused`, or :class:`QueryTooComplex` when the
    query nests deeper than :data:`MAX_QUERY_DEPTH` levels or has more than
    :data:`MAX_QUERY_OPERATORS` operators and pattern keywords (such a query would overflow the
    evaluator's stack; nothing is evaluated).
    """
    seen = check_read_only(text)
    if seen.max_depth > MAX_QUERY_DEPTH:
        raise QueryTooComplex(f"the query nests {seen.max_depth} levels of braces, parentheses or brackets; "
                              f"this endpoint evaluates at most {MAX_QUERY_DEPTH}")
    if seen.operators > MAX_QUERY_OPERATORS:
        raise QueryTooComplex(f"the query has {seen.operators} operators and pattern keywords "
                              f"({seen.unions} UNION); this endpoint evaluates at most {MAX_QUERY_OPERATORS}")
    return seen


def iri_problem(value: str) -> str | None:
    """Why ``value`` is not an absolute IRI, or None if it is one.

    The check is Oxigraph's own IRI parser (``oxiri``, RFC 3987: a scheme, valid percent-encoding
    and host, no relative or fragment-only reference), so what passes here is what the store
    accepts as a graph name.
    """
    import pyoxigraph as ox

    if not value:
        return "empty, not an absolute IRI"
    try:
        ox.NamedNode(value)
    except (ValueError, TypeError) as exc:
        return f"not an absolute IRI (RFC 3987): {exc}"
    return None


def check_graph_iris(request: QueryRequest) -> None:
    """Raise :class:`InvalidGraphIri` naming the parameter if a dataset IRI is not absolute."""
    for parameter, values in (("default-graph-uri", request.default_graph_uris),
                              ("named-graph-uri", request.named_graph_uris)):
        for value in values:
            problem = iri_problem(value)
            if problem:
                raise InvalidGraphIri(f"{parameter} {value!r}: {problem}")

