#include "crypto.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <vector>

namespace ocivanilla::sim {

struct PublicKey::Impl {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{nullptr, &EVP_PKEY_free};
};

namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

EVP_PKEY* read_public_key(std::string_view pem)
{
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (!bio) {
    return nullptr;
  }
  return PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
}

} // namespace

core::Result<PublicKey> PublicKey::from_pem(std::string_view pem, std::string_view source)
{
  auto impl = std::make_shared<Impl>();
  if (pem.find("-----BEGIN PUBLIC KEY-----") == std::string_view::npos) {
    return core::make_error(core::ErrorKind::config,
                            std::string(source) + ": not a PEM public key (expected BEGIN PUBLIC KEY)");
  }
  impl->key.reset(read_public_key(pem));
  if (!impl->key) {
    return core::make_error(core::ErrorKind::config, std::string(source) + ": cannot parse the PEM public key");
  }
  if (EVP_PKEY_get_base_id(impl->key.get()) != EVP_PKEY_RSA) {
    return core::make_error(core::ErrorKind::config, std::string(source) + ": the public key is not an RSA key");
  }
  return PublicKey(std::move(impl));
}

bool PublicKey::verify_sha256(std::string_view data, std::string_view signature_base64) const
{
  std::string signature;
  if (!base64_decode(signature_base64, signature) || signature.empty()) {
    return false;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_impl->key.get()) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

std::string sha256_base64(std::string_view data)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> encoded{};
  const int n = EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(length));
  return std::string(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(n));
}

bool base64_decode(std::string_view text, std::string& out)
{
  if (text.size() % 4 != 0) {
    return false;
  }
  for (const char c : text) {
    const bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                       c == '/' || c == '=';
    if (!valid) {
      return false;
    }
  }
  std::vector<unsigned char> buffer(text.size() / 4 * 3 + 1);
  const int n = EVP_DecodeBlock(buffer.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) {
    return false;
  }
  std::size_t size = static_cast<std::size_t>(n);
  // EVP_DecodeBlock keeps the bytes that padding stands for; drop them.
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) {
    --size;
  }
  out.assign(reinterpret_cast<const char*>(buffer.data()), size);
  return true;
}

} // namespace ocivanilla::sim
