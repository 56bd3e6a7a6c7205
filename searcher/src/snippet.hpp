#pragma once
// Internal: highlight spans and snippet windows over a passage.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kosearch/analyzers/token.hpp"

namespace kosearch::detail {

using Span = std::pair<std::uint32_t, std::uint32_t>;

// Spans of the tokens whose term is highlighted (weight >= 0.5), merged where they overlap or
// touch, so `스케`+`케일`+`ai` over `스케일AI` is one span.
std::vector<Span> highlight_spans(const std::vector<Token>& tokens,
                                  const std::unordered_map<std::string, double>& term_weights);

// A window of about `chars` characters of `text` holding the most highlighted bytes (`spans`:
// sorted and disjoint, as highlight_spans gives them), with
// highlights wrapped in `open`/`close`, HTML-escaped when `escape_html`, and "…" where cut.
std::string make_snippet(std::string_view text, const std::vector<Span>& spans, std::uint32_t chars,
                         std::string_view open, std::string_view close, bool escape_html);

}  // namespace kosearch::detail
