// The stage history of the deals a bulk import creates, written set-wise.
//
// Every stage_event insert normally fires stage_event_track (close the deal's open stage_visit,
// open the next) and each ended visit fires stage_visit_stats_insert (one upsert per visit): at
// 100,000 imported deals that is ~250k events, ~150k visit rows updated one by one and ~150k
// upserts, more than half of the import's time. For deals that did not exist before the import
// the visits and statistics follow from the new events alone, so this writer suspends those two
// triggers (DROP, then CREATE again from their stored SQL, inside the import's transaction: a
// rollback or dry run restores them with everything else) and writes events, visits and the
// statistics' increments with three INSERT ... SELECT FROM json_each statements.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db.h"

namespace loudou::dataio {

class NewDealHistory {
 public:
  // Appends one event of a new deal; a deal's events come in order, after its deal row exists.
  void add(const std::string& deal_id, const char* kind, const std::string* from, const std::string& stage_id,
           int64_t at, const std::optional<std::string>& reason);
  bool empty() const { return events_ == 0; }
  // Writes what add() collected (events, their visits, the visit statistics) and clears it.
  Status write(Db& db, const std::string& pipeline_id);

 private:
  void close_visit(int64_t at);

  std::string events_json_ = "[", visits_json_ = "[";
  size_t events_ = 0, visits_ = 0;
  std::string deal_;           // the deal whose events came last
  std::string open_visit_;     // its visit not yet ended: "[deal, stage, entered_at" ("" when none)
};

}  // namespace loudou::dataio
