#include "ocivanilla/oci/curl_transport.hpp"
#include "ocivanilla/oci/retry.hpp"

#include "support/fake_clock.hpp"
#include "support/temp_dir.hpp"
#include "test_oci_local_server.hpp"

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using ocivanilla::oci::CurlOptions;
using ocivanilla::oci::CurlTransport;
using ocivanilla::testing::LocalServer;

namespace {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void add_extension(X509* cert, X509* issuer, int nid, const char* value)
{
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  REQUIRE(extension != nullptr);
  REQUIRE(X509_add_ext(cert, extension, -1) == 1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key` named `common_name`, signed by issuer/issuer_key (self-signed when
// issuer is null): a CA, or a server certificate for IP 127.0.0.1.
Cert make_cert(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key, long serial)
{
  Cert cert(X509_new());
  REQUIRE(cert);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  const bool is_ca = issuer == nullptr;
  X509* signer = is_ca ? cert.get() : issuer;
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (is_ca) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  } else {
    add_extension(cert.get(), signer, NID_basic_constraints, "CA:FALSE");
    add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
  }
  REQUIRE(X509_sign(cert.get(), is_ca ? key : issuer_key, EVP_sha256()) > 0);
  return cert;
}

std::string to_pem(X509* cert)
{
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_X509(bio, cert) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return pem;
}

// A private CA and an HTTPS server on 127.0.0.1 whose certificate it signed.
struct TlsFixture {
  Key ca_key{EVP_EC_gen("P-256")};
  Key server_key{EVP_EC_gen("P-256")};
  Cert ca_cert = make_cert(ca_key.get(), "ocivanilla test CA", nullptr, nullptr, 1);
  Cert server_cert = make_cert(server_key.get(), "127.0.0.1", ca_cert.get(), ca_key.get(), 2);
  ocivanilla::testing::TempDir dir;
  std::string ca_file = dir.write("ca.pem", to_pem(ca_cert.get())).string();
  LocalServer server{make_server()};

  std::unique_ptr<httplib::Server> make_server()
  {
    auto https = std::make_unique<httplib::SSLServer>(server_cert.get(), server_key.get());
    REQUIRE(https->is_valid());
    https->Get("/ok", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("secure", "text/plain");
    });
    return https;
  }
};

} // namespace

TEST_CASE("a certificate from an unknown CA fails verification with a hint and no retry")
{
  TlsFixture fixture;
  CurlTransport transport(CurlOptions{});
  ocivanilla::testing::FakeClock clock;
  ocivanilla::testing::RecordingSleeper sleeper(clock);
  ocivanilla::oci::RetryingTransport retrying(transport, clock, sleeper);
  auto result = retrying.send({"GET", fixture.server.url("https", "/ok"), {}, {}, 1});
  REQUIRE_FALSE(result.ok());
  const auto& error = result.error();
  CHECK(error.kind == ocivanilla::core::ErrorKind::network);
  CHECK(error.code == "TlsVerification");
  const auto prefix = "TLS certificate verification failed for " + fixture.server.url("https", "") + ": ";
  CHECK(error.message.rfind(prefix, 0) == 0);
  const std::string suffix = "; pass --cert-bundle with the CA that signed it";
  REQUIRE(error.message.size() > prefix.size() + suffix.size());
  CHECK(error.message.substr(error.message.size() - suffix.size()) == suffix);
  CHECK(sleeper.delays().empty());
}

TEST_CASE("a --cert-bundle adds the CA and the call succeeds")
{
  TlsFixture fixture;
  CurlOptions options;
  options.cert_bundle = fixture.ca_file;
  auto transport = CurlTransport::create(options);
  REQUIRE(transport.ok());
  for (int i = 0; i < 2; ++i) {
    auto response = (*transport)->send({"GET", fixture.server.url("https", "/ok"), {}, {}, 1});
    REQUIRE(response.ok());
    CHECK(response->status == 200);
    CHECK(response->body == "secure");
  }
}

TEST_CASE("the host name is verified too")
{
  TlsFixture fixture;
  CurlOptions options;
  options.cert_bundle = fixture.ca_file;
  CurlTransport transport(options);
  // The certificate names 127.0.0.1 only; "localhost" reaches the same server.
  const auto url = "https://localhost:" + std::to_string(fixture.server.port()) + "/ok";
  auto result = transport.send({"GET", url, {}, {}, 1});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == "TlsVerification");
}

TEST_CASE("a --cert-bundle adds to the system bundle instead of replacing it")
{
  TlsFixture fixture;
  const Key other_key(EVP_EC_gen("P-256"));
  const Cert other_ca = make_cert(other_key.get(), "unrelated CA", nullptr, nullptr, 3);
  CurlOptions options;
  options.system_ca_bundle = fixture.ca_file; // the server's CA, as if installed system-wide
  options.cert_bundle = fixture.dir.write("other.pem", to_pem(other_ca.get())).string();
  CurlTransport transport(options);
  auto response = transport.send({"GET", fixture.server.url("https", "/ok"), {}, {}, 1});
  REQUIRE(response.ok());
  CHECK(response->body == "secure");

  // And the extra file really is used: an unrelated system bundle still trusts the added CA.
  CurlOptions swapped;
  swapped.system_ca_bundle = options.cert_bundle;
  swapped.cert_bundle = fixture.ca_file;
  CurlTransport swapped_transport(swapped);
  CHECK(swapped_transport.send({"GET", fixture.server.url("https", "/ok"), {}, {}, 1}).ok());
}
