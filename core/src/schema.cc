#include "schema.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace loudou {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Times are INTEGER milliseconds since the epoch (UTC); dates are TEXT "YYYY-MM-DD"; money is
// INTEGER minor units. Append new migrations at the end; never edit a released one.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "core: pipelines, stages, users, quotas, deals, stage events, custom fields", R"sql(
CREATE TABLE pipeline (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  currency   TEXT NOT NULL DEFAULT 'CNY',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Stages are never hard-deleted while history refers to them: a removed stage keeps its row with
-- removed_at set and drops out of the pipeline; active stages have positions 1..n.
CREATE TABLE stage (
  id              TEXT PRIMARY KEY,
  pipeline_id     TEXT NOT NULL REFERENCES pipeline(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  position        INTEGER NOT NULL,
  probability     INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  rot_days        INTEGER,
  required_fields TEXT NOT NULL DEFAULT '[]',
  removed_at      INTEGER
);
CREATE INDEX stage_by_pipeline ON stage(pipeline_id, position);
CREATE TABLE user (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  email      TEXT,
  team       TEXT,
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE quota (
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  period  TEXT NOT NULL,
  amount  INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (user_id, period)
);
CREATE TABLE deal (
  id               TEXT PRIMARY KEY,
  pipeline_id      TEXT NOT NULL REFERENCES pipeline(id) ON DELETE CASCADE,
  stage_id         TEXT NOT NULL REFERENCES stage(id),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  title            TEXT NOT NULL,
  amount           INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency         TEXT NOT NULL,
  owner_id         TEXT REFERENCES user(id),
  account          TEXT,
  contact          TEXT,
  source           TEXT,
  industry         TEXT,
  expected_close   TEXT,
  lead_id          TEXT,
  fields           TEXT NOT NULL DEFAULT '{}',
  lost_reason      TEXT,
  paused_until     TEXT,
  pause_reason     TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  stage_entered_at INTEGER NOT NULL,
  closed_at        INTEGER
);
CREATE INDEX deal_by_stage ON deal(pipeline_id, status, stage_id);
CREATE INDEX deal_by_owner ON deal(owner_id);
CREATE INDEX deal_by_created ON deal(pipeline_id, created_at);
-- Append-only: every change of a deal's stage or outcome. kind is 'create', 'move', 'won', 'lost'
-- or 'reopen'; stage_id is the stage the deal is in after the event (for won/lost: the stage it
-- closed from). Ordered by (at, seq).
CREATE TABLE stage_event (
  seq           INTEGER PRIMARY KEY,
  deal_id       TEXT NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
  pipeline_id   TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('create', 'move', 'won', 'lost', 'reopen')),
  from_stage_id TEXT,
  stage_id      TEXT NOT NULL,
  at            INTEGER NOT NULL,
  reason        TEXT
);
CREATE INDEX stage_event_by_deal ON stage_event(deal_id, at, seq);
CREATE INDEX stage_event_by_pipeline ON stage_event(pipeline_id, kind, at);
CREATE TABLE field_def (
  id                 TEXT PRIMARY KEY,
  entity             TEXT NOT NULL CHECK (entity IN ('deal', 'lead')),
  key                TEXT NOT NULL,
  label              TEXT NOT NULL,
  type               TEXT NOT NULL,
  options            TEXT NOT NULL DEFAULT '[]',
  required_in_stages TEXT NOT NULL DEFAULT '[]',
  position           INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL,
  UNIQUE (entity, key)
);
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
      {2, "reports: stage slots, reached stages per deal, stage visits, report indexes", R"sql(
-- Funnel reports need, per deal, the highest active stage it ever reached and, per stage, the
-- visits (enter..leave spans). Both follow from stage_event but cost a scan of the whole history,
-- so they are kept up to date by triggers on every stage event, whoever writes it.
--
-- A stage's slot is its stable number within its pipeline (0, 1, ... in creation order; never
-- reused, unchanged by reorder or removal). deal.reached_mask has bit `slot` set for every stage
-- the deal has ever been in (slots 0..62); the report maps slots to current positions, so
-- reordering or removing stages needs no rewrite. Stages with slot >= 63 are not in the mask and
-- reports fall back to stage_visit for pipelines that have one active.
ALTER TABLE stage ADD COLUMN slot INTEGER;
UPDATE stage SET slot = (SELECT COUNT(*) FROM stage s2
                         WHERE s2.pipeline_id = stage.pipeline_id AND s2.rowid < stage.rowid);
CREATE TRIGGER stage_assign_slot AFTER INSERT ON stage BEGIN
  UPDATE stage SET slot = (SELECT COALESCE(MAX(slot), -1) + 1 FROM stage
                           WHERE pipeline_id = NEW.pipeline_id AND rowid <> NEW.rowid)
  WHERE rowid = NEW.rowid;
END;
ALTER TABLE deal ADD COLUMN reached_mask INTEGER NOT NULL DEFAULT 0;
-- One row per stay of a deal in a stage: entered by a create, move or reopen event, left (left_at)
-- by the deal's next stage event; left_at NULL while the deal is still there.
CREATE TABLE stage_visit (
  deal_id     TEXT NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
  pipeline_id TEXT NOT NULL,
  stage_id    TEXT NOT NULL,
  entered_at  INTEGER NOT NULL,
  left_at     INTEGER
);
CREATE INDEX stage_visit_by_deal ON stage_visit(deal_id, left_at);
-- Reports read visits stage by stage: those that ended in a range, those open at an instant.
CREATE INDEX stage_visit_by_stage ON stage_visit(pipeline_id, stage_id, left_at, entered_at);
INSERT INTO stage_visit(deal_id, pipeline_id, stage_id, entered_at, left_at)
  SELECT deal_id, pipeline_id, stage_id, at, next_at FROM (
    SELECT deal_id, pipeline_id, stage_id, at, kind,
           LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, seq) AS next_at
    FROM stage_event)
  WHERE kind IN ('create', 'move', 'reopen');
-- The sum of distinct powers of two is their bitwise OR.
UPDATE deal SET reached_mask = COALESCE((
  SELECT SUM(DISTINCT 1 << s.slot) FROM stage_event e JOIN stage s ON s.id = e.stage_id
  WHERE e.deal_id = deal.id AND e.kind IN ('create', 'move', 'reopen') AND s.slot < 63), 0);
CREATE TRIGGER stage_event_track AFTER INSERT ON stage_event BEGIN
  UPDATE stage_visit SET left_at = NEW.at WHERE deal_id = NEW.deal_id AND left_at IS NULL;
  INSERT INTO stage_visit(deal_id, pipeline_id, stage_id, entered_at)
    SELECT NEW.deal_id, NEW.pipeline_id, NEW.stage_id, NEW.at
    WHERE NEW.kind IN ('create', 'move', 'reopen');
  -- Only a first visit changes the mask; skipping the others spares the deal row and its indexes.
  UPDATE deal SET reached_mask = reached_mask | COALESCE(
      (SELECT 1 << slot FROM stage WHERE id = NEW.stage_id AND slot < 63), 0)
    WHERE id = NEW.deal_id AND NEW.kind IN ('create', 'move', 'reopen')
      AND reached_mask & COALESCE((SELECT 1 << slot FROM stage WHERE id = NEW.stage_id AND slot < 63), 0) = 0;
END;
-- Covering indexes for the two deal sets reports read: a cohort (created in a range) and the
-- deals closed in a range (closed_at is the last outcome event; NULL while open).
CREATE INDEX deal_report_created ON deal(pipeline_id, created_at, status, reached_mask, amount,
                                         closed_at, owner_id, source, industry);
CREATE INDEX deal_report_closed ON deal(pipeline_id, closed_at, status, reached_mask, amount,
                                        created_at, owner_id, source, industry);
)sql"},
      {3, "leads: leads, activities, assignment log, stage playbooks and checklists", R"sql(
-- A lead (线索). phone_norm / email_norm / company_norm are the dedupe keys (lead_dedupe.h);
-- score and score_factors are recomputed whenever an input changes (lead_scoring.h).
-- owner_id NULL while status is new/contacted/qualified means the lead sits in the shared pool
-- (公海); owned_since is when the current owner got it (assignment, claim), the start of its
-- idle clock for pool recycling.
CREATE TABLE lead (
  id           TEXT PRIMARY KEY,
  name         TEXT,
  company      TEXT,
  phone        TEXT,
  email        TEXT,
  wechat       TEXT,
  source       TEXT,
  industry     TEXT,
  budget       INTEGER CHECK (budget >= 0),
  authority    TEXT CHECK (authority IN ('decision_maker', 'influencer', 'user', 'unknown')),
  need         TEXT CHECK (need IN ('strong', 'some', 'none', 'unknown')),
  timeline     TEXT CHECK (timeline IN ('1m', '3m', '6m', 'later', 'unknown')),
  owner_id     TEXT REFERENCES user(id),
  status       TEXT NOT NULL DEFAULT 'new'
               CHECK (status IN ('new', 'contacted', 'qualified', 'disqualified', 'converted')),
  status_reason TEXT,
  notes        TEXT,
  fields       TEXT NOT NULL DEFAULT '{}',
  phone_norm   TEXT,
  email_norm   TEXT,
  company_norm TEXT,
  score        INTEGER NOT NULL DEFAULT 0,
  score_factors TEXT NOT NULL DEFAULT '[]',
  owned_since  INTEGER,
  pooled_at    INTEGER,
  deal_id      TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  converted_at INTEGER
);
CREATE INDEX lead_by_owner ON lead(owner_id, status);
CREATE INDEX lead_by_phone ON lead(phone_norm);
CREATE INDEX lead_by_email ON lead(email_norm);
CREATE INDEX lead_by_company ON lead(company_norm);
CREATE INDEX lead_by_created ON lead(created_at);
-- Every change of a lead's owner: rule is round_robin, by_source, by_industry, least_loaded,
-- manual, claim, release, recycle, transfer or merge; owner_id NULL = back to the pool.
CREATE TABLE lead_assignment (
  seq           INTEGER PRIMARY KEY,
  lead_id       TEXT NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
  owner_id      TEXT,
  from_owner_id TEXT,
  rule          TEXT NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX lead_assignment_by_lead ON lead_assignment(lead_id, at, seq);
CREATE INDEX lead_assignment_by_owner ON lead_assignment(owner_id, rule, at);
-- A follow-up (跟进) on a deal, a lead or both (a converted lead's history is carried to its deal).
CREATE TABLE activity (
  id         TEXT PRIMARY KEY,
  type       TEXT NOT NULL CHECK (type IN ('call', 'email', 'meeting', 'task', 'note')),
  deal_id    TEXT REFERENCES deal(id) ON DELETE CASCADE,
  lead_id    TEXT REFERENCES lead(id) ON DELETE CASCADE,
  owner_id   TEXT REFERENCES user(id),
  subject    TEXT,
  due_at     INTEGER,
  done_at    INTEGER,
  outcome    TEXT,
  notes      TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (deal_id IS NOT NULL OR lead_id IS NOT NULL)
);
CREATE INDEX activity_by_deal ON activity(deal_id, created_at);
CREATE INDEX activity_by_lead ON activity(lead_id, created_at);
CREATE INDEX activity_by_owner_due ON activity(owner_id, done_at, due_at);
-- A stage's playbook: guidance text and checklist items [{id, text, required}]; required items
-- are exit criteria a deal must tick before it moves past the stage.
CREATE TABLE playbook (
  stage_id   TEXT PRIMARY KEY REFERENCES stage(id) ON DELETE CASCADE,
  guidance   TEXT NOT NULL DEFAULT '',
  items      TEXT NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL
);
CREATE TABLE deal_checklist (
  deal_id TEXT NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  PRIMARY KEY (deal_id, item_id)
);
)sql"},
      {4, "import: remembered external ids of imported records", R"sql(
-- A CSV import may carry the source system's id of each row (external id). Remembering which
-- record it became lets the same file be imported again without duplicates. entity is 'deal',
-- 'user', ...; a key whose record was deleted since is simply replaced on the next import.
CREATE TABLE import_key (
  entity    TEXT NOT NULL,
  key       TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (entity, key)
);
)sql"},
      {5, "win model: stored counts per pipeline", R"sql(
-- The win model's counts per pipeline (win_model.h) and the fingerprint of the closed deals they
-- were learned from (closed_count, closed_sum = SUM(closed_at), stage_ids in order, activities):
-- readers compare it with the live one and retrain in memory when it differs (win_store.h).
CREATE TABLE win_model (
  pipeline_id  TEXT PRIMARY KEY REFERENCES pipeline(id) ON DELETE CASCADE,
  closed_count INTEGER NOT NULL,
  closed_sum   INTEGER NOT NULL,
  stage_ids    TEXT NOT NULL,
  activities   INTEGER NOT NULL,
  trained_at   INTEGER NOT NULL,
  updated_at   INTEGER,
  counts       TEXT NOT NULL,
  quality      TEXT
);
-- The fingerprint query: closed deals of a pipeline, with their closing times, from the index.
CREATE INDEX deal_closed_for_model ON deal(pipeline_id, status, closed_at);
)sql"},
      {6, "reports: ended-visit statistics per stage, visits by duration, open visits", R"sql(
-- report.velocity over all of a stage's ended visits (the default, no range) read ~750k visits at
-- 100k deals. stage_visit_stats keeps, per stage and duration bucket ((left_at - entered_at) >> 22,
-- ~70 minutes), the count and total ms of the ended visits, kept by triggers on stage_visit
-- (whoever writes it): count and mean come from a few hundred rows, and the exact median is found in
-- its bucket through stage_visit_by_duration. Buckets that drop to 0 visits stay (harmless).
CREATE TABLE stage_visit_stats (
  pipeline_id TEXT NOT NULL,
  stage_id    TEXT NOT NULL,
  bucket      INTEGER NOT NULL,
  visits      INTEGER NOT NULL,
  total_ms    INTEGER NOT NULL,
  PRIMARY KEY (pipeline_id, stage_id, bucket)
) WITHOUT ROWID;
INSERT INTO stage_visit_stats(pipeline_id, stage_id, bucket, visits, total_ms)
  SELECT pipeline_id, stage_id, (left_at - entered_at) >> 22, COUNT(*), SUM(left_at - entered_at)
  FROM stage_visit WHERE left_at IS NOT NULL GROUP BY 1, 2, 3;
CREATE TRIGGER stage_visit_stats_insert AFTER INSERT ON stage_visit WHEN NEW.left_at IS NOT NULL BEGIN
  INSERT INTO stage_visit_stats(pipeline_id, stage_id, bucket, visits, total_ms)
    VALUES (NEW.pipeline_id, NEW.stage_id, (NEW.left_at - NEW.entered_at) >> 22, 1, NEW.left_at - NEW.entered_at)
    ON CONFLICT DO UPDATE SET visits = visits + 1, total_ms = total_ms + excluded.total_ms;
END;
CREATE TRIGGER stage_visit_stats_delete AFTER DELETE ON stage_visit WHEN OLD.left_at IS NOT NULL BEGIN
  UPDATE stage_visit_stats SET visits = visits - 1, total_ms = total_ms - (OLD.left_at - OLD.entered_at)
    WHERE pipeline_id = OLD.pipeline_id AND stage_id = OLD.stage_id AND bucket = (OLD.left_at - OLD.entered_at) >> 22;
END;
CREATE TRIGGER stage_visit_stats_update_old AFTER UPDATE ON stage_visit WHEN OLD.left_at IS NOT NULL BEGIN
  UPDATE stage_visit_stats SET visits = visits - 1, total_ms = total_ms - (OLD.left_at - OLD.entered_at)
    WHERE pipeline_id = OLD.pipeline_id AND stage_id = OLD.stage_id AND bucket = (OLD.left_at - OLD.entered_at) >> 22;
END;
CREATE TRIGGER stage_visit_stats_update_new AFTER UPDATE ON stage_visit WHEN NEW.left_at IS NOT NULL BEGIN
  INSERT INTO stage_visit_stats(pipeline_id, stage_id, bucket, visits, total_ms)
    VALUES (NEW.pipeline_id, NEW.stage_id, (NEW.left_at - NEW.entered_at) >> 22, 1, NEW.left_at - NEW.entered_at)
    ON CONFLICT DO UPDATE SET visits = visits + 1, total_ms = total_ms + excluded.total_ms;
END;
CREATE INDEX stage_visit_by_duration ON stage_visit(pipeline_id, stage_id, left_at - entered_at)
  WHERE left_at IS NOT NULL;
-- The visits open now (the deals in each stage): small, and covering for the open-deal query.
CREATE INDEX stage_visit_open ON stage_visit(pipeline_id, stage_id, entered_at, deal_id)
  WHERE left_at IS NULL;
)sql"},
      {7, "reports: closed deals by outcome, open deals' facts, owner slices; stage event trigger without IN lists", R"sql(
-- Reports read the closed deals of one outcome at a time (the won with their owner and amount, the
-- lost with their reached stage); with closed_at first, every closed deal in range was read to
-- keep one status. Status first reads only the rows wanted (with deal_open_facts below,
-- report.forecast at 100k deals went from 63 to 23 ms CPU natively). It also serves what
-- deal_closed_for_model (v5) did, so both older indexes go and the write path keeps one fewer.
CREATE INDEX deal_report_outcome ON deal(pipeline_id, status, closed_at, reached_mask, amount,
                                         created_at, owner_id, source, industry);
DROP INDEX deal_report_closed;
DROP INDEX deal_closed_for_model;
-- The facts reports need of a deal open now, covering, so the open visits (stage_visit_open) join
-- a small index instead of the wide deal rows (a random table page per open deal).
CREATE INDEX deal_open_facts ON deal(id, status, amount, owner_id, expected_close, paused_until,
                                     source, industry)
  WHERE status = 'open';
-- One owner's deals (the owner filter, a rep's own dashboard) from their own slice instead of
-- every deal of the range checked for its owner_id: a cohort of 100k deals read 12.6k index
-- entries instead of 100k (16 -> 1.5 ms natively). It replaces deal_by_owner, whose every use (an
-- owner's deals) it serves.
CREATE INDEX deal_by_owner_report ON deal(owner_id, pipeline_id, created_at, status, reached_mask,
                                          amount, closed_at, source, industry);
DROP INDEX deal_by_owner;
-- v2's trigger, unchanged but for `kind IN ('create', 'move', 'reopen')`: SQLite evaluates an IN
-- list of three or more constants through an ephemeral table, which a trigger builds and frees
-- again on every firing (two per stage event: 8 of 17 s CPU generating 20k deals, most of it
-- allocating and trimming memory). Comparisons joined by OR need no table.
DROP TRIGGER stage_event_track;
CREATE TRIGGER stage_event_track AFTER INSERT ON stage_event BEGIN
  UPDATE stage_visit SET left_at = NEW.at WHERE deal_id = NEW.deal_id AND left_at IS NULL;
  INSERT INTO stage_visit(deal_id, pipeline_id, stage_id, entered_at)
    SELECT NEW.deal_id, NEW.pipeline_id, NEW.stage_id, NEW.at
    WHERE NEW.kind = 'create' OR NEW.kind = 'move' OR NEW.kind = 'reopen';
  -- Only a first visit changes the mask; skipping the others spares the deal row and its indexes.
  UPDATE deal SET reached_mask = reached_mask | COALESCE(
      (SELECT 1 << slot FROM stage WHERE id = NEW.stage_id AND slot < 63), 0)
    WHERE id = NEW.deal_id AND (NEW.kind = 'create' OR NEW.kind = 'move' OR NEW.kind = 'reopen')
      AND reached_mask & COALESCE((SELECT 1 << slot FROM stage WHERE id = NEW.stage_id AND slot < 63), 0) = 0;
END;
)sql"},
  };
  return all;
}

}  // namespace

// Helpers append their migrations concurrently, so the list may not be in version order:
// the latest is the highest, and migrate() applies them by version.
int latest_schema_version() {
  int v = 0;
  for (const auto& m : migrations()) v = std::max(v, m.version);
  return v;
}

Result<int> schema_version_of(Db& db) {
  LOUDOU_TRY(db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at INTEGER NOT NULL)"));
  auto q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!q.next()) return q.status().ok() ? Status(ErrorCode::internal, "no version") : q.status();
  return int(q.int64(0));
}

Status migrate(Db& db, int target) {
  if (target < 0) target = latest_schema_version();
  LOUDOU_ASSIGN_OR_RETURN(int current, schema_version_of(db));
  if (current > latest_schema_version())
    return Status(ErrorCode::storage,
                  "this database was written by a newer Loudou (schema " + std::to_string(current) +
                      ", this version knows up to " + std::to_string(latest_schema_version()) +
                      "); update Loudou to open it");
  std::vector<const Migration*> ordered;
  for (const auto& m : migrations()) ordered.push_back(&m);
  std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->version < b->version; });
  for (const Migration* mp : ordered) {
    const Migration& m = *mp;
    if (m.version <= current || m.version > target) continue;
    Transaction tx(db);
    LOUDOU_TRY(tx.begin_status());
    LOUDOU_TRY(db.exec(m.sql));
    // The clock is bound, not SQL's strftime: the small wasm modules leave SQLite's date functions out.
    const int64_t applied_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    LOUDOU_TRY(db.query("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                        m.version, m.name, applied_at)
                   .run());
    LOUDOU_TRY(tx.commit());
  }
  return Status::Ok();
}

}  // namespace loudou
