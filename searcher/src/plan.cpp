// Searcher::Impl::plan: from the typed query to the query Xapian runs and the phrases every hit
// must hold and none may.

#include "searcher_impl.hpp"

namespace kosearch {

Searcher::Impl::Plan Searcher::Impl::plan(std::string_view query, const SearchOptions& search) const {
  Plan p;
  if (!search.query_syntax) {
    p.built = build(query, search);
    p.built.query = detail::apply_news_filters(p.built.query, search, {});
    if (!p.built.strong.empty()) p.built.strong = detail::apply_news_filters(p.built.strong, search, {});
    p.notes = detail::missing_field_notes(db, search, {});
    return p;
  }
  const detail::ParsedQuery parsed = detail::parse_query_syntax(query);
  p.built = build(parsed.text, search);
  for (const auto& [from, into] : {std::pair{&parsed.phrases, &p.required}, std::pair{&parsed.excluded, &p.excluded}}) {
    for (const auto& typed : *from) {
      if (into->size() == kMaxPhrases) break;
      detail::Phrase phrase(analyzer, typed);
      if (!phrase.empty()) into->push_back(std::move(phrase));
    }
  }
  // An excluded phrase that is one index term (`-메타`): Xapian leaves those passages out
  // without reading them (`지분 -지분` would read every candidate's text and keep none).
  std::vector<std::string> out_terms;
  for (const auto& phrase : p.excluded) {
    if (!phrase.sole_term().empty()) out_terms.push_back(phrase.sole_term());
  }
  if (!out_terms.empty() && !p.built.query.empty()) {
    const Xapian::Query out(Xapian::Query::OP_OR, out_terms.begin(), out_terms.end());
    p.built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, p.built.query, out);
    if (!p.built.strong.empty()) p.built.strong = Xapian::Query(Xapian::Query::OP_AND_NOT, p.built.strong, out);
  }
  if (!p.required.empty() && !p.built.query.empty()) {
    // Xapian keeps only passages with every term of every phrase; the text check confirms.
    // At most kMaxFilterTerms of them: fewer only lets more candidates through to the check.
    std::vector<std::string> terms;
    for (const auto& phrase : p.required) {
      terms.insert(terms.end(), phrase.required_terms().begin(), phrase.required_terms().end());
    }
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    if (terms.size() > kMaxFilterTerms) terms.resize(kMaxFilterTerms);
    p.built.query = Xapian::Query(Xapian::Query::OP_FILTER, p.built.query,
                                  Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
  }
  p.built.query = detail::apply_news_filters(p.built.query, search, parsed.fields);
  if (!p.built.strong.empty()) p.built.strong = detail::apply_news_filters(p.built.strong, search, parsed.fields);
  p.notes = detail::missing_field_notes(db, search, parsed.fields);
  return p;
}

}  // namespace kosearch
