#include "shards.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include "kosearch/core/error.hpp"
#include "schema.hpp"

namespace fs = std::filesystem;

namespace kosearch::schema {

namespace {

unsigned parse_port(const std::string& text, const fs::path& stub, std::size_t line) {
  std::size_t used = 0;
  unsigned long port = 0;
  try {
    port = std::stoul(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || port == 0 || port > 65535) {
    throw IndexCorrupt("stub " + stub.string() + " line " + std::to_string(line) + ": '" + text +
                       "' is not a TCP port (1-65535)");
  }
  return static_cast<unsigned>(port);
}

// A stub line as shown in a message: at most 80 bytes, bytes outside printable ASCII and valid
// UTF-8 text written as \xNN (a binary file must not reach the terminal raw).
std::string shown(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size() && out.size() < 80; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    // A whole UTF-8 sequence of 2-4 bytes (Korean paths) stays as it is.
    const std::size_t len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    bool whole = len > 0 && i + len <= line.size();
    for (std::size_t k = 1; whole && k < len; ++k) whole = (static_cast<unsigned char>(line[i + k]) & 0xC0) == 0x80;
    if (whole && !(c == 0xC2 && static_cast<unsigned char>(line[i + 1]) < 0xA0)) {  // not a C1 control
      out.append(line.substr(i, len));
      i += len - 1;
      continue;
    }
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  if (out.size() >= 80) out += "...";
  return out;
}

std::string meta(const Xapian::Database& db, std::string_view key) {
  return db.get_metadata(std::string(key));
}

// Translates a failure to open a shard into an error naming it and what to do.
[[noreturn]] void throw_shard_down(const ShardSpec& shard, const fs::path& stub,
                                   const Xapian::Error& e) {
  const std::string detail = e.get_type() + std::string(": ") + e.get_msg();
  const std::string tail = "; or pass --allow-missing-shards (SearcherOptions::allow_missing_shards)"
                           " to search the other shards";
  if (shard.remote()) {
    throw IoError(shard.describe() + " of index " + stub.string() + " is down (" + detail +
                  "). Start `xapian-tcpsrv --port " + std::to_string(shard.port) +
                  " SHARD_DIR` on " + shard.host + tail + ".");
  }
  throw IndexNotFound(shard.describe() + " of index " + stub.string() + " cannot be opened (" +
                      detail + "). Restore that shard or fix line " + std::to_string(shard.line) +
                      " of the stub" + tail + ".");
}

}  // namespace

std::string ShardSpec::describe() const {
  const std::string where = remote() ? "remote tcp " + host + " " + std::to_string(port) : path.string();
  return "shard " + std::to_string(number) + " (" + where + ")";
}

bool holds_index(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec) || fs::exists(dir / kStubName, ec);
}

fs::path stub_of(const fs::path& index) {
  std::error_code ec;
  if (fs::is_directory(index, ec)) {
    const fs::path stub = index / kStubName;
    return fs::is_regular_file(stub, ec) ? stub : fs::path();
  }
  return fs::is_regular_file(index, ec) ? index : fs::path();
}

std::vector<ShardSpec> read_stub(const fs::path& stub) {
  std::ifstream in(stub);
  if (!in) throw IoError("cannot read stub " + stub.string());
  std::vector<ShardSpec> shards;
  std::string text;
  std::size_t line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    // Trailing blanks (and the CR of a stub edited on Windows) are not part of a path.
    text.erase(text.find_last_not_of(" \t\r") + 1);
    std::istringstream split(text);
    std::vector<std::string> words;
    for (std::string w; split >> w;) words.push_back(w);
    if (words.empty() || words[0][0] == '#') continue;
    ShardSpec spec;
    spec.line = line_no;
    spec.number = shards.size();  // from 0, as the folders a sharded build makes (shard-0, ...)
    const std::string& type = words[0];
    if ((type == "auto" || type == "glass") && words.size() >= 2) {
      // The rest of the line is the path (it may hold spaces).
      const std::string rest = text.substr(text.find(type) + type.size());
      const std::string p = rest.substr(rest.find_first_not_of(" \t"));
      spec.path = fs::path(p).is_absolute() ? fs::path(p) : stub.parent_path() / p;
    } else if (type == "remote" && words.size() == 4 && words[1] == "tcp") {
      spec.host = words[2];
      spec.port = parse_port(words[3], stub, line_no);
    } else if (type == "remote" && words.size() == 2 && words[1][0] != ':' &&
               words[1].rfind(':') != std::string::npos && words[1].rfind(':') > 0) {
      const std::string& hp = words[1];
      spec.host = hp.substr(0, hp.rfind(':'));
      spec.port = parse_port(hp.substr(hp.rfind(':') + 1), stub, line_no);
    }
    if (spec.path.empty() && spec.host.empty()) {
      // Nothing recognised yet: not a stub at all (a binary, an article, a random file).
      if (shards.empty()) {
        throw IndexCorrupt(stub.string() + " is not an index: --index takes an index folder, or a stub "
                           "file that lists shards (`auto PATH` or `remote tcp HOST PORT` lines), and its "
                           "line " + std::to_string(line_no) + " is '" + shown(text) + "'. Give --index the "
                           "folder an index was built in.");
      }
      throw IndexCorrupt("stub " + stub.string() + " line " + std::to_string(line_no) + ": '" +
                         shown(text) + "' is not `auto PATH`, `remote tcp HOST PORT` or `remote HOST:PORT`");
    }
    shards.push_back(std::move(spec));
  }
  if (shards.empty()) {
    throw IndexCorrupt("stub " + stub.string() + " lists no shards; add `auto PATH` or "
                       "`remote tcp HOST PORT` lines");
  }
  return shards;
}

void write_stub(const fs::path& stub, const std::vector<std::string>& relative_paths) {
  const fs::path tmp = stub.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# kosearch sharded index: one Xapian database per line (see README, Scale-out)\n";
    for (const auto& p : relative_paths) out << "auto " << p << "\n";
    out.flush();
    if (!out) throw IoError("cannot write stub " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, stub, ec);
  if (ec) throw IoError("cannot write stub " + stub.string() + ": " + ec.message());
}

Xapian::Database open_shard(const ShardSpec& shard) {
  if (shard.remote()) return Xapian::Remote::open(shard.host, shard.port, 10000, 5000);
  return Xapian::Database(shard.path.string());
}

OpenedShards open_shards(const fs::path& stub, bool allow_missing) {
  OpenedShards out;
  const std::vector<ShardSpec> shards = read_stub(stub);
  out.listed = shards.size();
  const ShardSpec* first = nullptr;
  std::string analyzer, positions;
  for (const auto& shard : shards) {
    Xapian::Database db;
    const fs::path name = shard.describe() + " of " + stub.string();
    try {
      db = open_shard(shard);
    } catch (const Xapian::Error& e) {
      if (!allow_missing) throw_shard_down(shard, stub, e);
      out.warnings.push_back(shard.describe() + " is unavailable (" + e.get_type() + ": " +
                             e.get_msg() + "); results come from the other shards only");
      continue;
    }
    try {
      check_metadata(db, name, "");
      if (meta(db, kMetaSchema).empty()) {
        // A brand-new empty shard has no metadata yet and matches nothing: nothing to check.
      } else if (first == nullptr) {
        first = &shard;
        analyzer = meta(db, kMetaAnalyzer);
        positions = meta(db, kMetaPositions);
      } else if (meta(db, kMetaAnalyzer) != analyzer) {
        throw IndexVersionMismatch(
            shard.describe() + " of index " + stub.string() + " was built with analyzer '" +
            meta(db, kMetaAnalyzer) + "' but " + first->describe() + " with '" + analyzer +
            "'; every shard must use the same analyzer. Rebuild that shard with the same "
            "--analyzer (or the whole index with `kosearch index --rebuild --shards N`).");
      } else if ((meta(db, kMetaPositions) != "0") != (positions != "0")) {
        throw IndexVersionMismatch(
            shard.describe() + " of index " + stub.string() +
            (meta(db, kMetaPositions) != "0" ? " has" : " has no") + " term positions but " +
            first->describe() + (positions != "0" ? " has" : " has no") +
            "; rebuild the shards with the same --positions setting.");
      }
    } catch (const Xapian::Error& e) {
      rethrow_xapian(e, name, "read");
    }
    // A shard knows how many shards its index was built with; a stub listing a different number
    // leaves documents out (or lists foreign databases). Searching still works: warn.
    const std::string built_with = meta(db, kMetaShards);
    if (!built_with.empty() && built_with != std::to_string(shards.size())) {
      out.warnings.push_back(shard.describe() + " was built as one of " + built_with +
                             " shards but " + stub.string() + " lists " +
                             std::to_string(shards.size()) + "; documents of unlisted shards are "
                             "not searched");
    }
    out.db.add_database(db);
    ++out.opened;
  }
  if (out.opened == 0) {
    throw IndexNotFound("none of the " + std::to_string(out.listed) + " shards of index " +
                        stub.string() + " can be opened" +
                        (out.warnings.empty() ? std::string() : ": " + out.warnings.front()));
  }
  return out;
}

}  // namespace kosearch::schema
