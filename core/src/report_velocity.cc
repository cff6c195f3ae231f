// report.velocity (metrics.md 5, 6): time in stage per visit — visits that ended in [from, to)
// with mean and median days, visits still open at `now` with their mean age — and pipeline
// velocity = open deals x average deal size x win rate / mean sales cycle (amount per day).
#include <limits>

#include "funnel_math.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct VelocityArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(VelocityArgs, (), (pipeline_id, from, to, filters, now))

// Durations (ms) of the visits of one stage that ended in [from, to).
Status ended_visits(Db& db, const ReportScope& s, const std::string& stage_id, std::vector<int64_t>& out) {
  const bool join = has_filters(s.filters);
  std::string sql = "SELECT v.left_at - v.entered_at FROM stage_visit v";
  if (join) sql += " JOIN deal d ON d.id = v.deal_id";
  sql += " WHERE v.pipeline_id = ? AND v.stage_id = ? AND v.left_at >= ? AND v.left_at < ?";
  if (join) sql += filter_sql(s.filters, "d");
  auto q = db.query(sql);
  q.bind(1, s.pipeline_id).bind(2, stage_id);
  q.bind(3, s.from.value_or(std::numeric_limits<int64_t>::min()));
  q.bind(4, s.to.value_or(std::numeric_limits<int64_t>::max()));
  bind_filters(q, 5, s.filters);
  while (q.next()) out.push_back(q.int64(0));
  return q.status();
}

Result<json> report_velocity(Context& ctx, const VelocityArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  LOUDOU_ASSIGN_OR_RETURN(auto open, load_open_deals(ctx.db, stages, scope.pipeline_id, scope.filters, scope.now));
  const size_t n = size_t(stages.n());
  std::vector<int64_t> open_count(n, 0);
  std::vector<__int128> open_age(n, 0);
  for (const auto& d : open) {
    ++open_count[size_t(d.stage)];
    open_age[size_t(d.stage)] += scope.now - d.entered_at;
  }
  json rows = json::array();
  std::vector<int64_t> durations;
  for (size_t i = 0; i < n; ++i) {
    const auto& s = stages.stages()[i];
    durations.clear();
    LOUDOU_TRY(ended_visits(ctx.db, scope, s.id, durations));
    json row = {{"stage_id", s.id}, {"name", s.name}, {"visits", int64_t(durations.size())}};
    row["mean_days"] = mean_days(durations);
    row["median_days"] = median_days(durations);
    row["open_visits"] = open_count[i];
    row["open_mean_age_days"] =
        open_count[i] ? json(double(open_age[i]) / double(open_count[i]) / kMsPerDayD) : json(nullptr);
    rows.push_back(std::move(row));
  }

  DealQuery q;
  q.set = DealSet::closed;
  q.from = scope.from;
  q.to = scope.to;
  LOUDOU_ASSIGN_OR_RETURN(auto closed, load_deals(ctx.db, stages, scope.pipeline_id, scope.filters, q));
  ClosedStats cs;
  for (const auto& d : closed) cs.add(d);
  json win_rate = cs.win_rate();
  json avg = cs.avg_deal_size();
  json cycle_mean = mean_days(cs.cycles_ms);
  json cycle_median = median_days(cs.cycles_ms);
  json velocity = nullptr;
  if (!win_rate.is_null() && !avg.is_null() && !cycle_mean.is_null() && cycle_mean.get<double>() != 0)
    velocity = double(open.size()) * avg.get<double>() * win_rate.get<double>() / cycle_mean.get<double>();

  json out = echo_scope(scope);
  out["stages"] = std::move(rows);
  out["won"] = cs.won;
  out["lost"] = cs.lost;
  out["win_rate"] = win_rate;
  out["avg_deal_size"] = avg;
  out["cycle"] = {{"mean_days", cycle_mean}, {"median_days", cycle_median}};
  out["open_deals"] = int64_t(open.size());
  out["pipeline_velocity"] = velocity;
  return out;
}

}  // namespace

Status register_report_velocity(Registry& r) {
  return r.add("report.velocity", Access::read, &report_velocity);
}

}  // namespace loudou
