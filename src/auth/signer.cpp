// OCI HTTP signature version 1 (SIGNING.md §1): the header list, the signing string and the
// Authorization header, in the order Oracle's Go SDK and the official test vectors use.
#include "ocivanilla/auth/signer.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace ocivanilla::auth {

namespace {

using core::ErrorKind;
using core::make_error;

std::string to_lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_body_method(std::string_view lower_method)
{
  return lower_method == "post" || lower_method == "put" || lower_method == "patch";
}

bool has_line_break(std::string_view text)
{
  return text.find_first_of("\r\n") != std::string_view::npos;
}

core::Status check_input(const SignInput& input, std::string_view key_id)
{
  if (input.method.empty() || input.date.empty() || (input.sign_host && input.host.empty())) {
    return make_error(ErrorKind::internal, "cannot sign a request without method, date and host");
  }
  if (input.target.empty() || input.target.front() != '/') {
    return make_error(ErrorKind::internal,
                      "cannot sign request target '" + std::string(input.target) + "': it must start with '/'");
  }
  for (std::string_view value : {input.method, input.target, input.host, input.date, input.content_type, key_id}) {
    if (has_line_break(value)) {
      return make_error(ErrorKind::internal, "cannot sign a header value that contains a line break");
    }
  }
  if (key_id.empty() || key_id.find('"') != std::string_view::npos) {
    return make_error(ErrorKind::internal, "cannot sign with keyId '" + std::string(key_id) + "'");
  }
  return core::Ok{};
}

} // namespace

core::Result<SignOutput> sign_request(const SignInput& input, std::string_view key_id, const PrivateKey& key)
{
  OVL_TRY(check_input(input, key_id));
  const std::string method = to_lower(input.method);
  const std::string date_name = input.use_x_date ? "x-date" : "date";

  std::vector<std::pair<std::string, std::string>> signed_headers;
  signed_headers.emplace_back(date_name, std::string(input.date));
  signed_headers.emplace_back("(request-target)", method + " " + std::string(input.target));
  if (input.sign_host) {
    signed_headers.emplace_back("host", std::string(input.host));
  }
  SignOutput out;
  out.headers.emplace_back(date_name, std::string(input.date));
  if (is_body_method(method)) {
    const std::string length = std::to_string(input.body.size());
    const std::string digest = sha256_base64(input.body);
    signed_headers.emplace_back("content-length", length);
    signed_headers.emplace_back("content-type", std::string(input.content_type));
    signed_headers.emplace_back("x-content-sha256", digest);
    out.headers.emplace_back("content-type", std::string(input.content_type));
    out.headers.emplace_back("content-length", length);
    out.headers.emplace_back("x-content-sha256", digest);
  }

  std::string names;
  for (const auto& [name, value] : signed_headers) {
    if (!out.signing_string.empty()) {
      out.signing_string += '\n';
      names += ' ';
    }
    out.signing_string += name + ": " + value;
    names += name;
  }
  auto signature = key.sign_sha256_base64(out.signing_string);
  if (!signature.ok()) {
    return std::move(signature).error();
  }
  out.signature = std::move(signature).value();
  out.authorization = "Signature version=\"1\",headers=\"" + names + "\",keyId=\"" + std::string(key_id) +
                      "\",algorithm=\"rsa-sha256\",signature=\"" + out.signature + "\"";
  out.headers.emplace_back("authorization", out.authorization);
  return out;
}

} // namespace ocivanilla::auth
