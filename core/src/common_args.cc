#include "common_args.h"

namespace loudou {

Result<Page> read_page(const std::optional<int64_t>& limit, const std::optional<std::string>& cursor) {
  Page p;
  if (limit) {
    if (*limit < 1 || *limit > 1000) return invalid("limit", "limit must be between 1 and 1000");
    p.limit = *limit;
  }
  if (cursor) {
    // Cursors are "o<offset>"; anything else did not come from us.
    const std::string& c = *cursor;
    if (c.size() < 2 || c[0] != 'o' || c.size() > 12 ||
        c.find_first_not_of("0123456789", 1) != std::string::npos)
      return invalid("cursor", "cursor is not one this list returned");
    p.offset = std::stoll(c.substr(1));
  }
  return p;
}

nlohmann::json page_result(nlohmann::json items, int64_t total, const Page& page) {
  int64_t next = page.offset + int64_t(items.size());
  nlohmann::json cursor = next < total ? nlohmann::json("o" + std::to_string(next)) : nlohmann::json(nullptr);
  return {{"items", std::move(items)}, {"total", total}, {"next_cursor", cursor}};
}

}  // namespace loudou
