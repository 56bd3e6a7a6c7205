"""kosearch: Korean full-text passage search, from Python.

A thin layer over the C API (libkosearch_c, loaded with ctypes; see _lib.py for where it is
looked for):

    import kosearch
    with kosearch.Indexer("idx") as ix:       # commits when the block ends
        ix.add(id="a1", title="제목", text="본문")
        ix.add_path("corpus/")
    res = kosearch.Searcher("idx").search("스케일AI 지분", k=5)
    for h in res:
        print(h.rank, h.score, h.doc_id, h.title, h.snippet)
    kosearch.analyze("스케일AI의 지분을")
    kosearch.evaluate({"q1": {"a1": 2.0}}, {"q1": {"a1": 1}})

Errors are kosearch.Error and its subclasses (one per library error code).
"""

from ._lib import lib as _lib_handle
from .errors import (Error, IndexCorrupt, IndexLocked, IndexNotFound, IndexVersionMismatch,
                     InternalError, InvalidArgument, InvalidInput, IoError, QuerySyntax)
from .evaluation import evaluate
from .indexer import Indexer
from .searcher import Hit, Results, Searcher, Suggestion
from .text import Token, analyze

__version__ = _lib_handle.ks_version().decode()
"""The version of the loaded libkosearch_c."""

__all__ = [
    "Error", "IndexCorrupt", "IndexLocked", "IndexNotFound", "IndexVersionMismatch",
    "InternalError", "InvalidArgument", "InvalidInput", "IoError", "QuerySyntax",
    "Indexer", "Searcher", "Results", "Hit", "Suggestion", "Token", "analyze", "evaluate", "__version__",
]
