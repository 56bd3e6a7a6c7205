"""The exceptions of kosearch: one hierarchy under kosearch.Error, one class per error code of
the library (kosearch::ErrorCode, the C API's KS_* codes)."""


class Error(Exception):
    """Base of every kosearch error. `code` is the library's error code (KS_*), `str(e)` the
    library's complete message for a user."""

    code = 9

    def __init__(self, message, code=None):
        super().__init__(message)
        if code is not None:
            self.code = code


class InvalidArgument(Error, ValueError):
    """A bad option or parameter (a caller bug): KS_INVALID_ARGUMENT."""

    code = 1


class InvalidInput(Error, ValueError):
    """A data problem in input files or text: KS_INVALID_INPUT."""

    code = 2


class IoError(Error, OSError):
    """A file could not be read or written: KS_IO."""

    code = 3


class IndexNotFound(Error):
    """No index at the given path: KS_INDEX_NOT_FOUND."""

    code = 4


class IndexLocked(Error):
    """Another writer holds the index: KS_INDEX_LOCKED."""

    code = 5


class IndexCorrupt(Error):
    """Damaged, or not a kosearch index: KS_INDEX_CORRUPT."""

    code = 6


class IndexVersionMismatch(Error):
    """Built with another analyzer or schema: KS_INDEX_VERSION_MISMATCH."""

    code = 7


class QuerySyntax(Error):
    """A query that cannot be run (e.g. too long): KS_QUERY_SYNTAX."""

    code = 8


class InternalError(Error):
    """A bug in kosearch or a dependency, or out of memory: KS_INTERNAL."""

    code = 9


_BY_CODE = {cls.code: cls for cls in (InvalidArgument, InvalidInput, IoError, IndexNotFound,
                                       IndexLocked, IndexCorrupt, IndexVersionMismatch,
                                       QuerySyntax, InternalError)}


def error_for(code, message):
    """The exception for a library error code (an unknown code gives Error with that code)."""
    cls = _BY_CODE.get(code)
    return cls(message) if cls is not None else Error(message, code)
