#include "tests/transports/nats_creds.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string_view>

#include <openssl/evp.h>

namespace avx::testing {
namespace {

// The first byte of an encoded key says what it is: its top five bits are the base32 letter.
std::uint8_t prefix_byte(char role) {
  switch (role) {
    case 'O': return 14 << 3;
    case 'A': return 0;
    case 'U': return 20 << 3;
    case 'S': return 18 << 3;
  }
  throw std::invalid_argument(std::string("no nkey role ") + role);
}

// CRC-16/XMODEM, which nkeys append (little-endian) to what they encode.
std::uint16_t crc16(std::string_view bytes) {
  std::uint16_t crc = 0;
  for (unsigned char b : bytes) {
    crc ^= static_cast<std::uint16_t>(b << 8);
    for (int i = 0; i < 8; ++i) crc = (crc & 0x8000) ? static_cast<std::uint16_t>((crc << 1) ^ 0x1021) : static_cast<std::uint16_t>(crc << 1);
  }
  return crc;
}

// RFC 4648 base32, no padding.
std::string base32(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

std::string with_crc(std::string raw) {
  std::uint16_t crc = crc16(raw);
  raw += static_cast<char>(crc & 0xff);
  raw += static_cast<char>(crc >> 8);
  return raw;
}

// Base64url without padding, as JWTs are written.
std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

std::string sign(const NKey& key, std::string_view message) {
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(key.raw_private.data()), key.raw_private.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  std::string signature(64, '\0');
  std::size_t size = signature.size();
  if (!pkey || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    throw std::runtime_error("ed25519 signing failed");
  }
  signature.resize(size);
  return signature;
}

std::string sha256(std::string_view bytes) {
  std::string digest(32, '\0');
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(digest.data()), &size, EVP_sha256(),
                 nullptr) != 1) {
    throw std::runtime_error("sha256 failed");
  }
  return digest;
}

}  // namespace

NKey make_nkey(char role) {
  EVP_PKEY* generated = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr),
                                                                   &EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &generated) != 1) {
    throw std::runtime_error("ed25519 key generation failed");
  }
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(generated);
  std::string priv(32, '\0'), pub(32, '\0');
  std::size_t priv_size = 32, pub_size = 32;
  EVP_PKEY_get_raw_private_key(pkey.get(), reinterpret_cast<unsigned char*>(priv.data()), &priv_size);
  EVP_PKEY_get_raw_public_key(pkey.get(), reinterpret_cast<unsigned char*>(pub.data()), &pub_size);

  const std::uint8_t prefix = prefix_byte(role);
  NKey key;
  key.raw_private = priv;
  key.public_key = base32(with_crc(std::string(1, static_cast<char>(prefix)) + pub));
  std::string seed;
  seed += static_cast<char>(prefix_byte('S') | (prefix >> 5));
  seed += static_cast<char>((prefix & 31) << 3);
  key.seed = base32(with_crc(seed + priv));
  return key;
}

std::string make_jwt(const NKey& issuer, const std::string& subject, const std::string& name, const std::string& type,
                     const std::string& nats_members) {
  const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
  std::string nats = "{" + nats_members + (nats_members.empty() ? "" : ",") + "\"type\":\"" + type + "\",\"version\":2}";
  std::string body = "\"iat\":" + std::to_string(now) + ",\"iss\":\"" + issuer.public_key + "\",\"name\":\"" + name +
                     "\",\"sub\":\"" + subject + "\",\"nats\":" + nats;
  std::string claims = "{\"jti\":\"" + base32(sha256("{" + body + "}")) + "\"," + body + "}";
  std::string signing_input = base64url(R"({"typ":"JWT","alg":"ed25519-nkey"})") + "." + base64url(claims);
  return signing_input + "." + base64url(sign(issuer, signing_input));
}

std::string creds_text(const std::string& jwt, const NKey& user) {
  return "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n" +
         "************************* IMPORTANT *************************\n"
         "NKEY Seed printed below can be used to sign and prove identity.\n\n"
         "-----BEGIN USER NKEY SEED-----\n" + user.seed + "\n------END USER NKEY SEED------\n";
}

Operator::Operator() : operator_(make_nkey('O')), system_(make_nkey('A')), account_(make_nkey('A')) {
  operator_jwt_ = make_jwt(operator_, operator_.public_key, "avx-test-operator", "operator", "");
  system_jwt_ = make_jwt(operator_, system_.public_key, "SYS", "account", "");
  account_jwt_ = make_jwt(operator_, account_.public_key, "app", "account",
                          R"("limits":{"subs":-1,"data":-1,"payload":-1,"imports":-1,"exports":-1,)"
                          R"("wildcards":true,"conn":-1,"leaf":-1,"mem_storage":-1,"disk_storage":-1,)"
                          R"("streams":-1,"consumer":-1})");
}

std::string Operator::server_config() const {
  return "operator: \"" + operator_jwt_ + "\"\nsystem_account: " + system_.public_key +
         "\nresolver: MEMORY\nresolver_preload: {\n  " + system_.public_key + ": \"" + system_jwt_ + "\"\n  " +
         account_.public_key + ": \"" + account_jwt_ + "\"\n}\n";
}

std::string Operator::user_creds(const std::string& name, const std::string& permissions) const {
  NKey user = make_nkey('U');
  std::string members = R"("subs":-1,"data":-1,"payload":-1)";
  if (!permissions.empty()) members = permissions + "," + members;
  return creds_text(make_jwt(account_, user.public_key, name, "user", members), user);
}

}  // namespace avx::testing
