"""kosearch.Indexer: the single writer of an index."""

import os
import threading

from . import _lib
from ._lib import lib

# Article fields other than id, title and text (published, publisher, ...): the C API has no
# function taking them yet. The one place to extend is Indexer.add: when c.h gains one, list
# the fields it takes here and call it there when `fields` is not empty (_lib.has tells whether
# the loaded library has it). Until then such a field is refused with a TypeError naming it,
# never silently dropped.
_EXTRA_FIELDS = ()


class Indexer:
    """Writes an index (creating it if needed), as `kosearch index` does.

    Options are those of `kosearch index` / ks_indexer_open_options, as keyword arguments:
    ``Indexer("idx", analyzer="ko-bigram-nox", shards=4, append_only=True)``. An existing index
    keeps the settings it was built with.

    Used as a context manager, it commits when the block ends without an exception and always
    closes, releasing the lock. Leaving by an exception does not commit, but it rolls nothing
    back either: Xapian keeps pending changes when the index closes. Calls are serialized by a lock,
    so sharing one Indexer between threads is safe, though not faster.
    """

    def __init__(self, path, **options):
        self._lock = threading.Lock()
        self._path = os.fspath(path)
        self._handle = _lib.call(lib.ks_indexer_open_options,
                                 _lib.encode(self._path, "index path"),
                                 _lib.encode(_lib.options_string(options, "Indexer"), "options"))

    @property
    def path(self):
        return self._path

    def _live(self):
        if not self._handle:
            raise ValueError(f"Indexer for {self._path} is closed")
        return self._handle

    def add(self, id, title="", text="", **fields):
        """Adds or replaces (by `id`) one article. Fields other than id, title and text are
        refused with TypeError while the C library has no function for them."""
        for name in fields:
            if name not in _EXTRA_FIELDS:
                raise TypeError(
                    f"Indexer.add() got field {name!r}, which this libkosearch_c cannot store: "
                    "it takes id, title and text only")
        args = (_lib.encode(id, "id"), _lib.encode(title or "", "title"), _lib.encode(text, "text"))
        with self._lock:
            _lib.call(lib.ks_indexer_add, self._live(), *args)

    def add_path(self, path):
        """Indexes a file or folder (.txt articles, .jsonl[.zst], a BEIR folder). Returns the
        number of articles written; unchanged files are skipped."""
        p = _lib.encode(os.fspath(path), "path")
        with self._lock:
            return _lib.call(lib.ks_indexer_add_path, self._live(), p)

    def remove(self, id):
        """Deletes article `id` (effective at commit). Returns how many passages it had (0:
        not in the index)."""
        i = _lib.encode(id, "id")
        with self._lock:
            return _lib.call(lib.ks_indexer_remove, self._live(), i)

    def commit(self):
        """Makes everything added so far durable and visible to searchers."""
        with self._lock:
            _lib.call(lib.ks_indexer_commit, self._live())

    def close(self):
        """Releases the writer and its lock (Xapian keeps pending changes when it closes; commit
        says when they are durable). Idempotent."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle:
            lib.ks_indexer_close(handle)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.close()
        return False

    def __del__(self):
        try:
            if getattr(self, "_handle", None):
                lib.ks_indexer_close(self._handle)
                self._handle = None
        except Exception:  # noqa: BLE001 - at interpreter exit the module may be gone
            pass

    def __repr__(self):
        state = "open" if self._handle else "closed"
        return f"<kosearch.Indexer {self._path!r} {state}>"
