// Creds files against a real nats-server in operator mode: the test mints the operator, accounts
// and users itself (tests/transports/nats_creds.h), as `nsc` would. A user of a trusted account
// connects with its creds file (from the options or $AVX_NATS_CREDS) and uses JetStream; the
// permissions in its JWT hold; a user the server cannot trace to its operator, a missing file and
// no credentials at all are refused with errors that say so.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events/nats/transport.h>

#include "tests/support/deadline.h"
#include "tests/transports/nats_creds.h"
#include "tests/transports/nats_fixture.h"
#include "tools/dev/nats_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::Errc;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::nats::Delivery;
using avx::events::nats::Options;
using avx::events::nats::Transport;
using avx::testing::eventually;
using avx::testing::raw;
using ::testing::HasSubstr;

class NatsCreds : public ::testing::Test {
 protected:
  // Writes `text` into the server's dir as `name`; returns its path.
  std::string write(const std::string& name, const std::string& text) {
    std::string path = server.file(name);
    std::ofstream(path) << text;
    return path;
  }

  Options with_creds(const std::string& path) {
    Options o = avx::testing::quick_options(server);
    o.creds_file = path;
    return o;
  }

  static avx::dev::NatsServerOptions trusting(const avx::testing::Operator& op) {
    avx::dev::NatsServerOptions o;
    o.config = op.server_config();
    return o;
  }

  avx::testing::Operator op;
  avx::dev::NatsServer server{trusting(op)};
};

TEST_F(NatsCreds, AUserOfATrustedAccountPublishesAndConsumesThroughJetStream) {
  auto t = Transport::connect(with_creds(write("orders.creds", op.user_creds("orders"))));
  ASSERT_TRUE(t) << t.error().message();
  ASSERT_TRUE((*t)->ensure_stream({"orders.**"}));
  auto ack = (*t)->publish_raw(raw("orders.placed", "payload-1"));
  ASSERT_TRUE(ack) << ack.error().message();
  std::atomic<int> seen{0};
  std::string payload;
  auto sub = (*t)->subscribe_raw("orders.*", [&](const RawEnvelope& e, const Delivery&) -> Status {
    payload = e.payload;
    ++seen;
    return {};
  });
  ASSERT_TRUE(sub) << sub.error().message();
  ASSERT_TRUE(eventually([&] { return seen.load() == 1; }, 10s));
  EXPECT_EQ(payload, "payload-1");
}

TEST_F(NatsCreds, NoCredentialsIsRefused) {
  auto anonymous = Transport::connect(with_creds(""));
  ASSERT_FALSE(anonymous);
  EXPECT_THAT(anonymous.error().message(), HasSubstr("Authorization"));
}

TEST_F(NatsCreds, TheJwtsPermissionsHold) {
  std::string may_publish_orders_only =
      R"("pub":{"allow":["orders.>","$JS.API.>"]},"sub":{"allow":["_INBOX.>"]})";
  auto t = Transport::connect(with_creds(write("orders.creds", op.user_creds("orders", may_publish_orders_only))));
  ASSERT_TRUE(t) << t.error().message();
  ASSERT_TRUE((*t)->ensure_stream({"orders.**", "billing.**"}));
  auto allowed = (*t)->publish_raw(raw("orders.placed"));
  EXPECT_TRUE(allowed) << allowed.error().message();
  auto denied = (*t)->publish_raw(raw("billing.charged"));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), Errc::kPermissionDenied);
  EXPECT_THAT(denied.error().message(), HasSubstr("\"billing.charged\""));
}

TEST_F(NatsCreds, AUserSignedByAnAccountTheServerDoesNotKnowIsRefused) {
  avx::testing::Operator stranger;
  auto t = Transport::connect(with_creds(write("stranger.creds", stranger.user_creds("mallory"))));
  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message(), HasSubstr("Authorization"));
}

TEST_F(NatsCreds, AMissingCredsFileIsAnErrorNamingIt) {
  auto t = Transport::connect(with_creds(server.file("absent.creds")));
  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message(), HasSubstr("absent.creds"));
}

TEST_F(NatsCreds, TheCredsFileComesFromTheEnvironmentWhenOptionsHaveNone) {
  ASSERT_EQ(setenv("AVX_NATS_CREDS", write("env.creds", op.user_creds("from-env")).c_str(), 1), 0);
  auto t = Transport::connect(with_creds(""));
  unsetenv("AVX_NATS_CREDS");
  ASSERT_TRUE(t) << t.error().message();
  EXPECT_TRUE((*t)->connected());
}

}  // namespace
