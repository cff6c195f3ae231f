// report.funnel (metrics.md 2): the cohort of deals created in [from, to) — per stage entered(i),
// conversion(i), dropped(i), lost_here(i); overall won, lost and win_conversion.
#include "funnel_math.h"
#include "report_ops.h"

namespace loudou {
namespace {

struct FunnelArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> from;
  std::optional<wire::Instant> to;
  std::optional<ReportFilters> filters;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(FunnelArgs, (), (pipeline_id, from, to, filters, now))

Result<json> report_funnel(Context& ctx, const FunnelArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto scope, resolve_scope(ctx, a.pipeline_id, a.from, a.to, a.filters, a.now));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, FunnelStages::load(ctx.db, scope.pipeline_id));
  DealQuery q;
  q.from = scope.from;
  q.to = scope.to;
  LOUDOU_ASSIGN_OR_RETURN(FunnelCounts c, funnel_of(ctx.db, stages, scope.pipeline_id, scope.filters, q));
  json out = echo_scope(scope);
  out["stages"] = funnel_rows(stages, c);
  out["deals"] = c.deals;
  out["won"] = c.won;
  out["lost"] = c.lost;
  out["win_conversion"] = stages.n() ? ratio(double(c.won), double(c.entered[1])) : json(nullptr);
  return out;
}

}  // namespace

Status register_report_funnel(Registry& r) {
  return r.add("report.funnel", Access::read, &report_funnel);
}

}  // namespace loudou
