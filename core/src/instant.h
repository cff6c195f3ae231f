// Instants and calendar dates as the API writes them: "2026-03-01T09:30:00Z" and "2026-03-01".
// Inside the core an instant is milliseconds since the Unix epoch (UTC), which sorts and subtracts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loudou {

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a "+hh:mm"/"-hh:mm" offset, or a bare date
// (midnight UTC). Rejects impossible dates (2026-02-30). nullopt when the text is not such a time.
std::optional<int64_t> parse_instant(std::string_view text);
// "2026-03-01T09:30:00Z", with ".123" only when the milliseconds are not zero.
std::string format_instant(int64_t ms);
// A valid "YYYY-MM-DD" (no time part).
bool is_date(std::string_view text);
// Midnight UTC of a valid date, in ms.
std::optional<int64_t> date_start_ms(std::string_view text);
// "2026-03" of an instant.
std::string month_of(int64_t ms);
// The date part "2026-03-01" of an instant.
std::string date_of(int64_t ms);

constexpr int64_t kMsPerDay = 86'400'000;

}  // namespace loudou
