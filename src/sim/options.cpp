#include "options.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace ocivanilla::sim {

namespace {

core::Error usage(std::string message)
{
  return core::make_error(core::ErrorKind::usage, std::move(message));
}

core::Status apply(SimOptions& options, const std::string& flag, const std::string& value)
{
  if (flag == "--scenario") {
    options.scenario = value;
  } else if (flag == "--port") {
    const bool digits = !value.empty() && value.size() <= 5 &&
                        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits || std::stoi(value) > 65535) {
      return usage("--port must be 0..65535, got '" + value + "'");
    }
    options.port = std::stoi(value);
  } else if (flag == "--host") {
    options.host = value;
  } else if (flag == "--trust-key") {
    const auto eq = value.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
      return usage("--trust-key must be KEYID=PUBLIC_PEM_FILE, got '" + value + "'");
    }
    options.trust_keys.emplace_back(value.substr(0, eq), value.substr(eq + 1));
  } else if (flag == "--tls-cert") {
    options.tls_cert = value;
  } else if (flag == "--tls-key") {
    options.tls_key = value;
  } else if (flag == "--log") {
    options.log = value;
  } else {
    return usage("unknown option '" + flag + "'");
  }
  return core::Ok{};
}

} // namespace

core::Result<SimOptions> parse_sim_options(const std::vector<std::string>& args)
{
  SimOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.help = true;
      return options;
    }
    if (arg == "--bench-no-auth") {
      options.bench_no_auth = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      return usage("unexpected argument '" + arg + "'");
    }
    const auto eq = arg.find('=');
    std::string flag = arg.substr(0, eq);
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return usage("option '" + flag + "' needs a value");
    }
    OVL_TRY(apply(options, flag, value));
  }
  if (options.scenario.empty()) {
    return usage("--scenario FILE is required");
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return usage("--tls-cert and --tls-key must be given together");
  }
  return options;
}

} // namespace ocivanilla::sim
