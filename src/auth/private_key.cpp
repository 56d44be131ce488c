// PEM private keys through OpenSSL 3's EVP API. Every entry point clears the OpenSSL error
// queue before returning and never prints it; the passphrase callback never prompts.
#include "ocivanilla/auth/private_key.hpp"

#include "auth/openssl_util.hpp"
#include "ocivanilla/core/encoding.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
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
    const auto label = pem.substr(begin, line_end == std::string_view::npos ? pem.size() - begin : line_end - begin);
    saw_public = saw_public || contains(label, "PUBLIC KEY");
    if (!contains(label, "PRIVATE KEY")) {
      continue;
    }
    if (contains(label, "ENCRYPTED PRIVATE KEY")) {
      return PemKind::private_encrypted;
    }
    const auto end = pem.find("-----END ", begin);
    const auto body = pem.substr(begin, end == std::string_view::npos ? pem.size() - begin : end - begin);
    return contains(body, "Proc-Type: 4,ENCRYPTED") ? PemKind::private_encrypted : PemKind::private_plain;
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
  // OpenSSL takes the length returned, not a terminator. NOLINTNEXTLINE(bugprone-not-null-terminated-result)
  std::memcpy(buf, passphrase->data(), passphrase->size());
  return static_cast<int>(passphrase->size());
}

// Whether `der` is a PKCS#8 PrivateKeyInfo of an rsaEncryption key: the only thing the generic
// reader takes from a "PRIVATE KEY" block (OpenSSL 3.0's decoders would also take PKCS#1 there).
bool is_pkcs8_rsa(const unsigned char* der, long len)
{
  PKCS8_PRIV_KEY_INFO* p8 = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &der, len);
  const ASN1_OBJECT* algorithm = nullptr;
  const bool rsa = p8 != nullptr && PKCS8_pkey_get0(&algorithm, nullptr, nullptr, nullptr, p8) == 1 &&
                   OBJ_obj2nid(algorithm) == NID_rsaEncryption;
  PKCS8_PRIV_KEY_INFO_free(p8); // clears the key bytes
  return rsa;
}

// DER of an RSA private key in `structure` ("PrivateKeyInfo" or "type-specific") with only the
// RSA decoders asked; null if it is not one. A key without its private part is refused, as the
// generic reader refuses it (a guard: EVP_PKEY_KEYPAIR also selects public-key decoding).
EvpPkeyPtr decode_rsa_der(const unsigned char* der, long len, const char* structure)
{
  EVP_PKEY* raw = nullptr;
  OSSL_DECODER_CTX* ctx = OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", structure, "RSA", EVP_PKEY_KEYPAIR, nullptr,
                                                        nullptr);
  std::size_t left = static_cast<std::size_t>(len);
  const bool ok = ctx != nullptr && OSSL_DECODER_from_data(ctx, &der, &left) == 1;
  OSSL_DECODER_CTX_free(ctx);
  EvpPkeyPtr key(raw);
  BIGNUM* d = nullptr;
  const bool has_private = ok && key && EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_D, &d) == 1;
  BN_clear_free(d);
  return has_private ? std::move(key) : EvpPkeyPtr();
}

// Fast path for an unencrypted RSA key, for start-up time (docs/PERFORMANCE.md):
// PEM_read_bio_PrivateKey sets up every decoder OpenSSL has (~0.55 ms in a fresh process);
// reading the PEM block ourselves and asking only the RSA DER decoder costs ~0.29 ms. Takes the
// block PEM_read_bio_PrivateKey would take (the first "... PRIVATE KEY" one) and returns null on
// anything else (EC, headers, odd PEM), so that the generic path decides and words the error.
EvpPkeyPtr read_plain_rsa(std::string_view pem)
{
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  EvpPkeyPtr key;
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* der = nullptr;
  long len = 0;
  while (bio && PEM_read_bio(bio.get(), &name, &header, &der, &len) == 1) {
    const std::string_view label(name);
    const bool is_private = label.ends_with("PRIVATE KEY");
    const bool pkcs8 = label == "PRIVATE KEY" && is_pkcs8_rsa(der, len);
    if (header[0] == '\0' && (pkcs8 || label == "RSA PRIVATE KEY")) {
      key = decode_rsa_der(der, len, pkcs8 ? "PrivateKeyInfo" : "type-specific");
    }
    OPENSSL_cleanse(der, static_cast<std::size_t>(len)); // the DER is the secret key
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(der);
    if (is_private) {
      break;
    }
  }
  ERR_clear_error();
  return key;
}

core::Result<EvpPkeyPtr> read_pem(std::string_view pem, const std::optional<std::string>& passphrase,
                                  std::string_view source, PemKind kind)
{
  if (kind == PemKind::private_plain) {
    if (EvpPkeyPtr key = read_plain_rsa(pem)) {
      return key;
    }
  }
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return make_error(ErrorKind::internal, std::string(source) + ": out of memory reading the key");
  }
  std::string pass = passphrase.value_or(std::string());
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_callback, passphrase ? &pass : nullptr));
  std::fill(pass.begin(), pass.end(), '\0');
  ERR_clear_error();
  if (key) {
    return key;
  }
  if (kind == PemKind::private_encrypted) {
    return make_error(ErrorKind::auth, std::string(source) + ": cannot decrypt the private key: wrong passphrase");
  }
  return make_error(ErrorKind::config, std::string(source) + ": not a valid PEM private key (the PEM data is corrupt)");
}

// Appends a DER TLV: length in short form below 128, else 0x80 | n followed by n bytes.
void append_der(std::string& out, unsigned char tag, std::string_view content)
{
  out += static_cast<char>(tag);
  const std::size_t len = content.size();
  if (len < 0x80) {
    out += static_cast<char>(len);
  } else {
    int bytes = 0;
    for (std::size_t rest = len; rest != 0; rest >>= 8) {
      ++bytes;
    }
    out += static_cast<char>(0x80 | bytes);
    for (int i = bytes - 1; i >= 0; --i) {
      out += static_cast<char>((len >> (8 * i)) & 0xff);
    }
  }
  out += content;
}

// DER INTEGER of a non-negative BIGNUM: big-endian magnitude, with a leading 0x00 when the top
// bit is set (and 0 as a single 0x00).
void append_der_integer(std::string& out, const BIGNUM* bn)
{
  std::string magnitude(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(magnitude.data()));
  if (magnitude.empty() || (static_cast<unsigned char>(magnitude[0]) & 0x80) != 0) {
    magnitude.insert(magnitude.begin(), '\0');
  }
  append_der(out, 0x02, magnitude);
}

// SubjectPublicKeyInfo DER of an RSA key, built from n and e: i2d_PUBKEY would set up OpenSSL's
// encoders, ~0.33 ms in a fresh process, against ~0.01 ms here (start-up time, see
// docs/PERFORMANCE.md). Empty if n or e cannot be read.
std::string rsa_spki_der(const EVP_PKEY* pkey)
{
  // SEQUENCE { OID 1.2.840.113549.1.1.1 (rsaEncryption), NULL }
  static constexpr unsigned char k_rsa_algorithm[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                                      0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  std::string spki;
  if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) == 1 &&
      EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1) {
    std::string integers;
    append_der_integer(integers, n);
    append_der_integer(integers, e);
    std::string bits(1, '\0'); // BIT STRING: no unused bits, then RSAPublicKey
    append_der(bits, 0x30, integers);
    std::string body(reinterpret_cast<const char*>(k_rsa_algorithm), sizeof k_rsa_algorithm);
    append_der(body, 0x03, bits);
    append_der(spki, 0x30, body);
  }
  BN_free(n);
  BN_free(e);
  return spki;
}

} // namespace

PrivateKey::PrivateKey(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}

core::Result<PrivateKey> PrivateKey::from_pem(std::string_view pem, const std::optional<std::string>& passphrase,
                                              std::string_view source)
{
  const PemKind kind = classify_pem(pem);
  const std::string where(source);
  switch (kind) {
  case PemKind::none:
    return make_error(ErrorKind::config, where + ": not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)");
  case PemKind::public_key:
    return make_error(ErrorKind::config, where + ": a public key was given; key_file must name the private key");
  case PemKind::private_encrypted:
    if (!passphrase || passphrase->empty()) {
      return make_error(ErrorKind::auth, where + ": the private key is encrypted; set pass_phrase in "
                                                 "the config profile or OCI_CLI_PASSPHRASE");
    }
    break;
  case PemKind::private_plain: break;
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
    return make_error(ErrorKind::internal, "cannot generate an RSA key of " + std::to_string(bits) + " bits");
  }
  EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  const bool ok = ctx && EVP_PKEY_keygen_init(ctx.get()) == 1 &&
                  EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) == 1 && EVP_PKEY_generate(ctx.get(), &raw) == 1;
  EvpPkeyPtr key(raw);
  ERR_clear_error();
  if (!ok || !key) {
    return make_error(ErrorKind::internal, "OpenSSL failed to generate an RSA key");
  }
  return PrivateKey(std::make_shared<Impl>(Impl{std::move(key)}));
}

std::string PrivateKey::fingerprint() const
{
  std::string der = rsa_spki_der(m_impl->pkey.get());
  if (der.empty()) {
    unsigned char* raw = nullptr;
    const int len = i2d_PUBKEY(m_impl->pkey.get(), &raw);
    if (len > 0) {
      der.assign(reinterpret_cast<const char*>(raw), static_cast<std::size_t>(len));
    }
    OPENSSL_free(raw);
  }
  std::string out;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  if (!der.empty() && EVP_Digest(der.data(), der.size(), md, &md_len, EVP_md5(), nullptr) == 1) {
    out = hex_colon(md, md_len);
  }
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
  const bool ok = bio &&
                  PEM_write_bio_PrivateKey(bio.get(), m_impl->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::string out = ok ? bio_to_string(bio.get()) : std::string();
  ERR_clear_error();
  return out;
}

core::Result<std::string> PrivateKey::sign_sha256_base64(std::string_view data) const
{
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t sig_len = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  bool ok = ctx && EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_impl->pkey.get()) == 1 &&
            EVP_DigestSign(ctx.get(), nullptr, &sig_len, bytes, data.size()) == 1;
  std::string sig(sig_len, '\0');
  ok = ok && EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sig_len, bytes, data.size()) == 1;
  ERR_clear_error();
  if (!ok) {
    return make_error(ErrorKind::internal, "OpenSSL failed to sign the request");
  }
  sig.resize(sig_len);
  return core::base64_encode(sig);
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
  return core::base64_encode(std::string_view(reinterpret_cast<const char*>(md), md_len));
}

} // namespace ocivanilla::auth
