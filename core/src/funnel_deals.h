// The deal sets reports read, as small structs, each loaded with one query over a covering index:
// - a cohort: the deals created in [from, to) (metrics.md "cohort");
// - the deals closed in [from, to): current status won or lost, last outcome event in range;
// - the deals open at `now`, each in the stage it was in at that instant (from stage_visit).
// Filters (owner_id, source, industry) apply to every set.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "funnel_stages.h"
#include "report_inputs.h"

namespace loudou {

enum class DealStatus : int8_t { open = 0, won = 1, lost = 2 };

// What a report groups deals by (an owner, a source, an industry, a month): null is a group of
// its own and sorts first. Rows hand keys out as views into SQLite's row, so a report looks its
// group up without a string copy per deal (a copy is a malloc in wasm, where libc++ keeps only 10
// characters inline and ids are longer); only a new group stores its key.
using GroupKey = std::optional<std::string>;
using GroupKeyView = std::optional<std::string_view>;
struct GroupKeyLess {
  using is_transparent = void;
  static GroupKeyView view(const GroupKey& k) { return k ? GroupKeyView(*k) : std::nullopt; }
  static GroupKeyView view(GroupKeyView k) { return k; }
  template <class A, class B>
  bool operator()(const A& a, const B& b) const { return view(a) < view(b); }
};
template <class V>
using GroupMap = std::map<GroupKey, V, GroupKeyLess>;

// The group of `key` in m, made with make() the first time.
template <class V, class Make>
V& group(GroupMap<V>& m, GroupKeyView key, Make make) {
  auto it = m.find(key);
  if (it == m.end()) it = m.emplace(key ? GroupKey(std::string(*key)) : GroupKey(), make()).first;
  return it->second;
}

struct DealFact {
  DealStatus status = DealStatus::open;
  int reached = 0;          // metrics.md reached(d): n + 1 when won
  int64_t amount = 0;
  int64_t created_at = 0;
  int64_t closed_at = 0;    // the last outcome event; meaningful when status != open
  bool has_closed_at = false;  // closed_at is set (the deal is in the closed set of an unbounded range)
  // Views into the current row: valid only during the each_deal callback.
  GroupKeyView owner_id;  // with DealQuery::with_owner
  GroupKeyView key;       // the DealQuery::key_column value
};

enum class DealSet { created, closed };

struct DealQuery {
  DealSet set = DealSet::created;
  std::optional<int64_t> from, to;
  bool with_owner = false;
  const char* key_column = nullptr;  // "source" or "industry"
  bool won_only = false;  // DealSet::closed: only the won deals (the lost are not read at all)
  // The columns a report does not need are not read (each is a decode less per deal in SQLite's
  // loop, where reports spend most of their time); their DealFact fields stay 0.
  bool with_reach = true;   // reached
  bool with_amount = true;  // amount
  bool with_dates = true;   // created_at, closed_at, has_closed_at
};

// Calls fn once per deal of the set, with one DealFact reused for every row: reports that only
// count or sum stream the rows instead of holding 100k DealFacts (which cost more in allocation and
// page faults than SQLite spent reading them).
Status each_deal(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                 const ReportFilters& f, const DealQuery& q, const std::function<void(const DealFact&)>& fn);

// A deal open at `now` in an active stage (a deal sitting in a since-removed stage is left out),
// as each_open_deal hands it out. The text fields are views into the current row, valid only
// during the callback.
struct OpenDeal {
  int stage = 0;  // index into FunnelStages::stages()
  int64_t entered_at = 0;  // the stage event that put it there: its last one at `now`
  int64_t amount = 0;      // OpenColumns::amount and ::details
  std::string_view deal_id;  // OpenColumns::details only, as are the three below
  GroupKeyView owner_id;
  GroupKeyView expected_close;
  GroupKeyView paused_until;
};

// How much of each open deal a report reads: `entered` comes from the visits alone (no read of
// the deal rows), `amount` adds the amount, `details` the id, owner and dates.
enum class OpenColumns { entered, amount, details };

Status each_open_deal(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                      const ReportFilters& f, int64_t now, OpenColumns columns,
                      const std::function<void(const OpenDeal&)>& fn);

}  // namespace loudou
