#include "ocivanilla/config/ini_reader.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;

namespace {

config::IniFile parse_ok(std::string_view text)
{
  auto file = config::parse_ini(text, "cfg");
  INFO((file.ok() ? std::string() : file.error().message));
  REQUIRE(file.ok());
  return std::move(file).value();
}

std::string parse_error(std::string_view text)
{
  auto file = config::parse_ini(text, "/home/u/.oci/config");
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().kind == core::ErrorKind::config);
  return file.error().message;
}

} // namespace

TEST_CASE("sections, keys and values with their line numbers", "[ini]")
{
  const auto file = parse_ok("# comment\n"
                             "[DEFAULT]\n"
                             "user=ocid1.user.oc1..a\n"
                             "  ; indented comment\n"
                             "\n"
                             "[dev]\n"
                             "  Key_File = ~/.oci/dev.pem  \n"
                             "pass_phrase = a=b=c\n");
  REQUIRE(file.sections.size() == 2);
  CHECK(file.source == "cfg");
  const auto& def = file.sections[0];
  CHECK(def.name == "DEFAULT");
  CHECK(def.line == 2);
  REQUIRE(def.entries.size() == 1);
  CHECK(def.entries[0].key == "user");
  CHECK(def.entries[0].value == "ocid1.user.oc1..a");
  CHECK(def.entries[0].line == 3);
  CHECK_FALSE(def.entries[0].trailing_whitespace);
  const auto* dev = file.find("dev");
  REQUIRE(dev != nullptr);
  const auto* key_file = dev->find("key_file");
  REQUIRE(key_file != nullptr);
  CHECK(key_file->value == "~/.oci/dev.pem");
  CHECK(key_file->line == 7);
  CHECK(key_file->trailing_whitespace);
  REQUIRE(dev->find("pass_phrase") != nullptr);
  CHECK(dev->find("pass_phrase")->value == "a=b=c");
  CHECK(file.find("Dev") == nullptr);
  CHECK(dev->find("user") == nullptr);
}

TEST_CASE("CRLF line ends, a BOM, empty values and a missing final newline are accepted", "[ini]")
{
  const auto file = parse_ok("\xEF\xBB\xBF[DEFAULT]\r\nregion=us-ashburn-1\r\nuser=\r\ntenancy = t");
  REQUIRE(file.sections.size() == 1);
  const auto& entries = file.sections[0].entries;
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].value == "us-ashburn-1");
  CHECK_FALSE(entries[0].trailing_whitespace);
  CHECK(entries[1].value.empty());
  CHECK(entries[2].value == "t");
  CHECK(entries[2].line == 4);
}

TEST_CASE("an empty text has no sections", "[ini]")
{
  CHECK(parse_ok("").sections.empty());
  CHECK(parse_ok("\n# only a comment\n").sections.empty());
}

TEST_CASE("a line without '=' is an error naming file and line", "[ini]")
{
  CHECK(parse_error("[DEFAULT]\nuser ocid1.user\n") ==
        "/home/u/.oci/config:2: expected 'key = value' or '[PROFILE]', got 'user ocid1.user'");
}

TEST_CASE("malformed or repeated sections and keys are errors", "[ini]")
{
  CHECK(parse_error("[DEFAULT\n") == "/home/u/.oci/config:1: malformed section header '[DEFAULT' (expected [NAME])");
  CHECK(parse_error("[ ]\n") == "/home/u/.oci/config:1: empty section name");
  CHECK(parse_error("user=x\n") == "/home/u/.oci/config:1: 'user' appears before any [PROFILE] section");
  CHECK(parse_error("[A]\n = x\n") == "/home/u/.oci/config:2: missing key before '='");
  CHECK(parse_error("[A]\nuser=1\nUSER=2\n") == "/home/u/.oci/config:3: duplicate key 'user' in [A] (first at line 2)");
  CHECK(parse_error("[A]\n[B]\n[A]\n") == "/home/u/.oci/config:3: duplicate section [A] (first at line 1)");
}
