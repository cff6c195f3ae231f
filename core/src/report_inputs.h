// What every report takes and echoes: a pipeline, an optional half-open range [from, to), the
// filters owner_id / source / industry, and `now` (metrics.md). Also the small number helpers all
// reports share, so a ratio over zero deals is null everywhere.
#pragma once

#include <optional>
#include <string>

#include "registry.h"

namespace loudou {

struct ReportFilters {
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> source;
  std::optional<wire::Line> industry;
};
BOOST_DESCRIBE_STRUCT(ReportFilters, (), (owner_id, source, industry))

// Inputs after validation. from/to are ms; absent means unbounded.
struct ReportScope {
  std::string pipeline_id;
  std::optional<int64_t> from, to;
  ReportFilters filters;
  int64_t now = 0;
};

// Checks the pipeline and the owner filter exist and that from < to; `now` defaults to the clock.
Result<ReportScope> resolve_scope(Context& ctx, const wire::Id& pipeline_id,
                                  const std::optional<wire::Instant>& from,
                                  const std::optional<wire::Instant>& to,
                                  const std::optional<ReportFilters>& filters,
                                  const std::optional<wire::Instant>& now);
// Checks an extra pair of range bounds (history_from/to, baseline_from/to).
Status check_range(const std::optional<wire::Instant>& from, const std::optional<wire::Instant>& to,
                   const char* to_field);

// {pipeline_id, from, to, filters, now}: the inputs, so a screen can say what it shows.
nlohmann::json echo_scope(const ReportScope& s);
nlohmann::json instant_or_null(const std::optional<int64_t>& ms);

// " AND <alias>.owner_id = ?" ... for the filters given, and their binding from `first`.
std::string filter_sql(const ReportFilters& f, const char* alias);
int bind_filters(Query& q, int first, const ReportFilters& f);
bool has_filters(const ReportFilters& f);

// num / den, or null when den is 0 ("a ratio over zero deals is null, never 0").
nlohmann::json ratio(double num, double den);
// A nullable number.
nlohmann::json number_or_null(const std::optional<double>& v);

constexpr double kMsPerDayD = 86'400'000.0;

}  // namespace loudou
