// Stage playbooks (销售打法): per stage a guidance text and a checklist. Required items are the
// stage's exit criteria (e.g. 需求确认: the needs survey is done): a deal.move forward past the
// stage is refused with stage_requirements until the deal has ticked them. Moving backwards or
// sideways within the stages already passed is never blocked.
#pragma once

#include <string>
#include <vector>

#include "db.h"
#include "loudou/domain.h"

namespace loudou {

struct PlaybookItem {
  std::string id;
  std::string text;
  bool required = false;
};

struct Playbook {
  std::string stage_id;
  std::string guidance;
  std::vector<PlaybookItem> items;
};

// The stage's playbook (empty when none was set).
Result<Playbook> load_playbook(Db& db, const std::string& stage_id);

// Ok, or stage_requirements listing "checklist.<item id>" for every required item of the stages
// from the deal's current one up to (not including) `target` that the deal has not ticked.
Status check_playbook_exit(Db& db, const Deal& deal, const Stage& target);

// {stage_id, guidance, items: [{id, text, required, done, done_at}]} for the deal's current stage.
Result<nlohmann::json> deal_playbook_json(Db& db, const Deal& deal);

}  // namespace loudou
