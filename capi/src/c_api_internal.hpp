#pragma once
// Shared by the C API's source files (not installed).

#include "kosearch/c.h"

namespace kosearch::capi {

// Stores the exception being handled in *err (as ks_* functions report errors). Call only
// inside a catch block.
void report_current_exception(ks_error_t** err) noexcept;

}  // namespace kosearch::capi
