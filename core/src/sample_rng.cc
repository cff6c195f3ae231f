#include "sample_data.h"

namespace loudou {
namespace {
uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

SampleRng::SampleRng(uint64_t seed) {
  for (auto& s : s_) {  // splitmix64
    seed += 0x9E3779B97F4A7C15ull;
    uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    s = z ^ (z >> 31);
  }
}

uint64_t SampleRng::next() {
  uint64_t result = rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double SampleRng::uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }

int64_t SampleRng::between(int64_t lo, int64_t hi) {
  return lo + int64_t(next() % uint64_t(hi - lo + 1));
}

int SampleRng::pick(const double* w, int n) {
  double total = 0;
  for (int i = 0; i < n; ++i) total += w[i];
  double x = uniform() * total;
  for (int i = 0; i < n; ++i) {
    if (x < w[i]) return i;
    x -= w[i];
  }
  return n - 1;
}

}  // namespace loudou
