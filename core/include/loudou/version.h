#pragma once

namespace loudou {
inline constexpr const char* kVersion = "0.1.0";
}
