#pragma once
/// @file The one exception hierarchy of kosearch. No Xapian or ICU exception crosses a module
/// boundary: each is translated where it arises into one of these, with context (path, line,
/// byte offset) and what to do next.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace kosearch {

/// Stable error codes (also the C API's codes). Never renumber.
enum class ErrorCode : std::int32_t {
  kOk = 0,
  kInvalidArgument = 1,       ///< caller bug: a bad option or parameter
  kInvalidInput = 2,          ///< a data problem in input files (with path/line/offset)
  kIo = 3,                    ///< a file could not be read or written
  kIndexNotFound = 4,         ///< no index at the given path
  kIndexLocked = 5,           ///< another process is writing the index
  kIndexCorrupt = 6,          ///< the index is damaged or is not a kosearch index
  kIndexVersionMismatch = 7,  ///< index built with a different analyzer or schema
  kQuerySyntax = 8,           ///< a query that cannot be run (e.g. too long)
  kInternal = 9,              ///< a bug in kosearch or a dependency
};

/// Human-readable name of an error code ("index locked", ...).
const char* error_code_name(ErrorCode code) noexcept;

/// Base of every kosearch exception. `what()` is a complete message for a user.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

#define KOSEARCH_DEFINE_ERROR(Name, Code)                                    \
  class Name : public Error {                                                \
   public:                                                                   \
    explicit Name(const std::string& message) : Error(ErrorCode::Code, message) {} \
  }

KOSEARCH_DEFINE_ERROR(InvalidArgument, kInvalidArgument);
KOSEARCH_DEFINE_ERROR(InvalidInput, kInvalidInput);
KOSEARCH_DEFINE_ERROR(IoError, kIo);
KOSEARCH_DEFINE_ERROR(IndexNotFound, kIndexNotFound);
KOSEARCH_DEFINE_ERROR(IndexLocked, kIndexLocked);
KOSEARCH_DEFINE_ERROR(IndexCorrupt, kIndexCorrupt);
KOSEARCH_DEFINE_ERROR(IndexVersionMismatch, kIndexVersionMismatch);
KOSEARCH_DEFINE_ERROR(QuerySyntax, kQuerySyntax);
KOSEARCH_DEFINE_ERROR(InternalError, kInternal);

#undef KOSEARCH_DEFINE_ERROR

}  // namespace kosearch
