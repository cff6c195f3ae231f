// The stage path of a pipeline as reports see it: its active stages S1..Sn in position order, and
// the map from a deal's reached_mask (bit = stage slot, schema v2) to reached(d), the highest
// active position the deal has ever been in.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db.h"

namespace loudou {

struct FunnelStage {
  std::string id;
  std::string name;
  int position = 0;  // 1..n
  int probability = 0;
  std::optional<int> rot_days;
};

class FunnelStages {
 public:
  static Result<FunnelStages> load(Db& db, const std::string& pipeline_id);

  const std::vector<FunnelStage>& stages() const { return stages_; }
  int n() const { return int(stages_.size()); }
  // 0-based index of an active stage, or -1 (removed stage, other pipeline).
  int index_of(const std::string& stage_id) const;
  // False when an active stage has no bit in reached_mask (slot >= 63): reached() is then
  // unreliable and callers take reached from stage_visit instead (FunnelDeals does).
  bool mask_complete() const { return mask_complete_; }
  // reached(d) of a deal that is not won, from its mask (0: never in an active stage).
  int reached(int64_t mask) const;
  // The position of a slot (0 when the stage is removed).
  int position_of_slot(int slot) const { return slot >= 0 && slot < 63 ? slot_position_[size_t(slot)] : 0; }

 private:
  std::vector<FunnelStage> stages_;
  std::unordered_map<std::string, int> index_;
  std::array<int, 63> slot_position_{};
  bool mask_complete_ = true;
};

}  // namespace loudou
