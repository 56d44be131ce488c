#pragma once

// In-process ocivanilla-sim for the unit_sim tests: a Simulator on a loopback port, and an
// httplib client whose requests are signed by the client's own signer (auth::sign_request)
// with Oracle's test vector key.

#include "server.hpp"
#include "simulator.hpp"

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/auth/signer.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <memory>
#include <string>

namespace sim_test {

using namespace ocivanilla;

inline const std::string k_vectors = std::string(OVL_SHARED_DIR) + "/oci/signing-vectors/";
inline const std::string k_tenancy = "ocid1.tenancy.oc1..aaaatest";
inline const std::string k_ad1 = "Uocm:PHX-AD-1";
inline const std::string k_ad2 = "Uocm:PHX-AD-2";
inline const std::string k_arm_image = "ocid1.image.oc1.phx.armnew";
inline const std::string k_x86_image = "ocid1.image.oc1.phx.x86";
inline const std::string k_public_subnet = "ocid1.subnet.oc1.phx.public";
inline const std::string k_private_subnet = "ocid1.subnet.oc1.phx.private";

inline std::string key_id()
{
  std::string text = testing::read_text_file(k_vectors + "key-id.txt");
  while (!text.empty() && text.back() == '\n') {
    text.pop_back();
  }
  return text;
}

// A small tenancy: AD-1 offers A1.Flex and E2.1.Micro, AD-2 only E2.1.Micro; three A1
// instances of 1 OCPU / 6 GB use 3 of the 4 OCPUs. `extra` is appended (faults, generate...).
inline std::string scenario_yaml(const std::string& extra = "")
{
  return "tenancyId: " + k_tenancy + R"(
region: us-phoenix-1
availabilityDomains:
  - {name: "Uocm:PHX-AD-1", shapes: [VM.Standard.A1.Flex, VM.Standard.E2.1.Micro]}
  - {name: "Uocm:PHX-AD-2", shapes: [VM.Standard.E2.1.Micro]}
images:
  - {id: ocid1.image.oc1.phx.armold, displayName: Canonical-Ubuntu-24.04-aarch64-2026.01.01-0, operatingSystem: Canonical Ubuntu, operatingSystemVersion: "24.04", arch: aarch64, timeCreated: 2026-01-01T00:00:00Z}
  - {id: ocid1.image.oc1.phx.armnew, displayName: Canonical-Ubuntu-24.04-aarch64-2026.06.01-0, operatingSystem: Canonical Ubuntu, operatingSystemVersion: "24.04", arch: aarch64, timeCreated: 2026-06-01T00:00:00Z}
  - {id: ocid1.image.oc1.phx.x86, displayName: Canonical-Ubuntu-24.04-2026.06.01-0, operatingSystem: Canonical Ubuntu, operatingSystemVersion: "24.04", arch: x86_64, timeCreated: 2026-06-02T00:00:00Z}
subnets:
  - {id: ocid1.subnet.oc1.phx.public, displayName: pub, vcnId: ocid1.vcn.oc1.phx.v, cidrBlock: 10.0.0.0/24, public: true}
  - {id: ocid1.subnet.oc1.phx.private, displayName: priv, vcnId: ocid1.vcn.oc1.phx.v, cidrBlock: 10.0.1.0/24, public: false}
keys:
  - keyId: ")" +
         key_id() + R"("
    publicKeyFile: )" +
         k_vectors + R"(public.pem
limits: {a1Ocpus: 4, a1MemoryInGBs: 24}
instances:
  - {displayName: alpha, id: ocid1.instance.oc1.phx.alpha, timeCreated: 2026-03-01T00:00:00Z, freeformTags: {team: a}}
  - {displayName: bravo, id: ocid1.instance.oc1.phx.bravo, timeCreated: 2026-03-02T00:00:00Z}
  - {displayName: charlie, id: ocid1.instance.oc1.phx.charlie, timeCreated: 2026-03-03T00:00:00Z, lifecycleState: STOPPED}
)" + extra;
}

inline std::string launch_body(const std::string& name, double ocpus = 1, double memory = 6,
                               const std::string& ad = k_ad1, const std::string& shape = "VM.Standard.A1.Flex")
{
  nlohmann::json body = {
    {"availabilityDomain", ad},
    {"compartmentId", k_tenancy},
    {"displayName", name},
    {"shape", shape},
    {"sourceDetails", {{"sourceType", "image"}, {"imageId", k_arm_image}, {"bootVolumeSizeInGBs", 50}}},
    {"createVnicDetails", {{"subnetId", k_public_subnet}, {"assignPublicIp", true}}},
    {"freeformTags", {{"managed-by", "ocivanilla"}}}};
  if (shape == "VM.Standard.A1.Flex") {
    body["shapeConfig"] = {{"ocpus", ocpus}, {"memoryInGBs", memory}};
  } else {
    body["sourceDetails"]["imageId"] = k_x86_image;
  }
  return body.dump();
}

class Harness {
 public:
  explicit Harness(const std::string& extra = "", sim::ServerOptions options = {})
  {
    auto scenario = sim::parse_scenario(scenario_yaml(extra), "test.yaml", "/");
    if (!scenario) {
      FAIL(scenario.error().message);
    }
    auto created = sim::Simulator::create(std::move(*scenario), {}, m_clock, "test.yaml");
    if (!created) {
      FAIL(created.error().message);
    }
    m_sim = std::move(*created);
    m_server = std::make_unique<sim::SimServer>(*m_sim, std::move(options));
    auto port = m_server->bind();
    REQUIRE(port.ok());
    m_port = *port;
    m_server->start();
    auto key = auth::PrivateKey::from_pem(testing::read_text_file(k_vectors + "key.pem"), std::nullopt, "key.pem");
    REQUIRE(key.ok());
    m_key = std::make_unique<auth::PrivateKey>(*key);
  }

  int port() const { return m_port; }
  sim::Simulator& simulator() { return *m_sim; }

  // Signed request; `extra` headers are sent unsigned (opc-retry-token, if-match...).
  httplib::Result send(const std::string& method, const std::string& target, const std::string& body = "",
                       const httplib::Headers& extra = {}, std::chrono::seconds skew = std::chrono::seconds{0})
  {
    const std::string host = "127.0.0.1:" + std::to_string(m_port);
    const std::string date = core::format_http_date(std::chrono::system_clock::now() + skew);
    auth::SignInput input{method, target, host, date, body};
    auto signed_request = auth::sign_request(input, key_id(), *m_key);
    REQUIRE(signed_request.ok());
    httplib::Request request;
    request.method = method;
    request.path = target;
    request.body = body;
    for (const auto& [name, value] : signed_request->headers) {
      request.headers.emplace(name, value);
    }
    request.headers.insert(extra.begin(), extra.end());
    return client().send(request);
  }

  // Unsigned request (admin API, or to test authentication failures).
  httplib::Result raw(const std::string& method, const std::string& target, const std::string& body = "",
                      const httplib::Headers& headers = {})
  {
    httplib::Request request;
    request.method = method;
    request.path = target;
    request.body = body;
    request.headers = headers;
    if (!body.empty()) {
      request.headers.emplace("Content-Type", "application/json");
    }
    return client().send(request);
  }

  nlohmann::json admin_json(const std::string& path)
  {
    auto res = raw("GET", path);
    REQUIRE(res);
    return nlohmann::json::parse(res->body);
  }

  nlohmann::json get_json(const std::string& target)
  {
    auto res = send("GET", target);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    return nlohmann::json::parse(res->body);
  }

 private:
  httplib::Client& client()
  {
    if (!m_client) {
      m_client = std::make_unique<httplib::Client>("127.0.0.1", m_port);
      m_client->set_read_timeout(10, 0);
    }
    return *m_client;
  }

  core::SystemClock m_clock;
  std::unique_ptr<sim::Simulator> m_sim;
  std::unique_ptr<sim::SimServer> m_server;
  std::unique_ptr<auth::PrivateKey> m_key;
  std::unique_ptr<httplib::Client> m_client;
  int m_port = 0;
};

inline std::string error_code(const httplib::Result& res)
{
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  return body.is_object() ? body.value("code", "") : "";
}

inline std::string error_message(const httplib::Result& res)
{
  auto body = nlohmann::json::parse(res->body, nullptr, false);
  return body.is_object() ? body.value("message", "") : "";
}

} // namespace sim_test
