// report.velocity (metrics.md 5, 6): time in stage per visit — visits that ended in [from, to)
// with mean and median days, visits still open at `now` with their mean age — and pipeline
// velocity = open deals x average deal size x win rate / mean sales cycle (amount per day).
// Ended visits come from the per-stage statistics of schema v6 when the range holds all of them.
#include <limits>

#include "funnel_math.h"
#include "report_ops.h"
#include "schema.h"

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

// The figures of one stage's ended visits: visits, mean and median days (metrics.md 5).
struct Ended {
  int64_t visits = 0;
  json mean = nullptr, median = nullptr;
};

// One MIN or MAX of a stage's ended left_at (one end of stage_visit_by_stage; null when none).
Result<std::optional<int64_t>> ended_bound(Db& db, const ReportScope& s, const std::string& stage_id,
                                           bool max) {
  auto q = db.query(max ? "SELECT MAX(left_at) FROM stage_visit WHERE pipeline_id = ? AND stage_id = ?"
                        : "SELECT MIN(left_at) FROM stage_visit WHERE pipeline_id = ? AND stage_id = ? "
                          "AND left_at IS NOT NULL",
                    s.pipeline_id, stage_id);
  std::optional<int64_t> out;
  if (q.next()) out = q.opt_int64(0);
  LOUDOU_TRY(q.status());
  return out;
}

// The fast path, when no filter applies and every ended visit of the stage lies in [from, to) (the
// default, all-time range): count and mean from stage_visit_stats, the median as the rank-k
// duration found in its bucket through stage_visit_by_duration — a few hundred rows instead of
// every visit. nullopt when it does not apply (or the statistics disagree with the visits).
Result<std::optional<Ended>> ended_from_stats(Db& db, const ReportScope& s, const std::string& stage_id) {
  if (has_filters(s.filters)) return std::optional<Ended>();
  if (s.from || s.to) {
    LOUDOU_ASSIGN_OR_RETURN(auto lo, ended_bound(db, s, stage_id, false));
    LOUDOU_ASSIGN_OR_RETURN(auto hi, ended_bound(db, s, stage_id, true));
    if (lo && ((s.from && *lo < *s.from) || (s.to && *hi >= *s.to))) return std::optional<Ended>();
  }
  std::vector<std::pair<int64_t, int64_t>> buckets;  // (bucket, visits), by duration
  int64_t count = 0;
  __int128 total = 0;
  {
    auto q = db.query("SELECT bucket, visits, total_ms FROM stage_visit_stats WHERE pipeline_id = ? "
                      "AND stage_id = ? AND visits > 0 ORDER BY bucket",
                      s.pipeline_id, stage_id);
    while (q.next()) {
      buckets.emplace_back(q.int64(0), q.int64(1));
      count += q.int64(1);
      total += q.int64(2);
    }
    LOUDOU_TRY(q.status());
  }
  Ended e;
  e.visits = count;
  if (count == 0) return std::optional<Ended>(e);
  // The duration of rank `rank` (0-based) among the stage's ended visits.
  auto kth = [&](int64_t rank) -> Result<std::optional<int64_t>> {
    int64_t before = 0;
    for (const auto& [bucket, visits] : buckets) {
      if (rank < before + visits) {
        auto q = db.query(
            "SELECT left_at - entered_at FROM stage_visit INDEXED BY stage_visit_by_duration "
            "WHERE pipeline_id = ? AND stage_id = ? AND left_at IS NOT NULL AND left_at - entered_at >= ? "
            "AND left_at - entered_at < ? ORDER BY left_at - entered_at LIMIT 1 OFFSET ?",
            s.pipeline_id, stage_id, bucket * (int64_t(1) << kVisitBucketShift),
            (bucket + 1) * (int64_t(1) << kVisitBucketShift), rank - before);
        std::optional<int64_t> out;
        if (q.next()) out = q.int64(0);
        LOUDOU_TRY(q.status());
        return out;
      }
      before += visits;
    }
    return std::optional<int64_t>();
  };
  // Same arithmetic as mean_days / median_days, so both paths give identical numbers.
  e.mean = double(total) / double(count) / kMsPerDayD;
  LOUDOU_ASSIGN_OR_RETURN(auto hi, kth(count / 2));
  if (!hi) return std::optional<Ended>();
  if (count % 2) {
    e.median = double(*hi) / kMsPerDayD;
  } else {
    LOUDOU_ASSIGN_OR_RETURN(auto lo, kth(count / 2 - 1));
    if (!lo) return std::optional<Ended>();
    e.median = (double(*lo) + double(*hi)) / 2.0 / kMsPerDayD;
  }
  return std::optional<Ended>(e);
}

Result<Ended> ended_stats(Db& db, const ReportScope& s, const std::string& stage_id,
                          std::vector<int64_t>& scratch) {
  LOUDOU_ASSIGN_OR_RETURN(auto fast, ended_from_stats(db, s, stage_id));
  if (fast) return *fast;
  scratch.clear();
  LOUDOU_TRY(ended_visits(db, s, stage_id, scratch));
  Ended e;
  e.visits = int64_t(scratch.size());
  e.mean = mean_days(scratch);
  e.median = median_days(scratch);
  return e;
}

Result<json> report_velocity(Context& ctx, const VelocityArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  const size_t n = size_t(stages.n());
  std::vector<int64_t> open_count(n, 0);
  std::vector<__int128> open_age(n, 0);
  int64_t open_deals = 0;
  LOUDOU_TRY(each_open_deal(ctx.db, stages, scope.pipeline_id, scope.filters, scope.now, OpenColumns::entered,
                            [&](const OpenDeal& d) {
                              ++open_deals;
                              ++open_count[size_t(d.stage)];
                              open_age[size_t(d.stage)] += scope.now - d.entered_at;
                            }));
  json rows = json::array();
  std::vector<int64_t> durations;
  for (size_t i = 0; i < n; ++i) {
    const auto& s = stages.stages()[i];
    LOUDOU_ASSIGN_OR_RETURN(auto ended, ended_stats(ctx.db, scope, s.id, durations));
    json row = {{"stage_id", s.id}, {"name", s.name}, {"visits", ended.visits}};
    row["mean_days"] = ended.mean;
    row["median_days"] = ended.median;
    row["open_visits"] = open_count[i];
    row["open_mean_age_days"] =
        open_count[i] ? json(double(open_age[i]) / double(open_count[i]) / kMsPerDayD) : json(nullptr);
    rows.push_back(std::move(row));
  }

  // Win rate needs only the number of lost deals: counted in SQL, not read one by one.
  DealQuery q;
  q.set = DealSet::closed;
  q.from = scope.from;
  q.to = scope.to;
  q.won_only = true;
  ClosedStats cs;
  LOUDOU_TRY(each_deal(ctx.db, stages, scope.pipeline_id, scope.filters, q, [&](const DealFact& d) { cs.add(d); }));
  {
    auto lost = ctx.db.query("SELECT COUNT(*) FROM deal d WHERE d.pipeline_id = ? AND d.closed_at >= ? "
                             "AND d.closed_at < ? AND d.status = 'lost'" + filter_sql(scope.filters, "d"));
    lost.bind(1, scope.pipeline_id);
    lost.bind(2, scope.from.value_or(std::numeric_limits<int64_t>::min()));
    lost.bind(3, scope.to.value_or(std::numeric_limits<int64_t>::max()));
    bind_filters(lost, 4, scope.filters);
    if (lost.next()) cs.lost = lost.int64(0);
    LOUDOU_TRY(lost.status());
  }
  json win_rate = cs.win_rate();
  json avg = cs.avg_deal_size();
  json cycle_mean = mean_days(cs.cycles_ms);
  json cycle_median = median_days(cs.cycles_ms);
  json velocity = nullptr;
  if (!win_rate.is_null() && !avg.is_null() && !cycle_mean.is_null() && cycle_mean.get<double>() != 0)
    velocity = double(open_deals) * avg.get<double>() * win_rate.get<double>() / cycle_mean.get<double>();

  json out = echo_scope(scope);
  out["stages"] = std::move(rows);
  out["won"] = cs.won;
  out["lost"] = cs.lost;
  out["win_rate"] = win_rate;
  out["avg_deal_size"] = avg;
  out["cycle"] = {{"mean_days", cycle_mean}, {"median_days", cycle_median}};
  out["open_deals"] = open_deals;
  out["pipeline_velocity"] = velocity;
  return out;
}

}  // namespace

Status register_report_velocity(Registry& r) {
  return r.add("report.velocity", Access::read, &report_velocity);
}

}  // namespace loudou
