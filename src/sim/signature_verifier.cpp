#include "signature_verifier.hpp"

#include <algorithm>
#include <cctype>

namespace ocivanilla::sim {

namespace {

constexpr auto k_skew_before = std::chrono::seconds{300};
constexpr auto k_skew_after = std::chrono::seconds{301};

std::string lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const std::string* find_header(const ReceivedRequest& request, std::string_view lower_name)
{
  for (const auto& [name, value] : request.headers) {
    if (lower(name) == lower_name) {
      return &value;
    }
  }
  return nullptr;
}

core::Error auth_error(std::string message)
{
  return core::make_error(core::ErrorKind::auth, std::move(message));
}

std::vector<std::string> split_spaces(std::string_view text)
{
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) {
      out.emplace_back(text.substr(pos, end - pos));
    }
    pos = end + 1;
  }
  return out;
}

core::Status store_param(SignatureParams& params, const std::string& name, std::string value)
{
  if (name == "version") {
    params.version = std::move(value);
  } else if (name == "keyId") {
    params.key_id = std::move(value);
  } else if (name == "algorithm") {
    params.algorithm = std::move(value);
  } else if (name == "headers") {
    params.headers = split_spaces(value);
  } else if (name == "signature") {
    params.signature = std::move(value);
  } else {
    return auth_error("unknown Authorization parameter '" + name + "'");
  }
  return core::Ok{};
}

struct Failure {
  std::string reason;
  std::string message = std::string(k_not_authenticated_message);
};

VerifyOutcome fail(std::string key_id, Failure failure)
{
  return VerifyOutcome{false, std::move(key_id), std::move(failure.reason), std::move(failure.message)};
}

bool is_body_method(std::string_view method)
{
  const std::string m = lower(method);
  return m == "post" || m == "put" || m == "patch";
}

// Checks that every required header is signed; returns the reason when one is not.
std::string missing_signed_header(const ReceivedRequest& request, const std::vector<std::string>& signed_lower)
{
  std::vector<std::string> required = {"(request-target)", "host"};
  required.emplace_back(find_header(request, "x-date") != nullptr ? "x-date" : "date");
  if (is_body_method(request.method)) {
    required.insert(required.end(), {"content-length", "content-type", "x-content-sha256"});
  }
  for (const auto& name : required) {
    if (std::find(signed_lower.begin(), signed_lower.end(), name) == signed_lower.end()) {
      return "header '" + name + "' is required in the signature but is not signed";
    }
  }
  return {};
}

// Builds the signing string in the declared order; an empty `error` means success.
std::string build_signing_string(const ReceivedRequest& request, const std::vector<std::string>& signed_lower,
                                 std::string& error)
{
  std::string out;
  for (const auto& name : signed_lower) {
    if (!out.empty()) {
      out += '\n';
    }
    if (name == "(request-target)") {
      out += "(request-target): " + lower(request.method) + " " + request.target;
      continue;
    }
    const std::string* value = find_header(request, name);
    if (value == nullptr) {
      error = "signed header '" + name + "' is not present in the request";
      return {};
    }
    out += name + ": " + *value;
  }
  return out;
}

std::string check_body(const ReceivedRequest& request)
{
  if (!is_body_method(request.method)) {
    return {};
  }
  const std::string* length = find_header(request, "content-length");
  if (length == nullptr || *length != std::to_string(request.body.size())) {
    return "content-length does not match the body size " + std::to_string(request.body.size());
  }
  const std::string* hash = find_header(request, "x-content-sha256");
  if (hash == nullptr || *hash != sha256_base64(request.body)) {
    return "x-content-sha256 does not match the SHA-256 of the body";
  }
  return {};
}

Failure check_date(const ReceivedRequest& request, core::TimePoint now)
{
  const bool use_x_date = find_header(request, "x-date") != nullptr;
  const std::string* value = find_header(request, use_x_date ? "x-date" : "date");
  core::TimePoint date;
  if (value == nullptr || !core::parse_http_date(*value, date)) {
    return Failure{std::string(use_x_date ? "x-date" : "date") + " header is missing or not an HTTP date"};
  }
  const auto whole_now = std::chrono::time_point_cast<std::chrono::seconds>(now);
  if (date < whole_now - k_skew_before || date > whole_now + k_skew_after) {
    return Failure{"clock skew", clock_skew_message(date, whole_now)};
  }
  return Failure{"", ""};
}

} // namespace

core::Result<SignatureParams> parse_signature_header(std::string_view value)
{
  constexpr std::string_view k_scheme = "Signature ";
  if (value.substr(0, k_scheme.size()) != k_scheme) {
    return auth_error("Authorization does not use the Signature scheme");
  }
  SignatureParams params;
  std::size_t pos = k_scheme.size();
  while (pos < value.size()) {
    while (pos < value.size() && (value[pos] == ' ' || value[pos] == ',')) {
      ++pos;
    }
    const std::size_t eq = value.find('=', pos);
    if (eq == std::string_view::npos || eq + 1 >= value.size() || value[eq + 1] != '"') {
      return auth_error("malformed Authorization parameter at offset " + std::to_string(pos));
    }
    const std::size_t close = value.find('"', eq + 2);
    if (close == std::string_view::npos) {
      return auth_error("unterminated quoted value in Authorization");
    }
    OVL_TRY(
      store_param(params, std::string(value.substr(pos, eq - pos)), std::string(value.substr(eq + 2, close - eq - 2))));
    pos = close + 1;
  }
  if (params.key_id.empty() || params.signature.empty() || params.algorithm.empty() || params.headers.empty()) {
    return auth_error("Authorization must carry keyId, algorithm, headers and signature");
  }
  return params;
}

VerifyOutcome verify_signature(const ReceivedRequest& request, const KeyLookup& keys, core::TimePoint now)
{
  const std::string* authorization = find_header(request, "authorization");
  if (authorization == nullptr) {
    return fail("", Failure{"no Authorization header"});
  }
  auto parsed = parse_signature_header(*authorization);
  if (!parsed) {
    return fail("", Failure{parsed.error().message});
  }
  const SignatureParams& params = *parsed;
  if (params.algorithm != "rsa-sha256" || (!params.version.empty() && params.version != "1")) {
    return fail(params.key_id, Failure{"unsupported algorithm or version"});
  }
  std::vector<std::string> signed_lower;
  for (const auto& name : params.headers) {
    signed_lower.push_back(lower(name));
  }
  if (auto missing = missing_signed_header(request, signed_lower); !missing.empty()) {
    return fail(params.key_id, Failure{missing});
  }
  if (auto body_error = check_body(request); !body_error.empty()) {
    return fail(params.key_id, Failure{body_error});
  }
  if (Failure date_failure = check_date(request, now); !date_failure.reason.empty()) {
    return fail(params.key_id, std::move(date_failure));
  }
  const PublicKey* key = keys(params.key_id);
  if (key == nullptr) {
    return fail(params.key_id, Failure{"unknown keyId"});
  }
  std::string error;
  const std::string signing_string = build_signing_string(request, signed_lower, error);
  if (!error.empty()) {
    return fail(params.key_id, Failure{error});
  }
  if (!key->verify_sha256(signing_string, params.signature)) {
    return fail(params.key_id, Failure{"signature does not verify"});
  }
  return VerifyOutcome{true, params.key_id, "", ""};
}

std::string format_skew_date(core::TimePoint t)
{
  std::string text = core::format_http_date(t);
  return text.substr(0, text.size() - 3) + "UTC";
}

std::string clock_skew_message(core::TimePoint date, core::TimePoint now)
{
  return "Date '" + format_skew_date(date) + "' is not within allowed clock skew. Current '" + format_skew_date(now) +
         "', valid datetime range: ['" + format_skew_date(now - k_skew_before) + "', '" +
         format_skew_date(now + k_skew_after) + "']";
}

} // namespace ocivanilla::sim
