#include "schema.hpp"

#define XXH_INLINE_ALL  // header-only, as in indexer/src/source_hash.cpp
#include <xxhash.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <system_error>

#include "kosearch/core/error.hpp"
#include "shards.hpp"

namespace kosearch::schema {

namespace {
// Ids with their prefix up to kMaxPlain bytes are kept whole; a longer one keeps kHead bytes, then
// "~" and 16 hex digits of its hash.
constexpr std::size_t kMaxPlain = 240, kHead = 200, kHashDigits = 16;
}  // namespace

std::string id_term(std::string_view prefix, std::string_view id) {
  std::string term(prefix);
  if (prefix.size() + id.size() <= kMaxPlain) {
    term.append(id);
    return term;
  }
  // Keep a readable head and make the rest unique with a hash.
  term.append(id.substr(0, kHead));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(id.data(), id.size())));
  term.append("~").append(hex);
  return term;
}

std::optional<std::string_view> id_of_term(std::string_view prefix, std::string_view term) {
  if (!term.starts_with(prefix)) return std::nullopt;
  const bool hashed = term.size() == prefix.size() + kHead + 1 + kHashDigits && term[prefix.size() + kHead] == '~';
  if (hashed) return std::nullopt;
  return term.substr(prefix.size());
}

std::string encode_hit_info(std::uint32_t passage_no, std::uint32_t begin, std::uint32_t end,
                            std::string_view doc_id, std::string_view title) {
  std::string out = std::to_string(passage_no);
  out.append(" ").append(std::to_string(begin)).append(" ").append(std::to_string(end));
  out.append(" ").append(std::to_string(doc_id.size())).append(" ");
  out.append(doc_id).append(title);
  return out;
}

HitInfo decode_hit_info(std::string_view value) {
  HitInfo info;
  const char* p = value.data();
  const char* const last = value.data() + value.size();
  std::uint32_t id_bytes = 0;
  for (std::uint32_t* field : {&info.passage_no, &info.begin, &info.end, &id_bytes}) {
    const auto [next, ec] = std::from_chars(p, last, *field);
    if (ec != std::errc() || next == last || *next != ' ') return {};
    p = next + 1;
  }
  if (static_cast<std::size_t>(last - p) < id_bytes) return {};
  info.doc_id = std::string_view(p, id_bytes);
  p += id_bytes;
  info.title = std::string_view(p, static_cast<std::size_t>(last - p));
  return info;
}

namespace {

// The index a path belongs to: a parallel build writes into `<parent>/.<name>.build/...` next to
// index `<parent>/<name>`; messages name the index, which the user gave, not that folder.
std::filesystem::path index_of(const std::filesystem::path& path) {
  for (std::filesystem::path p = path; p.has_filename(); p = p.parent_path()) {
    const std::string name = p.filename().string();
    if (name.size() > 7 && name.front() == '.' && name.ends_with(".build")) {
      return p.parent_path() / name.substr(1, name.size() - 7);
    }
    if (p == p.parent_path()) break;
  }
  return path;
}

bool is_errno(const char* text, int code) {
  return text != nullptr && std::generic_category().message(code) == text;
}

}  // namespace

void rethrow_xapian(const Xapian::Error& e, const std::filesystem::path& path,
                    std::string_view doing) {
  const std::filesystem::path index = index_of(path);
  const std::string where =
      index == path ? path.string() : index.string() + " (while building it in " + path.string() + ")";
  // Xapian keeps the system's reason (errno) apart from its message: both are shown.
  const char* reason = e.get_error_string();
  std::string detail = e.get_type() + std::string(": ") + e.get_msg();
  if (reason != nullptr && *reason != '\0') detail.append(" (").append(reason).append(")");
  const std::string type = e.get_type();
  if (is_errno(reason, ENOSPC) || is_errno(reason, EDQUOT) || e.get_msg().find("No space left") != std::string::npos) {
    throw IoError("cannot " + std::string(doing) + " index " + where + ": No space left on device (" + detail +
                  "). Free space on the disk that holds " + index.string() +
                  " (a build needs room for the index and, while it runs, its temporary parts), then run "
                  "the same command again.");
  }
  const bool denied = is_errno(reason, EACCES) || is_errno(reason, EPERM) || is_errno(reason, EROFS) ||
                      e.get_msg().find("Permission denied") != std::string::npos ||
                      e.get_msg().find("Read-only file system") != std::string::npos;
  if (denied) {
    throw IoError("cannot " + std::string(doing) + " index " + where + " (" + detail +
                  "): the folder is not writable (permissions, or a read-only filesystem). Index into "
                  "a folder you can write to, or fix its permissions.");
  }
  if (type == "DatabaseLockError") {
    // Only "already locked" means another writer; any other lock failure is the filesystem's.
    if (e.get_msg().find("already locked") == std::string::npos) {
      throw IoError("cannot lock index " + where + " for writing (" + detail +
                    "): the folder or its filesystem does not allow it (permissions, a read-only or "
                    "network filesystem). Index into a local folder you can write to.");
    }
    throw IndexLocked("index " + where + " is being written by another process (" + detail +
                      "). Wait for that indexer to finish, then retry; do not delete its lock "
                      "file, the lock is released when the process exits.");
  }
  if (type == "DatabaseNotFoundError") {
    std::error_code ec;
    if (std::filesystem::is_directory(index, ec) && !std::filesystem::is_empty(index, ec) && !holds_index(index)) {
      throw IndexNotFound(index.string() + " is a folder but holds no kosearch index (" + detail +
                          "). Give --index the folder an index was built in, or build one in a new "
                          "folder: `kosearch index --index NEW_FOLDER INPUT...`.");
    }
    throw IndexNotFound("no index at " + index.string() + " (" + detail +
                        "). Build one with `kosearch index --index " + index.string() + " INPUT...`.");
  }
  if (type == "DatabaseOpeningError" || type == "DatabaseCorruptError" ||
      type == "DatabaseVersionError" || type == "DatabaseFormatError" ||
      type == "DatabaseError") {
    throw IndexCorrupt("cannot " + std::string(doing) + " index " + where + ": " + detail +
                       ". If it is damaged, rebuild it with `kosearch index --rebuild --index " +
                       index.string() + " INPUT...`.");
  }
  if (type == "DatabaseModifiedError") {
    throw IndexCorrupt("index " + where + " changed while reading (" + detail +
                       "); reopen the searcher and retry.");
  }
  throw IoError("cannot " + std::string(doing) + " index " + where + ": " + detail);
}

void check_metadata(const Xapian::Database& db, const std::filesystem::path& path,
                    const std::string& expected) {
  const std::string schema = db.get_metadata(std::string(kMetaSchema));
  if (schema.empty()) {
    if (db.get_doccount() == 0) return;  // a brand-new empty database
    throw IndexCorrupt(path.string() +
                       " is a Xapian database but not a kosearch index (no kosearch:schema "
                       "metadata). Point --index at a kosearch index or at a new directory.");
  }
  // Versions from kOldestReadableSchema to kSchemaVersion are read (each adds what the older lack).
  const bool readable = schema.size() == 1 && schema >= kOldestReadableSchema && schema <= kSchemaVersion;
  if (!readable) {
    throw IndexVersionMismatch("index " + path.string() + " has schema version " + schema +
                               ", this kosearch reads versions " + std::string(kOldestReadableSchema) + " to " + std::string(kSchemaVersion) +
                               ". Rebuild it from its input: `kosearch index --rebuild --index " +
                               path.string() + " INPUT...`.");
  }
  const std::string analyzer = db.get_metadata(std::string(kMetaAnalyzer));
  if (!expected.empty() && analyzer != expected) {
    throw IndexVersionMismatch("index " + path.string() + " was built with analyzer '" +
                               analyzer + "' but this kosearch analyzes queries with '" +
                               expected +
                               "'; terms would not match. Rebuild the index with `kosearch index "
                               "--rebuild --index " + path.string() + " INPUT...`.");
  }
}

std::uintmax_t bytes_on_disk(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    std::uintmax_t total = std::filesystem::file_size(path, ec);
    try {
      for (const auto& shard : read_stub(path)) {
        if (!shard.remote() && std::filesystem::is_directory(shard.path, ec)) {
          total += bytes_on_disk(shard.path);
        }
      }
    } catch (const Error&) {
      // Not a readable stub: just the file.
    }
    return total;
  }
  std::uintmax_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace kosearch::schema
