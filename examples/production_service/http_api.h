#pragma once

// The service's own API over HTTP: commands and queries as JSON, through the CQRS buses.
//
//   POST /commands/place-order   {"order_id":"o-1","user_id":"ada","amount_cents":4200}
//   POST /commands/cancel-order  {"order_id":"o-1","reason":"changed my mind"}
//   POST /queries/user-orders    {"user_id":"ada"}
//
// 200 with {"ok":true} (or the query's answer) once the events are stored; 400 for JSON that is
// not the command; 404, 409 for what the domain refuses; 503 while the service shuts down.

#include <avx/events.h>
#include <avx/events/http_endpoints.h>
#include <avx/events/work_gate.h>

namespace examples::shop {

void add_api_routes(avx::events::service::HttpEndpoints& http, avx::events::CommandBus& commands,
                    avx::events::QueryBus& queries, avx::events::service::WorkGate& gate);

}  // namespace examples::shop
