// Indexes and triggers taken down for a bulk write and created again from their stored SQL.
//
// Secondary indexes: inserting 100,000 deals updates each of the deal table's six secondary
// indexes 100,000 times at random places (most begin with pipeline_id, then a date): about half of
// an import's SQL time. CREATE INDEX over the finished table sorts once and is several times
// cheaper — but only when the rows being added are at least as many as those already there, since
// the rebuild reads the whole table. Unique indexes (and the primary keys' automatic ones) stay:
// they enforce constraints while the rows go in. Whatever reads a table while its indexes are down
// still gets right answers, only slower: the caller does its indexed lookups before.
//
// Triggers: a writer that does a trigger's work itself, set-wise (import_history.h), drops it.
//
// Used inside the caller's transaction: DROP and CREATE are transactional, so a failure or a dry
// run's rollback restores everything with the rest.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "db.h"

namespace loudou::dataio {

class SuspendedSchema {
 public:
  explicit SuspendedSchema(Db& db) : db_(db) {}
  // Drops `table`'s non-unique indexes if `adding` rows would outnumber its present ones (and are
  // enough to be worth it).
  Status drop_indexes_if_bulk(const std::string& table, int64_t adding);
  // Drops the named triggers if every one of them exists: true. False, and nothing dropped, when
  // one is missing (an older schema).
  Result<bool> drop_triggers(std::initializer_list<const char*> names);
  // Creates what was dropped again, from its stored SQL.
  Status restore();

 private:
  // Drops each of `found` (name, CREATE statement), remembering it for restore().
  Status drop(const char* type, std::vector<std::pair<std::string, std::string>> found);

  Db& db_;
  std::vector<std::pair<std::string, std::string>> dropped_;  // name, CREATE statement
};

}  // namespace loudou::dataio
