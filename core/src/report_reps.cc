// report.reps (metrics.md 10): a scorecard per owner — the funnel of their cohort deals, their
// win rate, average deal size and cycle over deals closed in [from, to), won_amount in range, and
// quota attainment against the sum of their quotas whose period lies inside the range.
#include <algorithm>
#include <limits>
#include <map>

#include "funnel_math.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct RepsArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(RepsArgs, (), (pipeline_id, from, to, filters, now))

// [start, end) of a quota period "2026-03" or "2026-Q1".
std::optional<std::pair<int64_t, int64_t>> period_span(const std::string& p) {
  if (p.size() != 7) return std::nullopt;
  int year = std::atoi(p.substr(0, 4).c_str());
  int first, months;
  if (p[5] == 'Q') {
    first = (p[6] - '1') * 3 + 1;
    months = 3;
  } else {
    first = std::atoi(p.substr(5, 2).c_str());
    months = 1;
  }
  auto day1 = [](int y, int m) {
    while (m > 12) { m -= 12; ++y; }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-01", y, m);
    return date_start_ms(buf);
  };
  auto start = day1(year, first), end = day1(year, first + months);
  if (!start || !end) return std::nullopt;
  return std::make_pair(*start, *end);
}

struct Rep {
  FunnelCounts cohort;  // raw counts until finish()
  ClosedStats closed;
  std::optional<int64_t> quota;
};

Result<json> report_reps(Context& ctx, const RepsArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  const int n = stages.n();
  GroupMap<Rep> reps;
  auto rep = [&](GroupKeyView id) -> Rep& { return group(reps, id, [&] { return Rep{FunnelCounts(n), {}, {}}; }); };

  DealQuery cq;
  cq.from = scope.from;
  cq.to = scope.to;
  cq.with_owner = true;
  // Without a range the cohort is every deal and the closed set every deal with an outcome
  // (closed_at in the unbounded range, as DealSet::closed selects it): one scan serves both.
  const bool one_scan = !scope.from && !scope.to;
  LOUDOU_TRY(each_deal(ctx.db, stages, scope.pipeline_id, scope.filters, cq, [&](const DealFact& d) {
    Rep& r = rep(d.owner_id);
    r.cohort.add(d);
    if (one_scan && d.status != DealStatus::open && d.has_closed_at &&
        d.closed_at < std::numeric_limits<int64_t>::max())
      r.closed.add(d);
  }));
  if (!one_scan) {
    DealQuery wq = cq;
    wq.set = DealSet::closed;
    LOUDOU_TRY(each_deal(ctx.db, stages, scope.pipeline_id, scope.filters, wq,
                         [&](const DealFact& d) { rep(d.owner_id).closed.add(d); }));
  }

  {
    auto q = scope.filters.owner_id
                 ? ctx.db.query("SELECT user_id, period, amount FROM quota WHERE user_id = ?",
                                scope.filters.owner_id->v)
                 : ctx.db.query("SELECT user_id, period, amount FROM quota");
    while (q.next()) {
      auto span = period_span(q.text(1));
      if (!span || (scope.from && span->first < *scope.from) || (scope.to && span->second > *scope.to))
        continue;
      auto& r = rep(q.opt_view(0));
      r.quota = r.quota.value_or(0) + q.int64(2);
    }
    LOUDOU_TRY(q.status());
  }

  struct Row { int64_t won_amount; std::optional<std::string> id; json row; };
  std::vector<Row> rows;
  for (auto& [id, r] : reps) {
    r.cohort.finish();
    json row = {{"owner_id", id ? json(*id) : json(nullptr)}, {"name", nullptr}};
    if (id) {
      auto q = ctx.db.query("SELECT name FROM user WHERE id = ?", *id);
      if (q.next()) row["name"] = q.text(0);
      LOUDOU_TRY(q.status());
    }
    int64_t won_amount = r.closed.won_amount_int();
    row["entered_first"] = n ? r.cohort.entered[1] : 0;
    row["cohort_deals"] = r.cohort.deals;
    row["cohort_won"] = r.cohort.won;
    row["cohort_lost"] = r.cohort.lost;
    row["won"] = r.closed.won;
    row["lost"] = r.closed.lost;
    row["win_rate"] = r.closed.win_rate();
    row["won_amount"] = won_amount;
    row["avg_deal_size"] = r.closed.avg_deal_size();
    row["cycle_mean_days"] = mean_days(r.closed.cycles_ms);
    row["cycle_median_days"] = median_days(r.closed.cycles_ms);
    row["quota"] = r.quota ? json(*r.quota) : json(nullptr);
    row["attainment"] = r.quota ? ratio(double(won_amount), double(*r.quota)) : json(nullptr);
    row["stages"] = funnel_rows(stages, r.cohort);
    rows.push_back({won_amount, id, std::move(row)});
  }
  // Best first; the unowned row last.
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    if (x.id.has_value() != y.id.has_value()) return x.id.has_value();
    if (x.won_amount != y.won_amount) return x.won_amount > y.won_amount;
    return x.id < y.id;
  });
  json list = json::array();
  for (auto& r : rows) list.push_back(std::move(r.row));
  json out = echo_scope(scope);
  out["reps"] = std::move(list);
  return out;
}

}  // namespace

Status register_report_reps(Registry& r) { return r.add("report.reps", Access::read, &report_reps); }

}  // namespace loudou
