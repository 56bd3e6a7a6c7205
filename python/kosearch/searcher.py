"""kosearch.Searcher and its results."""

import bisect
import json
import os
import threading
from dataclasses import dataclass, field

from . import _lib
from ._lib import lib
from .errors import InvalidArgument

_ALLOW_MISSING_SHARDS = 1  # KS_ALLOW_MISSING_SHARDS
_SCORE_PARTS = ("bm25", "words", "sentence", "pairs", "title", "length")  # KS_SCORE_BM25 .. KS_SCORE_LENGTH
# Search options of which each ks_searcher_set_option call adds a value ("" clears them): the
# news filters. Here they take a str or a list, and replace what an earlier call set.
_MULTI_VALUE_OPTIONS = frozenset(("publisher", "reporter", "section"))


def _char_offsets(data):
    """For UTF-8 `data`, a function mapping a byte offset to the index of the character that
    holds it in data.decode() (offsets past the end map to its length)."""
    starts = [i for i, b in enumerate(data) if b & 0xC0 != 0x80]

    def to_char(offset):
        return bisect.bisect_right(starts, offset - 1) if offset > 0 else 0

    return to_char


@dataclass(frozen=True)
class Hit:
    """One ranked passage, copied out of the library: it outlives the Searcher.

    `snippet` is HTML: the passage's text HTML-escaped, matched terms in <b>..</b>.
    `highlights` are the matched spans as (begin, end) character offsets into `text`.
    `score_parts` is how `score` is made: BM25 plus the re-ranking's bonuses.
    `fields`: the article's news fields (published, updated, publisher, reporters, section, url)
    when the library has them, else {}.
    """

    rank: int
    score: float
    doc_id: str
    passage_id: str
    title: str
    text: str
    snippet: str
    score_parts: dict = field(default_factory=dict, compare=False)
    highlights: tuple = ()
    duplicates: int = 0
    duplicate_ids: tuple = ()
    fields: dict = field(default_factory=dict, compare=False)

    @property
    def published(self):
        """The publication time as ISO 8601 with its offset, or None (news fields)."""
        return self.fields.get("published")

    @property
    def publisher(self):
        """The publisher, or None (news fields)."""
        return self.fields.get("publisher")


class Results:
    """The hits of one search (iterable, indexable, len()) and how many passages match:
    `total` (exact when `total_exact`, else an estimate). `facets`: {name: [(value, count)]} for
    the facets asked with the `facets` option (a library with news search only)."""

    def __init__(self, query, hits, total, total_exact, facets=None):
        self.query = query
        self.hits = hits
        self.total = total
        self.total_exact = total_exact
        self.facets = facets or {}

    def __iter__(self):
        return iter(self.hits)

    def __len__(self):
        return len(self.hits)

    def __getitem__(self, i):
        return self.hits[i]

    def __repr__(self):
        about = "" if self.total_exact else "about "
        return f"<kosearch.Results {self.query!r}: {len(self.hits)} hits of {about}{self.total}>"


def _duplicates(ptr, i):
    if not _lib.has("ks_results_duplicates"):
        return 0, ()
    n = lib.ks_results_duplicates(ptr, i)
    ids = []
    while len(ids) < n:
        p = lib.ks_results_duplicate_id(ptr, i, len(ids))
        if not p:
            break  # the library lists at most 100
        ids.append(_lib.text(p))
    return n, tuple(ids)


def _fields(ptr, i):
    if not _lib.has("ks_results_fields_json"):
        return {}
    raw = _lib.text(lib.ks_results_fields_json(ptr, i))
    try:
        return json.loads(raw) if raw else {}
    except ValueError:
        return {}


def _facets(ptr, names):
    if not names or not _lib.has("ks_results_facet_size"):
        return {}
    out = {}
    for name in names:
        key = _lib.encode(name, "facet")
        out[name] = [(_lib.text(lib.ks_results_facet_value(ptr, key, j)),
                      lib.ks_results_facet_count(ptr, key, j))
                     for j in range(lib.ks_results_facet_size(ptr, key))]
    return out


def _copy_results(query, ptr, offset, facet_names=()):
    hits = []
    for i in range(lib.ks_results_count(ptr)):
        text_bytes = _lib.raw(lib.ks_results_text(ptr, i))
        to_char = _char_offsets(text_bytes)
        spans = tuple(
            (to_char(lib.ks_results_highlight_begin(ptr, i, h)),
             to_char(lib.ks_results_highlight_end(ptr, i, h)))
            for h in range(lib.ks_results_highlight_count(ptr, i)))
        duplicates, duplicate_ids = _duplicates(ptr, i)
        hits.append(Hit(
            rank=offset + i + 1,
            score=lib.ks_results_score(ptr, i),
            doc_id=_lib.text(lib.ks_results_doc_id(ptr, i)),
            passage_id=_lib.text(lib.ks_results_passage_id(ptr, i)),
            title=_lib.text(lib.ks_results_title(ptr, i)),
            text=text_bytes.decode("utf-8", "replace"),
            snippet=_lib.text(lib.ks_results_snippet(ptr, i)),
            score_parts={name: lib.ks_results_score_part(ptr, i, part)
                         for part, name in enumerate(_SCORE_PARTS)},
            highlights=spans,
            duplicates=duplicates,
            duplicate_ids=duplicate_ids,
            fields=_fields(ptr, i)))
    return Results(query, hits, lib.ks_results_total(ptr), bool(lib.ks_results_total_exact(ptr)),
                   _facets(ptr, facet_names))


def _option(key, value):
    """An option's value as set on a library searcher: a str, or for a multi-value option a
    tuple of str."""
    if key in _MULTI_VALUE_OPTIONS:
        items = (value,) if isinstance(value, str) else tuple(value)
        return tuple(_lib.option_value(v) for v in items)
    return _lib.option_value(value)


@dataclass(frozen=True)
class Suggestion:
    """A completion of what was typed, and how many articles hold it."""

    text: str
    articles: int


class _Handle:
    """One ks_searcher_t and the options set on it (key -> value string)."""

    __slots__ = ("ptr", "options", "generation")

    def __init__(self, ptr, generation):
        self.ptr = ptr
        self.options = {}
        self.generation = generation


class Searcher:
    """Searches an index (a directory, or a sharded index's stub), as `kosearch search`.

    Options are the search options of `kosearch search --set KEY=VALUE` as keyword arguments
    (``Searcher("idx", k1=1.2, snippet_chars=200)``); they apply to every search, and search()
    takes more for one call. ``allow_missing_shards=True`` opens a sharded index with shards down.

    Thread-safe: a library searcher serves one thread at a time, so each concurrent search takes
    one from a pool (opening another when all are busy); the library call runs without the GIL,
    so searches from several threads run in parallel. Results are copied into Python objects.
    """

    def __init__(self, path, *, allow_missing_shards=False, **options):
        self._path = os.fspath(path)
        self._flags = _ALLOW_MISSING_SHARDS if allow_missing_shards else 0
        self._options = {k: _option(k, v) for k, v in options.items()}
        self._lock = threading.Lock()
        self._idle = []
        self._busy = 0
        self._generation = 0
        self._closed = False
        # Open one now: a missing index or a bad option fails here, not at the first search.
        self._idle.append(self._open(self._options))

    @property
    def path(self):
        return self._path

    def _open(self, options):
        ptr = _lib.call(lib.ks_searcher_open_flags, _lib.encode(self._path, "index path"),
                        self._flags)
        handle = _Handle(ptr, self._generation)
        try:
            self._configure(handle, options)
        except BaseException:
            lib.ks_searcher_close(ptr)
            raise
        return handle

    @staticmethod
    def _configure(handle, options):
        for key, value in options.items():
            if handle.options.get(key) == value:
                continue
            name = _lib.encode(key, "option name")
            if isinstance(value, tuple):  # a multi-value option: clear, then add each
                handle.options.pop(key, None)
                for item in ("",) + value:
                    _lib.call(lib.ks_searcher_set_option, handle.ptr, name,
                              _lib.encode(item, f"option {key}"))
            else:
                _lib.call(lib.ks_searcher_set_option, handle.ptr, name,
                          _lib.encode(value, f"option {key}"))
            handle.options[key] = value

    def _acquire(self):
        with self._lock:
            if self._closed:
                raise ValueError(f"Searcher for {self._path} is closed")
            self._busy += 1
            handle = self._idle.pop() if self._idle else None
            generation = self._generation
        if handle is None:
            try:
                return self._open(self._options)
            except BaseException:
                self._release(None)
                raise
        if handle.generation < generation:
            try:
                _lib.call(lib.ks_searcher_reopen, handle.ptr)
            except BaseException:
                self._release(handle)
                raise
            handle.generation = generation
        return handle

    def _release(self, handle):
        with self._lock:
            self._busy -= 1
            if handle is None:
                return
            if self._closed:
                lib.ks_searcher_close(handle.ptr)
            else:
                self._idle.append(handle)

    def search(self, query, k=10, *, offset=0, one_per_article=False, **options):
        """Ranks passages for `query` (operators: "a phrase", -word) and returns the best `k`
        after skipping `offset` (paging), at most one per article if `one_per_article`. More
        search options as keyword arguments apply to this call only. k=0 only counts."""
        if not isinstance(k, int) or k < 0:
            raise InvalidArgument(f"k must be a non-negative integer, got {k!r}")
        wanted = dict(self._options)
        wanted.update((key, _option(key, v)) for key, v in options.items())
        wanted["offset"] = _lib.option_value(int(offset))
        q = _lib.encode(query, "query")
        handle = self._acquire()
        try:
            if set(handle.options) - set(wanted):
                # Options of an earlier call that this one does not give: a fresh searcher
                # starts from the defaults (the library cannot unset an option).
                fresh = self._open(wanted)
                lib.ks_searcher_close(handle.ptr)
                handle = fresh
            else:
                self._configure(handle, wanted)
            ptr = _lib.call(lib.ks_searcher_search, handle.ptr, q, k, 1 if one_per_article else 0)
            try:
                facets = wanted.get("facets", "")
                return _copy_results(query, ptr, int(offset), [f for f in facets.split(",") if f])
            finally:
                lib.ks_results_free(ptr)
        finally:
            self._release(handle)

    def suggest(self, prefix, k=10):
        """Up to `k` completions of `prefix` as typed (a syllable being composed, initial
        consonants, the English layout), best first, as a list of Suggestion. Needs a library
        with suggestions (ks_searcher_suggest); NotImplementedError otherwise."""
        if not _lib.has("ks_searcher_suggest"):
            raise NotImplementedError("this libkosearch_c has no suggestions (ks_searcher_suggest)")
        p = _lib.encode(prefix, "prefix")
        handle = self._acquire()
        try:
            ptr = _lib.call(lib.ks_searcher_suggest, handle.ptr, p, k)
            try:
                return [Suggestion(_lib.text(lib.ks_suggestions_text(ptr, i)),
                                   lib.ks_suggestions_articles(ptr, i))
                        for i in range(lib.ks_suggestions_count(ptr))]
            finally:
                lib.ks_suggestions_free(ptr)
        finally:
            self._release(handle)

    def reopen(self):
        """Makes later searches see the latest commit (each pooled searcher moves before its
        next search)."""
        with self._lock:
            self._generation += 1

    def close(self):
        """Closes the idle searchers now and busy ones when their search ends. Idempotent."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for handle in idle:
            lib.ks_searcher_close(handle.ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            for handle in getattr(self, "_idle", ()):
                lib.ks_searcher_close(handle.ptr)
            self._idle = []
        except Exception:  # noqa: BLE001 - at interpreter exit the module may be gone
            pass

    def __repr__(self):
        return f"<kosearch.Searcher {self._path!r}{' closed' if self._closed else ''}>"
