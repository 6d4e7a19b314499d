#include "runtime/transports/nats/internal/connection.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "runtime/transports/nats/internal/envelope_headers.h"

namespace avx::events::nats {
namespace {

using namespace std::chrono_literals;
using internal::failed;

constexpr std::size_t kRecentDenials = 16;

// The option's value, else the environment variable's, else empty.
std::string or_env(const std::string& value, const char* variable) {
  if (!value.empty()) return value;
  const char* env = std::getenv(variable);
  return env != nullptr ? env : "";
}

std::string last_error_of(natsConnection* nc) {
  const char* text = nullptr;
  natsConnection_GetLastError(nc, &text);
  return text != nullptr ? text : "";
}

}  // namespace

const char* to_string(ConnectionEvent::Kind kind) {
  switch (kind) {
    case ConnectionEvent::Kind::kDisconnected: return "disconnected";
    case ConnectionEvent::Kind::kReconnected: return "reconnected";
    case ConnectionEvent::Kind::kClosed: return "closed";
    case ConnectionEvent::Kind::kError: return "error";
  }
  return "unknown";
}

Result<std::shared_ptr<Transport::Connection>> Transport::Connection::open(Options options) {
  auto c = std::make_shared<Connection>();
  c->options = std::move(options);
  c->options.url = or_env(c->options.url, "AVX_NATS_URL");
  c->url = c->options.url.empty() ? "nats://127.0.0.1:4222" : c->options.url;
  natsStatus s = natsOptions_Create(&c->nats_options);
  if (s == NATS_OK) s = c->configure();
  if (s != NATS_OK) return failed("NATS options for " + c->url, s);
  auto until = std::chrono::steady_clock::now() + c->options.connect_timeout;
  while ((s = natsConnection_Connect(&c->connection, c->nats_options)) != NATS_OK) {
    // A refused identity or certificate does not get better by waiting.
    if (s == NATS_NOT_PERMITTED || s == NATS_SSL_ERROR || s == NATS_SECURE_CONNECTION_REQUIRED ||
        std::chrono::steady_clock::now() >= until) {
      return failed("cannot connect to NATS at " + c->url, s);
    }
    std::this_thread::sleep_for(50ms);
  }
  c->async = std::make_unique<internal::AsyncPublishes>(c->options.publish_deadline);
  jsOptions js_options;
  jsOptions_Init(&js_options);
  js_options.PublishAsync.MaxPending = c->options.async_window;
  js_options.PublishAsync.ErrHandler = &internal::AsyncPublishes::on_error;
  js_options.PublishAsync.ErrHandlerClosure = c->async.get();
  s = natsConnection_JetStream(&c->js, c->connection, &js_options);
  if (s != NATS_OK) return failed("JetStream context on " + c->url, s);
  return c;
}

natsStatus Transport::Connection::configure() {
  natsOptions* o = nats_options;
  natsStatus s = natsOptions_SetURL(o, url.c_str());
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(o, -1);  // keep trying; publish has a deadline
  // Write each message at once instead of waiting for the client's flusher thread: a request or
  // a reply otherwise waits about 1 ms for it (measured in nats_bench).
  if (s == NATS_OK) s = natsOptions_SetSendAsap(o, true);
  if (s == NATS_OK) s = natsOptions_SetDisconnectedCB(o, &on_disconnected, this);
  if (s == NATS_OK) s = natsOptions_SetReconnectedCB(o, &on_reconnected, this);
  if (s == NATS_OK) s = natsOptions_SetClosedCB(o, &on_closed, this);
  if (s == NATS_OK) s = natsOptions_SetErrorHandler(o, &on_error, this);
  const std::string ca = or_env(options.tls_ca, "AVX_NATS_TLS_CA");
  const std::string cert = or_env(options.tls_cert, "AVX_NATS_TLS_CERT");
  const std::string key = or_env(options.tls_key, "AVX_NATS_TLS_KEY");
  const std::string creds = or_env(options.creds_file, "AVX_NATS_CREDS");
  if (s == NATS_OK && (!ca.empty() || !cert.empty() || url.rfind("tls://", 0) == 0)) s = natsOptions_SetSecure(o, true);
  if (s == NATS_OK && !ca.empty()) s = natsOptions_LoadCATrustedCertificates(o, ca.c_str());
  if (s == NATS_OK && !cert.empty()) s = natsOptions_LoadCertificatesChain(o, cert.c_str(), key.c_str());
  if (s == NATS_OK && !options.user.empty()) {
    s = natsOptions_SetUserInfo(o, options.user.c_str(), options.password.c_str());
  }
  if (s == NATS_OK && !options.token.empty()) s = natsOptions_SetToken(o, options.token.c_str());
  if (s == NATS_OK && !creds.empty()) s = natsOptions_SetUserCredentialsFromFiles(o, creds.c_str(), nullptr);
  return s;
}

Transport::Connection::~Connection() {
  if (connection != nullptr) {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    natsConnection_Close(connection);
    // nats.c calls on_closed on its own thread, possibly after Close returned: `this` must live
    // until then. Bounded, so a client that never calls back cannot hang a shutdown.
    std::unique_lock lock(mutex_);
    closed_cv_.wait_for(lock, 5s, [this] { return closed_; });
  }
  jsCtx_Destroy(js);
  natsConnection_Destroy(connection);
  natsOptions_Destroy(nats_options);
}

void Transport::Connection::report(ConnectionEvent::Kind kind, std::string detail) {
  ConnectionEvent event{kind, url, std::move(detail)};
  if (options.on_event) return options.on_event(event);
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;  // the disconnect and close of our own shutdown are no news
  }
  std::cerr << "avx-events nats: " << to_string(kind) << " (" << url << ")"
            << (event.detail.empty() ? "" : ": " + event.detail) << "\n";
}

void Transport::Connection::on_disconnected(natsConnection* nc, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  self->report(ConnectionEvent::Kind::kDisconnected, last_error_of(nc));
}

void Transport::Connection::on_reconnected(natsConnection*, void* closure) {
  static_cast<Connection*>(closure)->report(ConnectionEvent::Kind::kReconnected, "");
}

void Transport::Connection::on_closed(natsConnection*, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  self->report(ConnectionEvent::Kind::kClosed, "");
  std::lock_guard lock(self->mutex_);
  self->closed_ = true;
  self->closed_cv_.notify_all();  // under the lock: the destructor may free the cv once it sees closed_
}

void Transport::Connection::on_error(natsConnection* nc, natsSubscription*, natsStatus status, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  std::string text = last_error_of(nc);
  if (text.empty()) text = natsStatus_GetText(status);
  if (status == NATS_NOT_PERMITTED) {
    std::lock_guard lock(self->mutex_);
    ++self->denial_count_;
    self->recent_denials_.push_back(text);
    if (self->recent_denials_.size() > kRecentDenials) self->recent_denials_.pop_front();
  }
  self->report(ConnectionEvent::Kind::kError, std::move(text));
}

std::optional<std::string> Transport::Connection::denial(std::string_view subject) const {
  const std::string quoted = "\"" + std::string(subject) + "\"";
  {
    std::lock_guard lock(mutex_);
    for (auto it = recent_denials_.rbegin(); it != recent_denials_.rend(); ++it) {
      if (it->find(quoted) != std::string::npos) return *it;
    }
  }
  // The callback runs on the client's callback thread, maybe not yet; the connection's last
  // error is set before the server's next reply is read.
  const char* text = nullptr;
  if (connection != nullptr && natsConnection_GetLastError(connection, &text) == NATS_NOT_PERMITTED &&
      text != nullptr && std::string_view(text).find(quoted) != std::string_view::npos) {
    return std::string(text);
  }
  return std::nullopt;
}

std::optional<std::string> Transport::Connection::denial_since(std::uint64_t mark) const {
  std::lock_guard lock(mutex_);
  if (denial_count_ == mark || recent_denials_.empty()) return std::nullopt;
  return recent_denials_.back();
}

std::uint64_t Transport::Connection::denials() const {
  std::lock_guard lock(mutex_);
  return denial_count_;
}

}  // namespace avx::events::nats
