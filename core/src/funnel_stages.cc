#include "funnel_stages.h"

namespace loudou {

Result<FunnelStages> FunnelStages::load(Db& db, const std::string& pipeline_id) {
  FunnelStages out;
  auto q = db.query(
      "SELECT id, name, position, probability, rot_days, slot FROM stage "
      "WHERE pipeline_id = ? AND removed_at IS NULL ORDER BY position",
      pipeline_id);
  while (q.next()) {
    FunnelStage s;
    s.id = q.text(0);
    s.name = q.text(1);
    s.position = int(out.stages_.size()) + 1;  // positions are 1..n; count to be safe
    s.probability = int(q.int64(3));
    if (!q.is_null(4)) s.rot_days = int(q.int64(4));
    int64_t slot = q.is_null(5) ? -1 : q.int64(5);
    if (slot >= 0 && slot < 63) out.slot_position_[size_t(slot)] = s.position;
    else out.mask_complete_ = false;
    out.index_[s.id] = int(out.stages_.size());
    out.stages_.push_back(std::move(s));
  }
  LOUDOU_TRY(q.status());
  return out;
}

int FunnelStages::index_of(const std::string& stage_id) const {
  auto it = index_.find(stage_id);
  return it == index_.end() ? -1 : it->second;
}

int FunnelStages::reached(int64_t mask) const {
  int best = 0;
  uint64_t m = uint64_t(mask);
  while (m) {
    int slot = __builtin_ctzll(m);
    m &= m - 1;
    if (slot < 63 && slot_position_[size_t(slot)] > best) best = slot_position_[size_t(slot)];
  }
  return best;
}

}  // namespace loudou
