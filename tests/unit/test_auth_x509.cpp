#include "ocivanilla/auth/x509.hpp"

#include "support/test_keys.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

// tests/data/certs, made with the openssl CLI: an intermediate (self-signed, "CN=PKISVC Identity
// Intermediate r2") and a leaf it signed with the OUs of an OCI instance certificate. Expected values below come
// from `openssl x509 -noout -fingerprint -sha256` and `grep -v -- ----- leaf.pem | tr -d '\n'`.
const std::string k_leaf_pem = ocivanilla::testing::read_test_cert("instance-leaf.pem");

const std::string k_intermediate_pem = ocivanilla::testing::read_test_cert("instance-intermediate.pem");

const std::string k_leaf_public_pem = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApamNE4tYMVbjqaSPD8Ab
DmPEkwO6aK7UIyIA57DpHH1HGNOLjP+4oL/Zu53C3K+Vh2psTz9v50x9Fs3v86Jm
CJayib+/LN4O/TdMPmkOe2RtQp5fB/YgykTDq1x/rOE2TrpT1v7ekkol9sOeVBE2
sXcvFQwY//G3FU9LRwgeVs3kUtcVDhEjM0krQirtMAsnTx6entsTXWvCYuRh5HUZ
wcZY/VZ+JFdq60G85sjWah1FYsXwEgBkCLiEGAjRTRxZpIYMvii88PpMG/t2VRUm
sHb/FOaTqC3wsNuGFnvIJy3Lz1kYG9vHIy6ZhYqUJh5RgWNIcNu0IvPkcBU3MHyP
dwIDAQAB
-----END PUBLIC KEY-----
)";

} // namespace

using namespace ocivanilla;

TEST_CASE("parse_certificate_pem reads an OCI instance leaf certificate", "[auth][x509]")
{
  auto cert = auth::parse_certificate_pem(k_leaf_pem, "cert.pem");
  REQUIRE(cert.ok());
  CHECK(cert->sha256_fingerprint ==
        "00:f1:47:71:79:74:58:ac:4a:34:8a:f5:80:a7:0f:91:a1:1a:3f:cd:2a:3f:07:83:76:11:24:da:85:54:aa:84");
  CHECK(cert->subject_values == std::vector<std::string>{"ocid1.instance.oc1..test", "opc-certtype:instance",
                                                         "opc-compartment:ocid1.tenancy.oc1..aaaatest",
                                                         "opc-instance:ocid1.instance.oc1..test",
                                                         "opc-tenant:ocid1.tenancy.oc1..aaaatest"});
  CHECK(auth::certificate_tenancy(*cert) == std::optional<std::string>("ocid1.tenancy.oc1..aaaatest"));
  CHECK(auth::subject_value_with_prefix(*cert, "opc-instance:") ==
        std::optional<std::string>("ocid1.instance.oc1..test"));
  CHECK(cert->public_key_pem == k_leaf_public_pem);
  CHECK(cert->pem_body.size() == 1240);
  CHECK(cert->pem_body.rfind("MIIDnDCCAoQCFHb4skMrmfdDhJcg5naGO4h9YDmRMA0GCSqGSIb3DQEBCwUAMDgx", 0) == 0);
  CHECK(cert->pem_body.substr(1200) == "KaXRudD7ABli0TwTPbCg/4TRtQmArAgrTcFWXg==");
  CHECK(cert->pem_body == auth::pem_body(k_leaf_pem));
}

TEST_CASE("a certificate without opc-tenant has no tenancy", "[auth][x509]")
{
  auto cert = auth::parse_certificate_pem(k_intermediate_pem, "intermediate.pem");
  REQUIRE(cert.ok());
  CHECK(cert->sha256_fingerprint ==
        "57:db:33:1d:73:88:3e:10:77:e2:1c:b7:a9:6c:fa:4e:fc:c5:a1:c7:98:e6:53:a7:6c:c0:ca:7a:bc:b9:95:c2");
  CHECK_FALSE(auth::certificate_tenancy(*cert).has_value());
  CHECK_FALSE(auth::subject_value_with_prefix(*cert, "opc-").has_value());
}

TEST_CASE("the first certificate of a bundle is the one parsed", "[auth][x509]")
{
  auto cert = auth::parse_certificate_pem("junk before\n" + k_leaf_pem + k_intermediate_pem, "bundle.pem");
  REQUIRE(cert.ok());
  CHECK(auth::certificate_tenancy(*cert) == std::optional<std::string>("ocid1.tenancy.oc1..aaaatest"));
}

TEST_CASE("parse_certificate_pem errors name the source", "[auth][x509]")
{
  auto none = auth::parse_certificate_pem(k_leaf_public_pem, "/opc/v2/identity/cert.pem");
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().kind == core::ErrorKind::config);
  CHECK(none.error().message == "/opc/v2/identity/cert.pem: not a PEM certificate");

  std::string broken = k_leaf_pem;
  broken.replace(100, 20, "AAAAAAAAAAAAAAAAAAAA");
  auto bad = auth::parse_certificate_pem(broken, "cert.pem");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "cert.pem: cannot parse the certificate");
}

TEST_CASE("pem_body strips the BEGIN/END lines and whitespace of the first block", "[auth][x509]")
{
  CHECK(auth::pem_body("-----BEGIN PUBLIC KEY-----\nAB CD\r\nEF==\n-----END PUBLIC KEY-----\nOCI_API_KEY\n") ==
        "ABCDEF==");
  CHECK(auth::pem_body(k_leaf_public_pem).rfind("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApamNE4tYMVbjqaSP", 0) ==
        0);
  CHECK(auth::pem_body("-----BEGIN PUBLIC KEY-----\nABCD\n").empty());
  CHECK(auth::pem_body("no pem here").empty());
}
