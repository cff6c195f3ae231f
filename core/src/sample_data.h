// Sample data (示例数据): a realistic, seedable sales history for demos, tests and benchmarks.
// sample.generate writes N deals over M months straight into the database with prepared
// statements (in the op's one transaction); sample.clear deletes exactly the records it made —
// every one has an id starting "sample-". The same seed gives the same data on every build
// (the generator uses its own integer PRNG and no libm functions), so a native and a wasm
// engine can generate identical databases.
#pragma once

#include <cstdint>

namespace loudou {

// xoshiro256** seeded by splitmix64: small, fast, identical on every platform.
class SampleRng {
 public:
  explicit SampleRng(uint64_t seed);
  uint64_t next();
  double uniform();                         // [0, 1)
  int64_t between(int64_t lo, int64_t hi);  // [lo, hi]
  bool chance(double p) { return uniform() < p; }
  // An index drawn with the given weights (n > 0, weights >= 0, some > 0).
  int pick(const double* weights, int n);

 private:
  uint64_t s_[4];
};

}  // namespace loudou
