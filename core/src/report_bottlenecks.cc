// report.bottlenecks (metrics.md 9): each stage's conversion for the cohort [from, to) against the
// same stage's conversion for the baseline cohort, flagged when the ratio is under `threshold` and
// both cohorts have at least `min_deals` reaching the stage; and the stalled deals — open at `now`,
// idle (no stage event, no logged activity) for longer than their stage's rot_days, not paused.
//
// Baseline default: the window of the same length just before [from, to) when both are given,
// otherwise all deals.
#include <algorithm>

#include "funnel_math.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct BottleneckArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<wire::Instant> baseline_from;
  std::optional<wire::Instant> baseline_to;
  std::optional<double> threshold;
  std::optional<wire::Count> min_deals;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(BottleneckArgs, (),
                      (pipeline_id, from, to, baseline_from, baseline_to, threshold, min_deals,
                       filters, now))

bool table_exists(Db& db, const char* name) {
  auto q = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name);
  return q.next();
}

// The latest logged activity on a deal at `now`: a done activity, or a note (logged when written).
Result<std::optional<int64_t>> last_activity(Db& db, const std::string& deal_id, int64_t now) {
  auto q = db.query(
      "SELECT MAX(t) FROM (SELECT COALESCE(done_at, CASE WHEN type = 'note' THEN created_at END) AS t "
      "FROM activity WHERE deal_id = ?) WHERE t <= ?",
      deal_id, now);
  std::optional<int64_t> out;
  if (q.next()) out = q.opt_int64(0);
  LOUDOU_TRY(q.status());
  return out;
}

Result<json> report_bottlenecks(Context& ctx, const BottleneckArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_TRY(check_range(a.baseline_from, a.baseline_to, "baseline_to"));
  double threshold = a.threshold.value_or(0.8);
  if (!(threshold > 0)) return invalid("threshold", "threshold must be a number above 0");
  int64_t min_deals = a.min_deals ? a.min_deals->v : 10;
  std::optional<int64_t> base_from, base_to;
  if (a.baseline_from || a.baseline_to) {
    if (a.baseline_from) base_from = a.baseline_from->ms;
    if (a.baseline_to) base_to = a.baseline_to->ms;
  } else if (scope.from && scope.to) {
    base_from = *scope.from - (*scope.to - *scope.from);
    base_to = *scope.from;
  }
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  DealQuery cq, bq;
  cq.from = scope.from;
  cq.to = scope.to;
  bq.from = base_from;
  bq.to = base_to;
  LOUDOU_ASSIGN_OR_RETURN(FunnelCounts c, funnel_of(ctx.db, stages, scope.pipeline_id, scope.filters, cq));
  LOUDOU_ASSIGN_OR_RETURN(FunnelCounts b, funnel_of(ctx.db, stages, scope.pipeline_id, scope.filters, bq));

  json rows = json::array();
  for (int i = 1; i <= stages.n(); ++i) {
    const auto& s = stages.stages()[size_t(i) - 1];
    json conv = c.conversion(i), base = b.conversion(i);
    json r = nullptr;
    if (!conv.is_null() && !base.is_null()) r = ratio(conv.get<double>(), base.get<double>());
    bool flagged = !r.is_null() && r.get<double>() < threshold && c.entered[size_t(i)] >= min_deals &&
                   b.entered[size_t(i)] >= min_deals;
    rows.push_back({{"stage_id", s.id}, {"name", s.name}, {"entered", c.entered[size_t(i)]},
                    {"baseline_entered", b.entered[size_t(i)]}, {"conversion", conv},
                    {"baseline_conversion", base}, {"ratio", r}, {"bottleneck", flagged}});
  }

  const std::string today = date_of(scope.now);
  // Deals idle past their stage's limit since they entered it; an activity can only make a deal
  // less idle, so only these are looked up in the activities below.
  struct Candidate { int stage; int64_t entered_at; std::string deal; };
  std::vector<Candidate> idle_since_entry;
  LOUDOU_TRY(each_open_deal(ctx.db, stages, scope.pipeline_id, scope.filters, scope.now, OpenColumns::details,
                            [&](const OpenDeal& d) {
                              const auto& s = stages.stages()[size_t(d.stage)];
                              if (!s.rot_days) return;
                              if (d.paused_until && *d.paused_until > today) return;
                              if (!(double(scope.now - d.entered_at) / kMsPerDayD > *s.rot_days)) return;
                              idle_since_entry.push_back({d.stage, d.entered_at, std::string(d.deal_id)});
                            }));
  const bool activities = table_exists(ctx.db, "activity");
  json stalled = json::array();
  struct Stalled { double idle; std::string deal; json row; };
  std::vector<Stalled> found;
  for (const auto& d : idle_since_entry) {
    const auto& s = stages.stages()[size_t(d.stage)];
    int64_t last = d.entered_at;
    double idle = double(scope.now - last) / kMsPerDayD;
    if (activities) {
      LOUDOU_ASSIGN_OR_RETURN(auto act, last_activity(ctx.db, d.deal, scope.now));
      if (act && *act > last) last = *act;
      idle = double(scope.now - last) / kMsPerDayD;
      if (!(idle > *s.rot_days)) continue;
    }
    found.push_back({idle, d.deal,
                     {{"deal_id", d.deal}, {"stage_id", s.id}, {"idle_days", idle},
                      {"rot_days", *s.rot_days}, {"idle_since", format_instant(last)}}});
  }
  std::sort(found.begin(), found.end(), [](const Stalled& x, const Stalled& y) {
    return x.idle != y.idle ? x.idle > y.idle : x.deal < y.deal;
  });
  for (auto& f : found) stalled.push_back(std::move(f.row));

  json out = echo_scope(scope);
  out["baseline_from"] = instant_or_null(base_from);
  out["baseline_to"] = instant_or_null(base_to);
  out["threshold"] = threshold;
  out["min_deals"] = min_deals;
  out["stages"] = std::move(rows);
  out["stalled"] = std::move(stalled);
  return out;
}

}  // namespace

Status register_report_bottlenecks(Registry& r) {
  return r.add("report.bottlenecks", Access::read, &report_bottlenecks);
}

}  // namespace loudou
