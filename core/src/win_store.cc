#include "win_store.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

#include "instant.h"
#include "store.h"
#include "win_eval.h"
#include "wire.h"

namespace loudou::win {
namespace {

struct Fingerprint {
  int64_t closed = 0;
  int64_t closed_sum = 0;
  std::string stages;
  bool activities = false;
};

std::string stage_list(const PipelineView& p) {
  std::string s;
  for (const auto& st : p.stages) s += (s.empty() ? "" : ",") + st.id;
  return s;
}

Result<Fingerprint> fingerprint_now(Db& db, const PipelineView& p) {
  Fingerprint f;
  auto q = db.query(
      "SELECT COUNT(*), COALESCE(SUM(closed_at), 0) FROM deal WHERE pipeline_id = ? AND status IN "
      "('won', 'lost')",
      p.id);
  if (!q.next()) return q.status().ok() ? Status(ErrorCode::internal, "no count") : q.status();
  f.closed = q.int64(0);
  f.closed_sum = q.int64(1);
  f.stages = stage_list(p);
  f.activities = activities_available(db);
  return f;
}

// The deals of `where` (bound to `arg` and the pipeline id), ordered by id, with their stage events
// and done activities. Events and activities are read without a join or an ORDER BY and sorted
// here: for a whole pipeline that is several times cheaper than letting SQLite sort by deal.
Result<std::vector<DealHistory>> load_where(Db& db, const PipelineView& p, const std::string& where,
                                            const std::string& arg, bool single) {
  std::vector<DealHistory> out;
  std::unordered_map<std::string, size_t> index;
  {
    auto q = db.query("SELECT id, status, created_at, COALESCE(closed_at, 0), amount, source, "
                      "industry, owner_id FROM deal WHERE " + where + " ORDER BY id",
                      arg, p.id);
    while (q.next()) {
      DealHistory d;
      d.id = q.text(0);
      d.status = q.text(1);
      d.created_at = q.int64(2);
      d.closed_at = q.int64(3);
      d.amount = q.int64(4);
      d.source = q.opt_text(5);
      d.industry = q.opt_text(6);
      d.owner_id = q.opt_text(7);
      index.emplace(d.id, out.size());
      out.push_back(std::move(d));
    }
    LOUDOU_TRY(q.status());
  }
  struct Row {
    size_t deal;
    int64_t at, seq;
    Event e;
  };
  std::vector<Row> rows;
  {
    // `+pipeline_id` keeps SQLite off the pipeline index: one deal goes by stage_event_by_deal, a
    // whole pipeline by a plain scan (an index walk with a row lookup each was 3× slower).
    auto q = db.query(std::string("SELECT deal_id, kind, stage_id, at, seq FROM stage_event WHERE ") +
                          (single ? "deal_id = ?1" : "?1 = ?1") + " AND +pipeline_id = ?2",
                      arg, p.id);
    while (q.next()) {
      auto it = index.find(q.text(0));
      if (it == index.end()) continue;  // a deal outside the set (open, or closed)
      const std::string kind = q.text(1);
      Row r{it->second, q.int64(3), q.int64(4), {}};
      r.e.at = r.at;
      r.e.kind = kind == "won" ? 'w' : kind == "lost" ? 'l' : 'e';
      auto pos = p.position.find(q.text(2));
      r.e.pos = pos == p.position.end() ? 0 : pos->second;
      rows.push_back(r);
    }
    LOUDOU_TRY(q.status());
  }
  std::sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
    return std::tie(x.deal, x.at, x.seq) < std::tie(y.deal, y.at, y.seq);
  });
  for (const Row& r : rows) out[r.deal].events.push_back(r.e);
  if (activities_available(db)) {
    for (auto& d : out) d.activities_known = true;
    // CROSS JOIN: walk the activities (usually far fewer than deals) and look each deal up.
    auto q = db.query(single ? std::string("SELECT deal_id, done_at FROM activity WHERE done_at IS NOT "
                                           "NULL AND deal_id = ?1 AND ?2 = ?2")
                             : std::string("SELECT a.deal_id, a.done_at FROM activity a CROSS JOIN deal d "
                                           "ON d.id = a.deal_id WHERE a.done_at IS NOT NULL AND ?1 = ?1 "
                                           "AND d.pipeline_id = ?2"),
                      arg, p.id);
    while (q.next()) {
      auto it = index.find(q.text(0));
      if (it != index.end()) out[it->second].activities.push_back(q.int64(1));
    }
    LOUDOU_TRY(q.status());
    for (auto& d : out) std::sort(d.activities.begin(), d.activities.end());
  }
  return out;
}

Status store(Db& db, const PipelineView& p, const ModelState& m, const Fingerprint& f) {
  return db
      .query("INSERT OR REPLACE INTO win_model(pipeline_id, closed_count, closed_sum, stage_ids, "
             "activities, trained_at, updated_at, counts, quality) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
             p.id, f.closed, f.closed_sum, f.stages, int64_t(f.activities), m.trained_at,
             m.updated_at, wire::dump(m.model.to_json()), wire::dump(m.quality))
      .run();
}

}  // namespace

Result<PipelineView> load_pipeline_view(Db& db, const std::string& pipeline_id,
                                        const std::string& field) {
  LOUDOU_ASSIGN_OR_RETURN(Pipeline pl, load_pipeline(db, pipeline_id, field));
  PipelineView v;
  v.id = pl.id;
  v.stages = pl.stages;
  for (size_t i = 0; i < v.stages.size(); ++i) {
    v.configured.push_back(v.stages[i].probability / 100.0);
    v.position[v.stages[i].id] = int(i + 1);
  }
  return v;
}

bool activities_available(Db& db) {
  auto q = db.query("SELECT COUNT(*) FROM pragma_table_info('activity') WHERE name IN ('deal_id', "
                    "'done_at')");
  return q.next() && q.int64(0) == 2;
}

Result<std::vector<DealHistory>> load_histories(Db& db, const PipelineView& p, Which which) {
  // `?1 = ?1` keeps both statements' parameter shape (arg, pipeline id) alike.
  return load_where(db, p,
                    which == Which::open
                        ? "?1 = ?1 AND deal.pipeline_id = ?2 AND deal.status = 'open'"
                        : "?1 = ?1 AND deal.pipeline_id = ?2 AND deal.status IN ('won', 'lost')",
                    "", false);
}

Result<DealHistory> load_history(Db& db, const PipelineView& p, const std::string& deal_id) {
  LOUDOU_ASSIGN_OR_RETURN(auto list,
                          load_where(db, p, "deal.id = ?1 AND deal.pipeline_id = ?2", deal_id, true));
  if (list.empty()) return not_found("id", "no deal with id " + deal_id + " in this pipeline");
  return std::move(list.front());
}

nlohmann::json holdout_quality(const std::vector<DealHistory>& closed, const PipelineView& p) {
  constexpr size_t kMinimum = 20;
  if (closed.size() < kMinimum) return nullptr;
  std::vector<int64_t> times;
  for (const auto& d : closed) times.push_back(d.closed_at);
  std::sort(times.begin(), times.end());
  const int64_t split = times[times.size() * 8 / 10];
  auto e = evaluate(closed, p.configured, int(p.stages.size()), split);
  if (!e.ok() || !e->model.auc) return nullptr;
  auto brief = [](const Metrics& m) {
    return nlohmann::json{{"auc", m.auc ? nlohmann::json(*m.auc) : nullptr}, {"log_loss", m.log_loss}};
  };
  return {{"split_at", format_instant(split)},
          {"train_deals", e->train_deals},
          {"test_deals", e->test_deals},
          {"model", brief(e->model)},
          {"configured", brief(e->configured)},
          {"historical", brief(e->historical)}};
}

Result<ModelState> current_model(Db& db, const PipelineView& p, int64_t now_ms) {
  LOUDOU_ASSIGN_OR_RETURN(Fingerprint f, fingerprint_now(db, p));
  ModelState m;
  m.activities = f.activities;
  {
    auto q = db.query("SELECT closed_count, closed_sum, stage_ids, activities, trained_at, "
                      "updated_at, counts, quality FROM win_model WHERE pipeline_id = ?",
                      p.id);
    if (q.next() && q.int64(0) == f.closed && q.int64(1) == f.closed_sum && q.text(2) == f.stages &&
        (q.int64(3) != 0) == f.activities) {
      auto counts = WinModel::from_json(parse_json_column(q.text(6), nullptr), int(p.stages.size()));
      if (counts.ok()) {
        m.model = std::move(counts).value();
        m.stored = true;
        m.trained_at = q.int64(4);
        m.updated_at = q.opt_int64(5);
        m.quality = parse_json_column(q.text(7), nullptr);
        return m;
      }
    }
    LOUDOU_TRY(q.status());
  }
  LOUDOU_ASSIGN_OR_RETURN(auto closed, load_histories(db, p, Which::closed));
  m.model = train(closed, int(p.stages.size()));
  m.trained_at = now_ms;
  m.quality = nullptr;  // measured by model.train (a second training), not on every read
  return m;
}

Result<ModelState> train_and_store(Db& db, const PipelineView& p, int64_t now_ms) {
  LOUDOU_ASSIGN_OR_RETURN(Fingerprint f, fingerprint_now(db, p));
  LOUDOU_ASSIGN_OR_RETURN(auto closed, load_histories(db, p, Which::closed));
  ModelState m;
  m.model = train(closed, int(p.stages.size()));
  m.stored = true;
  m.activities = f.activities;
  m.trained_at = now_ms;
  m.quality = holdout_quality(closed, p);
  if (m.quality.is_object()) m.quality["evaluated_at"] = format_instant(now_ms);
  LOUDOU_TRY(store(db, p, m, f));
  return m;
}

Result<std::map<std::string, double>> predicted_probabilities(Db& db, const std::string& pipeline_id,
                                                              int64_t now_ms) {
  LOUDOU_ASSIGN_OR_RETURN(PipelineView p, load_pipeline_view(db, pipeline_id));
  LOUDOU_ASSIGN_OR_RETURN(auto open, load_histories(db, p, Which::open));
  LOUDOU_ASSIGN_OR_RETURN(ModelState m, current_model(db, p, now_ms));
  std::map<std::string, double> out;
  const int n = int(p.stages.size());
  for (const auto& d : open) {
    const int s = std::clamp(stage_at(d, INT64_MAX), 1, std::max(n, 1));
    out[d.id] = m.model.score(snapshot_at(d, now_ms, s), p.configured).probability;
  }
  return out;
}

Status on_deal_closed(Db& db, const std::string& deal_id, int64_t now_ms) {
  std::string pipeline_id;
  int64_t closed_at = 0;
  {
    auto q = db.query("SELECT pipeline_id, COALESCE(closed_at, 0) FROM deal WHERE id = ?", deal_id);
    if (!q.next()) return q.status();
    pipeline_id = q.text(0);
    closed_at = q.int64(1);
  }
  std::string counts_text, stored_stages;
  {
    auto q = db.query("SELECT counts, stage_ids FROM win_model WHERE pipeline_id = ?", pipeline_id);
    if (!q.next()) return q.status();  // never trained: the first read trains from scratch
    counts_text = q.text(0);
    stored_stages = q.text(1);
  }
  LOUDOU_ASSIGN_OR_RETURN(PipelineView p, load_pipeline_view(db, pipeline_id));
  std::optional<std::string> counts;
  auto model = WinModel::from_json(parse_json_column(counts_text, nullptr), int(p.stages.size()));
  if (model.ok() && stored_stages == stage_list(p)) {
    LOUDOU_ASSIGN_OR_RETURN(DealHistory d, load_history(db, p, deal_id));
    model->add_deal(training_snapshots(d, int(p.stages.size())), d.status == "won");
    counts = wire::dump(model->to_json());
  }
  // Stale or unreadable counts stay as they are; only the fingerprint advances (see the header).
  return db
      .query("UPDATE win_model SET closed_count = closed_count + 1, closed_sum = closed_sum + ?, "
             "updated_at = ?, counts = COALESCE(?, counts) WHERE pipeline_id = ?",
             closed_at, now_ms, counts, pipeline_id)
      .run();
}

}  // namespace loudou::win
