// report.forecast (metrics.md 8): the deals open at `now` expected to close in [from, to),
// weighted by their stage's probability — configured (stage.probability / 100) or historical
// (p(i) of the deals closed in [history_from, history_to), falling back to the configured one for a
// stage with no history), or predicted (each open deal by its own chance from the win model,
// win_store.h; stage_probability then lists the configured ones) — with `won` (amount won in range) and `best_case`, split by owner and by
// month. Weighted sums are kept as exact integer amounts per stage and multiplied once.
#include <limits>
#include <map>

#include "funnel_math.h"
#include "report_ops.h"
#include "win_store.h"

namespace loudou {
namespace {

struct ForecastArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<std::string> method;
  std::optional<wire::Instant> history_from;
  std::optional<wire::Instant> history_to;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(ForecastArgs, (),
                      (pipeline_id, from, to, method, history_from, history_to, filters, now))

// One line of the forecast: open amounts per stage, and the amount won.
struct Bucket {
  std::vector<__int128> open;  // per stage
  __int128 won = 0;
  int64_t deals = 0;
  double predicted = 0;  // Σ amount × the deal's own predicted chance (method "predicted")
};

struct Probability {
  double p = 0;          // 0..1, what the weighting uses
  int64_t num = 0, den = 100;  // p = num / den, kept to weight integer sums exactly
  bool historical = false;
  int64_t history_deals = 0;
};

json bucket_json(const Bucket& b, const std::vector<Probability>& probs, bool predicted = false) {
  double weighted = 0;
  __int128 open = 0;
  for (size_t i = 0; i < b.open.size(); ++i) {
    if (b.open[i] == 0) continue;
    weighted += double(b.open[i] * probs[i].num) / double(probs[i].den);
    open += b.open[i];
  }
  if (predicted) weighted = b.predicted;
  return {{"weighted", weighted}, {"won", int64_t(b.won)}, {"best_case", int64_t(b.won + open)},
          {"open_amount", int64_t(open)}};
}

// The funnel of the deals closed in hq's range (metrics.md 7), as count_funnel(load_deals(...))
// but cheaper: a won deal has reached n + 1 whatever its mask, so the won are only counted (in
// SQLite), and only the lost deals' masks are read.
Result<FunnelCounts> closed_funnel(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                                   const ReportFilters& f, DealQuery hq) {
  hq.set = DealSet::closed;
  if (!stages.mask_complete()) {  // reached from the visits: the general path
    return funnel_of(db, stages, pipeline_id, f, hq);
  }
  FunnelCounts c(stages.n());
  const int64_t from = hq.from.value_or(std::numeric_limits<int64_t>::min());
  const int64_t to = hq.to.value_or(std::numeric_limits<int64_t>::max());
  const std::string where = "FROM deal d WHERE d.pipeline_id = ? AND d.closed_at >= ? AND d.closed_at < ? " + filter_sql(f, "d");
  {
    auto q = db.query("SELECT COUNT(*) " + where + " AND d.status = 'won'");
    q.bind(1, pipeline_id).bind(2, from).bind(3, to);
    bind_filters(q, 4, f);
    if (q.next()) c.won = q.int64(0);
    LOUDOU_TRY(q.status());
  }
  c.entered[size_t(stages.n()) + 1] = c.won;
  auto q = db.query("SELECT d.reached_mask " + where + " AND d.status = 'lost'");
  q.bind(1, pipeline_id).bind(2, from).bind(3, to);
  bind_filters(q, 4, f);
  while (q.next()) {
    int r = stages.reached(q.int64(0));
    ++c.entered[size_t(r)];
    ++c.lost_here[size_t(r)];
    ++c.lost;
  }
  LOUDOU_TRY(q.status());
  c.deals = c.won + c.lost;
  c.finish();
  return c;
}

Result<json> report_forecast(Context& ctx, const ForecastArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_TRY(check_range(a.history_from, a.history_to, "history_to"));
  std::string method = a.method.value_or("configured");
  if (method != "configured" && method != "historical" && method != "predicted")
    return invalid("method", "method must be configured, historical or predicted");
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  const size_t n = size_t(stages.n());

  std::vector<Probability> probs(n);
  std::optional<FunnelCounts> history;
  if (method == "historical") {
    DealQuery hq;
    hq.set = DealSet::closed;
    if (a.history_from) hq.from = a.history_from->ms;
    if (a.history_to) hq.to = a.history_to->ms;
    LOUDOU_ASSIGN_OR_RETURN(history, closed_funnel(ctx.db, stages, scope.pipeline_id, scope.filters, hq));
  }
  json stage_probability = json::array();
  for (size_t i = 0; i < n; ++i) {
    auto& pr = probs[i];
    pr.num = stages.stages()[i].probability;
    pr.den = 100;
    if (history) {
      pr.history_deals = history->entered[i + 1];
      if (pr.history_deals > 0) {
        pr.num = history->won;
        pr.den = pr.history_deals;
        pr.historical = true;
      }
    }
    pr.p = double(pr.num) / double(pr.den);
    json row = {{"stage_id", stages.stages()[i].id},
                {"name", stages.stages()[i].name},
                {"probability", pr.p},
                {"basis", pr.historical ? "history" : "configured"}};
    if (history) row["history_deals"] = pr.history_deals;
    stage_probability.push_back(std::move(row));
  }

  Bucket total{std::vector<__int128>(n, 0)};
  GroupMap<Bucket> by_owner, by_month;
  auto bucket = [&](GroupMap<Bucket>& m, GroupKeyView k) -> Bucket& {
    return group(m, k, [&] { return Bucket{std::vector<__int128>(n, 0)}; });
  };

  std::map<std::string, double> predicted;
  if (method == "predicted") {
    LOUDOU_ASSIGN_OR_RETURN(predicted, win::predicted_probabilities(ctx.db, scope.pipeline_id, scope.now));
  }
  const bool ranged = scope.from || scope.to;
  LOUDOU_TRY(each_open_deal(ctx.db, stages, scope.pipeline_id, scope.filters, scope.now, OpenColumns::details,
                            [&](const OpenDeal& d) {
    std::optional<int64_t> close;
    if (d.expected_close) close = date_start_ms(*d.expected_close);
    if (ranged && (!close || (scope.from && *close < *scope.from) || (scope.to && *close >= *scope.to)))
      return;
    GroupKeyView month;
    if (d.expected_close) month = d.expected_close->substr(0, 7);
    // "predicted": each open deal weighted by its own chance from the win model (win_store.h).
    double chance = probs[size_t(d.stage)].p;
    if (!predicted.empty())
      if (auto it = predicted.find(std::string(d.deal_id)); it != predicted.end()) chance = it->second;
    for (Bucket* b : {&total, &bucket(by_owner, d.owner_id), &bucket(by_month, month)}) {
      b->open[size_t(d.stage)] += d.amount;
      ++b->deals;
      b->predicted += double(d.amount) * chance;
    }
  }));

  DealQuery wq;
  wq.set = DealSet::closed;
  wq.from = scope.from;
  wq.to = scope.to;
  wq.with_owner = true;
  wq.won_only = true;
  wq.with_reach = false;
  LOUDOU_TRY(each_deal(ctx.db, stages, scope.pipeline_id, scope.filters, wq, [&](const DealFact& d) {
    if (d.status != DealStatus::won) return;
    for (Bucket* b : {&total, &bucket(by_owner, d.owner_id), &bucket(by_month, month_of(d.closed_at))})
      b->won += d.amount;
  }));

  json out = echo_scope(scope);
  out["method"] = method;
  out["history_from"] = a.history_from ? json(format_instant(a.history_from->ms)) : json(nullptr);
  out["history_to"] = a.history_to ? json(format_instant(a.history_to->ms)) : json(nullptr);
  json t = bucket_json(total, probs, method == "predicted");
  for (auto& [k, v] : t.items()) out[k] = v;
  out["open_deals"] = total.deals;
  out["stage_probability"] = std::move(stage_probability);
  // std::map orders the null key (no owner / no expected close) first; put it last instead.
  auto rows = [&](const GroupMap<Bucket>& m, const char* key) {
    json list = json::array();
    for (int pass = 0; pass < 2; ++pass)
      for (const auto& [k, b] : m) {
        if ((pass == 0) != k.has_value()) continue;
        json row = {{key, k ? json(*k) : json(nullptr)}};
        json figures = bucket_json(b, probs, method == "predicted");  // items() of a temporary would dangle
        for (auto& [name, v] : figures.items()) row[name] = v;
        list.push_back(std::move(row));
      }
    return list;
  };
  out["by_owner"] = rows(by_owner, "owner_id");
  out["by_month"] = rows(by_month, "month");
  return out;
}

}  // namespace

Status register_report_forecast(Registry& r) {
  return r.add("report.forecast", Access::read, &report_forecast);
}

}  // namespace loudou
