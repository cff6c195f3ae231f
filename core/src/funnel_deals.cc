#include "funnel_deals.h"

#include <limits>
#include <unordered_map>

namespace loudou {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// reached(d) for every deal of the pipeline from its visits: the slow path for pipelines with an
// active stage beyond the 63 slots reached_mask holds.
Result<std::unordered_map<std::string, int>> reached_from_visits(Db& db, const FunnelStages& stages,
                                                                 const std::string& pipeline_id) {
  std::unordered_map<std::string, int> out;
  auto q = db.query("SELECT deal_id, stage_id FROM stage_visit WHERE pipeline_id = ?", pipeline_id);
  while (q.next()) {
    int i = stages.index_of(q.text(1));
    int& r = out[q.text(0)];
    if (i + 1 > r) r = i + 1;
  }
  LOUDOU_TRY(q.status());
  return out;
}

}  // namespace

Status each_deal(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                 const ReportFilters& f, const DealQuery& dq, const std::function<void(const DealFact&)>& fn) {
  const bool slow = !stages.mask_complete();
  std::string sql =
      std::string("SELECT CASE d.status WHEN 'won' THEN 1 WHEN 'lost' THEN 2 ELSE 0 END") +
      (dq.with_reach ? ", d.reached_mask" : ", NULL") + (dq.with_amount ? ", d.amount" : ", NULL") +
      (dq.with_dates ? ", d.created_at, d.closed_at" : ", NULL, NULL");
  sql += dq.with_owner ? ", d.owner_id" : ", NULL";
  sql += dq.key_column ? std::string(", d.") + dq.key_column : std::string(", NULL");
  sql += slow && dq.with_reach ? ", d.id" : ", NULL";
  if (dq.set == DealSet::created)
    sql += " FROM deal d WHERE d.pipeline_id = ? AND d.created_at >= ? AND d.created_at < ?";
  else
    sql += std::string(" FROM deal d WHERE d.pipeline_id = ? AND d.closed_at >= ? AND d.closed_at < ? ") +
           (dq.won_only ? "AND d.status = 'won'" : "AND d.status IN ('won', 'lost')");
  sql += filter_sql(f, "d");

  std::unordered_map<std::string, int> visits;
  if (slow && dq.with_reach) {
    LOUDOU_ASSIGN_OR_RETURN(visits, reached_from_visits(db, stages, pipeline_id));
  }

  auto q = db.query(sql);
  q.bind(1, pipeline_id).bind(2, dq.from.value_or(kMin)).bind(3, dq.to.value_or(kMax));
  bind_filters(q, 4, f);
  const int won_reached = stages.n() + 1;
  DealFact d;
  while (q.next()) {
    d.status = DealStatus(q.int64(0));
    if (!dq.with_reach) d.reached = 0;
    else if (d.status == DealStatus::won) d.reached = won_reached;
    else if (slow) d.reached = visits[q.text(7)];
    else d.reached = stages.reached(q.int64(1));
    if (dq.with_amount) d.amount = q.int64(2);
    if (dq.with_dates) {
      d.created_at = q.int64(3);
      d.has_closed_at = !q.is_null(4);
      d.closed_at = d.has_closed_at ? q.int64(4) : 0;
    }
    if (dq.with_owner) d.owner_id = q.opt_view(5);
    if (dq.key_column) d.key = q.opt_view(6);
    fn(d);
  }
  return q.status();
}

Status each_open_deal(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                      const ReportFilters& f, int64_t now, OpenColumns columns,
                      const std::function<void(const OpenDeal&)>& fn) {
  // Without filters or deal columns the visits alone answer (every visit has its deal: ON DELETE
  // CASCADE), read from the index without a lookup of the deal.
  const bool details = columns == OpenColumns::details;
  const bool join = columns != OpenColumns::entered || has_filters(f);
  const char* cols = details ? "SELECT v.entered_at, d.amount, d.id, d.owner_id, d.expected_close, d.paused_until "
                     : join  ? "SELECT v.entered_at, d.amount "
                             : "SELECT v.entered_at ";
  // A visit still open belongs to a deal still open (an outcome is a stage event: it ends the
  // visit), so the deal's facts come from the small covering deal_open_facts (schema v7), not
  // from a random page of the wide deal table per open deal.
  const char* from_open = join ? "FROM stage_visit v INDEXED BY stage_visit_open "
                                 "JOIN deal d INDEXED BY deal_open_facts ON d.id = v.deal_id AND d.status = 'open' "
                               : "FROM stage_visit v INDEXED BY stage_visit_open ";
  const char* from_ended = join ? "FROM stage_visit v JOIN deal d ON d.id = v.deal_id " : "FROM stage_visit v ";
  // The visit that contains `now` is the stage the deal was open in at that instant. One query
  // per stage; the visits still open come from the small covering stage_visit_open (schema v6),
  // which spares a stage_visit row lookup per open deal.
  std::string sql = std::string(cols) + from_open +
                    "WHERE v.pipeline_id = ? AND v.stage_id = ? AND v.left_at IS NULL AND v.entered_at <= ?" +
                    filter_sql(f, "d");
  // Visits that ended after `now` (a `now` in the past): a second range of the same index, kept
  // apart because an OR makes SQLite scan every visit of the stage.
  std::string ended_later = std::string(cols) + from_ended +
                            "WHERE v.pipeline_id = ? AND v.stage_id = ? AND v.left_at > ? AND v.entered_at <= ?" +
                            filter_sql(f, "d");
  OpenDeal d;
  for (int stage = 0; stage < stages.n(); ++stage) {
    for (int part = 0; part < 2; ++part) {
      auto q = db.query(part == 0 ? sql : ended_later);
      int i = 1;
      q.bind(i++, pipeline_id).bind(i++, stages.stages()[size_t(stage)].id);
      if (part == 1) q.bind(i++, now);
      q.bind(i++, now);
      bind_filters(q, i, f);
      d.stage = stage;
      while (q.next()) {
        d.entered_at = q.int64(0);
        if (join) d.amount = q.int64(1);
        if (details) {
          d.deal_id = q.opt_view(2).value_or(std::string_view());
          d.owner_id = q.opt_view(3);
          d.expected_close = q.opt_view(4);
          d.paused_until = q.opt_view(5);
        }
        fn(d);
      }
      LOUDOU_TRY(q.status());
    }
  }
  return {};
}

}  // namespace loudou
