#include "examples/production_service/http_api.h"

#include <nlohmann/json.hpp>

#include "examples/production_service/shop.avx.h"

namespace examples::shop {
namespace {

using avx::events::Errc;
using avx::events::service::HttpRequest;
using avx::events::service::HttpResponse;
using avx::events::service::WorkGate;

int http_status(Errc code) {
  switch (code) {
    case Errc::kInvalidArgument:
      return 400;
    case Errc::kNotFound:
      return 404;
    case Errc::kConflict:
    case Errc::kAlreadyExists:
    case Errc::kFailedPrecondition:
      return 409;
    case Errc::kUnavailable:
      return 503;
    case Errc::kTimeout:
      return 504;
    default:
      return 500;
  }
}

HttpResponse error(int status, const std::string& message) {
  return {status, nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

// Who sent the request, from where, for the events it causes.
avx::events::DispatchContext context_of(const HttpRequest& request, const std::string& source) {
  avx::events::DispatchContext context;
  context.correlation_id = request.header("X-Request-Id");
  context.origin.user_id = request.header("X-User-Id");
  context.origin.source = source;
  return context;
}

// Parses M from the body and dispatches it while the gate is open; `answer` turns the result
// into the response body.
template <class M, class Bus, class Answer>
HttpResponse dispatch(Bus& bus, WorkGate& gate, const HttpRequest& request, const std::string& source,
                      Answer answer) {
  auto ticket = gate.enter();
  if (!ticket) return error(503, "shutting down");
  auto message = avx::events::from_json<M>(request.body());
  if (!message) return error(400, message.error().message());
  auto context = context_of(request, source);
  if (auto origin = avx::events::check_origin(context.origin); !origin) return error(400, origin.error().message());
  if (auto id = avx::events::check_metadata_text("X-Request-Id", context.correlation_id); !id) {
    return error(400, id.error().message());
  }
  auto result = bus.dispatch(*message, context);
  if (!result) return error(http_status(result.error().code()), result.error().message());
  return {200, answer(*result)};
}

}  // namespace

void add_api_routes(avx::events::service::HttpEndpoints& http, avx::events::CommandBus& commands,
                    avx::events::QueryBus& queries, WorkGate& gate, std::string source) {
  auto ok = [](const auto&) { return std::string(R"({"ok":true})"); };
  http.add_post("/commands/place-order", [&, ok, source](const HttpRequest& request) {
    return dispatch<PlaceOrder>(commands, gate, request, source, ok);
  });
  http.add_post("/commands/cancel-order", [&, ok, source](const HttpRequest& request) {
    return dispatch<CancelOrder>(commands, gate, request, source, ok);
  });
  http.add_post("/queries/user-orders", [&, source](const HttpRequest& request) {
    return dispatch<GetUserOrders>(queries, gate, request, source,
                                   [](const UserOrders& u) { return avx::events::to_json(u); });
  });
}

}  // namespace examples::shop
