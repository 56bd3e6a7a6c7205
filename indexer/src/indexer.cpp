#include "kosearch/indexer/indexer.hpp"

#include <simdjson.h>
#include <xapian.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "../schema/schema.hpp"
#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/indexer/article.hpp"
#include "line_reader.hpp"

namespace fs = std::filesystem;

namespace kosearch {

namespace {

using Clock = std::chrono::steady_clock;

bool is_jsonl(const fs::path& p) {
  const std::string name = p.filename().string();
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".jsonl") || ends(".jsonl.zst") || ends(".json.zst") || ends(".ndjson");
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw IoError("cannot read " + p.string() + ": permission denied or not a file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace

struct Indexer::Impl {
  fs::path path;
  IndexerOptions options;
  Analyzer analyzer;
  PassageSplitter splitter;
  Xapian::WritableDatabase db;
  bool fresh = false;                    // the index was empty when opened
  std::unordered_set<std::string> seen;  // ids added since opening a fresh index
  std::uint32_t pending = 0;             // articles since the last commit
  std::uint64_t passages_added = 0;
  std::vector<Token> tokens;             // reused buffer

  Impl(const fs::path& p, const IndexerOptions& o)
      : path(p), options(o), analyzer(Analyzer::by_name(o.analyzer)), splitter(o.passages) {}

  void open();
  // Adds one article whose passages are cut from `body`; `source_offset` maps body offsets to
  // offsets in the original file (identity for JSONL records).
  std::uint64_t add_article(const std::string& id, const std::string& title,
                            std::string_view body, const ParsedArticle* parsed);
  void maybe_commit() {
    if (++pending >= options.commit_every) commit();
  }
  void commit() {
    try {
      db.set_metadata(std::string(schema::kMetaArticles), std::to_string(seen.size()));
      db.commit();
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, path, "commit to");
    }
    pending = 0;
  }

  void add_txt(const fs::path& file, IngestReport& report);
  void add_jsonl(const fs::path& file, IngestReport& report, const ProgressCallback& progress,
                 Clock::time_point start);
  void report_progress(const IngestReport& r, const ProgressCallback& progress,
                       Clock::time_point start, std::uint64_t extra_bytes) const {
    if (!progress) return;
    IndexProgress p;
    p.articles = r.articles;
    p.passages = r.passages;
    p.bytes = r.bytes + extra_bytes;
    p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    progress(p);
  }
};

void Indexer::Impl::open() {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_directory(path, ec)) {
    throw IndexCorrupt(path.string() + " is a file, not an index directory. Choose a directory "
                       "for --index.");
  }
  if (fs::is_directory(path, ec) && !fs::is_empty(path, ec) && !fs::exists(path / "iamglass") &&
      !fs::exists(path / "iamchert")) {
    throw IndexCorrupt(path.string() + " is a non-empty directory that is not a kosearch index; "
                       "refusing to write into it. Choose a new or empty directory for --index.");
  }
  fs::create_directories(path, ec);
  if (ec) throw IoError("cannot create index directory " + path.string() + ": " + ec.message());
  try {
    const int action = options.rebuild ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN;
    db = Xapian::WritableDatabase(path.string(), action | Xapian::DB_BACKEND_GLASS);
    schema::check_metadata(db, path, analyzer.signature());
    const std::string passages = db.get_metadata(std::string(schema::kMetaPassages));
    if (!passages.empty() && passages != options.passages.to_string()) {
      throw IndexVersionMismatch("index " + path.string() + " was built with passage settings '" +
                                 passages + "', not '" + options.passages.to_string() +
                                 "'. Use the same settings or --rebuild.");
    }
    fresh = db.get_doccount() == 0;
    if (fresh) {
      db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
      db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer.signature());
      db.set_metadata(std::string(schema::kMetaAnalyzerName), analyzer.name());
      db.set_metadata(std::string(schema::kMetaPassages), options.passages.to_string());
      db.set_metadata(std::string(schema::kMetaPositions), options.positions ? "1" : "0");
    } else if (db.get_metadata(std::string(schema::kMetaPositions)) != (options.positions ? "1" : "0")) {
      throw IndexVersionMismatch("index " + path.string() + (options.positions ? " has no" : " has") +
                                 " term positions; index with the same --positions setting or --rebuild.");
    }
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "open for writing");
  }
}

std::uint64_t Indexer::Impl::add_article(const std::string& id, const std::string& title,
                                         std::string_view body, const ParsedArticle* parsed) {
  if (id.empty()) throw InvalidInput("a document has an empty id; every article needs one");
  const std::string article_term = schema::id_term(schema::kPrefixArticle, id);
  try {
    if (!fresh || !seen.insert(id).second) db.delete_document(article_term);
    if (fresh) seen.insert(id);

    // Title terms go into every passage (the article's topic is evidence for each of its
    // passages); a position gap keeps phrases from spanning title and text.
    analyzer.analyze(title, tokens);
    std::vector<std::pair<std::string, Xapian::termpos>> title_terms;
    title_terms.reserve(tokens.size());
    Xapian::termpos base = 1;
    for (const auto& t : tokens) {
      title_terms.emplace_back(t.term, t.position + 1);
      base = std::max<Xapian::termpos>(base, t.position + 1);
    }
    base += 8;

    const auto spans = splitter.split(body);
    std::uint64_t n = 0;
    for (const auto& span : spans) {
      const std::string_view text = body.substr(span.begin, span.end - span.begin);
      Xapian::Document doc;
      doc.set_data(std::string(text));
      doc.add_value(schema::kSlotDocId, id);
      doc.add_value(schema::kSlotTitle, title);
      const std::uint32_t b = parsed ? parsed->to_source_offset(span.begin) : span.begin;
      const std::uint32_t e = parsed ? parsed->to_source_offset(span.end) : span.end;
      doc.add_value(schema::kSlotSpan, std::to_string(b) + " " + std::to_string(e));
      doc.add_value(schema::kSlotPassageNo, std::to_string(n));
      doc.add_boolean_term(schema::id_term(schema::kPrefixPassageId, id + "#" + std::to_string(n)));
      doc.add_boolean_term(article_term);
      analyzer.analyze(text, tokens);
      if (options.positions) {
        for (const auto& [term, pos] : title_terms) doc.add_posting(term, pos);
        for (const auto& t : tokens) doc.add_posting(t.term, base + t.position);
      } else {
        for (const auto& [term, pos] : title_terms) doc.add_term(term);
        for (const auto& t : tokens) doc.add_term(t.term);
      }
      db.add_document(doc);
      ++n;
    }
    passages_added += n;
    maybe_commit();
    return n;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "write to");
  }
}

void Indexer::Impl::add_txt(const fs::path& file, IngestReport& report) {
  std::string raw;
  try {
    raw = read_file(file);
  } catch (const IoError& e) {
    report.problems.push_back(std::string(e.what()) + "; skipped");
    ++report.skipped;
    return;
  }
  ++report.files;
  report.bytes += raw.size();
  if (raw.find_first_not_of(" \t\r\n") == std::string::npos) {
    report.problems.push_back(file.string() + ": empty file; skipped");
    ++report.skipped;
    return;
  }
  if (raw.find('\0') != std::string::npos) {
    report.problems.push_back(file.string() + ": binary file (contains NUL bytes); skipped");
    ++report.skipped;
    return;
  }
  if (raw.size() >= 3 && raw.compare(0, 3, "\xEF\xBB\xBF") == 0) raw.erase(0, 3);
  if (const auto bad = utf8::find_invalid(raw); bad != std::string::npos) {
    report.problems.push_back(file.string() + ": invalid UTF-8 at byte " + std::to_string(bad) +
                              "; invalid bytes replaced by U+FFFD. If the file is EUC-KR/CP949, "
                              "convert it with `iconv -f CP949 -t UTF-8`.");
    raw = utf8::sanitize(raw);
  }
  const ParsedArticle parsed = parse_article(raw);
  if (parsed.body.empty()) {
    report.problems.push_back(file.string() + ": no article text found; skipped");
    ++report.skipped;
    return;
  }
  report.passages += add_article(file.stem().string(), parsed.title, parsed.body, &parsed);
  ++report.articles;
}

void Indexer::Impl::add_jsonl(const fs::path& file, IngestReport& report,
                              const ProgressCallback& progress, Clock::time_point start) {
  detail::LineReader reader(file);
  ++report.files;
  simdjson::dom::parser parser;
  std::string line;
  std::unordered_set<std::string> ids_in_file;
  std::uint64_t last_report = 0;
  auto problem = [&](const std::string& what) {
    const std::string msg = file.string() + ":" + std::to_string(reader.line_number()) + ": " + what;
    if (options.strict) throw InvalidInput(msg + " (stopped: --strict)");
    report.problems.push_back(msg);
    ++report.skipped;
  };
  const std::uint64_t bytes_before = report.bytes;
  while (reader.next(line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    simdjson::dom::element rec;
    if (auto err = parser.parse(line).get(rec); err) {
      problem(std::string("malformed JSON (") + simdjson::error_message(err) + "); record skipped");
      continue;
    }
    std::string id;
    simdjson::dom::element idv;
    if (rec["_id"].get(idv) == simdjson::SUCCESS) {
      if (idv.is_string()) {
        id = std::string(std::string_view(idv.get_string().value_unsafe()));
      } else if (idv.is_int64()) {
        id = std::to_string(int64_t(idv.get_int64().value_unsafe()));
      }
    }
    if (id.empty()) {
      problem("record has no \"_id\" string; record skipped");
      continue;
    }
    std::string_view text;
    if (rec["text"].get_string().get(text) != simdjson::SUCCESS) {
      problem("record \"" + id + "\" has no \"text\" string; record skipped");
      continue;
    }
    std::string_view title;
    if (rec["title"].get_string().get(title) != simdjson::SUCCESS) title = {};
    if (!ids_in_file.insert(id).second) {
      report.problems.push_back(file.string() + ":" + std::to_string(reader.line_number()) +
                                ": duplicate _id \"" + id + "\"; the later record replaces the earlier");
    }
    report.passages += add_article(id, std::string(title), text, nullptr);
    ++report.articles;
    report.bytes = bytes_before + reader.bytes();
    if (report.articles - last_report >= 2000) {
      last_report = report.articles;
      report_progress(report, progress, start, 0);
    }
  }
  report.bytes = bytes_before + reader.bytes();
}

Indexer::Indexer(const fs::path& index_dir, const IndexerOptions& options)
    : impl_(std::make_unique<Impl>(index_dir, options)) {
  if (options.commit_every == 0) throw InvalidArgument("commit_every must be at least 1");
  impl_->open();
}

void Indexer::add(const Document& doc) { impl_->add_article(doc.id, doc.title, doc.text, nullptr); }

IngestReport Indexer::add_path(const fs::path& input, const ProgressCallback& progress) {
  IngestReport report;
  const auto start = Clock::now();
  std::error_code ec;
  if (!fs::exists(input, ec)) {
    throw IoError("input " + input.string() + " does not exist. Give a folder of .txt articles, "
                  "a .jsonl[.zst] file or a BEIR folder.");
  }
  if (fs::is_directory(input, ec)) {
    for (const char* beir : {"corpus.jsonl", "corpus.jsonl.zst"}) {
      if (fs::exists(input / beir)) {
        impl_->add_jsonl(input / beir, report, progress, start);
        impl_->report_progress(report, progress, start, 0);
        return report;
      }
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(input, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    if (ec) throw IoError("cannot list " + input.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      throw InvalidInput(input.string() + " holds no .txt articles and no corpus.jsonl[.zst]; "
                         "nothing to index.");
    }
    for (const auto& f : files) {
      impl_->add_txt(f, report);
      if (report.articles % 500 == 0) impl_->report_progress(report, progress, start, 0);
    }
  } else if (is_jsonl(input)) {
    impl_->add_jsonl(input, report, progress, start);
  } else {
    impl_->add_txt(input, report);
  }
  impl_->report_progress(report, progress, start, 0);
  return report;
}

void Indexer::commit() { impl_->commit(); }

std::uint64_t Indexer::passage_count() const { return impl_->db.get_doccount(); }

Indexer::~Indexer() = default;
Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

}  // namespace kosearch
