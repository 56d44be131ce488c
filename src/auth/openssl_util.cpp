#include "auth/openssl_util.hpp"

namespace ocivanilla::auth {

std::string hex_colon(const unsigned char* bytes, std::size_t size)
{
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    if (i > 0) {
      out += ':';
    }
    out += k_digits[bytes[i] >> 4U];
    out += k_digits[bytes[i] & 0x0FU];
  }
  return out;
}

std::string bio_to_string(BIO* bio)
{
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) {
    return std::string();
  }
  return std::string(data, static_cast<std::size_t>(len));
}

} // namespace ocivanilla::auth
