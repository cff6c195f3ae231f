#include "lead_dedupe.h"

#include <algorithm>
#include <array>

#include "utf8.h"

namespace loudou {
namespace {

// UTF-8 <-> code points, tolerant: a broken byte becomes itself (keys only need to be stable).
std::u32string decode(const std::string& s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + n > s.size()) n = 1;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string encode(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) append_utf8(out, c);
  return out;
}

// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to their half-width forms;
// ASCII letters to lower case.
char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;
  if (c == 0x3000) c = ' ';
  if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
  return c;
}

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0; }

bool ends_with(const std::u32string& s, const std::u32string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::optional<std::string> normalize_phone(const std::string& phone) {
  std::string digits;
  bool plus = false;
  for (char32_t c : decode(phone)) {
    c = fold(c);
    if (c >= '0' && c <= '9') digits += char(c);
    else if (c == '+' && digits.empty()) plus = true;
  }
  if (digits.empty()) return std::nullopt;
  if (digits.rfind("0086", 0) == 0) digits.erase(0, 4);
  else if (plus && digits.rfind("86", 0) == 0) digits.erase(0, 2);
  else if (digits.size() == 13 && digits.rfind("861", 0) == 0) digits.erase(0, 2);
  if (digits.empty()) return std::nullopt;
  return digits;
}

std::optional<std::string> normalize_email(const std::string& email) {
  std::u32string out;
  for (char32_t c : decode(email)) {
    c = fold(c);
    if (!is_space(c)) out.push_back(c);
  }
  if (out.empty()) return std::nullopt;
  return encode(out);
}

std::optional<std::string> normalize_company(const std::string& company) {
  static const std::u32string kDrop = U".,()[]-_&'\"·、，。（）【】「」";
  std::u32string s;
  for (char32_t c : decode(company)) {
    c = fold(c);
    if (is_space(c) || kDrop.find(c) != std::u32string::npos) continue;
    s.push_back(c);
  }
  // Longest first, repeatedly: "xx股份有限公司" and "xx co., ltd." both end as "xx".
  static const std::array<std::u32string, 13> kSuffixes = {
      U"股份有限公司", U"有限责任公司", U"有限公司", U"集团公司", U"公司", U"corporation",
      U"company", U"limited", U"coltd", U"corp", U"ltd", U"inc", U"llc"};
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& suffix : kSuffixes)
      if (ends_with(s, suffix)) {
        s.erase(s.size() - suffix.size());
        changed = true;
        break;
      }
  }
  if (s.empty()) return std::nullopt;
  return encode(s);
}

Result<std::vector<std::string>> find_duplicate_leads(Db& db, const std::optional<std::string>& phone_norm,
                                                      const std::optional<std::string>& email_norm,
                                                      const std::optional<std::string>& company_norm,
                                                      const std::string& except_id) {
  std::vector<std::string> ids;
  auto q = db.query(
      "SELECT id FROM lead WHERE id <> ? AND ((?2 IS NOT NULL AND phone_norm = ?2) OR (?3 IS NOT "
      "NULL AND email_norm = ?3) OR (?4 IS NOT NULL AND company_norm = ?4)) ORDER BY created_at, id",
      except_id, phone_norm, email_norm, company_norm);
  while (q.next()) ids.push_back(q.text(0));
  LOUDOU_TRY(q.status());
  return ids;
}

}  // namespace loudou
