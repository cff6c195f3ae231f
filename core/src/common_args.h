// Request shapes shared by many ops.
#pragma once

#include "wire.h"

namespace loudou {

struct NoArgs {};
BOOST_DESCRIBE_STRUCT(NoArgs, (), ())

struct ById {
  wire::Id id;
};
BOOST_DESCRIBE_STRUCT(ById, (), (id))

// A page of a list: {items, total, next_cursor}. The cursor is opaque to callers.
struct Page {
  int64_t limit = 100;
  int64_t offset = 0;
};
// Reads limit (default 100, 1..1000) and cursor into a Page.
Result<Page> read_page(const std::optional<int64_t>& limit, const std::optional<std::string>& cursor);
nlohmann::json page_result(nlohmann::json items, int64_t total, const Page& page);

}  // namespace loudou
