#include "ocivanilla/auth/x509.hpp"

#include <catch2/catch.hpp>

#include <string>

namespace {

// Made with the openssl CLI: an intermediate (self-signed, "CN=PKISVC Identity Intermediate r2")
// and a leaf it signed with the OUs of an OCI instance certificate. Expected values below come
// from `openssl x509 -noout -fingerprint -sha256` and `grep -v -- ----- leaf.pem | tr -d '\n'`.
const std::string k_leaf_pem = R"(-----BEGIN CERTIFICATE-----
MIIDnDCCAoQCFHb4skMrmfdDhJcg5naGO4h9YDmRMA0GCSqGSIb3DQEBCwUAMDgx
KDAmBgNVBAMMH1BLSVNWQyBJZGVudGl0eSBJbnRlcm1lZGlhdGUgcjIxDDAKBgNV
BAoMA1NpbTAgFw0yNjEyMDQyMTM3MTRaGA8yMTI2MTExMDIxMzcxNFowgdoxITAf
BgNVBAMMGG9jaWQxLmluc3RhbmNlLm9jMS4udGVzdDEeMBwGA1UECwwVb3BjLWNl
cnR0eXBlOmluc3RhbmNlMTQwMgYDVQQLDCtvcGMtY29tcGFydG1lbnQ6b2NpZDEu
dGVuYW5jeS5vYzEuLmFhYWF0ZXN0MS4wLAYDVQQLDCVvcGMtaW5zdGFuY2U6b2Np
ZDEuaW5zdGFuY2Uub2MxLi50ZXN0MS8wLQYDVQQLDCZvcGMtdGVuYW50Om9jaWQx
LnRlbmFuY3kub2MxLi5hYWFhdGVzdDCCASIwDQYJKoZIhvcNAQEBBQADggEPADCC
AQoCggEBAKWpjROLWDFW46mkjw/AGw5jxJMDumiu1CMiAOew6Rx9RxjTi4z/uKC/
2budwtyvlYdqbE8/b+dMfRbN7/OiZgiWsom/vyzeDv03TD5pDntkbUKeXwf2IMpE
w6tcf6zhNk66U9b+3pJKJfbDnlQRNrF3LxUMGP/xtxVPS0cIHlbN5FLXFQ4RIzNJ
K0Iq7TALJ08enp7bE11rwmLkYeR1GcHGWP1WfiRXautBvObI1modRWLF8BIAZAi4
hBgI0U0cWaSGDL4ovPD6TBv7dlUVJrB2/xTmk6gt8LDbhhZ7yCcty89ZGBvbxyMu
mYWKlCYeUYFjSHDbtCLz5HAVNzB8j3cCAwEAATANBgkqhkiG9w0BAQsFAAOCAQEA
F45sNVWC4qIXb+yplqfuVJpilhFn5aQf2/xvZCgp10w4Y5gwiqwEhHOFjuMbmPdF
edtMFDxS2JRbc3n5TAKU+8V9Vzb20ydWQm0P89tHKFDV422LkSgrMvtJQ42xsKQf
xL+WTNVBpnjANVeUbIqaZ+vXsmoS+SrSvdIFZSeHJfgHM06vaNMvtZbgidtsMxcP
ykabaBoMJyIfK7m3Q6iZxU4saz5I5NEm8Qy5DskpEVbtkBECy56FaKLgCMb99DR4
qtsTpnrcZCGBj4I3/NOA+a4inNCVY6CYGvTEDEv9VgiI8EfCKaXRudD7ABli0TwT
PbCg/4TRtQmArAgrTcFWXg==
-----END CERTIFICATE-----
)";

const std::string k_intermediate_pem = R"(-----BEGIN CERTIFICATE-----
MIIDUzCCAjugAwIBAgIUPHh0V2MuSg2GHl+XNoNqrjwbiH8wDQYJKoZIhvcNAQEL
BQAwODEoMCYGA1UEAwwfUEtJU1ZDIElkZW50aXR5IEludGVybWVkaWF0ZSByMjEM
MAoGA1UECgwDU2ltMCAXDTI2MTIwNDIxMzcxM1oYDzIxMjYxMTEwMjEzNzEzWjA4
MSgwJgYDVQQDDB9QS0lTVkMgSWRlbnRpdHkgSW50ZXJtZWRpYXRlIHIyMQwwCgYD
VQQKDANTaW0wggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCsb8grZoCT
hRf7Z9XJuhZEoQNrzFeZSupvfA0x/GgayDfLn//m+B2OT13JuIK4pYeTT7vXwJvB
Z7RZMFk0ofcVS2/matWZFqaQw+C/BmuQYiGIU4mV1TgUpoWGcG7xBUWBj5tDvTKS
KaoEWeNMUxdmin2VESfdadfMWr8wcEhYRZaSBnzCBtfbkgdo6FoRXiqMu+0rboO6
jAOfay2do3rQFLGl/NaT3QcTW6l/pEjrP/S4lXqNuu/32DpsfRZuxIA8w4SnX0fg
LrHNUXMp7+WMjSyGFmWIDhZ0BgJc+oIz31ulUO1BbrwfJZivOkO74AT3sJJKMrR9
prYcZfTU0I9lAgMBAAGjUzBRMB0GA1UdDgQWBBR1LY+vs8DgPDzuT+yBvN6n0FMc
7jAfBgNVHSMEGDAWgBR1LY+vs8DgPDzuT+yBvN6n0FMc7jAPBgNVHRMBAf8EBTAD
AQH/MA0GCSqGSIb3DQEBCwUAA4IBAQAY2i6TDGWAhfF/Tcue81CHV/gAU611AvoQ
XhtxtyCocaznUHUNf005Dddh2zexFJbAVdMCuQ+XlT2C5sIgFHWDdvMnf9rxbCnL
34CzmcjUyUk/gaC3uiz9W67GdT+9wsuP29xUCa1pA75XcIgQD8bGORiBY1oQbiYo
M8OMjb9kpoG5EjvwYm/0GtXMzyYOTCahdW1FS3Ev4L37NYnR6w1QRA1IqUPpHDh1
ItSUpiotMUPUDGTCdkP8/NEhFCF+xWGuWkUktU7tKtNt/7U96SqLlp5U1tVhSvCM
70i499Iv1WC8hUshWrx8EVX27RMJFuC82hG9xvdtnpEdHi6DeET7
-----END CERTIFICATE-----
)";

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
  CHECK(cert->subject_values ==
        std::vector<std::string>{"ocid1.instance.oc1..test", "opc-certtype:instance",
                                 "opc-compartment:ocid1.tenancy.oc1..aaaatest",
                                 "opc-instance:ocid1.instance.oc1..test", "opc-tenant:ocid1.tenancy.oc1..aaaatest"});
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
  CHECK(auth::pem_body(k_leaf_public_pem).rfind("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApamNE4tYMVbjqaSP", 0) == 0);
  CHECK(auth::pem_body("-----BEGIN PUBLIC KEY-----\nABCD\n").empty());
  CHECK(auth::pem_body("no pem here").empty());
}
