// Issue 8, part 3: TLS failure modes. The simulator serves HTTPS with certificates made here by
// the openssl CLI (a test CA, a leaf for 127.0.0.1, a leaf for another host name, an expired
// leaf). A certificate that does not verify is refused with one clear line, exit 9 (CLI.md:
// network failure), after a single attempt; no request reaches the server, so nothing changes.
#include "support/sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using ocivanilla::testing::ProcessResult;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::SimOptions;
using ocivanilla::testing::TempDir;

namespace {

constexpr const char* k_ubuntu = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0002";

// `openssl ca` needs a database; -startdate/-enddate give a validity period in the past.
constexpr const char* k_ca_config = R"([ca]
default_ca = test_ca
[test_ca]
database = index.txt
serial = serial.txt
new_certs_dir = .
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
[leaf_ext]
subjectAltName = IP:127.0.0.1
)";

bool has(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

// A test CA and three leaves sharing one key, in a directory of their own: ip.pem (127.0.0.1),
// other.pem (CN and SAN example.invalid) and expired.pem (127.0.0.1, valid 1-2 Jan 2025).
class TestPki {
 public:
  TestPki()
  {
    m_dir.write("ca.cnf", k_ca_config);
    m_dir.write("index.txt", "");
    m_dir.write("serial.txt", "10\n");
    m_dir.write("ip.ext", "subjectAltName=IP:127.0.0.1\n");
    m_dir.write("other.ext", "subjectAltName=DNS:example.invalid\n");
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    run("openssl req -x509" + ec +
        " -days 2 -subj /CN=ocivanilla-test-ca"
        " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
        " -keyout ca.key -out ca.pem");
    run("openssl req -new" + ec + " -subj /CN=127.0.0.1 -keyout leaf.key -out leaf.csr");
    run("openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -set_serial 2 -days 2 -extfile ip.ext -out ip.pem");
    run("openssl req -new -key leaf.key -subj /CN=example.invalid -out other.csr");
    run("openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -set_serial 3 -days 2 -extfile other.ext"
        " -out other.pem");
    run("openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in leaf.csr -out expired.pem -notext"
        " -startdate 20250101000000Z -enddate 20250102000000Z -extensions leaf_ext");
  }

  std::string path(const std::string& name) const { return (m_dir.path() / name).string(); }

  // The simulator serving `leaf` (a file of this PKI) with the shared key.
  SimOptions serving(const std::string& leaf) const
  {
    SimOptions options;
    options.extra_args = {"--tls-cert", path(leaf), "--tls-key", path("leaf.key")};
    return options;
  }

 private:
  void run(const std::string& command) const
  {
    const std::string line = "cd '" + m_dir.path().string() + "' && " + command + " >openssl.log 2>&1";
    INFO(line);
    REQUIRE(std::system(line.c_str()) == 0);
  }

  TempDir m_dir;
};

bool api_request_reached(const SimFixture& sim)
{
  return has(sim.sim_log(), " /20160918/");
}

// One attempt, refused for `reason`, exit 9, nothing on stdout.
void check_refused(const SimFixture& sim, const ProcessResult& r, const std::string& reason)
{
  CHECK(r.exit_code == 9);
  CHECK(r.out.empty());
  CHECK(has(r.err, "ocivanilla: error: TLS certificate verification failed for " + sim.url() + ": " + reason));
  CHECK(has(r.err, "(attempt 1, opc-request-id "));
  CHECK_FALSE(has(r.err, "retrying"));
  CHECK_FALSE(has(r.err, "attempt 2"));
}

} // namespace

TEST_CASE("tls: a self-signed certificate without --cert-bundle is refused (exit 9), nothing is sent")
{
  SimOptions options;
  options.tls = true;
  SimFixture sim(seed_scenario(), options);
  const std::map<std::string, std::string> no_bundle = {{"OCI_CLI_CERT_BUNDLE", ""}};
  auto r = sim.cli({"-v", "terminate", "ubuntu-vanilla-test", "--yes"}, no_bundle);
  check_refused(sim, r, "SSL certificate problem: self-signed certificate");
  CHECK(sim.requests().empty());
  REQUIRE(sim.live_named("ubuntu-vanilla-test").size() == 1);
  CHECK(sim.live_named("ubuntu-vanilla-test")[0]["lifecycleState"] == "RUNNING");

  // The same command with the certificate as the bundle goes through: the refusal was TLS.
  const auto certificate = sim.base_env().at("OCI_CLI_CERT_BUNDLE");
  auto trusted = sim.cli({"terminate", "ubuntu-vanilla-test", "--yes", "--cert-bundle", certificate}, no_bundle);
  CHECK(trusted.exit_code == 0);
  CHECK(sim.live_named("ubuntu-vanilla-test").empty());
}

TEST_CASE("tls: a certificate for another host name is refused even with its CA (exit 9)")
{
  TestPki pki;
  SimFixture sim(seed_scenario(), pki.serving("other.pem"));
  REQUIRE(sim.url().rfind("https://127.0.0.1:", 0) == 0);
  auto r = sim.cli({"-v", "terminate", k_ubuntu, "--yes"}, {{"OCI_CLI_CERT_BUNDLE", pki.path("ca.pem")}});
  check_refused(sim, r, "SSL: no alternative certificate subject name matches target host name '127.0.0.1'");
  CHECK_FALSE(api_request_reached(sim));

  auto by_flag = sim.cli({"-v", "list", "--cert-bundle", pki.path("ca.pem")});
  check_refused(sim, by_flag, "SSL: no alternative certificate subject name matches target host name '127.0.0.1'");
  CHECK_FALSE(api_request_reached(sim));
}

TEST_CASE("tls: an expired certificate is refused even with its CA (exit 9)")
{
  TestPki pki;
  SimFixture sim(seed_scenario(), pki.serving("expired.pem"));
  auto r = sim.cli({"-v", "tag", k_ubuntu, "owner=lab"}, {{"OCI_CLI_CERT_BUNDLE", pki.path("ca.pem")}});
  check_refused(sim, r, "SSL certificate problem: certificate has expired");
  CHECK_FALSE(api_request_reached(sim));
}

TEST_CASE("tls: a leaf signed by a test CA needs that CA (control for the cases above)")
{
  TestPki pki;
  SimFixture sim(seed_scenario(), pki.serving("ip.pem"));
  auto without = sim.cli({"-v", "list"});
  check_refused(sim, without, "SSL certificate problem: unable to get local issuer certificate");
  CHECK_FALSE(api_request_reached(sim));

  auto with_ca = sim.cli({"list", "--cert-bundle", pki.path("ca.pem")});
  CHECK(with_ca.exit_code == 0);
  CHECK(has(with_ca.out, "tamara-deployment-server"));
  CHECK(with_ca.err.empty());
  CHECK(api_request_reached(sim));
}

TEST_CASE("tls: the wrong CA bundle is refused like no bundle (exit 9)")
{
  TestPki pki;
  TestPki other_pki;
  SimFixture sim(seed_scenario(), pki.serving("ip.pem"));
  auto r = sim.cli({"-v", "stop", "ubuntu-vanilla-test"}, {{"OCI_CLI_CERT_BUNDLE", other_pki.path("ca.pem")}});
  check_refused(sim, r, "SSL certificate problem: unable to get local issuer certificate");
  CHECK_FALSE(api_request_reached(sim));
}
