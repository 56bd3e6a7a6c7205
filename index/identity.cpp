#include "identity.hpp"

#include <sys/stat.h>

namespace kosearch::schema {

PathIdentity identity_of(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino};
}

}  // namespace kosearch::schema
