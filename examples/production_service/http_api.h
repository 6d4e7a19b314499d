#pragma once

// The service's own API over HTTP: commands and queries as JSON, through the CQRS buses.
//
//   POST /commands/place-order   {"order_id":"o-1","user_id":"ada","amount_cents":4200}
//   POST /commands/cancel-order  {"order_id":"o-1","reason":"changed my mind"}
//   POST /queries/user-orders    {"user_id":"ada"}
//
// 200 with {"ok":true} (or the query's answer) once the events are stored; 400 for JSON that is
// not the command; 404, 409 for what the domain refuses; 503 while the service shuts down.
//
// Every event a command causes carries the request's origin: the user from the X-User-Id header
// (in a real service: from the verified token), the service's name as source, and X-Request-Id
// as correlation id when the caller sent one.

#include <string>

#include <avx/events.h>
#include <avx/events/http_endpoints.h>
#include <avx/events/work_gate.h>

namespace examples::shop {

void add_api_routes(avx::events::service::HttpEndpoints& http, avx::events::CommandBus& commands,
                    avx::events::QueryBus& queries, avx::events::service::WorkGate& gate, std::string source);

}  // namespace examples::shop
