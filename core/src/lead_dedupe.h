// Duplicate detection for leads. People type the same phone, email or company many ways
// (full-width digits from a Chinese IME, spaces, dashes, +86, 有限公司 / Co., Ltd.); each is
// reduced to one key, stored beside the lead, and two leads sharing any key are duplicates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db.h"

namespace loudou {

// Digits only, full-width folded, China's country prefix (+86, 0086, 86 before an 11-digit
// mobile) removed: "+86 138-0013 8000" and "１３８００１３８０００" -> "13800138000".
// nullopt when no digit is left.
std::optional<std::string> normalize_phone(const std::string& phone);
// Trimmed, inner spaces removed, full-width folded, lower-case. nullopt when empty.
std::optional<std::string> normalize_email(const std::string& email);
// Full-width folded, lower-case, spaces and punctuation removed, legal-form suffixes removed
// (股份有限公司, 有限责任公司, 有限公司, 公司, Co., Ltd., Inc., Limited, ...). nullopt when empty.
std::optional<std::string> normalize_company(const std::string& company);

// The ids of other leads (not `except_id`) sharing a non-null key, oldest first.
Result<std::vector<std::string>> find_duplicate_leads(Db& db, const std::optional<std::string>& phone_norm,
                                                      const std::optional<std::string>& email_norm,
                                                      const std::optional<std::string>& company_norm,
                                                      const std::string& except_id);

}  // namespace loudou
