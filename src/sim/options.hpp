#pragma once

#include "ocivanilla/core/result.hpp"

#include <string>
#include <utility>
#include <vector>

namespace ocivanilla::sim {

// The command line of ocivanilla-sim (docs/simulator.md section 1).
struct SimOptions {
  std::string scenario;
  int port = 0;
  std::string host = "127.0.0.1";
  std::vector<std::pair<std::string, std::string>> trust_keys; // keyId, PEM file
  std::string tls_cert;
  std::string tls_key;
  std::string log;
  bool bench_no_auth = false; // skip signature checks (benchmarks only; warns loudly)
  bool help = false;
};

// Parses argv[1..]; "--flag value" and "--flag=value". Errors are usage errors naming the flag.
core::Result<SimOptions> parse_sim_options(const std::vector<std::string>& args);

inline constexpr const char* k_sim_usage =
  "usage: ocivanilla-sim --scenario FILE [--port N] [--host 127.0.0.1] [--trust-key KEYID=PUBLIC_PEM]...\n"
  "                      [--tls-cert FILE --tls-key FILE] [--log FILE] [--bench-no-auth]\n";

} // namespace ocivanilla::sim
