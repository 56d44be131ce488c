#include "ocivanilla/core/encoding.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ocivanilla;

TEST_CASE("base64_encode follows RFC 4648 (section 10 vectors), with padding")
{
  CHECK(core::base64_encode("").empty());
  CHECK(core::base64_encode("f") == "Zg==");
  CHECK(core::base64_encode("fo") == "Zm8=");
  CHECK(core::base64_encode("foo") == "Zm9v");
  CHECK(core::base64_encode("foob") == "Zm9vYg==");
  CHECK(core::base64_encode("fooba") == "Zm9vYmE=");
  CHECK(core::base64_encode("foobar") == "Zm9vYmFy");
  CHECK(core::base64_encode(std::string("\xff\x00\xfe", 3)) == "/wD+");
  CHECK(core::base64_encode(std::string("\xfb\xff", 2)) == "+/8=");
}

TEST_CASE("base64url_encode uses - and _ and no padding")
{
  CHECK(core::base64url_encode("").empty());
  CHECK(core::base64url_encode("f") == "Zg");
  CHECK(core::base64url_encode("fo") == "Zm8");
  CHECK(core::base64url_encode("foo") == "Zm9v");
  CHECK(core::base64url_encode(std::string("\xff\x00\xfe", 3)) == "_wD-");
  CHECK(core::base64url_encode(std::string("\xfb\xff", 2)) == "-_8");
  CHECK(core::base64url_encode(R"({"alg":"RS256","typ":"JWT"})") == "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9");
}

TEST_CASE("base64url_decode reads what base64url_encode writes, padding tolerated")
{
  std::string out;
  for (const std::string& bytes : {std::string(), std::string("f"), std::string("fo"), std::string("foo"),
                                   std::string("\xff\x00\xfe", 3), std::string("\xfb\xff", 2)}) {
    REQUIRE(core::base64url_decode(core::base64url_encode(bytes), out));
    CHECK(out == bytes);
  }
  REQUIRE(core::base64url_decode("Zm8=", out));
  CHECK(out == "fo");
  REQUIRE(core::base64url_decode("+/8", out)); // the base64 alphabet too
  CHECK(out == "\xfb\xff");
  CHECK_FALSE(core::base64url_decode("Zm 8", out));
  CHECK_FALSE(core::base64url_decode("Zm8.", out));
}

TEST_CASE("hex_digit_value reads both cases and refuses the rest")
{
  CHECK(core::hex_digit_value('0') == 0);
  CHECK(core::hex_digit_value('9') == 9);
  CHECK(core::hex_digit_value('a') == 10);
  CHECK(core::hex_digit_value('F') == 15);
  CHECK(core::hex_digit_value('g') == -1);
  CHECK(core::hex_digit_value('/') == -1);
  CHECK(core::hex_digit_value(':') == -1);
  CHECK(core::hex_digit_value('\0') == -1);
}
