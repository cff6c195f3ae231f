// Record ids: 26-character ULIDs (Crockford base32: 48-bit millisecond time + 80 random bits).
// They sort by creation time and are unique across devices, so records made offline on two
// devices never collide. Within one millisecond the random part counts up, keeping order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace loudou {

class IdMaker {
 public:
  IdMaker();
  std::string next(int64_t now_ms);

 private:
  int64_t last_ms_ = -1;
  uint64_t hi_ = 0;  // top 16 of the 80 random bits
  uint64_t lo_ = 0;  // low 64 random bits
};

// An id a caller may choose (import, sync): 1–64 of [A-Za-z0-9_.:-].
bool is_valid_id(std::string_view id);

}  // namespace loudou
