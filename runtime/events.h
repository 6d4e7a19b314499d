#pragma once

// Umbrella header of the avx-events runtime.

#include "avx/events/bus.h"        // IWYU pragma: export
#include "avx/events/catch_up.h"   // IWYU pragma: export
#include "avx/events/codec.h"      // IWYU pragma: export
#include "avx/events/consumer_group.h"  // IWYU pragma: export
#include "avx/events/cqrs/aggregate_command.h"  // IWYU pragma: export
#include "avx/events/cqrs/command_bus.h"  // IWYU pragma: export
#include "avx/events/cqrs/middleware.h"   // IWYU pragma: export
#include "avx/events/cqrs/query_bus.h"    // IWYU pragma: export
#include "avx/events/cqrs/request_reply.h"  // IWYU pragma: export
#include "avx/events/dlq/dead_letter.h"    // IWYU pragma: export
#include "avx/events/dlq/dead_letter_guard.h"  // IWYU pragma: export
#include "avx/events/dlq/retry_policy.h"   // IWYU pragma: export
#include "avx/events/durable_subscription.h"  // IWYU pragma: export
#include "avx/events/envelope.h"   // IWYU pragma: export
#include "avx/events/event_cursor.h"  // IWYU pragma: export
#include "avx/events/event_id.h"   // IWYU pragma: export
#include "avx/events/partition.h"  // IWYU pragma: export
#include "avx/events/repository.h" // IWYU pragma: export
#include "avx/events/result.h"     // IWYU pragma: export
#include "avx/events/store.h"      // IWYU pragma: export
#include "avx/events/sqlite.h"     // IWYU pragma: export
#include "avx/events/time.h"       // IWYU pragma: export
#include "avx/events/topic.h"      // IWYU pragma: export
#include "avx/events/topic_bus.h"  // IWYU pragma: export
#include "avx/events/type_registry.h"  // IWYU pragma: export
#include "avx/events/version.h"    // IWYU pragma: export
