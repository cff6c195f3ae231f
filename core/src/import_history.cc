#include "import_history.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

#include "bulk_insert.h"
#include "schema.h"
#include "suspended_schema.h"

namespace loudou::dataio {
namespace {

// The triggers whose work write() does itself for new deals (schema v2 and v6).
constexpr const char* kEventTrigger = "stage_event_track";
constexpr const char* kVisitStatsTrigger = "stage_visit_stats_insert";

// What opens a visit (stage_event_track): the deal is in the event's stage from then on.
bool enters(const char* kind) {
  std::string_view k(kind);
  return k == "create" || k == "move" || k == "reopen";
}

}  // namespace

void NewDealHistory::deal(std::string id, uint32_t rank) {
  deals_.push_back(std::move(id));
  ranks_.push_back(rank);
}

void NewDealHistory::add(const char* kind, const std::string* from, const std::string& stage_id, int64_t at,
                         const std::optional<std::string>& reason) {
  int32_t r = -1;
  if (reason) {
    r = int32_t(reasons_.size());
    reasons_.push_back(*reason);
  }
  events_.push_back({uint32_t(deals_.size() - 1), r, kind, from, &stage_id, at});
}

Status NewDealHistory::write(Db& db, const std::string& pipeline_id) {
  if (events_.empty()) return Status::Ok();
  // Both triggers must be there to be replaced; a schema without them gets plain inserts.
  SuspendedSchema triggers(db);
  LOUDOU_ASSIGN_OR_RETURN(const bool bulk, triggers.drop_triggers({kEventTrigger, kVisitStatsTrigger}));

  // Events go in in time order (seq follows at): same-time events of different deals in the
  // file's order (rank), a deal's own in the order added (the stable sort; they are in time order
  // already). Ordering by (at, seq) — the history's order — gives exactly what it gave when they
  // went in deal by deal in file order, and stage_event_by_pipeline (kind, at) is rebuilt from
  // rows sorted within each kind (see write_visits).
  std::vector<uint32_t> order(events_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = uint32_t(i);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const Event &x = events_[a], &y = events_[b];
    return x.at != y.at ? x.at < y.at : ranks_[x.deal] < ranks_[y.deal];
  });
  BulkInsert events(db, "INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at, reason)", 7);
  for (uint32_t i : order) {
    const Event& e = events_[i];
    std::optional<std::string_view> reason;
    if (e.reason >= 0) reason = reasons_[size_t(e.reason)];
    std::optional<std::string_view> from;
    if (e.from) from = *e.from;
    LOUDOU_TRY(events.row(deals_[e.deal], pipeline_id, e.kind, from, *e.stage, e.at, reason));
  }
  LOUDOU_TRY(events.flush());
  if (bulk) {
    LOUDOU_TRY(write_visits(db, pipeline_id));
    LOUDOU_TRY(triggers.restore());
  }
  deals_.clear();
  ranks_.clear();
  reasons_.clear();
  events_.clear();
  return Status::Ok();
}

// What stage_event_track and stage_visit_stats_insert would have written for these events: per
// deal, a visit from each entering event to the deal's next event (open when there is none), and
// per (stage, bucket: schema.h) the count and total duration of the ended visits.
//
// A visit's rowid means nothing, so they go in in the order of stage_visit_by_stage (stage, then
// left_at with the open ones first, then entered_at): the index rebuild (suspended_schema.h) then reads
// them already sorted, and SQLite's merge sort of presorted rows compares each row about once
// instead of unpacking and comparing whole records at every level. stage_visit_open, ordered by
// (stage, entered_at) among the open visits, comes sorted with it.
Status NewDealHistory::write_visits(Db& db, const std::string& pipeline_id) {
  struct Visit {
    uint32_t enter;  // the entering event
    std::optional<int64_t> left;
  };
  std::vector<Visit> order;
  std::map<std::pair<std::string_view, int64_t>, std::pair<int64_t, int64_t>> stats;  // -> visits, total ms
  for (size_t i = 0; i < events_.size(); ++i) {
    const Event& e = events_[i];
    if (!enters(e.kind)) continue;
    std::optional<int64_t> left;
    if (i + 1 < events_.size() && events_[i + 1].deal == e.deal) left = events_[i + 1].at;
    order.push_back({uint32_t(i), left});
    if (left) {
      auto& s = stats[{*e.stage, (*left - e.at) >> kVisitBucketShift}];
      s.first += 1;
      s.second += *left - e.at;
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](const Visit& a, const Visit& b) {
    const Event &x = events_[a.enter], &y = events_[b.enter];
    if (x.stage != y.stage) {
      if (int c = x.stage->compare(*y.stage)) return c < 0;
    }
    if (a.left != b.left) return !a.left || (b.left && *a.left < *b.left);
    return x.at < y.at;
  });
  BulkInsert visits(db, "INSERT INTO stage_visit(deal_id, pipeline_id, stage_id, entered_at, left_at)", 5);
  for (const Visit& v : order) {
    const Event& e = events_[v.enter];
    LOUDOU_TRY(visits.row(deals_[e.deal], pipeline_id, *e.stage, e.at, v.left));
  }
  LOUDOU_TRY(visits.flush());
  BulkInsert upsert(db, "INSERT INTO stage_visit_stats(pipeline_id, stage_id, bucket, visits, total_ms)", 5,
                    "ON CONFLICT DO UPDATE SET visits = visits + excluded.visits, "
                    "total_ms = total_ms + excluded.total_ms");
  for (auto& [key, sums] : stats)
    LOUDOU_TRY(upsert.row(pipeline_id, key.first, key.second, sums.first, sums.second));
  LOUDOU_TRY(upsert.flush());
  return Status::Ok();
}

}  // namespace loudou::dataio
