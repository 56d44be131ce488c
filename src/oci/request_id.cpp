#include "ocivanilla/oci/request_id.hpp"

#include <array>
#include <cstdint>
#include <random>

namespace ocivanilla::oci {

std::string new_request_id()
{
  // One generator per thread: cleanup sends from several threads at once.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  static constexpr std::array<char, 16> k_hex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                 '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string id;
  id.reserve(32);
  for (int word = 0; word < 2; ++word) {
    std::uint64_t bits = generator();
    for (int nibble = 0; nibble < 16; ++nibble) {
      id.push_back(k_hex[static_cast<std::size_t>(bits & 0xFU)]);
      bits >>= 4U;
    }
  }
  return id;
}

std::string ensure_request_id(HttpRequest& request)
{
  const auto existing = find_header(request.headers, k_request_id_header);
  if (!existing.empty()) {
    return std::string(existing);
  }
  auto id = new_request_id();
  set_header(request.headers, k_request_id_header, id);
  return id;
}

} // namespace ocivanilla::oci
