#include "kosearch/indexer/passages.hpp"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <charconv>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"

namespace kosearch {

std::string PassageOptions::to_string() const {
  return "target=" + std::to_string(target_chars) + " max=" + std::to_string(max_chars) +
         " overlap=" + std::to_string(overlap_sentences);
}

std::optional<PassageOptions> PassageOptions::from_string(std::string_view text) {
  PassageOptions o;
  const auto field = [&text](std::string_view key, std::uint32_t& out) {
    if (!text.starts_with(key)) return false;
    text.remove_prefix(key.size());
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec != std::errc()) return false;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    return true;
  };
  if (field("target=", o.target_chars) && field(" max=", o.max_chars) &&
      field(" overlap=", o.overlap_sentences) && text.empty()) {
    return o;
  }
  return std::nullopt;
}

namespace {

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  });
}

// Byte offset after advancing `chars` code points from `from` (clamped to the end).
std::size_t advance_chars(std::string_view text, std::size_t from, std::size_t chars) {
  std::size_t pos = from;
  for (std::size_t i = 0; i < chars && pos < text.size(); ++i) utf8::decode(text, pos);
  return pos;
}

struct UTextCloser {
  void operator()(UText* t) const { utext_close(t); }
};

}  // namespace

struct PassageSplitter::Impl {
  PassageOptions options;
  std::unique_ptr<icu::BreakIterator> sentences;

  // Cuts [begin, end) into windows of about target_chars, preferring to cut at a space, with a
  // small overlap so a phrase on a cut is still found whole in one window.
  void char_windows(std::string_view text, std::size_t begin, std::size_t end,
                    std::vector<PassageSpan>& out) const {
    const std::size_t target = std::max<std::uint32_t>(options.target_chars, 16);
    const std::size_t overlap = target / 10;
    std::size_t start = begin;
    while (start < end) {
      std::size_t stop = std::min(end, advance_chars(text, start, target));
      if (stop < end) {
        // Back off to the last space in the second half of the window.
        const std::size_t half = advance_chars(text, start, target / 2);
        const std::size_t space = text.substr(0, stop).find_last_of(" \n\t");
        if (space != std::string_view::npos && space > half) stop = space + 1;
      }
      out.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(stop)});
      if (stop >= end) break;
      // Step back `overlap` characters, but always move forward.
      std::size_t next = stop;
      std::size_t back = 0;
      while (back < overlap && next > start + 1) {
        --next;
        while (next > start && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80) --next;
        ++back;
      }
      start = std::max(next, start + 1);
      if (start >= stop) start = stop;
    }
  }
};

PassageSplitter::PassageSplitter(const PassageOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  UErrorCode status = U_ZERO_ERROR;
  impl_->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl_->sentences) {
    throw InternalError(std::string("ICU sentence break iterator unavailable: ") +
                        u_errorName(status));
  }
}

std::vector<PassageSpan> PassageSplitter::split(std::string_view text) {
  std::vector<PassageSpan> out;
  if (is_blank(text)) return out;
  const auto& o = impl_->options;
  const std::size_t total_chars = utf8::length(text);
  if (total_chars <= o.max_chars) {
    out.push_back({0, static_cast<std::uint32_t>(text.size())});
    return out;
  }

  // Sentence boundaries (byte offsets) from ICU, over UTF-8 directly.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> ut(
      utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  if (U_FAILURE(status)) throw InternalError(std::string("ICU utext: ") + u_errorName(status));
  impl_->sentences->setText(ut.get(), status);
  if (U_FAILURE(status)) throw InternalError(std::string("ICU setText: ") + u_errorName(status));
  std::vector<std::size_t> bounds;
  for (int32_t b = impl_->sentences->first(); b != icu::BreakIterator::DONE;
       b = impl_->sentences->next()) {
    bounds.push_back(static_cast<std::size_t>(b));
  }
  if (bounds.empty() || bounds.front() != 0) bounds.insert(bounds.begin(), 0);
  if (bounds.back() != text.size()) bounds.push_back(text.size());
  const std::size_t nsent = bounds.size() - 1;

  std::size_t s = 0;
  while (s < nsent) {
    // Skip blank sentences at a passage start.
    while (s < nsent && is_blank(text.substr(bounds[s], bounds[s + 1] - bounds[s]))) ++s;
    if (s >= nsent) break;
    const std::size_t first_len = utf8::length(text.substr(bounds[s], bounds[s + 1] - bounds[s]));
    if (first_len > o.max_chars) {
      impl_->char_windows(text, bounds[s], bounds[s + 1], out);
      ++s;
      continue;
    }
    std::size_t e = s;
    std::size_t chars = 0;
    while (e < nsent && chars < o.target_chars) {
      const std::size_t len = utf8::length(text.substr(bounds[e], bounds[e + 1] - bounds[e]));
      if (e > s && chars + len > o.max_chars) break;
      chars += len;
      ++e;
    }
    // A short tail joins the passage before it instead of standing alone.
    std::size_t rest = 0;
    for (std::size_t k = e; k < nsent; ++k) {
      rest += utf8::length(text.substr(bounds[k], bounds[k + 1] - bounds[k]));
      if (rest >= o.target_chars / 3) break;
    }
    if (e < nsent && rest < o.target_chars / 3 && chars + rest <= o.max_chars) e = nsent;
    // Trim trailing whitespace from the passage.
    std::size_t end = bounds[e];
    while (end > bounds[s] && (text[end - 1] == '\n' || text[end - 1] == ' ')) --end;
    out.push_back({static_cast<std::uint32_t>(bounds[s]), static_cast<std::uint32_t>(end)});
    if (e >= nsent) break;
    const std::size_t next = e > s + o.overlap_sentences ? e - o.overlap_sentences : e;
    s = std::max(next, s + 1);
  }
  return out;
}

PassageSplitter::~PassageSplitter() = default;
PassageSplitter::PassageSplitter(PassageSplitter&&) noexcept = default;
PassageSplitter& PassageSplitter::operator=(PassageSplitter&&) noexcept = default;

}  // namespace kosearch
