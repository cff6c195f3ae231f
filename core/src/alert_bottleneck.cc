#include "alert_bottleneck.h"

#include "store.h"

namespace loudou {
namespace {

// entered[i] for i = 1..n+1 (n+1: won) over the deals of `pipeline` created in [from, to).
// reached(d) is n+1 for a won deal, else the highest active position it has ever been in.
Result<std::vector<int64_t>> entered(Db& db, const std::string& pipeline, int n, int64_t from, int64_t to) {
  std::vector<int64_t> reached_count(size_t(n) + 2, 0);
  auto q = db.query(
      "SELECT d.status, (SELECT MAX(s.position) FROM stage_event e JOIN stage s ON s.id = e.stage_id "
      "WHERE e.deal_id = d.id AND e.kind IN ('create', 'move', 'reopen') AND s.removed_at IS NULL) "
      "FROM deal d WHERE d.pipeline_id = ? AND d.created_at >= ? AND d.created_at < ?",
      pipeline, from, to);
  while (q.next()) {
    int reached = q.text(0) == "won" ? n + 1 : q.is_null(1) ? 0 : int(q.int64(1));
    if (reached > n + 1) reached = n + 1;
    reached_count[size_t(reached)] += 1;
  }
  LOUDOU_TRY(q.status());
  std::vector<int64_t> out(size_t(n) + 2, 0);  // out[i] = deals with reached >= i
  int64_t running = 0;
  for (int i = n + 1; i >= 1; --i) {
    running += reached_count[size_t(i)];
    out[size_t(i)] = running;
  }
  return out;
}

}  // namespace

Result<std::vector<Bottleneck>> find_bottlenecks(Db& db, const std::optional<std::string>& pipeline_id,
                                                 int64_t from, int64_t to, int64_t base_from, int64_t base_to,
                                                 double threshold, int64_t min_deals) {
  std::vector<std::string> pipelines;
  if (pipeline_id) {
    pipelines.push_back(*pipeline_id);
  } else {
    auto q = db.query("SELECT id FROM pipeline ORDER BY created_at, id");
    while (q.next()) pipelines.push_back(q.text(0));
    LOUDOU_TRY(q.status());
  }
  std::vector<Bottleneck> out;
  for (const auto& p : pipelines) {
    LOUDOU_ASSIGN_OR_RETURN(auto stages, load_stages(db, p));
    int n = int(stages.size());
    LOUDOU_ASSIGN_OR_RETURN(auto now_e, entered(db, p, n, from, to));
    LOUDOU_ASSIGN_OR_RETURN(auto base_e, entered(db, p, n, base_from, base_to));
    for (int i = 1; i <= n; ++i) {
      if (now_e[size_t(i)] < min_deals || base_e[size_t(i)] < min_deals) continue;
      double conv = double(now_e[size_t(i) + 1]) / double(now_e[size_t(i)]);
      double base = double(base_e[size_t(i) + 1]) / double(base_e[size_t(i)]);
      if (base <= 0) continue;  // ratio undefined: nothing to compare against
      double ratio = conv / base;
      if (ratio < threshold)
        out.push_back({p, stages[size_t(i) - 1].id, stages[size_t(i) - 1].name, conv, base, ratio});
    }
  }
  return out;
}

}  // namespace loudou
