#include "ocivanilla/oci/log.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <spdlog/spdlog.h>

#include <regex>

namespace {

// Restores the default logger after a test that replaces it.
class KeepDefaultLogger {
 public:
  KeepDefaultLogger() : m_previous(spdlog::default_logger()) {}
  ~KeepDefaultLogger() { spdlog::set_default_logger(m_previous); }
  KeepDefaultLogger(const KeepDefaultLogger&) = delete;
  KeepDefaultLogger& operator=(const KeepDefaultLogger&) = delete;

 private:
  std::shared_ptr<spdlog::logger> m_previous;
};

} // namespace

TEST_CASE("a --log-file appends debug lines with UTC timestamps, without -v too")
{
  const KeepDefaultLogger keep;
  const ocivanilla::testing::TempDir dir;
  const auto path = dir.write("run.log", "earlier line\n");
  REQUIRE(ocivanilla::oci::setup_logging(false, path.string()).ok());
  spdlog::debug("first call");
  REQUIRE(ocivanilla::oci::setup_logging(false, path.string()).ok());
  spdlog::info("second run");
  spdlog::default_logger()->flush();
  const auto text = ocivanilla::testing::read_text_file(path);
  const std::regex expected(R"(earlier line\n)"
                            R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[\d+\] debug: first call\n)"
                            R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[\d+\] info: second run\n)");
  CHECK(std::regex_match(text, expected));
}

TEST_CASE("the logger level follows -v")
{
  const KeepDefaultLogger keep;
  REQUIRE(ocivanilla::oci::setup_logging(false, std::nullopt).ok());
  CHECK(spdlog::default_logger()->level() == spdlog::level::warn);
  REQUIRE(ocivanilla::oci::setup_logging(true, std::nullopt).ok());
  CHECK(spdlog::default_logger()->level() == spdlog::level::debug);
}

TEST_CASE("a log file that cannot be opened is a config error naming it")
{
  const KeepDefaultLogger keep;
  const ocivanilla::testing::TempDir dir;
  // A regular file where a directory should be: fails for root too.
  const auto blocked = (dir.write("not-a-dir", "x") / "run.log").string();
  auto status = ocivanilla::oci::setup_logging(false, blocked);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == ocivanilla::core::ErrorKind::config);
  CHECK(status.error().message.rfind("cannot open --log-file " + blocked + ": ", 0) == 0);
}
