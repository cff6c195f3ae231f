// report.snapshot (metrics.md 1): per open stage, the deals open in it at `now` — count, amount
// and weighted amount (amount x configured probability / 100). No range.
#include "funnel_deals.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct SnapshotArgs {
  wire::Id pipeline_id;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(SnapshotArgs, (), (pipeline_id, filters, now))

Result<json> report_snapshot(Context& ctx, const SnapshotArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope,
                          resolve_scope(ctx, a.pipeline_id, std::nullopt, std::nullopt, a.filters, a.now));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  const size_t n = size_t(stages.n());
  std::vector<int64_t> count(n, 0);
  std::vector<__int128> amount(n, 0);
  LOUDOU_TRY(each_open_deal(ctx.db, stages, scope.pipeline_id, scope.filters, scope.now, OpenColumns::amount,
                            [&](const OpenDeal& d) {
                              ++count[size_t(d.stage)];
                              amount[size_t(d.stage)] += d.amount;
                            }));
  // Σ amount x probability is summed exactly as an integer and divided once.
  json rows = json::array();
  int64_t total_count = 0;
  __int128 total_amount = 0, total_weighted_x100 = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& s = stages.stages()[i];
    __int128 w = amount[i] * s.probability;
    rows.push_back({{"stage_id", s.id},
                    {"name", s.name},
                    {"count", count[i]},
                    {"amount", int64_t(amount[i])},
                    {"weighted", double(w) / 100.0},
                    {"probability", s.probability}});
    total_count += count[i];
    total_amount += amount[i];
    total_weighted_x100 += w;
  }
  json out = echo_scope(scope);
  out.erase("from");
  out.erase("to");
  out["stages"] = std::move(rows);
  out["total"] = {{"count", total_count},
                  {"amount", int64_t(total_amount)},
                  {"weighted", double(total_weighted_x100) / 100.0}};
  return out;
}

}  // namespace

Status register_report_snapshot(Registry& r) {
  return r.add("report.snapshot", Access::read, &report_snapshot);
}

}  // namespace loudou
