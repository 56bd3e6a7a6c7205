#pragma once
// Internal: which outlet a page names, from the spellings in outlet_table.hpp (names, copyright
// forms, English names, web and e-mail domains).

#include <string>
#include <string_view>

namespace kosearch::news {

// The outlet's name for a spelling found anywhere in `text` (a copyright line, a credit), longest
// spelling first; ASCII compared case-insensitively. Empty when none is in the table.
std::string_view outlet_in_text(std::string_view text);
// The outlet whose own name or alias `word` is exactly ("한겨레신문", "NEWSIS"); empty if none.
std::string_view outlet_named(std::string_view word);
// The outlet of a host or an e-mail address ("mjkim@hani.co.kr", "www.yna.co.kr"); empty if none.
std::string_view outlet_of_domain(std::string_view host_or_email);
// The outlet a copyright line names: from the table, else the name written after ⓒ/©/(c)/
// Copyright/저작권자 ("<저작권자 ⓒ 가상뉴스, 무단전재…>" gives 가상뉴스). Empty if none.
std::string outlet_of_copyright(std::string_view line);
// Whether `line` is a copyright notice.
bool is_copyright_line(std::string_view line);
// Whether `word` reads as an outlet's name: in the table, or ending like one (…일보, …신문,
// …뉴스, …타임스, …경제, …데일리, …방송). Used only where a byline puts an outlet's name.
bool looks_like_outlet(std::string_view word);

}  // namespace kosearch::news
