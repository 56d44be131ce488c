// Signatures per second of ocivanilla's request signer (auth::sign_request: signing string,
// RSASSA-PKCS1-v1_5 over SHA-256 with OpenSSL, base64, Authorization header) on one thread.
// Usage: ovl-sign-bench [--bits N | --key PEM_FILE] [--seconds S] [--method GET|POST]
// Prints one line: "sign_request rsa<bits> <METHOD>: <N> signatures in <U> s user CPU = <R> sign/s
// (wall <W> sign/s)". R is counted like `openssl speed` counts by default (user CPU time, so a
// busy machine does not skew it); bench/run.sh compares it with openssl speed's sign/s column.
#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/auth/signer.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

using namespace ocivanilla;

struct Options {
  int bits = 2048;
  std::string key_file;
  double seconds = 3.0;
  std::string method = "GET";
};

bool parse(int argc, char** argv, Options& o)
{
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool has_value = i + 1 < args.size();
    if (args[i] == "--bits" && has_value) {
      o.bits = std::stoi(args[++i]);
    } else if (args[i] == "--key" && has_value) {
      o.key_file = args[++i];
    } else if (args[i] == "--seconds" && has_value) {
      o.seconds = std::stod(args[++i]);
    } else if (args[i] == "--method" && has_value) {
      o.method = args[++i];
    } else {
      std::cerr << "usage: ovl-sign-bench [--bits N | --key PEM_FILE] [--seconds S] [--method GET|POST]\n";
      return false;
    }
  }
  return o.seconds > 0 && (o.method == "GET" || o.method == "POST");
}

core::Result<auth::PrivateKey> load_key(const Options& o)
{
  if (o.key_file.empty()) {
    return auth::PrivateKey::generate_rsa(o.bits);
  }
  std::ifstream in(o.key_file, std::ios::binary);
  if (!in) {
    return core::make_error(core::ErrorKind::config, "cannot read " + o.key_file);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return auth::PrivateKey::from_pem(text.str(), std::nullopt, o.key_file);
}

double user_cpu_seconds()
{
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec) + static_cast<double>(usage.ru_utime.tv_usec) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
  Options o;
  if (!parse(argc, argv, o)) {
    return 2;
  }
  auto key = load_key(o);
  if (!key.ok()) {
    std::cerr << "ovl-sign-bench: " << key.error().message << "\n";
    return 1;
  }
  // A ListInstances page request as ocivanilla sends it; POST adds the body headers and digest.
  const std::string key_id = "ocid1.tenancy.oc1..aaaaaaaabench/ocid1.user.oc1..aaaaaaaabench/" + key->fingerprint();
  const std::string body = R"({"displayName":"bench","shape":"VM.Standard.A1.Flex"})";
  auth::SignInput input;
  input.method = o.method;
  input.target = "/20160918/instances?compartmentId=ocid1.tenancy.oc1..aaaaaaaabench&limit=100";
  input.host = "127.0.0.1:8080";
  input.date = "Fri, 04 Dec 2026 21:00:00 GMT";
  input.body = o.method == "POST" ? std::string_view(body) : std::string_view();

  // The loop runs for `seconds` of user CPU time, as openssl speed does.
  const double cpu_start = user_cpu_seconds();
  const auto wall_start = std::chrono::steady_clock::now();
  std::size_t count = 0;
  std::size_t checksum = 0;
  double cpu = 0;
  while (cpu < o.seconds) {
    auto signed_request = auth::sign_request(input, key_id, *key);
    if (!signed_request.ok()) {
      std::cerr << "ovl-sign-bench: " << signed_request.error().message << "\n";
      return 1;
    }
    checksum += signed_request->authorization.size();
    ++count;
    cpu = user_cpu_seconds() - cpu_start;
  }
  const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  const double n = static_cast<double>(count);
  std::printf(
    "sign_request rsa%d %s: %zu signatures in %.2f s user CPU = %.1f sign/s (wall %.1f sign/s, %zu header bytes)\n",
    o.bits, o.method.c_str(), count, cpu, n / cpu, n / wall.count(), checksum);
  return 0;
}
