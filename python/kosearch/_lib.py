"""Loads libkosearch_c (the C API, kosearch/c.h) with ctypes and declares its functions.

Where the library is looked for, first found wins:
1. the file named by the environment variable KOSEARCH_LIBRARY;
2. after `cmake --install`: the library directory recorded in _location.py at install time;
3. in a source checkout: build/capi/libkosearch_c.so next to python/ (the default build dir);
4. the system's library search path (ctypes.util.find_library).
"""

import ctypes
import ctypes.util
import os

from .errors import InvalidArgument, error_for

_NAME = "libkosearch_c.so"


def _candidates():
    env = os.environ.get("KOSEARCH_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        from . import _location  # written by cmake --install

        yield os.path.normpath(os.path.join(here, _location.LIBRARY_DIR, _NAME))
    except ImportError:
        pass
    yield os.path.normpath(os.path.join(here, "..", "..", "build", "capi", _NAME))
    found = ctypes.util.find_library("kosearch_c")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path + " (no such file)")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
    raise ImportError(
        "kosearch: cannot load libkosearch_c.so; tried: " + "; ".join(tried or ["nothing"]) +
        ". Build it (cmake --build build --target kosearch_c_shared) or set KOSEARCH_LIBRARY "
        "to its path.")


lib = _load()

_c = ctypes
_P = _c.c_void_p
_S = _c.c_char_p
_Z = _c.c_size_t
_E = _c.POINTER(_c.c_void_p)  # ks_error_t**

# name: (restype, argtypes). Every pointer result is a c_void_p (an int, or None for NULL).
_SIGNATURES = {
    "ks_version": (_S, []),
    "ks_error_code": (_c.c_int, [_P]),
    "ks_error_message": (_S, [_P]),
    "ks_error_free": (None, [_P]),
    "ks_analyzer_create": (_P, [_S, _E]),
    "ks_analyzer_free": (None, [_P]),
    "ks_analyzer_analyze": (_P, [_P, _S, _Z, _E]),
    "ks_tokens_count": (_Z, [_P]),
    "ks_tokens_term": (_S, [_P, _Z]),
    "ks_tokens_position": (_Z, [_P, _Z]),
    "ks_tokens_begin": (_Z, [_P, _Z]),
    "ks_tokens_end": (_Z, [_P, _Z]),
    "ks_tokens_kind": (_S, [_P, _Z]),
    "ks_tokens_free": (None, [_P]),
    "ks_indexer_open_options": (_P, [_S, _S, _E]),
    "ks_indexer_add": (_c.c_int, [_P, _S, _S, _S, _E]),
    "ks_indexer_add_path": (_Z, [_P, _S, _E]),
    "ks_indexer_remove": (_Z, [_P, _S, _E]),
    "ks_indexer_commit": (_c.c_int, [_P, _E]),
    "ks_indexer_close": (None, [_P]),
    "ks_searcher_open_flags": (_P, [_S, _c.c_uint, _E]),
    "ks_searcher_close": (None, [_P]),
    "ks_searcher_reopen": (_c.c_int, [_P, _E]),
    "ks_searcher_set_option": (_c.c_int, [_P, _S, _S, _E]),
    "ks_searcher_search": (_P, [_P, _S, _Z, _c.c_int, _E]),
    "ks_results_count": (_Z, [_P]),
    "ks_results_total": (_Z, [_P]),
    "ks_results_total_exact": (_c.c_int, [_P]),
    "ks_results_doc_id": (_P, [_P, _Z]),
    "ks_results_passage_id": (_P, [_P, _Z]),
    "ks_results_title": (_P, [_P, _Z]),
    "ks_results_text": (_P, [_P, _Z]),
    "ks_results_snippet": (_P, [_P, _Z]),
    "ks_results_score": (_c.c_double, [_P, _Z]),
    "ks_results_score_part": (_c.c_double, [_P, _Z, _c.c_int]),
    "ks_results_highlight_count": (_Z, [_P, _Z]),
    "ks_results_highlight_begin": (_Z, [_P, _Z, _Z]),
    "ks_results_highlight_end": (_Z, [_P, _Z, _Z]),
    "ks_results_free": (None, [_P]),
    "ks_evaluate": (_P, [_S, _S, _S, _c.c_int, _c.c_int, _E]),
    "ks_eval_measure_count": (_Z, [_P]),
    "ks_eval_measure_name": (_S, [_P, _Z]),
    "ks_eval_aggregate": (_c.c_double, [_P, _Z]),
    "ks_eval_topic_count": (_Z, [_P]),
    "ks_eval_topic": (_S, [_P, _Z]),
    "ks_eval_value": (_c.c_double, [_P, _Z, _Z]),
    "ks_eval_free": (None, [_P]),
}

# Functions of features a library may or may not have (news search, suggestions): declared
# when present, and the package offers the feature only then (see has()).
_OPTIONAL_SIGNATURES = {
    "ks_results_fields_json": (_P, [_P, _Z]),
    "ks_results_duplicates": (_Z, [_P, _Z]),
    "ks_results_duplicate_id": (_P, [_P, _Z, _Z]),
    "ks_results_facet_size": (_Z, [_P, _S]),
    "ks_results_facet_value": (_P, [_P, _S, _Z]),
    "ks_results_facet_count": (_Z, [_P, _S, _Z]),
    "ks_searcher_suggest": (_P, [_P, _S, _Z, _E]),
    "ks_suggestions_count": (_Z, [_P]),
    "ks_suggestions_text": (_P, [_P, _Z]),
    "ks_suggestions_articles": (_Z, [_P, _Z]),
    "ks_suggestions_warning": (_P, [_P]),
    "ks_suggestions_free": (None, [_P]),
}

for _name, (_res, _args) in _SIGNATURES.items():
    _fn = getattr(lib, _name)  # AttributeError here: a libkosearch_c older than this package
    _fn.restype = _res
    _fn.argtypes = _args
for _name, (_res, _args) in _OPTIONAL_SIGNATURES.items():
    if hasattr(lib, _name):
        _fn = getattr(lib, _name)
        _fn.restype = _res
        _fn.argtypes = _args


def has(name):
    """Whether this libkosearch_c has the C function `name` (for optional features)."""
    return hasattr(lib, name)


def call(fn, *args):
    """Calls a fallible C API function with a trailing ks_error_t**, raising the error as a
    kosearch exception. ctypes releases the GIL for the call."""
    err = _c.c_void_p()
    result = fn(*args, _c.byref(err))
    if err.value:
        code = lib.ks_error_code(err)
        message = lib.ks_error_message(err).decode("utf-8", "replace")
        lib.ks_error_free(err)
        raise error_for(code, message)
    return result


def text(ptr):
    """A str copied from a `const char*` the library owns (None for NULL stays "")."""
    return _c.string_at(ptr).decode("utf-8", "replace") if ptr else ""


def raw(ptr):
    """The bytes of a `const char*` the library owns (b"" for NULL)."""
    return _c.string_at(ptr) if ptr else b""


def encode(value, what):
    """UTF-8 bytes of a str argument for a NUL-terminated C string; a NUL inside would cut it
    silently, so it is refused."""
    if isinstance(value, (bytes, bytearray)):
        data = bytes(value)
    elif isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
    else:
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    if b"\0" in data:
        raise InvalidArgument(f"{what} contains a NUL character, which the library cannot take")
    return data


def options_string(options, what):
    """`KEY=VALUE KEY=VALUE` for ks_indexer_open_options: booleans as 1/0."""
    items = []
    for key, value in options.items():
        value = option_value(value)
        if any(ch.isspace() for ch in key + value) or not key:
            raise InvalidArgument(f"{what}: option {key}={value!r} may not contain spaces")
        items.append(f"{key}={value}")
    return " ".join(items)


def option_value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
