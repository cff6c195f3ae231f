#include "report_inputs.h"

#include "store.h"

namespace loudou {

Status check_range(const std::optional<wire::Instant>& from, const std::optional<wire::Instant>& to,
                   const char* to_field) {
  if (from && to && to->ms <= from->ms)
    return invalid(to_field, std::string(to_field) + " must be after the range start (ranges are [from, to))");
  return Status::Ok();
}

Result<ReportScope> resolve_scope(Context& ctx, const wire::Id& pipeline_id,
                                  const std::optional<wire::Instant>& from,
                                  const std::optional<wire::Instant>& to,
                                  const std::optional<ReportFilters>& filters,
                                  const std::optional<wire::Instant>& now) {
  LOUDOU_TRY(require_exists(ctx.db, "pipeline", pipeline_id.v, "pipeline_id", "pipeline"));
  LOUDOU_TRY(check_range(from, to, "to"));
  ReportScope s;
  s.pipeline_id = pipeline_id.v;
  if (from) s.from = from->ms;
  if (to) s.to = to->ms;
  if (filters) s.filters = *filters;
  // An empty text filter means "no filter", like an empty Line elsewhere.
  if (s.filters.source && s.filters.source->v.empty()) s.filters.source.reset();
  if (s.filters.industry && s.filters.industry->v.empty()) s.filters.industry.reset();
  if (s.filters.owner_id)
    LOUDOU_TRY(require_exists(ctx.db, "user", s.filters.owner_id->v, "filters.owner_id", "user"));
  s.now = now ? now->ms : ctx.now_ms;
  return s;
}

nlohmann::json instant_or_null(const std::optional<int64_t>& ms) {
  return ms ? nlohmann::json(format_instant(*ms)) : nlohmann::json(nullptr);
}

nlohmann::json echo_scope(const ReportScope& s) {
  nlohmann::json f = nlohmann::json::object();
  f["owner_id"] = s.filters.owner_id ? nlohmann::json(s.filters.owner_id->v) : nlohmann::json(nullptr);
  f["source"] = s.filters.source ? nlohmann::json(s.filters.source->v) : nlohmann::json(nullptr);
  f["industry"] = s.filters.industry ? nlohmann::json(s.filters.industry->v) : nlohmann::json(nullptr);
  return {{"pipeline_id", s.pipeline_id},
          {"from", instant_or_null(s.from)},
          {"to", instant_or_null(s.to)},
          {"filters", std::move(f)},
          {"now", format_instant(s.now)}};
}

std::string filter_sql(const ReportFilters& f, const char* alias) {
  std::string out;
  std::string a(alias);
  if (f.owner_id) out += " AND " + a + ".owner_id = ?";
  if (f.source) out += " AND " + a + ".source = ?";
  if (f.industry) out += " AND " + a + ".industry = ?";
  return out;
}

int bind_filters(Query& q, int i, const ReportFilters& f) {
  if (f.owner_id) q.bind(i++, f.owner_id->v);
  if (f.source) q.bind(i++, f.source->v);
  if (f.industry) q.bind(i++, f.industry->v);
  return i;
}

bool has_filters(const ReportFilters& f) { return f.owner_id || f.source || f.industry; }

nlohmann::json ratio(double num, double den) {
  if (den == 0) return nullptr;
  return num / den;
}

nlohmann::json number_or_null(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

}  // namespace loudou
