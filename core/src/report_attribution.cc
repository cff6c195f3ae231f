// report.attribution (metrics.md 11): per source or industry — leads created in [from, to) and
// the share converted to a deal (when the lead table exists), the cohort deals with that key, how
// many are won, win rate among the closed ones, won amount and average won deal size.
#include <algorithm>
#include <map>

#include "funnel_math.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct AttributionArgs {
  wire::Id pipeline_id;
  std::optional<std::string> by;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(AttributionArgs, (), (pipeline_id, by, from, to, filters, now))

struct KeyRow {
  int64_t leads = 0, converted = 0, deals = 0, won = 0, lost = 0;
  __int128 won_amount = 0;
};

Status count_leads(Db& db, const ReportScope& s, const char* column,
                   GroupMap<KeyRow>& rows) {
  auto exists = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lead'");
  if (!exists.next()) return exists.status();  // no leads yet: deals only
  std::string sql = std::string("SELECT l.") + column +
                    ", COUNT(*), SUM(l.status = 'converted') FROM lead l WHERE l.created_at >= ? "
                    "AND l.created_at < ?" + filter_sql(s.filters, "l") + " GROUP BY 1";
  auto q = db.query(sql);
  q.bind(1, s.from.value_or(std::numeric_limits<int64_t>::min()));
  q.bind(2, s.to.value_or(std::numeric_limits<int64_t>::max()));
  bind_filters(q, 3, s.filters);
  while (q.next()) {
    auto& r = group(rows, q.opt_view(0), [] { return KeyRow{}; });
    r.leads = q.int64(1);
    r.converted = q.int64(2);
  }
  return q.status();
}

Result<json> report_attribution(Context& ctx, const AttributionArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  std::string by = a.by.value_or("source");
  if (by != "source" && by != "industry") return invalid("by", "by must be source or industry");
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  GroupMap<KeyRow> rows;
  LOUDOU_TRY(count_leads(ctx.db, scope, by.c_str(), rows));
  DealQuery q;
  q.from = scope.from;
  q.to = scope.to;
  q.key_column = by.c_str();
  q.with_reach = q.with_dates = false;
  LOUDOU_TRY(each_deal(ctx.db, stages, scope.pipeline_id, scope.filters, q, [&](const DealFact& d) {
    auto& r = group(rows, d.key, [] { return KeyRow{}; });
    ++r.deals;
    if (d.status == DealStatus::won) {
      ++r.won;
      r.won_amount += d.amount;
    } else if (d.status == DealStatus::lost) {
      ++r.lost;
    }
  }));
  std::vector<std::pair<std::optional<std::string>, KeyRow>> sorted(rows.begin(), rows.end());
  std::sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) {
    if (x.first.has_value() != y.first.has_value()) return x.first.has_value();  // unknown last
    if (x.second.deals != y.second.deals) return x.second.deals > y.second.deals;
    if (x.second.leads != y.second.leads) return x.second.leads > y.second.leads;
    return x.first < y.first;
  });
  json list = json::array();
  for (const auto& [key, r] : sorted)
    list.push_back({{"key", key ? json(*key) : json(nullptr)},
                    {"leads", r.leads},
                    {"lead_to_deal", ratio(double(r.converted), double(r.leads))},
                    {"deals", r.deals},
                    {"won", r.won},
                    {"lost", r.lost},
                    {"win_rate", ratio(double(r.won), double(r.won + r.lost))},
                    {"won_amount", int64_t(r.won_amount)},
                    {"avg_deal_size", ratio(double(r.won_amount), double(r.won))}});
  json out = echo_scope(scope);
  out["by"] = by;
  out["rows"] = std::move(list);
  return out;
}

}  // namespace

Status register_report_attribution(Registry& r) {
  return r.add("report.attribution", Access::read, &report_attribution);
}

}  // namespace loudou
