#include "ocivanilla/oci/log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <vector>

namespace ocivanilla::oci {

core::Status setup_logging(bool verbose, const std::optional<std::string>& log_file)
{
  std::vector<spdlog::sink_ptr> sinks;
  auto console = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  console->set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
  console->set_pattern("ocivanilla: %l: %v");
  sinks.push_back(console);
  if (log_file) {
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(*log_file, false);
      file->set_level(spdlog::level::debug);
      file->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ [%P] %l: %v",
                                                                      spdlog::pattern_time_type::utc));
      sinks.push_back(file);
    } catch (const spdlog::spdlog_ex& e) {
      return core::make_error(core::ErrorKind::config, "cannot open --log-file " + *log_file + ": " + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("ocivanilla", sinks.begin(), sinks.end());
  logger->set_level(verbose || log_file ? spdlog::level::debug : spdlog::level::warn);
  // Cron runs read the file after a crash too: write each line out at once.
  logger->flush_on(spdlog::level::debug);
  spdlog::set_default_logger(std::move(logger));
  return core::Ok{};
}

} // namespace ocivanilla::oci
