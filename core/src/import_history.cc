#include "import_history.h"

#include <utility>

namespace loudou::dataio {
namespace {

// The triggers whose work write() does itself for new deals (schema v2 and v6).
constexpr const char* kEventTrigger = "stage_event_track";
constexpr const char* kVisitStatsTrigger = "stage_visit_stats_insert";

// A JSON string literal of `s` (valid UTF-8, as every cell the import accepted is). Written by
// hand: three per event, and nlohmann's dump per string was ~5% of a 100k-row import in wasm.
void append_text(std::string& out, const std::string& s) {
  static const char* hex = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

}  // namespace

void NewDealHistory::close_visit(int64_t at) {
  if (open_visit_.empty()) return;
  visits_json_ += (visits_++ ? "," : "") + open_visit_ + "," + (at < 0 ? std::string("null") : std::to_string(at)) + "]";
  open_visit_.clear();
}

void NewDealHistory::add(const std::string& deal_id, const char* kind, const std::string* from,
                         const std::string& stage_id, int64_t at, const std::optional<std::string>& reason) {
  if (deal_id != deal_) {
    close_visit(-1);  // the previous deal's last visit is still open
    deal_ = deal_id;
  }
  events_json_ += events_++ ? ",[" : "[";
  append_text(events_json_, deal_id);
  events_json_ += ",\"";
  events_json_ += kind;
  events_json_ += "\",";
  if (from) append_text(events_json_, *from);
  else events_json_ += "null";
  events_json_ += ",";
  append_text(events_json_, stage_id);
  events_json_ += "," + std::to_string(at) + ",";
  if (reason) append_text(events_json_, *reason);
  else events_json_ += "null";
  events_json_ += "]";
  // What stage_event_track does on each event: end the deal's open visit, open one on entering.
  close_visit(at);
  std::string_view k(kind);
  if (k == "create" || k == "move" || k == "reopen") {
    open_visit_ = "[";
    append_text(open_visit_, deal_id);
    open_visit_ += ",";
    append_text(open_visit_, stage_id);
    open_visit_ += "," + std::to_string(at);
  }
}

Status NewDealHistory::write(Db& db, const std::string& pipeline_id) {
  if (events_ == 0) return Status::Ok();
  close_visit(-1);
  std::string events = std::exchange(events_json_, "[") + "]", visits = std::exchange(visits_json_, "[") + "]";
  events_ = visits_ = 0;
  deal_.clear();

  // Both triggers must be there to be replaced; a schema without them gets plain inserts.
  std::vector<std::pair<std::string, std::string>> suspended;
  {
    auto q = db.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", kEventTrigger,
                      kVisitStatsTrigger);
    while (q.next()) suspended.emplace_back(q.text(0), q.text(1));
    LOUDOU_TRY(q.status());
  }
  const bool bulk = suspended.size() == 2;
  if (bulk)
    for (auto& [name, sql] : suspended) LOUDOU_TRY(db.exec("DROP TRIGGER \"" + name + "\""));

  LOUDOU_TRY(db.query("INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at, reason) "
                      "SELECT value ->> 0, ?1, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 "
                      "FROM json_each(?2) ORDER BY key",
                      pipeline_id, events)
                 .run());
  if (!bulk) return Status::Ok();
  LOUDOU_TRY(db.query("INSERT INTO stage_visit(deal_id, pipeline_id, stage_id, entered_at, left_at) "
                      "SELECT value ->> 0, ?1, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?2) ORDER BY key",
                      pipeline_id, visits)
                 .run());
  // The same buckets and sums as stage_visit_stats_insert, one upsert per (stage, bucket).
  LOUDOU_TRY(db.query("INSERT INTO stage_visit_stats(pipeline_id, stage_id, bucket, visits, total_ms) "
                      "SELECT ?1, value ->> 1, ((value ->> 3) - (value ->> 2)) >> 22, COUNT(*), "
                      "SUM((value ->> 3) - (value ->> 2)) FROM json_each(?2) WHERE (value ->> 3) IS NOT NULL "
                      "GROUP BY 2, 3 "
                      "ON CONFLICT DO UPDATE SET visits = visits + excluded.visits, "
                      "total_ms = total_ms + excluded.total_ms",
                      pipeline_id, visits)
                 .run());
  for (auto& [name, sql] : suspended) LOUDOU_TRY(db.exec(sql));
  return Status::Ok();
}

}  // namespace loudou::dataio
