#include "ids.h"

#include <random>

namespace loudou {
namespace {
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
}

IdMaker::IdMaker() {}

std::string IdMaker::next(int64_t now_ms) {
  if (now_ms <= last_ms_) {
    // Same (or earlier: clock stepped back) millisecond: count up so ids keep increasing.
    if (++lo_ == 0) ++hi_;
    now_ms = last_ms_;
  } else {
    std::random_device rd;
    lo_ = (uint64_t(rd()) << 32) ^ rd();
    hi_ = rd() & 0xFFFF;
    hi_ &= 0x7FFF;  // leave headroom for counting up
    last_ms_ = now_ms;
  }
  std::string out(26, '0');
  uint64_t t = uint64_t(now_ms) & ((uint64_t(1) << 48) - 1);
  for (int i = 9; i >= 0; --i) { out[i] = kAlphabet[t & 31]; t >>= 5; }
  // 80 random bits -> 16 chars: hi_ (16 bits) then lo_ (64 bits).
  uint64_t lo = lo_, hi = hi_;
  for (int i = 25; i >= 10; --i) {
    out[i] = kAlphabet[lo & 31];
    lo = (lo >> 5) | ((hi & 31) << 59);
    hi >>= 5;
  }
  return out;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '_' || c == '-' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

}  // namespace loudou
