#include "auth/openssl_util.hpp"

namespace ocivanilla::auth {

std::string base64_encode(std::string_view bytes)
{
  // EVP_EncodeBlock writes 4 output bytes per 3 input bytes plus a terminating NUL.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
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
