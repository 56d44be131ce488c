// Replays fuzz inputs without libFuzzer, so every build (g++ included, ASan in `make test`) runs
// the committed corpus and the regression inputs through a target's LLVMFuzzerTestOneInput.
// Usage: fuzz_replay_<target> PATH...  (a PATH is a file or a directory, read non-recursively;
// README.md files are skipped, a missing directory counts as empty). A crash or a failed
// property aborts; otherwise prints "replayed N inputs" and exits 0 (1 when no input was found
// or a file cannot be read).
#include "fuzz_support.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const fs::path& path)
{
  std::vector<fs::path> out;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    out.push_back(path);
    return out;
  }
  if (!fs::is_directory(path, ec)) {
    return out;
  }
  for (const auto& entry : fs::directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec) && entry.path().filename() != "README.md") {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool replay(const fs::path& file)
{
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::cerr << file.string() << ": cannot be read\n";
    return false;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::cerr << "replay " << file.string() << " (" << bytes.size() << " bytes)\n";
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

} // namespace

int main(int argc, char** argv)
{
  std::size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& file : inputs_of(argv[i])) {
      if (!replay(file)) {
        return 1;
      }
      ++count;
    }
  }
  std::cout << "replayed " << count << " inputs\n";
  return count == 0 ? 1 : 0;
}
