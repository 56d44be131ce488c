#include "ocivanilla/core/encoding.hpp"

namespace ocivanilla::core {

namespace {

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad)
{
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  const auto byte = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[i])); };
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned n = (byte(i) << 16U) | (byte(i + 1) << 8U) | byte(i + 2);
    out += alphabet[(n >> 18U) & 63U];
    out += alphabet[(n >> 12U) & 63U];
    out += alphabet[(n >> 6U) & 63U];
    out += alphabet[n & 63U];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const unsigned n = (byte(i) << 16U) | (rest == 2 ? byte(i + 1) << 8U : 0U);
    out += alphabet[(n >> 18U) & 63U];
    out += alphabet[(n >> 12U) & 63U];
    if (rest == 2) {
      out += alphabet[(n >> 6U) & 63U];
    }
    if (pad) {
      out.append(rest == 2 ? 1 : 2, '=');
    }
  }
  return out;
}

// Either alphabet: base64url's - and _, base64's + and /.
int base64_value(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-' || c == '+') {
    return 62;
  }
  if (c == '_' || c == '/') {
    return 63;
  }
  return -1;
}

} // namespace

std::string base64_encode(std::string_view bytes)
{
  return encode(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

std::string base64url_encode(std::string_view bytes)
{
  return encode(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);
}

bool base64url_decode(std::string_view text, std::string& out)
{
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  unsigned int buffer = 0;
  int bits = 0;
  out.clear();
  for (const char c : text) {
    const int value = base64_value(c);
    if (value < 0) {
      return false;
    }
    buffer = (buffer << 6U) | static_cast<unsigned int>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> static_cast<unsigned int>(bits)) & 0xFFU);
    }
  }
  return true;
}

int hex_digit_value(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}

} // namespace ocivanilla::core
