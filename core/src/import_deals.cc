// data.import format csv entity deal: spreadsheet rows become deals with their history.
//
// History convention: a "创建日期" column is when the deal was created; a "阶段日期:<stage>" column
// is when it (first) entered that stage. For each row the importer writes the stage events a
// user's clicks would have written: `create` at the created date in the first dated stage (or
// the current stage when no stage has a date), a `move` into each later dated stage at its date,
// a `move` to the "阶段" column's stage if it differs, then `won`/`lost` at the close date
// ("关闭日期", default the last known date). Dates must not go backwards in stage order. Reports
// then see imported deals exactly as deals tracked in Loudou from the start.
//
// Re-import: rows are matched to deals already stored by the external id column (remembered in
// import_key, and also compared with deal ids, so a Loudou export re-imports onto itself) or by
// the `key` field; matched deals get their fields updated and, if open, move/close to what the
// row says; nothing is duplicated. Stage entry requirements are not applied to imported history.
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "suspended_schema.h"
#include "bulk_insert.h"
#include "custom_fields.h"
#include "import_columns.h"
#include "import_history.h"
#include "import_sheet.h"
#include "import_values.h"
#include "instant.h"
#include "store.h"

namespace loudou::dataio {
namespace {

using import::kCustomPrefix;
using import::kStageDatePrefix;

struct Event {
  const char* kind;
  const Stage* stage;
  int64_t at;
};

struct DealRow {
  int row = 0;
  std::string key;                       // the matching key ("" when none)
  std::optional<std::string> existing;   // the stored deal this row updates
  std::string title;
  std::optional<std::string> account, contact, source, industry, expected_close, lead_id, lost_reason;
  std::optional<int64_t> amount;
  std::optional<std::string> currency;
  std::optional<std::string> owner_id, new_owner;  // new_owner: a user to create by name
  const Stage* stage = nullptr;          // the current stage, if the row says
  std::string status;                    // "" when the row does not say
  std::optional<int64_t> created, closed;
  std::vector<std::pair<const Stage*, int64_t>> dated;  // stage dates in stage order
  json fields;                           // custom fields; null when the row sets none
  std::vector<Event> events;             // new deals: the history to write
};

bool starts_with(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

struct Importer {
  Context& ctx;
  const ImportRequest& req;
  Pipeline pipeline;
  std::vector<FieldDef> defs;
  Sheet sheet;
  std::vector<RowError> errors;
  std::vector<DealRow> rows;
  OwnerLookup owners;
  std::string key_field;
  std::map<std::string, int64_t> stage_bit;  // stage id -> its bit in deal.reached_mask (0: none)

  void error(int row, const std::string& field, const std::string& message) {
    errors.push_back({row, field, message});
  }

  const Stage* stage_named(const std::string& name) const {
    for (auto& s : pipeline.stages)
      if (s.name == name || import::normalize_header(s.name) == import::normalize_header(name)) return &s;
    return nullptr;
  }
  const Stage* stage_by_id(const std::string& id) const {
    for (auto& s : pipeline.stages)
      if (s.id == id) return &s;
    return nullptr;
  }

  std::string check_target(const std::string& f) const {
    if (import::is_column("deal", f)) return "";
    if (starts_with(f, kStageDatePrefix))
      return stage_named(f.substr(kStageDatePrefix.size())) ? "" : "\"" + f.substr(kStageDatePrefix.size()) +
                                                                    "\" is not a stage of this pipeline";
    if (starts_with(f, kCustomPrefix)) {
      std::string key = f.substr(kCustomPrefix.size());
      for (auto& d : defs)
        if (d.key == key) return "";
      return "no custom deal field \"" + key + "\" is defined";
    }
    return "\"" + f + "\" is not a deal field";
  }

  // Each new deal is inserted with its final reached_mask (as sample.generate does): the stage
  // event trigger then finds every bit set and leaves the deal row and its report indexes alone,
  // instead of rewriting them once per event.
  Status load_stage_bits() {
    auto q = ctx.db.query("SELECT id, slot FROM stage WHERE pipeline_id = ?", pipeline.id);
    while (q.next()) stage_bit[q.text(0)] = !q.is_null(1) && q.int64(1) < 63 ? int64_t(1) << q.int64(1) : 0;
    return q.status();
  }

  // A text field through the same rule the API applies (wire::Line / wire::Title): trimmed, at most
  // wire::kMaxLineChars characters. A cleaned cell is already trimmed (clean_view cuts more than
  // wire's trim), so one of at most that many bytes passes as it is; longer ones go through
  // wire::read, which counts characters and words the error.
  template <class W>
  std::optional<std::string> text_field(std::string_view v, const std::string& field, DealRow& r) {
    if (v.empty()) return std::nullopt;
    if (v.size() <= wire::kMaxLineChars) return std::string(v);
    W w;
    Status st = wire::read(json(std::string(v)), w, field);
    if (!st.ok()) {
      error(r.row, field, st.message());
      return std::nullopt;
    }
    return w.v;
  }

  std::optional<int64_t> time_field(std::string_view v, const std::string& field, DealRow& r) {
    auto p = import::parse_time(v);
    if (!p.ok()) error(r.row, field, "\"" + std::string(v) + "\" " + p.error);
    else if (p.value && *p.value > ctx.now_ms + kMsPerDay)
      error(r.row, field, "\"" + std::string(v) + "\" is in the future");
    else return p.value;
    return std::nullopt;
  }

  // Most files name a handful of owners over and over: a row naming the same owner as the row
  // before gets the same answer without the lookups.
  struct OwnerAnswer {
    std::string cell;
    std::optional<std::string> owner_id, new_owner;
    std::string error;
  };
  std::optional<OwnerAnswer> last_owner;

  void read_owner(std::string_view cell, DealRow& r) {
    if (cell.empty()) return;
    if (!last_owner || last_owner->cell != cell) {
      OwnerAnswer a{std::string(cell), {}, {}, {}};
      a.owner_id = owners.find(a.cell, req, a.error, a.new_owner);
      last_owner = std::move(a);
    }
    r.owner_id = last_owner->owner_id;
    r.new_owner = last_owner->new_owner;
    if (!last_owner->error.empty()) error(r.row, "owner", last_owner->error);
  }

  void read_stage(const std::string& v, DealRow& r, std::string& outcome_hint) {
    if (v.empty()) return;
    if (req.stage_map.contains(v)) {
      const json& to = req.stage_map[v];
      const Stage* s = to.is_string() ? stage_by_id(to.get<std::string>()) : nullptr;
      if (!s && to.is_string()) s = stage_named(to.get<std::string>());
      if (s) r.stage = s;
      else if (to.is_string() && import::parse_outcome(to.get<std::string>()))
        outcome_hint = *import::parse_outcome(to.get<std::string>());
      else error(r.row, "stage", "stage_map maps \"" + v + "\" to no active stage of this pipeline");
      return;
    }
    if (const Stage* s = stage_named(v)) { r.stage = s; return; }
    if (auto o = import::parse_outcome(v); o && *o != "open") { outcome_hint = *o; return; }
    error(r.row, "stage", "\"" + v + "\" is not a stage of " + pipeline.name + "; map it to one");
  }

  void read_custom(size_t i, DealRow& r) {
    if (defs.empty()) return;
    json values = json::object();
    for (auto& d : defs) {
      std::string field = std::string(kCustomPrefix) + d.key;
      std::string v = sheet.cell(i, field);
      if (v.empty()) continue;
      if (d.type == "number") {
        char* end = nullptr;
        double x = std::strtod(v.c_str(), &end);
        if (end && *end == 0) values[d.key] = x;
        else { error(r.row, field, "\"" + v + "\" is not a number"); continue; }
      } else if (d.type == "money") {
        auto p = import::parse_amount(v);
        if (!p.ok()) { error(r.row, field, "\"" + v + "\" " + p.error); continue; }
        values[d.key] = *p.value;
      } else if (d.type == "date") {
        auto p = import::parse_time(v);
        if (!p.ok()) { error(r.row, field, "\"" + v + "\" " + p.error); continue; }
        values[d.key] = date_of(*p.value);
      } else if (d.type == "multi_choice") {
        json list = json::array();
        std::string part;
        auto flush = [&] { if (auto c = import::clean_cell(part); !c.empty()) list.push_back(c); part.clear(); };
        for (size_t k = 0; k < v.size(); ++k) {
          if (v[k] == ',' || v[k] == ';' || v[k] == '|') { flush(); continue; }
          if (v.compare(k, 3, "，") == 0 || v.compare(k, 3, "；") == 0 || v.compare(k, 3, "、") == 0) { flush(); k += 2; continue; }
          part.push_back(v[k]);
        }
        flush();
        values[d.key] = list;
      } else {
        values[d.key] = v;
      }
    }
    if (values.empty()) return;
    r.fields = json::object();
    Status st = merge_custom_fields(ctx.db, "deal", values, r.fields);
    if (!st.ok()) error(r.row, std::string(kCustomPrefix) + st.field().substr(st.field().find('.') + 1), st.message());
  }

  // The events a new deal's row stands for, or errors when its dates contradict each other.
  void plan_history(DealRow& r, const std::string& outcome_hint, size_t before) {
    std::sort(r.dated.begin(), r.dated.end(), [](auto& a, auto& b) { return a.first->position < b.first->position; });
    for (size_t k = 1; k < r.dated.size(); ++k)
      if (r.dated[k].second < r.dated[k - 1].second)
        error(r.row, std::string(kStageDatePrefix) + r.dated[k].first->name,
              "entering \"" + r.dated[k].first->name + "\" (" + date_of(r.dated[k].second) +
                  ") is before entering the earlier stage \"" + r.dated[k - 1].first->name + "\" (" +
                  date_of(r.dated[k - 1].second) + ")");
    if (r.status.empty()) r.status = outcome_hint.empty() ? "open" : outcome_hint;
    if (!r.existing && r.status == "open" && r.closed)
      error(r.row, "closed_at", "an open deal has no close date; set its status to won or lost");
    if (r.status == "lost" && !r.lost_reason) r.lost_reason = "未注明";
    if (errors.size() > before || r.existing) return;

    int64_t created = r.created ? *r.created
                      : !r.dated.empty() ? r.dated.front().second
                      : r.closed ? *r.closed : ctx.now_ms;
    if (!r.dated.empty() && created > r.dated.front().second) {
      error(r.row, "created_at", "the created date is after the deal entered \"" + r.dated.front().first->name + "\"");
      return;
    }
    const Stage* current = r.stage ? r.stage
                           : !r.dated.empty() ? r.dated.back().first
                           : r.status == "won" ? &pipeline.stages.back() : &pipeline.stages.front();
    const Stage* first = r.dated.empty() ? current : r.dated.front().first;
    r.events.push_back({"create", first, created});
    int64_t last = created;
    for (size_t k = 1; k < r.dated.size(); ++k) {
      r.events.push_back({"move", r.dated[k].first, r.dated[k].second});
      last = r.dated[k].second;
    }
    if (r.events.back().stage != current) r.events.push_back({"move", current, last});
    if (r.status != "open") {
      int64_t at = r.closed.value_or(last);
      if (at < last) {
        error(r.row, "closed_at", "the close date is before the deal's last stage date");
        return;
      }
      r.events.push_back({r.status == "won" ? "won" : "lost", current, at});
    }
  }

  // The cells of the external id column that are ids of stored deals (a Loudou export imported
  // back: such a row updates that deal), asked 256 at a time instead of once per row.
  Status find_deal_ids(std::unordered_set<std::string>& out) {
    constexpr int kPerQuery = 256;
    static const std::string sql = [] {
      std::string q = "SELECT id FROM deal WHERE id IN (?";
      for (int k = 1; k < kPerQuery; ++k) q += ",?";
      return q + ")";
    }();
    const int column = sheet.column(key_field);
    std::vector<std::string_view> batch;
    auto ask = [&]() -> Status {
      auto q = ctx.db.query(sql);
      for (int k = 0; k < kPerQuery; ++k)
        if (size_t(k) < batch.size()) q.bind(k + 1, batch[size_t(k)]);
        else q.bind(k + 1, nullptr);
      while (q.next()) out.insert(q.text(0));
      batch.clear();
      return q.status();
    };
    for (size_t i = 0; i < sheet.data_rows(); ++i) {
      if (std::string_view v = sheet.view(i, column); !v.empty()) batch.push_back(v);
      if (batch.size() == size_t(kPerQuery)) LOUDOU_TRY(ask());
    }
    return batch.empty() ? Status::Ok() : ask();
  }

  Status read_rows() {
    check_row_widths(sheet, errors);
    std::unordered_map<std::string, int> key_rows;
    std::unordered_map<std::string, std::string> existing_by_key;
    key_rows.reserve(key_field.empty() ? 0 : sheet.data_rows());
    if (key_field == "external_id") {
      auto q = ctx.db.query("SELECT k.key, k.record_id FROM import_key k JOIN deal d ON d.id = k.record_id "
                            "WHERE k.entity = 'deal'");
      while (q.next()) existing_by_key[q.text(0)] = q.text(1);
      LOUDOU_TRY(q.status());
    }
    std::unordered_set<std::string> deal_ids;  // external ids that are deal ids (a Loudou export)
    if (key_field == "external_id") LOUDOU_TRY(find_deal_ids(deal_ids));
    rows.reserve(sheet.data_rows());
    struct Col {
      std::string field;
      int at;
    };
    auto col = [&](std::string field) { int at = sheet.column(field); return Col{std::move(field), at}; };
    const Col title = col("title"), account = col("account"), contact = col("contact"), source = col("source"),
              industry = col("industry"), lost_reason = col("lost_reason"), lead_id = col("lead_id"),
              amount = col("amount"), currency = col("currency"), expected_close = col("expected_close"),
              created_at = col("created_at"), closed_at = col("closed_at"), stage = col("stage"),
              status = col("status"), owner = col("owner"), key = col(key_field.empty() ? "title" : key_field);
    std::vector<Col> stage_dates;  // "阶段日期:<stage>" per stage, in stage order
    for (auto& s : pipeline.stages) stage_dates.push_back(col(std::string(kStageDatePrefix) + s.name));
    for (size_t i = 0; i < sheet.data_rows(); ++i) {
      auto cell = [&](const Col& c) { return sheet.view(i, c.at); };
      size_t before = errors.size();
      DealRow r;
      r.row = sheet.row_number(i);
      if (auto t = text_field<wire::Title>(cell(title), title.field, r)) r.title = *t;
      else if (cell(title).empty()) error(r.row, "title", "the deal name is empty");
      r.account = text_field<wire::Line>(cell(account), account.field, r);
      r.contact = text_field<wire::Line>(cell(contact), contact.field, r);
      r.source = text_field<wire::Line>(cell(source), source.field, r);
      r.industry = text_field<wire::Line>(cell(industry), industry.field, r);
      r.lost_reason = text_field<wire::Line>(cell(lost_reason), lost_reason.field, r);
      if (std::string_view v = cell(lead_id); !v.empty()) {
        if (is_valid_id(v)) r.lead_id = std::string(v);
        else error(r.row, "lead_id", "\"" + std::string(v) + "\" is not a valid id");
      }
      if (std::string_view v = cell(amount); !v.empty()) {
        auto p = import::parse_amount(v);
        if (p.ok()) r.amount = p.value;
        else error(r.row, "amount", "\"" + std::string(v) + "\" " + p.error);
      }
      if (std::string v(cell(currency)); !v.empty()) {
        std::transform(v.begin(), v.end(), v.begin(), ::toupper);
        if (v == "RMB" || v == "人民币" || v == "元") v = "CNY";
        wire::Currency c;
        if (wire::read(json(v), c, "currency").ok()) r.currency = v;
        else error(r.row, "currency", "\"" + v + "\" is not a 3-letter currency code like CNY");
      }
      if (std::string_view v = cell(expected_close); !v.empty()) {
        auto p = import::parse_time(v);
        if (p.ok()) r.expected_close = date_of(*p.value);
        else error(r.row, "expected_close", "\"" + std::string(v) + "\" " + p.error);
      }
      r.created = time_field(cell(created_at), created_at.field, r);
      r.closed = time_field(cell(closed_at), closed_at.field, r);
      for (size_t k = 0; k < pipeline.stages.size(); ++k)
        if (auto at = time_field(cell(stage_dates[k]), stage_dates[k].field, r))
          r.dated.push_back({&pipeline.stages[k], *at});
      std::string hint;
      read_stage(std::string(cell(stage)), r, hint);
      if (std::string_view v = cell(status); !v.empty()) {
        if (auto o = import::parse_outcome(v)) r.status = *o;
        else error(r.row, "status", "\"" + std::string(v) + "\" is not a status (进行中/赢单/输单 or open/won/lost)");
      }
      read_owner(cell(owner), r);
      read_custom(i, r);
      if (!key_field.empty()) {
        r.key = key_field == "title" ? r.title : std::string(cell(key));
        if (!r.key.empty()) {
          auto [it, fresh] = key_rows.emplace(r.key, r.row);
          if (!fresh) error(r.row, key_field, "\"" + r.key + "\" is also on row " + std::to_string(it->second));
          if (auto e = existing_by_key.find(r.key); e != existing_by_key.end()) r.existing = e->second;
          else if (key_field == "external_id" && deal_ids.count(r.key)) r.existing = r.key;
          else if (key_field == "title") {
            auto q = ctx.db.query("SELECT id FROM deal WHERE pipeline_id = ? AND title = ? LIMIT 2", pipeline.id, r.title);
            int n = 0;
            while (q.next()) { r.existing = q.text(0); ++n; }
            if (n > 1) error(r.row, "title", "several deals are named \"" + r.title + "\"; match by an id column instead");
          }
        }
      }
      plan_history(r, hint, before);
      rows.push_back(std::move(r));
    }
    return Status::Ok();
  }

  Status append_event(const std::string& deal_id, const Event& e, const std::string* from,
                      const std::optional<std::string>& reason) {
    return ctx.db
        .query("INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at, reason) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)",
               deal_id, pipeline.id, e.kind, from ? std::optional<std::string>(*from) : std::nullopt,
               e.stage->id, e.at, e.kind == std::string("lost") ? reason : std::nullopt)
        .run();
  }

  // The stage events of new deals, written together at the end (import_history.h).
  NewDealHistory history;

  // A new deal's row, its external id and its history, buffered into the writers of write().
  Status insert(const DealRow& r, const std::string& owner, BulkInsert& deals,
                std::vector<std::pair<std::string_view, std::string>>& keys) {
    std::string id = ctx.new_id();
    const Stage* current = r.events.back().stage;
    int64_t entered = r.events.front().at, closed_at = 0, last = r.events.back().at, mask = 0;
    for (auto& e : r.events) {
      bool stay = std::string_view(e.kind) == "create" || std::string_view(e.kind) == "move";
      if (stay) entered = e.at, mask |= stage_bit[e.stage->id];
      else closed_at = e.at;
    }
    std::optional<std::string> owner_id = r.owner_id;
    if (r.new_owner) owner_id = owner;
    LOUDOU_TRY(deals.row(id, pipeline.id, current->id, r.status, r.title, r.amount.value_or(0),
                         r.currency.value_or(pipeline.currency), owner_id, r.account, r.contact, r.source,
                         r.industry, r.expected_close, r.lead_id,
                         r.fields.is_null() ? std::string("{}") : wire::dump(r.fields),
                         r.status == "lost" ? r.lost_reason : std::nullopt, r.events.front().at, last, entered,
                         r.status == "open" ? std::nullopt : std::optional<int64_t>(closed_at), mask));
    if (key_field == "external_id" && !r.key.empty()) keys.emplace_back(r.key, id);
    history.deal(std::move(id), uint32_t(&r - rows.data()));  // rows are in file order
    const std::string* from = nullptr;
    for (auto& e : r.events) {
      bool lost = std::string_view(e.kind) == "lost";
      history.add(e.kind, from, e.stage->id, e.at, lost ? r.lost_reason : std::nullopt);
      from = &e.stage->id;
    }
    return Status::Ok();
  }

  // A matched deal: its fields take the row's values; an open deal moves and closes as the row says.
  Result<bool> update(const DealRow& r, const std::string& owner) {
    LOUDOU_ASSIGN_OR_RETURN(Deal d, load_deal(ctx.db, *r.existing));
    Deal before = d;
    if (d.pipeline_id != pipeline.id)
      return invalid("key", "row " + std::to_string(r.row) + " matches a deal of another pipeline");
    d.title = r.title;
    if (r.amount) d.amount = *r.amount;
    if (r.currency) d.currency = *r.currency;
    if (r.owner_id) d.owner_id = r.owner_id;
    if (r.new_owner) d.owner_id = owner;
    for (auto [field, value] : {std::pair{&d.account, &r.account}, {&d.contact, &r.contact}, {&d.source, &r.source},
                                {&d.industry, &r.industry}, {&d.expected_close, &r.expected_close},
                                {&d.lead_id, &r.lead_id}})
      if (*value) *field = *value;
    if (r.fields.is_object())
      for (auto it = r.fields.begin(); it != r.fields.end(); ++it) d.fields[it.key()] = it.value();
    bool changed = wire::write(d) != wire::write(before);
    LOUDOU_TRY(ctx.db
                   .query("UPDATE deal SET title = ?, amount = ?, currency = ?, owner_id = ?, account = ?, contact = ?, "
                          "source = ?, industry = ?, expected_close = ?, lead_id = ?, fields = ?, "
                          "updated_at = CASE WHEN ? THEN ? ELSE updated_at END WHERE id = ?",
                          d.title, d.amount, d.currency, d.owner_id, d.account, d.contact, d.source, d.industry,
                          d.expected_close, d.lead_id, wire::dump(d.fields), int64_t(changed), ctx.now_ms, d.id)
                   .run());
    if (d.status != "open") return changed;
    auto q = ctx.db.query("SELECT MAX(at) FROM stage_event WHERE deal_id = ?", d.id);
    int64_t last = q.next() ? q.int64(0) : ctx.now_ms;
    LOUDOU_TRY(q.status());
    const Stage* current = stage_by_id(d.stage_id);
    if (r.stage && r.stage != current) {
      int64_t at = std::max(last, ctx.now_ms);
      for (auto& [s, when] : r.dated)
        if (s == r.stage && when >= last) at = when;
      LOUDOU_TRY(append_event(d.id, {"move", r.stage, at}, &d.stage_id, std::nullopt));
      LOUDOU_TRY(ctx.db.query("UPDATE deal SET stage_id = ?, stage_entered_at = ?, updated_at = ? WHERE id = ?",
                              r.stage->id, at, at, d.id).run());
      d.stage_id = r.stage->id;
      current = r.stage;
      last = at;
      changed = true;
    }
    if (r.status == "won" || r.status == "lost") {
      int64_t at = r.closed && *r.closed >= last ? *r.closed : std::max(last, ctx.now_ms);
      Stage here;  // the deal may sit in a stage removed since: the event names it by id
      here.id = d.stage_id;
      LOUDOU_TRY(append_event(d.id, {r.status == "won" ? "won" : "lost", current ? current : &here, at}, &d.stage_id,
                              r.lost_reason));
      LOUDOU_TRY(ctx.db.query("UPDATE deal SET status = ?, lost_reason = ?, closed_at = ?, updated_at = ? WHERE id = ?",
                              r.status, r.status == "lost" ? r.lost_reason : std::nullopt, at, at, d.id).run());
      changed = true;
    }
    return changed;
  }

  Result<json> write() {
    // New owners first, one user per distinct name.
    std::map<std::string, std::string> created_owner;
    json owners = json::array();
    for (auto& r : rows)
      if (r.new_owner && !created_owner.count(*r.new_owner)) {
        std::string id = ctx.new_id();
        LOUDOU_TRY(ctx.db.query("INSERT INTO user(id, name, created_at, updated_at) VALUES (?, ?, ?, ?)", id,
                                *r.new_owner, ctx.now_ms, ctx.now_ms).run());
        created_owner[*r.new_owner] = id;
        owners.push_back({{"id", id}, {"name", *r.new_owner}});
      }
    int64_t imported = 0, updated = 0, unchanged = 0, new_events = 0;
    // Matched deals first: their updates look up stage events and visits by deal, through
    // indexes the new deals' inserts may take down for a while (suspended_schema.h).
    for (auto& r : rows) {
      if (!r.existing) {
        ++imported;
        new_events += int64_t(r.events.size());
        continue;
      }
      auto changed = update(r, r.new_owner ? created_owner[*r.new_owner] : "");
      if (!changed.ok()) return changed.status();
      ++(changed.value() ? updated : unchanged);
    }
    SuspendedSchema deferred(ctx.db);
    LOUDOU_TRY(deferred.drop_indexes_if_bulk("deal", imported));
    LOUDOU_TRY(deferred.drop_indexes_if_bulk("stage_event", new_events));
    LOUDOU_TRY(deferred.drop_indexes_if_bulk("stage_visit", new_events));
    BulkInsert deals(ctx.db,
                     "INSERT INTO deal(id, pipeline_id, stage_id, status, title, amount, currency, owner_id, account, "
                     "contact, source, industry, expected_close, lead_id, fields, lost_reason, created_at, "
                     "updated_at, stage_entered_at, closed_at, reached_mask)",
                     21);
    std::vector<std::pair<std::string_view, std::string>> keys;  // external id -> new deal id
    // New deals go in in the order they were created (the file's order among those created at the
    // same time), so their ids, which sort by creation, follow their created dates, and the deal
    // indexes that lead with the created date are rebuilt from rows already in order (SQLite's
    // merge sort then compares each row about once: see write_visits in import_history.cc).
    std::vector<const DealRow*> fresh;
    fresh.reserve(size_t(imported));
    for (auto& r : rows)
      if (!r.existing) fresh.push_back(&r);
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const DealRow* a, const DealRow* b) { return a->events.front().at < b->events.front().at; });
    for (const DealRow* r : fresh)
      LOUDOU_TRY(insert(*r, r->new_owner ? created_owner[*r->new_owner] : "", deals, keys));
    LOUDOU_TRY(deals.flush());
    // In key order: import_key's primary key index takes them in its own order (at its end, on a
    // first import) instead of at random places.
    std::sort(keys.begin(), keys.end());
    BulkInsert remembered(ctx.db, kRememberKey, 3);
    for (auto& [key, id] : keys) LOUDOU_TRY(remembered.row("deal", key, id));
    LOUDOU_TRY(remembered.flush());
    LOUDOU_TRY(history.write(ctx.db, pipeline.id));
    LOUDOU_TRY(deferred.restore());
    return json{{"imported", imported}, {"updated", updated}, {"unchanged", unchanged},
                {"rows", int64_t(rows.size())}, {"owners_created", owners}, {"pipeline_id", pipeline.id},
                {"errors", json::array()}};
  }
};

}  // namespace

Result<Pipeline> import_pipeline(Db& db, const std::optional<std::string>& id) {
  if (id) return load_pipeline(db, *id, "pipeline_id");
  LOUDOU_ASSIGN_OR_RETURN(auto all, load_pipelines(db));
  if (all.size() == 1) return all.front();
  return invalid("pipeline_id", all.empty() ? "create a pipeline before importing deals"
                                            : "choose the pipeline the deals go into (pipeline_id)");
}

Result<json> import_deals(Context& ctx, const ImportRequest& req) {
  Importer im{ctx, req, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  LOUDOU_ASSIGN_OR_RETURN(im.pipeline, import_pipeline(ctx.db, req.pipeline_id));
  if (im.pipeline.stages.empty()) return invalid("pipeline_id", "the pipeline has no stages");
  LOUDOU_ASSIGN_OR_RETURN(im.defs, load_field_defs(ctx.db, "deal"));
  LOUDOU_TRY(im.owners.load(ctx.db));
  LOUDOU_TRY(im.load_stage_bits());
  LOUDOU_ASSIGN_OR_RETURN(
      im.sheet, read_sheet(
                    req,
                    [&](const std::string& h) { return import::guess_field("deal", h, im.pipeline.stages, im.defs); },
                    [&](const std::string& f) { return im.check_target(f); }));
  if (!im.sheet.column_of.count("title"))
    return invalid("mapping", "no column is mapped to the deal name (商机名称 / title)");
  if (req.key) {
    if (*req.key != "external_id" && *req.key != "title") return invalid("key", "key must be external_id or title");
    if (!im.sheet.column_of.count(*req.key)) return invalid("key", "no column is mapped to " + *req.key);
    im.key_field = *req.key;
  } else if (im.sheet.column_of.count("external_id")) {
    im.key_field = "external_id";
  }
  if (!req.stage_map.is_object()) return bad_request("stage_map must be an object {value: stage id}", "stage_map");
  if (!req.owner_map.is_object()) return bad_request("owner_map must be an object {value: user id}", "owner_map");
  LOUDOU_TRY(im.read_rows());
  if (!im.errors.empty()) return row_errors(im.errors, "imported");
  Transaction sp(ctx.db);  // a savepoint: a dry run writes everything, then rolls it back
  LOUDOU_TRY(sp.begin_status());
  BulkWrite bulk(ctx.db);
  LOUDOU_ASSIGN_OR_RETURN(json out, im.write());
  out["dry_run"] = req.dry_run;
  if (!req.dry_run) LOUDOU_TRY(sp.commit());
  return out;
}

}  // namespace loudou::dataio
