#include "sim_main.hpp"

#include "options.hpp"
#include "server.hpp"
#include "simulator.hpp"

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ocivanilla::sim {

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_usage = 2;

core::Result<std::string> read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::make_error(core::ErrorKind::config, "cannot read " + path);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

core::Result<std::vector<TrustedKey>> load_trusted_keys(const SimOptions& options)
{
  std::vector<TrustedKey> keys;
  for (const auto& [key_id, file] : options.trust_keys) {
    auto pem = read_file(file);
    if (!pem) {
      return std::move(pem).error();
    }
    auto key = PublicKey::from_pem(*pem, file);
    if (!key) {
      return std::move(key).error();
    }
    keys.push_back(TrustedKey{key_id, *key});
  }
  return keys;
}

core::Result<std::unique_ptr<Simulator>> load_simulator(const SimOptions& options, const core::Clock& clock)
{
  auto text = read_file(options.scenario);
  if (!text) {
    return std::move(text).error();
  }
  const auto base_dir = std::filesystem::path(options.scenario).parent_path();
  auto scenario = parse_scenario(*text, options.scenario, base_dir);
  if (!scenario) {
    return std::move(scenario).error();
  }
  auto keys = load_trusted_keys(options);
  if (!keys) {
    return std::move(keys).error();
  }
  return Simulator::create(std::move(*scenario), std::move(*keys), clock, options.scenario);
}

int fail(const core::Error& error)
{
  std::cerr << "ocivanilla-sim: error: " << error.message << std::endl;
  return k_exit_usage;
}

} // namespace

int sim_main(int argc, char** argv)
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  auto options = parse_sim_options(args);
  if (!options) {
    std::cerr << k_sim_usage;
    return fail(options.error());
  }
  if (options->help) {
    std::cout << k_sim_usage;
    return k_exit_ok;
  }
  static const core::SystemClock clock;
  auto simulator = load_simulator(*options, clock);
  if (!simulator) {
    return fail(simulator.error());
  }
  if (options->bench_no_auth) {
    std::cerr << "ocivanilla-sim: WARNING: --bench-no-auth: request signatures are NOT checked; use only for "
                 "benchmarks"
              << std::endl;
    (*simulator)->set_no_auth(true);
  }
  std::ofstream log;
  if (!options->log.empty()) {
    log.open(options->log, std::ios::app);
    if (!log) {
      return fail(core::make_error(core::ErrorKind::usage, "cannot open the log file " + options->log));
    }
    (*simulator)->set_log(&log);
  }
  // Block the stop signals in every thread; this one waits for them with sigwait. A shell may
  // have started us with SIGINT ignored, which would discard it: restore the default first.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SimServer server(**simulator, ServerOptions{options->host, options->port, options->tls_cert, options->tls_key});
  auto port = server.bind();
  if (!port) {
    return fail(port.error());
  }
  std::cout << "listening on " << server.base_url() << std::endl;
  server.start();
  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  return k_exit_ok;
}

} // namespace ocivanilla::sim
