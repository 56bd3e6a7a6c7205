#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "c_api_internal.hpp"
#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/c.h"
#include "kosearch/core/error.hpp"
#include "kosearch/core/version.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"

// The handles are the C++ objects themselves, wrapped so the C names stay opaque.
struct ks_error_t {
  int code;
  char* message;  // malloc'd, so that a C caller could free it too
};
struct ks_analyzer_t {
  kosearch::Analyzer analyzer;
};
struct ks_tokens_t {
  std::vector<kosearch::Token> tokens;
};
struct ks_indexer_t {
  kosearch::Indexer indexer;
};
struct ks_searcher_t {
  kosearch::Searcher searcher;
  kosearch::SearchOptions options;  // ks_searcher_set_option; k and one_per_article per search
};
struct ks_results_t {
  kosearch::SearchResults results;
  // Per hit, made once so the accessors return pointers owned here: the news fields as JSON and
  // the ISO 8601 publication date ("" when unknown).
  std::vector<std::string> fields_json;
  std::vector<std::string> published;
};
struct ks_suggestions_t {
  kosearch::Suggestions suggestions;
};

namespace {

// Allocates with malloc only: this runs while reporting std::bad_alloc, so it must not throw.
ks_error_t* make_error(int code, const char* message) noexcept {
  auto* e = static_cast<ks_error_t*>(std::malloc(sizeof(ks_error_t)));
  if (e == nullptr) return nullptr;
  e->code = code;
  const std::size_t n = std::strlen(message);
  e->message = static_cast<char*>(std::malloc(n + 1));
  if (e->message != nullptr) std::memcpy(e->message, message, n + 1);
  return e;
}

void set_error(ks_error_t** err, int code, const char* message) noexcept {
  if (err == nullptr) return;
  ks_error_free(*err);
  *err = make_error(code, message);
}

// Translates the exception being handled. Call only inside a catch block.
void set_current_error(ks_error_t** err) noexcept {
  try {
    throw;
  } catch (const kosearch::Error& e) {
    set_error(err, static_cast<int>(e.code()), e.what());
  } catch (const std::bad_alloc&) {
    set_error(err, KS_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    set_error(err, KS_INTERNAL, e.what());
  } catch (...) {
    set_error(err, KS_INTERNAL, "unknown C++ exception");
  }
}

// Runs `fn`, turning any exception into *err and `fallback`.
template <typename T, typename Fn>
T guarded(ks_error_t** err, T fallback, Fn&& fn) noexcept {
  try {
    return fn();
  } catch (...) {
    set_current_error(err);
    return fallback;
  }
}

bool check_arg(bool ok, ks_error_t** err, const char* what) noexcept {
  if (!ok) set_error(err, KS_INVALID_ARGUMENT, what);
  return ok;
}

// The facet `name` of `r` (null: not asked for, or a null argument).
const kosearch::Facet* facet_named(const ks_results_t* r, const char* name) noexcept {
  if (r == nullptr || name == nullptr) return nullptr;
  for (const auto& f : r->results.facets) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const kosearch::Hit* hit_at(const ks_results_t* r, std::size_t i) noexcept {
  if (r == nullptr || i >= r->results.hits.size()) return nullptr;
  return &r->results.hits[i];
}

const kosearch::Token* token_at(const ks_tokens_t* t, std::size_t i) noexcept {
  if (t == nullptr || i >= t->tokens.size()) return nullptr;
  return &t->tokens[i];
}

}  // namespace

void kosearch::capi::report_current_exception(ks_error_t** err) noexcept { set_current_error(err); }

extern "C" {

const char* ks_version(void) noexcept { return KOSEARCH_VERSION_STRING; }

int ks_error_code(const ks_error_t* err) noexcept { return err == nullptr ? KS_OK : err->code; }

const char* ks_error_message(const ks_error_t* err) noexcept {
  if (err == nullptr || err->message == nullptr) return "";
  return err->message;
}

const char* ks_error_code_name(int code) noexcept {
  if (code < KS_OK || code > KS_INTERNAL) return "unknown error code";
  return kosearch::error_code_name(static_cast<kosearch::ErrorCode>(code));
}

void ks_error_free(ks_error_t* err) noexcept {
  if (err == nullptr) return;
  std::free(err->message);
  std::free(err);
}

ks_analyzer_t* ks_analyzer_create(const char* name, ks_error_t** err) noexcept {
  return guarded<ks_analyzer_t*>(err, nullptr, [&]() -> ks_analyzer_t* {
    const std::string_view n =
        (name == nullptr || *name == '\0') ? kosearch::kDefaultAnalyzer : std::string_view(name);
    return new ks_analyzer_t{kosearch::Analyzer::by_name(n)};
  });
}

void ks_analyzer_free(ks_analyzer_t* analyzer) noexcept { delete analyzer; }

ks_tokens_t* ks_analyzer_analyze(const ks_analyzer_t* analyzer, const char* text, size_t len,
                                 ks_error_t** err) noexcept {
  if (!check_arg(analyzer != nullptr, err, "ks_analyzer_analyze: analyzer is NULL") ||
      !check_arg(text != nullptr || len == 0, err, "ks_analyzer_analyze: text is NULL")) {
    return nullptr;
  }
  return guarded<ks_tokens_t*>(err, nullptr, [&]() -> ks_tokens_t* {
    auto tokens = std::make_unique<ks_tokens_t>();
    analyzer->analyzer.analyze(std::string_view(text == nullptr ? "" : text, len), tokens->tokens);
    return tokens.release();
  });
}

size_t ks_tokens_count(const ks_tokens_t* tokens) noexcept {
  return tokens == nullptr ? 0 : tokens->tokens.size();
}
const char* ks_tokens_term(const ks_tokens_t* tokens, size_t i) noexcept {
  const auto* t = token_at(tokens, i);
  return t == nullptr ? nullptr : t->term.c_str();
}
size_t ks_tokens_position(const ks_tokens_t* tokens, size_t i) noexcept {
  const auto* t = token_at(tokens, i);
  return t == nullptr ? 0 : t->position;
}
size_t ks_tokens_begin(const ks_tokens_t* tokens, size_t i) noexcept {
  const auto* t = token_at(tokens, i);
  return t == nullptr ? 0 : t->begin;
}
size_t ks_tokens_end(const ks_tokens_t* tokens, size_t i) noexcept {
  const auto* t = token_at(tokens, i);
  return t == nullptr ? 0 : t->end;
}
const char* ks_tokens_kind(const ks_tokens_t* tokens, size_t i) noexcept {
  const auto* t = token_at(tokens, i);
  return t == nullptr ? nullptr : kosearch::token_kind_name(t->kind);
}
void ks_tokens_free(ks_tokens_t* tokens) noexcept { delete tokens; }

ks_indexer_t* ks_indexer_open(const char* index_dir, ks_error_t** err) noexcept {
  return ks_indexer_open_options(index_dir, nullptr, err);
}

ks_indexer_t* ks_indexer_open_options(const char* index_dir, const char* options, ks_error_t** err) noexcept {
  if (!check_arg(index_dir != nullptr && *index_dir != '\0', err,
                 "ks_indexer_open: index_dir is NULL or empty")) {
    return nullptr;
  }
  return guarded<ks_indexer_t*>(err, nullptr, [&]() -> ks_indexer_t* {
    kosearch::IndexerOptions o;
    // KEY=VALUE items separated by spaces.
    std::string_view rest = options ? std::string_view(options) : std::string_view();
    while (!rest.empty()) {
      const std::size_t begin = rest.find_first_not_of(" \t\n");
      if (begin == std::string_view::npos) break;
      rest.remove_prefix(begin);
      const std::string_view item = rest.substr(0, rest.find_first_of(" \t\n"));
      rest.remove_prefix(item.size());
      const std::size_t eq = item.find('=');
      if (eq == std::string_view::npos || eq == 0) {
        throw kosearch::InvalidArgument("ks_indexer_open_options: '" + std::string(item) +
                                        "' is not KEY=VALUE (e.g. \"analyzer=ko-bigram-nox append_only=1\")");
      }
      kosearch::apply_indexer_option(o, item.substr(0, eq), item.substr(eq + 1));
    }
    return new ks_indexer_t{kosearch::Indexer(index_dir, o)};
  });
}

int ks_indexer_add(ks_indexer_t* indexer, const char* id, const char* title, const char* text,
                   ks_error_t** err) noexcept {
  if (!check_arg(indexer != nullptr, err, "ks_indexer_add: indexer is NULL") ||
      !check_arg(id != nullptr, err, "ks_indexer_add: id is NULL") ||
      !check_arg(text != nullptr, err, "ks_indexer_add: text is NULL")) {
    return 0;
  }
  return guarded(err, 0, [&] {
    kosearch::Document doc;
    doc.id = id;
    if (title != nullptr) doc.title = title;
    doc.text = text;
    doc.source = "C API";
    indexer->indexer.add(doc);
    return 1;
  });
}

size_t ks_indexer_add_path(ks_indexer_t* indexer, const char* path, ks_error_t** err) noexcept {
  if (!check_arg(indexer != nullptr, err, "ks_indexer_add_path: indexer is NULL") ||
      !check_arg(path != nullptr, err, "ks_indexer_add_path: path is NULL")) {
    return 0;
  }
  return guarded<size_t>(
      err, 0, [&] { return static_cast<size_t>(indexer->indexer.add_path(path).articles); });
}

size_t ks_indexer_remove(ks_indexer_t* indexer, const char* id, ks_error_t** err) noexcept {
  if (!check_arg(indexer != nullptr, err, "ks_indexer_remove: indexer is NULL") ||
      !check_arg(id != nullptr, err, "ks_indexer_remove: id is NULL")) {
    return 0;
  }
  return guarded<size_t>(err, 0, [&] { return static_cast<size_t>(indexer->indexer.remove(id)); });
}

int ks_indexer_commit(ks_indexer_t* indexer, ks_error_t** err) noexcept {
  if (!check_arg(indexer != nullptr, err, "ks_indexer_commit: indexer is NULL")) return 0;
  return guarded(err, 0, [&] {
    indexer->indexer.commit();
    return 1;
  });
}

void ks_indexer_close(ks_indexer_t* indexer) noexcept { delete indexer; }  // ~Indexer never throws

ks_searcher_t* ks_searcher_open(const char* index_dir, ks_error_t** err) noexcept {
  return ks_searcher_open_flags(index_dir, 0, err);
}

ks_searcher_t* ks_searcher_open_flags(const char* index_dir, unsigned flags,
                                      ks_error_t** err) noexcept {
  if (!check_arg(index_dir != nullptr && *index_dir != '\0', err,
                 "ks_searcher_open: index_dir is NULL or empty") ||
      !check_arg((flags & ~KS_ALLOW_MISSING_SHARDS) == 0, err,
                 "ks_searcher_open_flags: unknown flag bits")) {
    return nullptr;
  }
  return guarded<ks_searcher_t*>(err, nullptr, [&]() -> ks_searcher_t* {
    kosearch::SearcherOptions options;
    options.allow_missing_shards = (flags & KS_ALLOW_MISSING_SHARDS) != 0;
    return new ks_searcher_t{kosearch::Searcher(index_dir, options), {}};
  });
}

void ks_searcher_close(ks_searcher_t* searcher) noexcept { delete searcher; }

int ks_searcher_reopen(ks_searcher_t* searcher, ks_error_t** err) noexcept {
  if (!check_arg(searcher != nullptr, err, "ks_searcher_reopen: searcher is NULL")) return 0;
  return guarded(err, 0, [&] { return searcher->searcher.reopen() ? 1 : 0; });
}

int ks_searcher_set_option(ks_searcher_t* searcher, const char* key, const char* value,
                           ks_error_t** err) noexcept {
  if (!check_arg(searcher != nullptr, err, "ks_searcher_set_option: searcher is NULL") ||
      !check_arg(key != nullptr, err, "ks_searcher_set_option: key is NULL") ||
      !check_arg(value != nullptr, err, "ks_searcher_set_option: value is NULL")) {
    return KS_INVALID_ARGUMENT;
  }
  return guarded(err, KS_INVALID_ARGUMENT, [&] {
    kosearch::SearchOptions changed = searcher->options;  // unchanged when the value is bad
    kosearch::apply_search_option(changed, key, value);
    searcher->options = std::move(changed);
    return KS_OK;
  });
}

ks_results_t* ks_searcher_search(ks_searcher_t* searcher, const char* query, size_t k,
                                 int one_per_article, ks_error_t** err) noexcept {
  if (!check_arg(searcher != nullptr, err, "ks_searcher_search: searcher is NULL") ||
      !check_arg(query != nullptr, err, "ks_searcher_search: query is NULL") ||
      !check_arg(k <= std::numeric_limits<std::uint32_t>::max(), err,
                 "ks_searcher_search: k is too large")) {
    return nullptr;
  }
  return guarded<ks_results_t*>(err, nullptr, [&]() -> ks_results_t* {
    kosearch::SearchOptions options = searcher->options;
    // By the option table's names, as ks_searcher_set_option sets them.
    kosearch::apply_search_option(options, "k", std::to_string(k));
    kosearch::apply_search_option(options, "one_per_article", one_per_article != 0 ? "1" : "0");
    auto out = std::make_unique<ks_results_t>(ks_results_t{searcher->searcher.search(query, options), {}, {}});
    for (const auto& h : out->results.hits) {
      out->fields_json.push_back(kosearch::article_fields_json(h.fields));
      const auto& f = h.fields;
      out->published.push_back(f.published ? kosearch::iso8601(*f.published, f.published_offset_minutes) : "");
    }
    return out.release();
  });
}

size_t ks_results_count(const ks_results_t* results) noexcept {
  return results == nullptr ? 0 : results->results.hits.size();
}
int ks_results_total_exact(const ks_results_t* results) noexcept {
  return results != nullptr && results->results.total_exact ? 1 : 0;
}

size_t ks_results_total(const ks_results_t* results) noexcept {
  if (results == nullptr) return 0;
  const std::uint64_t total = results->results.total;
  constexpr auto kMax = std::numeric_limits<size_t>::max();
  return total > kMax ? kMax : static_cast<size_t>(total);
}
const char* ks_results_doc_id(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? nullptr : h->doc_id.c_str();
}
const char* ks_results_passage_id(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? nullptr : h->passage_id.c_str();
}
const char* ks_results_title(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? nullptr : h->title.c_str();
}
const char* ks_results_fields_json(const ks_results_t* results, size_t i) noexcept {
  return hit_at(results, i) == nullptr ? nullptr : results->fields_json[i].c_str();
}
const char* ks_results_published(const ks_results_t* results, size_t i) noexcept {
  if (hit_at(results, i) == nullptr || results->published[i].empty()) return nullptr;
  return results->published[i].c_str();
}
const char* ks_results_publisher(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr || h->fields.publisher.empty() ? nullptr : h->fields.publisher.c_str();
}
const char* ks_results_text(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? nullptr : h->text.c_str();
}
const char* ks_results_snippet(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? nullptr : h->snippet.c_str();
}
double ks_results_score(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? 0.0 : h->score;
}
double ks_results_score_part(const ks_results_t* results, size_t i, int part) noexcept {
  const auto* h = hit_at(results, i);
  if (h == nullptr) return 0.0;
  switch (part) {
    case KS_SCORE_BM25: return h->score_parts.bm25;
    case KS_SCORE_WORDS: return h->score_parts.words;
    case KS_SCORE_SENTENCE: return h->score_parts.sentence;
    case KS_SCORE_PAIRS: return h->score_parts.pairs;
    case KS_SCORE_TITLE: return h->score_parts.title;
    case KS_SCORE_LENGTH: return h->score_parts.length;
    default: return 0.0;
  }
}
size_t ks_results_highlight_count(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? 0 : h->highlights.size();
}
size_t ks_results_highlight_begin(const ks_results_t* results, size_t i, size_t h) noexcept {
  const auto* hit = hit_at(results, i);
  return hit == nullptr || h >= hit->highlights.size() ? 0 : hit->highlights[h].first;
}
size_t ks_results_highlight_end(const ks_results_t* results, size_t i, size_t h) noexcept {
  const auto* hit = hit_at(results, i);
  return hit == nullptr || h >= hit->highlights.size() ? 0 : hit->highlights[h].second;
}
size_t ks_results_duplicates(const ks_results_t* results, size_t i) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr ? 0 : h->duplicates;
}
const char* ks_results_duplicate_id(const ks_results_t* results, size_t i, size_t j) noexcept {
  const auto* h = hit_at(results, i);
  return h == nullptr || j >= h->duplicate_ids.size() ? nullptr : h->duplicate_ids[j].c_str();
}
size_t ks_results_facet_size(const ks_results_t* results, const char* facet) noexcept {
  const auto* f = facet_named(results, facet);
  return f == nullptr ? 0 : f->values.size();
}
const char* ks_results_facet_value(const ks_results_t* results, const char* facet, size_t j) noexcept {
  const auto* f = facet_named(results, facet);
  return f == nullptr || j >= f->values.size() ? nullptr : f->values[j].value.c_str();
}
size_t ks_results_facet_count(const ks_results_t* results, const char* facet, size_t j) noexcept {
  const auto* f = facet_named(results, facet);
  return f == nullptr || j >= f->values.size() ? 0 : static_cast<size_t>(f->values[j].count);
}
void ks_results_free(ks_results_t* results) noexcept { delete results; }

ks_suggestions_t* ks_searcher_suggest(ks_searcher_t* searcher, const char* prefix, size_t k,
                                      ks_error_t** err) noexcept {
  if (!check_arg(searcher != nullptr, err, "ks_searcher_suggest: searcher is NULL") ||
      !check_arg(prefix != nullptr, err, "ks_searcher_suggest: prefix is NULL") ||
      !check_arg(k <= 1000, err, "ks_searcher_suggest: k is over 1000")) {
    return nullptr;
  }
  return guarded<ks_suggestions_t*>(err, nullptr, [&]() -> ks_suggestions_t* {
    return new ks_suggestions_t{searcher->searcher.suggest(prefix, static_cast<std::uint32_t>(k))};
  });
}

size_t ks_suggestions_count(const ks_suggestions_t* s) noexcept {
  return s == nullptr ? 0 : s->suggestions.suggestions.size();
}

const char* ks_suggestions_text(const ks_suggestions_t* s, size_t i) noexcept {
  return s == nullptr || i >= s->suggestions.suggestions.size() ? nullptr : s->suggestions.suggestions[i].text.c_str();
}

size_t ks_suggestions_articles(const ks_suggestions_t* s, size_t i) noexcept {
  return s == nullptr || i >= s->suggestions.suggestions.size()
             ? 0
             : static_cast<size_t>(s->suggestions.suggestions[i].count);
}

const char* ks_suggestions_warning(const ks_suggestions_t* s) noexcept {
  return s == nullptr ? "" : s->suggestions.warning.c_str();
}

void ks_suggestions_free(ks_suggestions_t* s) noexcept { delete s; }

}  // extern "C"
