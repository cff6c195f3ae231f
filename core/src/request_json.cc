#include "request_json.h"

#include <algorithm>
#include <vector>

#include "csv.h"
#include "utf8.h"

namespace loudou {
namespace {

using json = nlohmann::json;

// Shorter strings are left to nlohmann: cutting them out would cost more than it saves.
constexpr size_t kLiftBytes = 64 * 1024;

// A string literal cut out of the text: the positions of its quotes and its place among all the
// text's string literals (keys included), which is the order the parser reports them in.
struct Lifted {
  size_t open, close, ordinal;
  std::string value;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The four hex digits at s[at]; -1 when they are not.
int32_t hex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) return -1;
  int32_t v = 0;
  for (size_t k = 0; k < 4; ++k) {
    int d = hex_digit(s[at + k]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// The value of a literal's contents (between its quotes), by the rules of nlohmann's lexer: the
// escapes of RFC 8259, no raw control characters, valid UTF-8, surrogates only in pairs. False
// when the contents break one of them.
bool decode(std::string_view raw, std::string& out) {
  if (std::any_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) return false;
  if (csv::invalid_utf8_at(raw) != std::string_view::npos) return false;
  out.clear();
  out.reserve(raw.size());
  size_t i = 0;
  for (;;) {
    size_t b = raw.find('\\', i);
    if (b == std::string_view::npos) {
      out.append(raw.substr(i));
      return true;
    }
    out.append(raw.substr(i, b - i));
    if (b + 1 >= raw.size()) return false;
    i = b + 2;
    switch (raw[b + 1]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        int32_t cp = hex4(raw, i);
        if (cp < 0) return false;
        i += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (i + 2 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return false;
          int32_t low = hex4(raw, i + 2);
          if (low < 0xDC00 || low > 0xDFFF) return false;
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, char32_t(cp));
        break;
      }
      default: return false;
    }
  }
}

// The closing quote of the literal opened at `open`, or npos when it is never closed.
size_t closing_quote(std::string_view text, size_t open) {
  for (size_t q = open + 1;; ++q) {
    q = text.find('"', q);
    if (q == std::string_view::npos) return q;
    size_t k = q;
    while (k > open + 1 && text[k - 1] == '\\') --k;
    if ((q - k) % 2 == 0) return q;  // an even run of backslashes escapes itself, not the quote
  }
}

bool is_key(std::string_view text, size_t after) {
  while (after < text.size() && (text[after] == ' ' || text[after] == '\t' || text[after] == '\n' ||
                                 text[after] == '\r'))
    ++after;
  return after < text.size() && text[after] == ':';
}

}  // namespace

json parse_request(std::string_view text) {
  // Nearly every request is short: it cannot hold a literal worth lifting, so it is not scanned.
  if (text.size() < kLiftBytes) return json::parse(text.begin(), text.end(), nullptr, false);
  std::vector<Lifted> lifted;
  size_t ordinal = 0;
  for (size_t pos = text.find('"'); pos != std::string_view::npos; pos = text.find('"', pos)) {
    size_t close = closing_quote(text, pos);
    if (close == std::string_view::npos) break;  // not JSON: the parser below says so
    if (close - pos - 1 >= kLiftBytes && !is_key(text, close + 1)) {
      Lifted l{pos, close, ordinal, {}};
      if (!decode(text.substr(pos + 1, close - pos - 1), l.value)) return json(json::value_t::discarded);
      lifted.push_back(std::move(l));
    }
    ++ordinal;
    pos = close + 1;
  }
  if (lifted.empty()) return json::parse(text.begin(), text.end(), nullptr, false);

  std::string rest;  // the text with each lifted literal emptied to ""
  size_t from = 0;
  for (auto& l : lifted) {
    rest.append(text.substr(from, l.open + 1 - from));
    from = l.close;
  }
  rest.append(text.substr(from));

  size_t seen = 0, next = 0;
  json::parser_callback_t put_back = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::key) {
      ++seen;
    } else if (event == json::parse_event_t::value && parsed.is_string()) {
      if (next < lifted.size() && lifted[next].ordinal == seen) parsed = std::move(lifted[next++].value);
      ++seen;
    }
    return true;
  };
  json out = json::parse(rest, put_back, false);
  if (!out.is_discarded() && next != lifted.size()) return json::parse(text.begin(), text.end(), nullptr, false);
  return out;
}

}  // namespace loudou
