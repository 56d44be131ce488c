#include "ocivanilla/core/text.hpp"

#include <catch2/catch.hpp>

using ocivanilla::core::trim;

TEST_CASE("trim drops white space at both ends only")
{
  CHECK(trim("").empty());
  CHECK(trim(" \t\r\n\v\f").empty());
  CHECK(trim("  eu-frankfurt-1\n") == "eu-frankfurt-1");
  CHECK(trim("\tssh-ed25519 AAAA key@host \r\n") == "ssh-ed25519 AAAA key@host");
  CHECK(trim("a b") == "a b");
  CHECK(trim("x") == "x");
}
