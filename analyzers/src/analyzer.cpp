#include "kosearch/analyzers/analyzer.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "char_class.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/particles.hpp"
#include "normalizer.hpp"

namespace kosearch {

const char* token_kind_name(TokenKind kind) noexcept {
  switch (kind) {
    case TokenKind::kHangulBigram: return "bigram";
    case TokenKind::kHangulUnigram: return "unigram";
    case TokenKind::kWord: return "word";
    case TokenKind::kNumber: return "number";
    case TokenKind::kIdeograph: return "cjk";
    case TokenKind::kCrossBigram: return "cross";
    case TokenKind::kCompound: return "compound";
  }
  return "?";
}

namespace {

// Bump whenever the same input would produce different terms or positions: indexes built
// with another version are refused by the searcher.
constexpr std::uint32_t kKoBigramVersion = 4;

using detail::CharClass;

struct Run {
  std::size_t first;
  std::size_t last;  // one past
  CharClass cls;
};

bool is_digit_cp(char32_t c) { return detail::classify(c) == CharClass::kDigit; }

// Extends a digit run over inner '.' and thousands ',' ("49.5", "19,600").
std::size_t extend_number(const detail::NormalizedText& nt, std::size_t i) {
  const auto& cps = nt.cps;
  const std::size_t n = cps.size();
  std::size_t j = i + 1;
  while (j < n) {
    const char32_t c = cps[j];
    if (is_digit_cp(c)) {
      ++j;
    } else if ((c == '.' || c == ',') && j + 1 < n && is_digit_cp(cps[j + 1])) {
      ++j;
    } else {
      break;
    }
  }
  return j;
}

// UTF-8 of cps[a, b) built on the stack and assigned once: n-grams are short, and appending
// byte by byte to the token's string was a fifth of the analyzer's time.
std::string encode(std::span<const char32_t> cps, std::size_t a, std::size_t b) {
  char buf[64];
  std::size_t n = 0;
  for (std::size_t k = a; k < b && n + 4 <= sizeof buf; ++k) {
    const char32_t cp = cps[k];
    if (cp < 0x80) {
      buf[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
      buf[n++] = static_cast<char>(0xC0 | (cp >> 6));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      buf[n++] = static_cast<char>(0xE0 | (cp >> 12));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      buf[n++] = static_cast<char>(0xF0 | (cp >> 18));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return std::string(buf, n);
}

}  // namespace

struct Analyzer::Impl {
  explicit Impl(const AnalyzerOptions& o, std::string n) : options(o), name(std::move(n)) {}
  AnalyzerOptions options;
  std::string name;
  detail::Normalizer normalizer;

  void tokenize(const detail::NormalizedText& nt, std::vector<Token>& out) const;
  // Appends the compound of `first` (a number or word token) and `tail`, ending at byte `end`,
  // at `first`'s position.
  void push_compound(const Token& first, const std::string& tail, std::uint32_t end,
                     std::vector<Token>& out) const {
    if (first.term.size() + tail.size() > options.max_term_bytes) return;
    Token t = first;  // a copy: `first` lives in `out`, which push_back may move
    t.term += tail;
    t.end = end;
    t.kind = TokenKind::kCompound;
    out.push_back(std::move(t));
  }
  void emit_ngrams(const detail::NormalizedText& nt, const Run& run, TokenKind bigram_kind,
                   TokenKind unigram_kind, std::uint32_t& pos, std::uint32_t run_no,
                   std::uint32_t eojeol, std::vector<Token>& out) const;
};

void Analyzer::Impl::emit_ngrams(const detail::NormalizedText& nt, const Run& run,
                                 TokenKind bigram_kind, TokenKind unigram_kind,
                                 std::uint32_t& pos, std::uint32_t run_no, std::uint32_t eojeol,
                                 std::vector<Token>& out) const {
  const std::size_t m = run.last - run.first;
  auto push = [&](std::size_t a, std::size_t b, std::uint32_t position, TokenKind kind) {
    Token t;
    t.term = encode(nt.cps, a, b);
    t.position = position;
    t.begin = nt.begin[a];
    t.end = nt.end[b - 1];
    t.run = run_no;
    t.eojeol = eojeol;
    t.kind = kind;
    out.push_back(std::move(t));
  };
  if (m == 1) {
    if (options.single_syllable_unigrams) push(run.first, run.first + 1, pos, unigram_kind);
    pos += 1;
    return;
  }
  if (options.leading_unigrams) push(run.first, run.first + 1, pos, unigram_kind);
  for (std::size_t k = run.first; k + 1 < run.last; ++k) {
    push(k, k + 2, pos + static_cast<std::uint32_t>(k - run.first), bigram_kind);
  }
  pos += static_cast<std::uint32_t>(m - 1);
}

void Analyzer::Impl::tokenize(const detail::NormalizedText& nt, std::vector<Token>& out) const {
  const auto& cps = nt.cps;
  const std::size_t n = cps.size();
  std::uint32_t pos = 0;
  std::uint32_t run_no = 0;
  std::uint32_t eojeol = 0;
  bool any_run = false;
  bool separated = false;
  bool only_spaces = true;           // the separator since the last run is spaces/tabs only
  std::size_t prev_hangul_last = 0;  // one past the previous run, when it was Hangul
  bool prev_hangul = false;
  // The token of the run just before, when that run was a number or a word in letters (index
  // into out), else npos: what a compound term joins.
  std::size_t prev_glued = std::string::npos;
  // That number was itself joined with letters before it (`g20`): a model name, whose next
  // Hangul syllable is no counter (`G20정상회의`, `A4용지`).
  bool prev_glued_letters = false;
  std::size_t i = 0;
  while (i < n) {
    const CharClass cls = detail::classify(cps[i]);
    if (cls == CharClass::kSeparator || cls == CharClass::kMark) {
      separated = true;
      if (cps[i] != ' ' && cps[i] != '\t' && cps[i] != 0xA0) only_spaces = false;
      ++i;
      continue;
    }
    if (any_run && separated) ++eojeol;
    // Two Hangul words with only spaces between them: the bigram across the space lets a query
    // typed without spaces (`미국군대`) match `미국 군대`.
    if (options.cross_space_bigrams && cls == CharClass::kHangul && prev_hangul && separated &&
        only_spaces) {
      Token t;
      const char32_t pair[2] = {cps[prev_hangul_last - 1], cps[i]};
      t.term = encode(pair, 0, 2);
      t.position = pos;
      t.begin = nt.begin[prev_hangul_last - 1];
      t.end = nt.end[i];
      t.run = run_no;
      t.eojeol = eojeol;
      t.kind = TokenKind::kCrossBigram;
      out.push_back(std::move(t));
    }
    const bool separated_before = separated;
    separated = false;
    only_spaces = true;
    Run run{i, i + 1, cls};
    switch (cls) {
      case CharClass::kDigit: run.last = extend_number(nt, i); break;
      case CharClass::kLetter: {
        const int script = detail::letter_script(cps[i]);
        while (run.last < n) {
          const CharClass c = detail::classify(cps[run.last]);
          if (c == CharClass::kMark ||
              (c == CharClass::kLetter && detail::letter_script(cps[run.last]) == script)) {
            ++run.last;
          } else {
            break;
          }
        }
        break;
      }
      default:
        while (run.last < n && detail::classify(cps[run.last]) == cls) ++run.last;
        break;
    }
    // The token (index into out) the current run glues onto, if a compound term joins them.
    std::size_t glued_to = std::string::npos;
    if (options.number_compounds && !separated_before && prev_glued != std::string::npos) {
      const TokenKind prev = out[prev_glued].kind;
      if ((prev == TokenKind::kNumber && (cls == CharClass::kHangul || cls == CharClass::kLetter)) ||
          (prev == TokenKind::kWord && cls == CharClass::kDigit)) {
        glued_to = prev_glued;
      }
    }
    prev_glued = std::string::npos;
    // `15대`, `2009년에`: a number and its counter. Not a particle: `20에`, `3은` are no terms.
    if (glued_to != std::string::npos && cls == CharClass::kHangul && !prev_glued_letters &&
        !korean::is_particle_syllable(cps[run.first])) {
      push_compound(out[glued_to], encode(cps, run.first, run.first + 1), nt.end[run.first], out);
    }
    switch (cls) {
      case CharClass::kHangul:
        emit_ngrams(nt, run, TokenKind::kHangulBigram, TokenKind::kHangulUnigram, pos, run_no,
                    eojeol, out);
        break;
      case CharClass::kIdeograph:
        emit_ngrams(nt, run, TokenKind::kIdeograph, TokenKind::kIdeograph, pos, run_no, eojeol,
                    out);
        break;
      default: {
        Token t;
        for (std::size_t k = run.first; k < run.last; ++k) {
          // Thousands separators are not part of the number: "19,600" == "19600".
          if (cls == CharClass::kDigit && cps[k] == ',') continue;
          utf8::append(t.term, cps[k]);
        }
        if (t.term.size() <= options.max_term_bytes) {
          t.position = pos;
          t.begin = nt.begin[run.first];
          t.end = nt.end[run.last - 1];
          t.run = run_no;
          t.eojeol = eojeol;
          t.kind = cls == CharClass::kDigit ? TokenKind::kNumber : TokenKind::kWord;
          // `g20`, `h100`, `5g`, `100km`: letters and a number, typed together.
          if (glued_to != std::string::npos) push_compound(out[glued_to], t.term, t.end, out);
          prev_glued_letters = glued_to != std::string::npos && cls == CharClass::kDigit;
          prev_glued = out.size();
          out.push_back(std::move(t));
        }
        pos += 1;
        break;
      }
    }
    ++run_no;
    any_run = true;
    prev_hangul = cls == CharClass::kHangul;
    prev_hangul_last = run.last;
    i = run.last;
  }
}

Analyzer::Analyzer(const AnalyzerOptions& options)
    : impl_(std::make_shared<const Impl>(options, std::string(kDefaultAnalyzer))) {}

Analyzer::Analyzer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

namespace {

// The analyzer registry: every name and the options it stands for, in the order
// analyzer_names() lists them. A new analyzer is one row here.
struct Registered {
  std::string_view name;
  AnalyzerOptions options;
};
constexpr Registered kRegistry[] = {
    {kDefaultAnalyzer, {}},
    {"ko-bigram-lead", {.leading_unigrams = true}},
    {"ko-bigram-nox", {.cross_space_bigrams = false}},
    {"ko-bigram-nocompounds", {.number_compounds = false}},
};

}  // namespace

Analyzer Analyzer::by_name(std::string_view name) {
  for (const Registered& r : kRegistry) {
    if (r.name == name) return Analyzer(std::make_shared<const Impl>(r.options, std::string(r.name)));
  }
  std::string valid;
  for (const auto& n : analyzer_names()) valid += (valid.empty() ? "" : ", ") + n;
  throw InvalidArgument("unknown analyzer '" + std::string(name) + "'; valid analyzers: " + valid);
}

std::vector<std::string> analyzer_names() {
  std::vector<std::string> names;
  for (const Registered& r : kRegistry) names.emplace_back(r.name);
  return names;
}

std::vector<Token> Analyzer::analyze(std::string_view utf8) const {
  std::vector<Token> out;
  analyze(utf8, out);
  return out;
}

void Analyzer::analyze(std::string_view utf8_text, std::vector<Token>& out) const {
  out.clear();
  detail::NormalizedText nt;
  impl_->normalizer.normalize(utf8_text, nt);
  impl_->tokenize(nt, out);
}

std::string Analyzer::normalize(std::string_view utf8_text) const {
  std::string out;
  impl_->normalizer.normalize_utf8(utf8_text, out);
  return out;
}

const std::string& Analyzer::name() const noexcept { return impl_->name; }
std::uint32_t Analyzer::version() const noexcept { return kKoBigramVersion; }
const AnalyzerOptions& Analyzer::options() const noexcept { return impl_->options; }

std::string Analyzer::signature() const {
  const auto& o = impl_->options;
  return impl_->name + "/" + std::to_string(version()) +
         " unigram1=" + (o.single_syllable_unigrams ? "1" : "0") +
         " lead=" + (o.leading_unigrams ? "1" : "0") + " cross=" + (o.cross_space_bigrams ? "1" : "0") +
         " compounds=" + (o.number_compounds ? "1" : "0") + " maxterm=" + std::to_string(o.max_term_bytes);
}

std::string Analyzer::describe() const {
  std::string chain = "nfkc_casefold | script_runs | hangul_bigram";
  if (impl_->options.single_syllable_unigrams) chain += " (+unigram for 1-syllable runs)";
  if (impl_->options.leading_unigrams) chain += " (+leading unigram)";
  if (impl_->options.cross_space_bigrams) chain += " (+bigram across a space)";
  chain += " | words | numbers";
  if (impl_->options.number_compounds) chain += " (+number joined with its counter or letters)";
  return chain;
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(const Analyzer&) = default;
Analyzer& Analyzer::operator=(const Analyzer&) = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

}  // namespace kosearch
