// Follow-ups: create, complete, update, "my day", and what they do to leads.
#include "lead_fixture.h"

namespace loudou::leadtest {
namespace {

class ActivityTest : public LeadFixture {};

TEST_F(ActivityTest, ALoggedCallMarksANewLeadContactedAndOwnerDefaultsToTheLeads) {
  std::string rep = user("张三");
  std::string l = lead({{"name", "x"}, {"owner_id", rep}});
  json task = call("activity.create", {{"type", "task"}, {"lead_id", l}, {"due_at", "2026-03-02T09:00:00Z"}});
  EXPECT_EQ(task["owner_id"], rep);
  EXPECT_EQ(task["done"], false);
  EXPECT_EQ(call("lead.get", {{"id", l}})["status"], "new");  // a plan is not a contact
  json done = call("activity.complete", {{"id", task["id"]}, {"outcome", "sent the deck"}, {"at", "2026-03-02T10:00:00Z"}});
  EXPECT_EQ(done["done_at"], "2026-03-02T10:00:00Z");
  EXPECT_EQ(call("lead.get", {{"id", l}})["status"], "new");  // a task is not a conversation either
  call("activity.create", {{"type", "call"}, {"lead_id", l}, {"done_at", "2026-03-02T11:00:00Z"}});
  EXPECT_EQ(call("lead.get", {{"id", l}})["status"], "contacted");
  EXPECT_EQ(fail("activity.complete", {{"id", task["id"]}})["code"], "conflict");
}

TEST_F(ActivityTest, BadInputIsRefusedWithTheField) {
  std::string l = lead({{"name", "x"}});
  EXPECT_EQ(fail("activity.create", {{"type", "fax"}, {"lead_id", l}})["field"], "type");
  EXPECT_EQ(fail("activity.create", {{"type", "call"}})["field"], "deal_id");
  EXPECT_EQ(fail("activity.create", {{"type", "call"}, {"lead_id", "01NOPE"}})["code"], "not_found");
  EXPECT_EQ(fail("activity.create", {{"type", "call"}, {"lead_id", l}, {"due_at", "tomorrow"}})["field"], "due_at");
  EXPECT_EQ(fail("activity.list", {{"date", "2026-02-30"}})["field"], "date");
  EXPECT_EQ(fail("activity.list", {{"status", "late"}})["field"], "status");
  EXPECT_EQ(call("activity.list")["total"], 0);
}

TEST_F(ActivityTest, MyDayListsOpenWorkDueByTheEndOfTheLocalDayAndWhatWasDoneInIt) {
  std::string me = user("me"), other = user("other");
  std::string l = lead({{"name", "x"}, {"owner_id", me}});
  auto mk = [&](const char* subject, json extra) {
    json args = {{"type", "call"}, {"lead_id", l}, {"subject", subject}};
    args.update(extra);
    return call("activity.create", args)["id"].get<std::string>();
  };
  // The day is 2026-03-02 in UTC+8: [2026-03-01T16:00Z, 2026-03-02T16:00Z).
  std::string overdue = mk("overdue", {{"due_at", "2026-03-01T02:00:00Z"}});
  std::string morning = mk("morning", {{"due_at", "2026-03-02T01:00:00Z"}});
  mk("tomorrow", {{"due_at", "2026-03-02T17:00:00Z"}});
  std::string done_today = mk("done today", {{"done_at", "2026-03-01T20:00:00Z"}});
  mk("done yesterday", {{"done_at", "2026-03-01T10:00:00Z"}});
  mk("someone else's", {{"due_at", "2026-03-02T01:00:00Z"}, {"owner_id", other}});
  json day = call("activity.list", {{"owner_id", me}, {"date", "2026-03-02"}, {"tz_offset_minutes", 480}});
  std::vector<std::string> ids;
  for (auto& a : day["items"]) ids.push_back(a["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{overdue, morning, done_today}));
  EXPECT_EQ(call("activity.list", {{"lead_id", l}, {"status", "done"}})["total"], 2);
}

TEST_F(ActivityTest, UpdateChangesAndClearsFields) {
  std::string l = lead({{"name", "x"}});
  std::string id = call("activity.create", {{"type", "task"}, {"lead_id", l}, {"due_at", "2026-03-02T09:00:00Z"}})["id"];
  json a = call("activity.update", {{"id", id}, {"type", "meeting"}, {"due_at", nullptr}, {"notes", "bring samples"}});
  EXPECT_EQ(a["type"], "meeting");
  EXPECT_EQ(a["due_at"], nullptr);
  EXPECT_EQ(a["notes"], "bring samples");
  EXPECT_EQ(fail("activity.update", {{"id", id}, {"type", "fax"}})["field"], "type");
}

}  // namespace
}  // namespace loudou::leadtest
