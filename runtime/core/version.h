#pragma once

// Generated code checks this against the version of the generator that wrote it.
#define AVX_EVENTS_VERSION 1
