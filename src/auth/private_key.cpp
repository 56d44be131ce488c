// PEM private keys through OpenSSL 3's EVP API. Every entry point clears the OpenSSL error
// queue before returning and never prints it; the passphrase callback never prompts.
#include "ocivanilla/auth/private_key.hpp"

#include "auth/openssl_util.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace ocivanilla::auth {

namespace {

using core::ErrorKind;
using core::make_error;

enum class PemKind { none, private_plain, private_encrypted, public_key };

bool contains(std::string_view text, std::string_view needle)
{
  return text.find(needle) != std::string_view::npos;
}

// Classifies by the first "-----BEGIN ...PRIVATE KEY-----" block (the one OpenSSL reads;
// other blocks before it are skipped, text after its END line, such as the OCI_API_KEY label
// that `oci setup keys` appends, is ignored); without one, by any PUBLIC KEY block.
PemKind classify_pem(std::string_view pem)
{
  bool saw_public = false;
  for (auto begin = pem.find("-----BEGIN "); begin != std::string_view::npos;
       begin = pem.find("-----BEGIN ", begin + 1)) {
    const auto line_end = pem.find('\n', begin);
    const auto label = pem.substr(begin, line_end == std::string_view::npos ? pem.size() - begin
                                                                             : line_end - begin);
    saw_public = saw_public || contains(label, "PUBLIC KEY");
    if (!contains(label, "PRIVATE KEY")) {
      continue;
    }
    if (contains(label, "ENCRYPTED PRIVATE KEY")) {
      return PemKind::private_encrypted;
    }
    const auto end = pem.find("-----END ", begin);
    const auto body = pem.substr(begin, end == std::string_view::npos ? pem.size() - begin : end - begin);
    return contains(body, "Proc-Type: 4,ENCRYPTED") ? PemKind::private_encrypted
                                                     : PemKind::private_plain;
  }
  return saw_public ? PemKind::public_key : PemKind::none;
}

// OpenSSL's pem_password_cb. `userdata` is the passphrase or null; returning 0 makes
// the decryption fail instead of falling back to a terminal prompt.
int passphrase_callback(char* buf, int size, int /*rwflag*/, void* userdata)
{
  if (userdata == nullptr || size <= 0) {
    return 0;
  }
  const auto* passphrase = static_cast<const std::string*>(userdata);
  if (passphrase->size() > static_cast<std::size_t>(size)) {
    return 0;
  }
  std::memcpy(buf, passphrase->data(), passphrase->size());
  return static_cast<int>(passphrase->size());
}

core::Result<EvpPkeyPtr> read_pem(std::string_view pem, const std::optional<std::string>& passphrase,
                                  std::string_view source, PemKind kind)
{
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return make_error(ErrorKind::internal, std::string(source) + ": out of memory reading the key");
  }
  std::string pass = passphrase.value_or(std::string());
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_callback,
                                         passphrase ? &pass : nullptr));
  std::fill(pass.begin(), pass.end(), '\0');
  ERR_clear_error();
  if (key) {
    return key;
  }
  if (kind == PemKind::private_encrypted) {
    return make_error(ErrorKind::auth,
                      std::string(source) + ": cannot decrypt the private key: wrong passphrase");
  }
  return make_error(ErrorKind::config,
                    std::string(source) + ": not a valid PEM private key (the PEM data is corrupt)");
}

} // namespace

PrivateKey::PrivateKey(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

core::Result<PrivateKey> PrivateKey::from_pem(std::string_view pem,
                                              const std::optional<std::string>& passphrase,
                                              std::string_view source)
{
  const PemKind kind = classify_pem(pem);
  const std::string where(source);
  switch (kind) {
  case PemKind::none:
    return make_error(ErrorKind::config,
                      where + ": not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)");
  case PemKind::public_key:
    return make_error(ErrorKind::config,
                      where + ": a public key was given; key_file must name the private key");
  case PemKind::private_encrypted:
    if (!passphrase || passphrase->empty()) {
      return make_error(ErrorKind::auth, where + ": the private key is encrypted; set pass_phrase in "
                                                 "the config profile or OCI_CLI_PASSPHRASE");
    }
    break;
  case PemKind::private_plain:
    break;
  }
  auto key = read_pem(pem, passphrase, source, kind);
  if (!key.ok()) {
    return std::move(key).error();
  }
  if (EVP_PKEY_get_base_id(key->get()) != EVP_PKEY_RSA) {
    const char* type = EVP_PKEY_get0_type_name(key->get());
    return make_error(ErrorKind::config, where + ": not an RSA key (" +
                                             std::string(type != nullptr ? type : "unknown") +
                                             "); OCI API keys must be RSA");
  }
  return PrivateKey(std::make_shared<Impl>(Impl{std::move(key).value()}));
}

core::Result<PrivateKey> PrivateKey::generate_rsa(int bits)
{
  if (bits < 1024 || bits > 16384) {
    return make_error(ErrorKind::internal,
                      "cannot generate an RSA key of " + std::to_string(bits) + " bits");
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  const bool ok = ctx && EVP_PKEY_keygen_init(ctx.get()) == 1 &&
                  EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) == 1 &&
                  EVP_PKEY_generate(ctx.get(), &raw) == 1;
  EvpPkeyPtr key(raw);
  ERR_clear_error();
  if (!ok || !key) {
    return make_error(ErrorKind::internal, "OpenSSL failed to generate an RSA key");
  }
  return PrivateKey(std::make_shared<Impl>(Impl{std::move(key)}));
}

std::string PrivateKey::fingerprint() const
{
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(m_impl->pkey.get(), &der);
  std::string out;
  if (len > 0) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (EVP_Digest(der, static_cast<std::size_t>(len), md, &md_len, EVP_md5(), nullptr) == 1) {
      static constexpr char k_hex[] = "0123456789abcdef";
      for (unsigned int i = 0; i < md_len; ++i) {
        if (i > 0) {
          out += ':';
        }
        out += k_hex[md[i] >> 4];
        out += k_hex[md[i] & 0x0f];
      }
    }
  }
  OPENSSL_free(der);
  ERR_clear_error();
  return out;
}

std::string PrivateKey::public_key_pem() const
{
  BioPtr bio(BIO_new(BIO_s_mem()));
  const bool ok = bio && PEM_write_bio_PUBKEY(bio.get(), m_impl->pkey.get()) == 1;
  std::string out = ok ? bio_to_string(bio.get()) : std::string();
  ERR_clear_error();
  return out;
}

std::string PrivateKey::private_key_pem() const
{
  BioPtr bio(BIO_new(BIO_s_mem()));
  const bool ok = bio && PEM_write_bio_PrivateKey(bio.get(), m_impl->pkey.get(), nullptr, nullptr,
                                                  0, nullptr, nullptr) == 1;
  std::string out = ok ? bio_to_string(bio.get()) : std::string();
  ERR_clear_error();
  return out;
}

core::Result<std::string> PrivateKey::sign_sha256_base64(std::string_view data) const
{
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t sig_len = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  bool ok = ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                                      m_impl->pkey.get()) == 1 &&
            EVP_DigestSign(ctx.get(), nullptr, &sig_len, bytes, data.size()) == 1;
  std::string sig(sig_len, '\0');
  ok = ok && EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sig_len,
                            bytes, data.size()) == 1;
  ERR_clear_error();
  if (!ok) {
    return make_error(ErrorKind::internal, "OpenSSL failed to sign the request");
  }
  sig.resize(sig_len);
  return base64_encode(sig);
}

std::string sha256_base64(std::string_view data)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  const bool ok = EVP_Digest(data.data(), data.size(), md, &md_len, EVP_sha256(), nullptr) == 1;
  ERR_clear_error();
  if (!ok) {
    return std::string();
  }
  return base64_encode(std::string_view(reinterpret_cast<const char*>(md), md_len));
}

} // namespace ocivanilla::auth
