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
// Highlights inside `shown` (bytes of `text` a better result already shows) do not count, unless
// there are none outside it.
std::string make_snippet(std::string_view text, const std::vector<Span>& spans, std::uint32_t chars,
                         std::string_view open, std::string_view close, bool escape_html,
                         Span shown = {0, 0});

// How many bytes at the end of `passage` begin `next` (the following passage of the same
// article: consecutive passages share a sentence); 0 when none, or fewer than 8.
std::size_t shared_length(std::string_view passage, std::string_view next);

}  // namespace kosearch::detail
