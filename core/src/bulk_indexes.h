// Secondary indexes rebuilt once instead of updated row by row, for bulk writes.
//
// Inserting 100,000 deals updates each of the deal table's six secondary indexes 100,000 times at
// random places (most begin with pipeline_id, then a date): about half of an import's SQL time.
// CREATE INDEX over the finished table sorts once and is several times cheaper — but only when
// the rows being added are at least as many as those already there, since the rebuild reads the
// whole table. Used inside the caller's transaction: DROP INDEX and CREATE INDEX are
// transactional, so a failure or a dry run's rollback restores the indexes with everything else.
// Unique indexes (and the primary keys' automatic ones) stay: they enforce constraints while the
// rows go in. Whatever reads a table while its indexes are down still gets right answers, only
// slower: the caller does its indexed lookups before.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "db.h"

namespace loudou::dataio {

class DeferredIndexes {
 public:
  explicit DeferredIndexes(Db& db) : db_(db) {}
  // Drops `table`'s non-unique indexes if `adding` rows would outnumber its present ones (and are
  // enough to be worth it); restore() creates them again.
  Status drop_if_bulk(const std::string& table, int64_t adding);
  // Creates the dropped indexes again from their stored SQL.
  Status restore();

 private:
  Db& db_;
  std::vector<std::pair<std::string, std::string>> dropped_;  // name, CREATE INDEX statement
};

}  // namespace loudou::dataio
