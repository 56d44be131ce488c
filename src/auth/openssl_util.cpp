#include "auth/openssl_util.hpp"

namespace ocivanilla::auth {

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
