#include "kosearch/core/error.hpp"

namespace kosearch {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kInvalidInput: return "invalid input";
    case ErrorCode::kIo: return "I/O error";
    case ErrorCode::kIndexNotFound: return "index not found";
    case ErrorCode::kIndexLocked: return "index locked";
    case ErrorCode::kIndexCorrupt: return "index corrupt";
    case ErrorCode::kIndexVersionMismatch: return "index version mismatch";
    case ErrorCode::kQuerySyntax: return "query error";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

}  // namespace kosearch
