#pragma once

// NATS identities in operator mode, made by a test the way `nsc` makes them: ed25519 keys
// (OpenSSL) encoded as nkeys, and JWTs signed with them. The operator vouches for accounts and an
// account for its users; a server trusts the operator and is told the accounts' JWTs
// (`resolver: MEMORY`); a client proves who it is with a creds file (its JWT and its seed).

#include <string>

namespace avx::testing {

// An nkey pair: `role` is 'O' (operator), 'A' (account) or 'U' (user).
struct NKey {
  std::string public_key;   // base32 with its role's prefix, e.g. "UD3X..."
  std::string seed;         // "SU...": the private key, as a creds file holds it
  std::string raw_private;  // the 32-byte ed25519 private key, for signing
};
NKey make_nkey(char role);

// A JWT (version 2 claims) of `type` ("operator", "account" or "user") about `subject`, signed by
// `issuer`. `nats_members` are extra members of the "nats" claim in JSON, e.g. limits or
// permissions (`"pub":{"allow":["orders.>"]}`), without the braces.
std::string make_jwt(const NKey& issuer, const std::string& subject, const std::string& name, const std::string& type,
                     const std::string& nats_members);

// The text of a creds file for `user`, whose JWT is `jwt`.
std::string creds_text(const std::string& jwt, const NKey& user);

// One operator, a system account and an application account with JetStream; users are made on
// demand. server_config() is the configuration that makes a nats-server trust them.
class Operator {
 public:
  Operator();
  std::string server_config() const;
  // A creds file's text for a new user of the application account; `permissions` are members of
  // the user's "nats" claim (empty: may do anything).
  std::string user_creds(const std::string& name, const std::string& permissions = "") const;

 private:
  NKey operator_, system_, account_;
  std::string operator_jwt_, system_jwt_, account_jwt_;
};

}  // namespace avx::testing
