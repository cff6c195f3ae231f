// data.export format csv: what a person opens in Excel. UTF-8 with a BOM (Excel's cue for UTF-8),
// CRLF, headers in the user's language, amounts in 元 with two decimals, times as
// "2026-03-01 09:30:00" UTC. The deal columns are the ones data.import guesses back, including a
// "阶段日期:<stage>" column per stage, so an export re-imports with its history and no mapping.
#include <map>

#include "csv.h"
#include "data_io.h"
#include "import_columns.h"
#include "import_values.h"
#include "store.h"

namespace loudou::dataio {
namespace {

using import::format_amount;
using import::format_time;
using import::header_for;

std::string outcome_word(const std::string& status, const std::string& lang) {
  if (lang == "en") return status;
  if (status == "won") return "赢单";
  if (status == "lost") return "输单";
  return "进行中";
}

std::string custom_text(const FieldDef& def, const json& v) {
  if (v.is_null()) return "";
  if (def.type == "money" && v.is_number_integer()) return format_amount(v.get<int64_t>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (auto& x : v) out += (out.empty() ? "" : "; ") + (x.is_string() ? x.get<std::string>() : x.dump());
    return out;
  }
  return v.dump();
}

Result<std::map<std::string, std::string>> user_names(Db& db) {
  std::map<std::string, std::string> out;
  auto q = db.query("SELECT id, name FROM user");
  while (q.next()) out[q.text(0)] = q.text(1);
  LOUDOU_TRY(q.status());
  return out;
}

Result<std::string> export_deals(Db& db, const std::optional<std::string>& pipeline_id, const std::string& lang) {
  std::vector<Pipeline> pipelines;
  if (pipeline_id) {
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(db, *pipeline_id, "pipeline_id"));
    pipelines.push_back(std::move(p));
  } else {
    LOUDOU_ASSIGN_OR_RETURN(pipelines, load_pipelines(db));
  }
  std::map<std::string, std::string> stage_name;  // every stage, removed ones too
  {
    auto q = db.query("SELECT id, name FROM stage");
    while (q.next()) stage_name[q.text(0)] = q.text(1);
    LOUDOU_TRY(q.status());
  }
  std::vector<std::string> dated;  // stage names with a date column, pipeline and position order
  for (auto& p : pipelines)
    for (auto& s : p.stages)
      if (std::find(dated.begin(), dated.end(), s.name) == dated.end()) dated.push_back(s.name);
  LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(db, "deal"));
  LOUDOU_ASSIGN_OR_RETURN(auto users, user_names(db));

  static const char* fixed[] = {"external_id", "title",    "account",        "contact",    "amount",
                                "currency",    "stage",    "status",         "owner",      "source",
                                "industry",    "expected_close", "created_at", "closed_at", "lost_reason"};
  csv::Row header;
  for (auto f : fixed) header.push_back(header_for("deal", f, lang));
  for (auto& d : defs) header.push_back(d.label);
  for (auto& n : dated) header.push_back(import::stage_date_header(n, lang));
  std::string out(csv::kBom);
  csv::write_row(out, header);

  std::string where = pipeline_id ? " WHERE d.pipeline_id = ?" : "";
  // The first time each deal entered each stage (a deal that comes back keeps its first date).
  std::map<std::string, std::map<std::string, int64_t>> entered;
  {
    auto q = db.query("SELECT e.deal_id, e.stage_id, MIN(e.at) FROM stage_event e JOIN deal d ON d.id = e.deal_id" +
                      where + (where.empty() ? " WHERE" : " AND") +
                      " e.kind IN ('create', 'move', 'reopen') GROUP BY e.deal_id, e.stage_id");
    if (pipeline_id) q.bind(1, *pipeline_id);
    while (q.next()) entered[q.text(0)][stage_name[q.text(1)]] = q.int64(2);
    LOUDOU_TRY(q.status());
  }
  auto q = db.query("SELECT d.id, d.title, d.account, d.contact, d.amount, d.currency, d.stage_id, d.status, "
                    "d.owner_id, d.source, d.industry, d.expected_close, d.created_at, d.closed_at, "
                    "d.lost_reason, d.fields FROM deal d" + where + " ORDER BY d.created_at, d.id");
  if (pipeline_id) q.bind(1, *pipeline_id);
  csv::Row row;
  while (q.next()) {
    row.clear();
    std::string id = q.text(0);
    row.push_back(id);
    row.push_back(q.text(1));
    row.push_back(q.text(2));
    row.push_back(q.text(3));
    row.push_back(format_amount(q.int64(4)));
    row.push_back(q.text(5));
    row.push_back(stage_name[q.text(6)]);
    row.push_back(outcome_word(q.text(7), lang));
    row.push_back(q.is_null(8) ? "" : users[q.text(8)]);
    row.push_back(q.text(9));
    row.push_back(q.text(10));
    row.push_back(q.text(11));
    row.push_back(format_time(q.int64(12)));
    row.push_back(q.is_null(13) ? "" : format_time(q.int64(13)));
    row.push_back(q.text(14));
    json fields = parse_json_column(q.text(15), json::object());
    for (auto& d : defs) row.push_back(fields.contains(d.key) ? custom_text(d, fields[d.key]) : "");
    auto& dates = entered[id];
    for (auto& n : dated) {
      auto it = dates.find(n);
      row.push_back(it == dates.end() ? "" : format_time(it->second));
    }
    csv::write_row(out, row);
  }
  LOUDOU_TRY(q.status());
  return out;
}

Result<std::string> export_users(Db& db, const std::string& lang) {
  std::string out(csv::kBom);
  csv::Row header;
  for (auto f : {"external_id", "name", "email", "team", "active", "created_at"})
    header.push_back(header_for("user", f, lang));
  csv::write_row(out, header);
  auto q = db.query("SELECT id, name, email, team, active, created_at FROM user ORDER BY name, id");
  while (q.next()) {
    bool active = q.int64(4) != 0;
    csv::write_row(out, {q.text(0), q.text(1), q.text(2), q.text(3),
                         lang == "en" ? (active ? "yes" : "no") : (active ? "是" : "否"),
                         format_time(q.int64(5))});
  }
  LOUDOU_TRY(q.status());
  return out;
}

// Leads and activities: the columns data.import reads (import_columns.cc), so an export imports
// back onto the same records (the id column is their external id). Choice fields (authority,
// need, timeline, status, type) are the API's codes, which the import reads in both languages.
Result<std::string> export_records(Db& db, const std::string& entity, const std::string& lang) {
  LOUDOU_ASSIGN_OR_RETURN(auto users, user_names(db));
  const bool lead = entity == "lead";
  std::vector<std::string> fields;
  for (auto& c : import::columns_of(entity)) fields.push_back(c.field);
  csv::Row header;
  for (auto& f : fields) header.push_back(header_for(entity, f, lang));
  if (lead) header.push_back(lang == "en" ? "Score" : "评分");
  std::string out(csv::kBom);
  csv::write_row(out, header);
  // Columns in the order of `fields` (owner_id is written as the user's name).
  std::string sql = lead ? "SELECT id, name, company, phone, email, wechat, source, industry, budget, authority, need, "
                           "timeline, owner_id, status, notes, created_at, score FROM lead ORDER BY created_at, id"
                         : "SELECT id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, outcome, notes, "
                           "created_at FROM activity ORDER BY created_at, id";
  auto q = db.query(sql);
  csv::Row row;
  while (q.next()) {
    row.clear();
    for (size_t i = 0; i < fields.size() + (lead ? 1 : 0); ++i) {
      const std::string& f = i < fields.size() ? fields[i] : "score";
      int col = int(i);
      if (q.is_null(col)) row.push_back("");
      else if (f == "owner") row.push_back(users[q.text(col)]);
      else if (f == "budget") row.push_back(format_amount(q.int64(col)));
      else if (f.size() > 3 && f.compare(f.size() - 3, 3, "_at") == 0) row.push_back(format_time(q.int64(col)));
      else row.push_back(q.text(col));
    }
    csv::write_row(out, row);
  }
  LOUDOU_TRY(q.status());
  return out;
}

}  // namespace

Result<std::string> export_csv(Db& db, const std::string& entity,
                               const std::optional<std::string>& pipeline_id, const std::string& lang) {
  if (lang != "zh-CN" && lang != "en") return invalid("lang", "lang must be zh-CN or en");
  if (entity == "deal") return export_deals(db, pipeline_id, lang);
  if (pipeline_id) return invalid("pipeline_id", "pipeline_id applies to deal exports only");
  if (entity == "user") return export_users(db, lang);
  if (entity == "lead" || entity == "activity") return export_records(db, entity, lang);
  return invalid("entity", "entity must be deal, lead, activity or user");
}

}  // namespace loudou::dataio
