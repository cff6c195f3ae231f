// Parsing a request's JSON text when it carries a file (an import's CSV, a backup to restore).
//
// nlohmann's lexer copies a string one character at a time into two buffers: ~65 ns a byte in
// the wasm build, 0.7 s for the 10 MB request of a 100,000-row import — as long as importing
// a tenth of the rows. So string literals of 64 KB or more are cut out of the text before it is
// parsed, decoded here (runs between escapes copied whole), and put back in their place. The
// result is the document json::parse gives, and text json::parse refuses is refused here too:
// escapes, control characters, UTF-8 and surrogate pairs are checked by the same rules.
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace loudou {

// The parsed request, or a discarded value (json::is_discarded) when `text` is not valid JSON.
nlohmann::json parse_request(std::string_view text);

}  // namespace loudou
