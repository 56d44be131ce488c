#pragma once

// Shared by the fuzz targets (docs/reliability.md "Fuzzing"). Each target defines
// LLVMFuzzerTestOneInput; it is linked either with libFuzzer (-fsanitize=fuzzer) or with
// replay_main.cpp, which feeds it the committed corpus and regression inputs under ctest.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace ocivanilla::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size)
{
  return size == 0 ? std::string_view{} : std::string_view(reinterpret_cast<const char*>(data), size);
}

// A property of the code under test does not hold: report it and abort, so libFuzzer keeps the
// input as a crash and the replay test fails.
[[noreturn]] inline void property_failed(const char* file, int line, const char* what, const std::string& detail)
{
  std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n  %s\n", file, line, what, detail.c_str());
  std::abort();
}

// Splits `text` at the first occurrence of `separator`: {before, after}; {text, ""} when absent.
inline std::pair<std::string_view, std::string_view> split_once(std::string_view text, std::string_view separator)
{
  const std::size_t at = text.find(separator);
  if (at == std::string_view::npos) {
    return {text, {}};
  }
  return {text.substr(0, at), text.substr(at + separator.size())};
}

} // namespace ocivanilla::fuzz

#define OVL_FUZZ_CHECK(condition, detail)                                                                              \
  do {                                                                                                                 \
    if (!(condition)) {                                                                                                \
      ::ocivanilla::fuzz::property_failed(__FILE__, __LINE__, #condition, (detail));                                   \
    }                                                                                                                  \
  } while (false)
