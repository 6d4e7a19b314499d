// Who may talk to the server, against real nats-servers each test starts: TLS with certificates
// the fixture makes (the server verifies clients), user and password, a token, and per-user
// permissions, where a subject the server denies is a kPermissionDenied error naming it, on
// publish, subscribe and request, never a silent drop. And the connection's events.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <avx/events/nats/request_reply.h>
#include <avx/events/nats/transport.h>

#include "tests/schemas/orders.avx.h"
#include "tests/support/deadline.h"
#include "tests/transports/nats_fixture.h"
#include "tools/dev/nats_server.h"

namespace {

using namespace std::chrono_literals;
using avx::events::Errc;
using avx::events::RawEnvelope;
using avx::events::Status;
using avx::events::nats::ConnectionEvent;
using avx::events::nats::Delivery;
using avx::events::nats::Options;
using avx::events::nats::Transport;
using avx::testing::eventually;
using avx::testing::raw;
using avx::dev::NatsServer;
using avx::dev::NatsServerOptions;
using ::testing::HasSubstr;

Options options_for(const NatsServer& server) { return avx::testing::quick_options(server); }

// Publishes on `topic` and reads it back with a fresh subscriber.
void round_trip(Transport& t, const std::string& topic) {
  ASSERT_TRUE(t.ensure_stream({topic}));
  auto ack = t.publish_raw(raw(topic));
  ASSERT_TRUE(ack) << ack.error().message();
  std::atomic<int> seen{0};
  auto sub = t.subscribe_raw(topic, [&](const RawEnvelope&, const Delivery&) -> Status {
    ++seen;
    return {};
  });
  ASSERT_TRUE(sub) << sub.error().message();
  EXPECT_TRUE(eventually([&] { return seen.load() == 1; }, 10s));
}

NatsServerOptions tls_server() {
  NatsServerOptions o;
  o.tls = true;
  return o;
}

TEST(NatsTls, ClientWithTheCaAndItsCertificateTalksToTheServer) {
  NatsServer server(tls_server());
  Options o = options_for(server);
  o.tls_ca = server.file("ca.pem");
  o.tls_cert = server.file("client.pem");
  o.tls_key = server.file("client-key.pem");
  auto t = Transport::connect(o);
  ASSERT_TRUE(t) << t.error().message();
  round_trip(**t, "secure.orders");
}

TEST(NatsTls, FilesComeFromTheEnvironmentWhenOptionsAreEmpty) {
  NatsServer server(tls_server());
  ASSERT_EQ(setenv("AVX_NATS_TLS_CA", server.file("ca.pem").c_str(), 1), 0);
  ASSERT_EQ(setenv("AVX_NATS_TLS_CERT", server.file("client.pem").c_str(), 1), 0);
  ASSERT_EQ(setenv("AVX_NATS_TLS_KEY", server.file("client-key.pem").c_str(), 1), 0);
  auto t = Transport::connect(options_for(server));
  unsetenv("AVX_NATS_TLS_CA");
  unsetenv("AVX_NATS_TLS_CERT");
  unsetenv("AVX_NATS_TLS_KEY");
  ASSERT_TRUE(t) << t.error().message();
  round_trip(**t, "secure.env");
}

TEST(NatsTls, ServerRefusesPlainClientsAndClientsWithoutACertificate) {
  NatsServer server(tls_server());
  auto plain = Transport::connect(options_for(server));
  ASSERT_FALSE(plain);
  EXPECT_THAT(plain.error().message(), HasSubstr("cannot connect to NATS at " + server.url()));

  Options no_cert = options_for(server);
  no_cert.tls_ca = server.file("ca.pem");
  auto refused = Transport::connect(no_cert);
  ASSERT_FALSE(refused);
  EXPECT_THAT(refused.error().message(), HasSubstr(server.url()));

  Options missing = options_for(server);
  missing.tls_ca = server.file("no-such-ca.pem");
  auto unreadable = Transport::connect(missing);
  ASSERT_FALSE(unreadable);
  EXPECT_THAT(unreadable.error().message(), HasSubstr("NATS options"));
}

// `orders` may publish its own events and use JetStream's publish acks, but not create consumers
// or publish elsewhere; `admin` may do anything.
NatsServerOptions users_server() {
  NatsServerOptions o;
  o.config = R"(
authorization {
  users = [
    { user: admin, password: admin-secret }
    { user: orders, password: orders-secret,
      permissions: {
        publish: { allow: ["orders.>", "$JS.API.STREAM.INFO.>"] }
        subscribe: { allow: ["_INBOX.>"] }
      }
    }
  ]
}
)";
  return o;
}

Options as(const NatsServer& server, const char* user, const char* password) {
  Options o = options_for(server);
  o.user = user;
  o.password = password;
  return o;
}

TEST(NatsPermissions, WrongPasswordIsRefusedAtConnect) {
  NatsServer server(users_server());
  auto t = Transport::connect(as(server, "orders", "guess"));
  ASSERT_FALSE(t);
  EXPECT_THAT(t.error().message(), HasSubstr("Authorization"));
}

TEST(NatsPermissions, DeniedSubjectsAreErrorsThatSaySo) {
  NatsServer server(users_server());
  auto admin = Transport::connect(as(server, "admin", "admin-secret"));
  ASSERT_TRUE(admin) << admin.error().message();
  ASSERT_TRUE((*admin)->ensure_stream({"orders.**", "billing.**"}));
  auto orders = Transport::connect(as(server, "orders", "orders-secret"));
  ASSERT_TRUE(orders) << orders.error().message();

  auto allowed = (*orders)->publish_raw(raw("orders.placed"));
  EXPECT_TRUE(allowed) << allowed.error().message();

  auto published = (*orders)->publish_raw(raw("billing.charged"));
  ASSERT_FALSE(published);
  EXPECT_EQ(published.error().code(), Errc::kPermissionDenied);
  EXPECT_THAT(published.error().message(), HasSubstr("Permissions Violation for Publish to \"billing.charged\""));

  ASSERT_TRUE((*orders)->publish_async_raw(raw("billing.refunded")));
  auto flushed = (*orders)->flush();
  ASSERT_FALSE(flushed);
  EXPECT_EQ(flushed.error().code(), Errc::kPermissionDenied);
  EXPECT_THAT(flushed.error().message(), HasSubstr("\"billing.refunded\""));

  auto subscribed = (*orders)->subscribe_raw("orders.*", [](const RawEnvelope&, const Delivery&) -> Status { return {}; });
  ASSERT_FALSE(subscribed);
  EXPECT_EQ(subscribed.error().code(), Errc::kPermissionDenied);
  EXPECT_THAT(subscribed.error().message(), HasSubstr("Permissions Violation"));

  avx::events::RequestOptions quick;
  quick.timeout = 500ms;
  auto asked = avx::events::nats::request(**orders, tests::orders::GetOrder{"o-1"}, quick);
  ASSERT_FALSE(asked);
  EXPECT_EQ(asked.error().code(), Errc::kPermissionDenied);
}

TEST(NatsPermissions, TokenIdentifiesTheClient) {
  NatsServerOptions token;
  token.config = "authorization { token: \"s3cret-token\" }\n";
  NatsServer server(token);
  Options o = options_for(server);
  o.token = "s3cret-token";
  auto t = Transport::connect(o);
  ASSERT_TRUE(t) << t.error().message();
  round_trip(**t, "token.orders");
  auto anonymous = Transport::connect(options_for(server));
  ASSERT_FALSE(anonymous);
}

TEST(NatsConnection, EventsReportDisconnectReconnectAndClose) {
  NatsServer server;
  std::mutex m;
  std::vector<ConnectionEvent::Kind> kinds;
  Options o = options_for(server);
  o.on_event = [&](const ConnectionEvent& e) {
    std::lock_guard lock(m);
    kinds.push_back(e.kind);
  };
  auto has = [&](ConnectionEvent::Kind kind) {
    std::lock_guard lock(m);
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
  };
  auto t = Transport::connect(o);
  ASSERT_TRUE(t) << t.error().message();
  server.kill();
  EXPECT_TRUE(eventually([&] { return has(ConnectionEvent::Kind::kDisconnected); }, 10s));
  server.restart();
  EXPECT_TRUE(eventually([&] { return has(ConnectionEvent::Kind::kReconnected); }, 20s));
  t->reset();  // the last callback has run when the transport is gone
  EXPECT_TRUE(has(ConnectionEvent::Kind::kClosed));
}

}  // namespace
