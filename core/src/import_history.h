// The stage history of the deals a bulk import creates, written set-wise.
//
// Every stage_event insert normally fires stage_event_track (close the deal's open stage_visit,
// open the next) and each ended visit fires stage_visit_stats_insert (one upsert per visit): at
// 100,000 imported deals that is ~250k events, ~150k visit rows updated one by one and ~150k
// upserts, more than half of the import's time. For deals that did not exist before the import
// the visits and statistics follow from the new events alone, so this writer suspends those two
// triggers (DROP, then CREATE again from their stored SQL, inside the import's transaction: a
// rollback or dry run restores them with everything else), works out the visits and the
// statistics' increments itself, and writes events and visits with multi-row inserts
// (bulk_insert.h) and one upsert per (stage, duration bucket).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.h"

namespace loudou::dataio {

class NewDealHistory {
 public:
  // Starts the events of a new deal; its row must exist by the time write() runs. `rank` orders
  // the events of different deals that happen at the same time (the file's order).
  void deal(std::string id, uint32_t rank);
  // Appends an event of the deal last started, in the order they happened. `from` and `stage_id`
  // are not copied: they must live until write() returns.
  void add(const char* kind, const std::string* from, const std::string& stage_id, int64_t at,
           const std::optional<std::string>& reason);
  bool empty() const { return events_.empty(); }
  // Writes what add() collected (events, their visits, the visit statistics) and clears it.
  Status write(Db& db, const std::string& pipeline_id);

 private:
  struct Event {
    uint32_t deal;             // index in deals_
    int32_t reason;            // index in reasons_, -1 when none
    const char* kind;
    const std::string* from;   // nullptr when none
    const std::string* stage;
    int64_t at;
  };
  Status write_visits(Db& db, const std::string& pipeline_id);

  std::vector<std::string> deals_;
  std::vector<uint32_t> ranks_;  // per deal
  std::vector<std::string> reasons_;
  std::vector<Event> events_;
};

}  // namespace loudou::dataio
