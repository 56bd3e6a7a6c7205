"""kosearch.analyze: the terms a text becomes, as `kosearch analyze` prints them."""

import threading
from dataclasses import dataclass

from . import _lib
from ._lib import lib
from .searcher import _char_offsets


@dataclass(frozen=True)
class Token:
    """One term of an analyzed text: `term` at `position`, from text[begin:end] (character
    offsets into the str given; byte_begin/byte_end are the UTF-8 byte offsets), and its
    `kind` ("bigram", "unigram", "word", "number", "cjk", "cross" or "compound")."""

    term: str
    position: int
    begin: int
    end: int
    kind: str
    byte_begin: int
    byte_end: int


class _Analyzers:
    """The library's analyzers by name, created once: an analyzer may serve several threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_name = {}

    def get(self, name):
        with self._lock:
            ptr = self._by_name.get(name)
            if ptr is None:
                ptr = _lib.call(lib.ks_analyzer_create, _lib.encode(name, "analyzer"))
                self._by_name[name] = ptr
            return ptr


_analyzers = _Analyzers()


def analyze(text, analyzer="ko-bigram"):
    """The terms `text` becomes under `analyzer` ("ko-bigram", "ko-bigram-nox", ...), in order,
    as a list of Token."""
    data = _lib.encode(text, "text") if isinstance(text, str) else bytes(text)
    ptr = _lib.call(lib.ks_analyzer_analyze, _analyzers.get(analyzer), data, len(data))
    try:
        to_char = _char_offsets(data)
        tokens = []
        for i in range(lib.ks_tokens_count(ptr)):
            b, e = lib.ks_tokens_begin(ptr, i), lib.ks_tokens_end(ptr, i)
            tokens.append(Token(
                term=lib.ks_tokens_term(ptr, i).decode("utf-8", "replace"),
                position=lib.ks_tokens_position(ptr, i),
                begin=to_char(b), end=to_char(e),
                kind=lib.ks_tokens_kind(ptr, i).decode("ascii"),
                byte_begin=b, byte_end=e))
        return tokens
    finally:
        lib.ks_tokens_free(ptr)
