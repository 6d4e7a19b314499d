#pragma once

// Name conversions shared by the front end, the checks and the emitter.

#include <string>
#include <string_view>

namespace avx::codegen {

// OrderPlaced -> order_placed, HTTPRequest -> http_request.
std::string snake_case(std::string_view upper_camel);
// order_id -> orderId (Cap'n Proto field names); PENDING -> pending, IN_STOCK -> inStock.
std::string lower_camel(std::string_view name);
// order_id -> OrderId (Cap'n Proto accessor suffix: getOrderId).
std::string upper_camel(std::string_view name);

// The names generated code gives to what a schema declares. The checks refuse a schema whose own
// names collide with them; the emitter and the CLI spell them only through these.
std::string superseded_event_name(std::string_view event, int version);  // OrderPlaced, 1 -> OrderPlacedV1
std::string aggregate_state_name(std::string_view aggregate);            // Order -> OrderState
std::string handler_name(std::string_view message);                      // PlaceOrder -> PlaceOrderHandler

bool is_package_name(std::string_view name);      // shop.orders
bool is_upper_camel(std::string_view name);       // OrderPlaced
bool is_lower_snake(std::string_view name);       // order_id (no double or trailing _)
bool is_enumerant_name(std::string_view name);    // USD, IN_STOCK, InStock
bool is_cpp_keyword(std::string_view name);
bool is_reserved_member_name(std::string_view name);  // keywords and `std`

}  // namespace avx::codegen
