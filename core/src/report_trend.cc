// report.trend (metrics.md 12): per calendar month (UTC) in [from, to): deals created, deals won
// (won event in the month, current status won) with their amount, and the month's win rate
// (won / (won + lost) over deals whose last outcome event fell in it). Without a range: from the
// first month with a created or closed deal to the month of `now`.
#include <algorithm>
#include <limits>

#include <date/date.h>

#include "funnel_math.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct TrendArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(TrendArgs, (), (pipeline_id, from, to, filters, now))

int64_t month_start(int64_t ms) {
  auto day = date::floor<date::days>(std::chrono::milliseconds{ms});
  date::year_month_day ymd{date::sys_days{day}};
  return int64_t(date::sys_days{ymd.year() / ymd.month() / 1}.time_since_epoch().count()) * kMsPerDay;
}
int64_t next_month(int64_t start) { return month_start(start + 32 * kMsPerDay); }

Result<std::optional<int64_t>> first_activity(Db& db, const std::string& pipeline_id) {
  auto q = db.query("SELECT MIN(created_at) FROM deal WHERE pipeline_id = ?", pipeline_id);
  std::optional<int64_t> out;
  if (q.next()) out = q.opt_int64(0);
  LOUDOU_TRY(q.status());
  return out;
}

Result<json> report_trend(Context& ctx, const TrendArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  // A deal closes after it is created, so the first created deal starts the history.
  int64_t from, to;
  if (scope.from) {
    from = *scope.from;
  } else {
    LOUDOU_ASSIGN_OR_RETURN(auto first, first_activity(ctx.db, scope.pipeline_id));
    from = first ? month_start(*first) : month_start(scope.now);
  }
  to = scope.to ? *scope.to : next_month(month_start(std::max(scope.now, from)));
  std::vector<int64_t> bounds;  // month starts; bucket k is [bounds[k], bounds[k+1]) ∩ [from, to)
  for (int64_t m = month_start(from); m < to; m = next_month(m)) bounds.push_back(m);
  const size_t months = bounds.size();
  auto bucket = [&](int64_t ms) {
    return size_t(std::upper_bound(bounds.begin(), bounds.end(), ms) - bounds.begin()) - 1;
  };
  std::vector<int64_t> created(months, 0), won(months, 0), lost(months, 0);
  std::vector<__int128> won_amount(months, 0);

  // Counts per month run inside SQLite (COUNT(*) over each month's slice of the covering index):
  // only the won deals, whose amounts are summed, come out row by row.
  auto count_in = [&](const char* sql, int64_t lo, int64_t hi) -> Result<int64_t> {
    auto q = ctx.db.query(std::string(sql) + filter_sql(scope.filters, "d"));
    q.bind(1, scope.pipeline_id).bind(2, lo).bind(3, hi);
    bind_filters(q, 4, scope.filters);
    int64_t n = q.next() ? q.int64(0) : 0;
    LOUDOU_TRY(q.status());
    return n;
  };
  for (size_t k = 0; k < months; ++k) {
    int64_t lo = std::max(bounds[k], from), hi = k + 1 < months ? std::min(bounds[k + 1], to) : to;
    LOUDOU_ASSIGN_OR_RETURN(created[k], count_in("SELECT COUNT(*) FROM deal d WHERE d.pipeline_id = ? "
                                                 "AND d.created_at >= ? AND d.created_at < ?", lo, hi));
    LOUDOU_ASSIGN_OR_RETURN(lost[k], count_in("SELECT COUNT(*) FROM deal d WHERE d.pipeline_id = ? "
                                              "AND d.closed_at >= ? AND d.closed_at < ? AND d.status = 'lost'", lo, hi));
  }
  DealQuery wq;
  wq.set = DealSet::closed;
  wq.from = from;
  wq.to = to;
  wq.won_only = true;
  wq.with_reach = false;
  LOUDOU_TRY(each_deal(ctx.db, stages, scope.pipeline_id, scope.filters, wq, [&](const DealFact& d) {
    size_t k = bucket(d.closed_at);
    ++won[k];
    won_amount[k] += d.amount;
  }));
  json list = json::array();
  for (size_t k = 0; k < months; ++k)
    list.push_back({{"month", month_of(bounds[k])},
                    {"created", created[k]},
                    {"won", won[k]},
                    {"lost", lost[k]},
                    {"won_amount", int64_t(won_amount[k])},
                    {"win_rate", ratio(double(won[k]), double(won[k] + lost[k]))}});
  json out = echo_scope(scope);
  out["from"] = format_instant(from);
  out["to"] = format_instant(to);
  out["months"] = std::move(list);
  return out;
}

}  // namespace

Status register_report_trend(Registry& r) { return r.add("report.trend", Access::read, &report_trend); }

}  // namespace loudou
