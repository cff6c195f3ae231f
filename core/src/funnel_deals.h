// The deal sets reports read, as small structs, each loaded with one query over a covering index:
// - a cohort: the deals created in [from, to) (metrics.md "cohort");
// - the deals closed in [from, to): current status won or lost, last outcome event in range;
// - the deals open at `now`, each in the stage it was in at that instant (from stage_visit).
// Filters (owner_id, source, industry) apply to every set.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "funnel_stages.h"
#include "report_inputs.h"

namespace loudou {

enum class DealStatus : int8_t { open = 0, won = 1, lost = 2 };

struct DealFact {
  DealStatus status = DealStatus::open;
  int reached = 0;          // metrics.md reached(d): n + 1 when won
  int64_t amount = 0;
  int64_t created_at = 0;
  int64_t closed_at = 0;    // the last outcome event; meaningful when status != open
  bool has_closed_at = false;  // closed_at is set (the deal is in the closed set of an unbounded range)
  std::optional<std::string> owner_id;  // with DealQuery::with_owner
  std::optional<std::string> key;       // the DealQuery::key_column value
};

enum class DealSet { created, closed };

struct DealQuery {
  DealSet set = DealSet::created;
  std::optional<int64_t> from, to;
  bool with_owner = false;
  const char* key_column = nullptr;  // "source" or "industry"
  bool won_only = false;  // DealSet::closed: only the won deals (the lost are not read at all)
};

// Calls fn once per deal of the set, with one DealFact reused for every row: reports that only
// count or sum stream the rows instead of holding 100k DealFacts (which cost more in allocation and
// page faults than SQLite spent reading them).
Status each_deal(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                 const ReportFilters& f, const DealQuery& q, const std::function<void(const DealFact&)>& fn);

Result<std::vector<DealFact>> load_deals(Db& db, const FunnelStages& stages,
                                         const std::string& pipeline_id, const ReportFilters& f,
                                         const DealQuery& q);

struct OpenDeal {
  std::string deal_id;
  int stage = 0;  // index into FunnelStages::stages()
  int64_t amount = 0;
  int64_t entered_at = 0;  // the stage event that put it there: its last one at `now`
  std::optional<std::string> owner_id;
  std::optional<std::string> expected_close;
  std::optional<std::string> paused_until;
};

// Deals open at `now` in an active stage (a deal sitting in a since-removed stage is left out).
// With details = false only `stage` and `entered_at` are filled (no read of the deal rows).
Result<std::vector<OpenDeal>> load_open_deals(Db& db, const FunnelStages& stages,
                                              const std::string& pipeline_id,
                                              const ReportFilters& f, int64_t now, bool details = true);

}  // namespace loudou
