"""The Bazel rules users call, from the repository's top level:

    load("@avx_events//:defs.bzl", "avx_events_cc_library")

avx_events_cc_library: C++ generated from YAML or Cap'n Proto schemas (codegen/defs.bzl).
avx_events_compat_test: fails when schemas break compatibility with a baseline.
avx_events_stubs_test: fails when handler code falls behind its schema.
"""

load(
    "//codegen:defs.bzl",
    _avx_events_cc_library = "avx_events_cc_library",
    _avx_events_compat_test = "avx_events_compat_test",
    _avx_events_stubs_test = "avx_events_stubs_test",
)

avx_events_cc_library = _avx_events_cc_library
avx_events_compat_test = _avx_events_compat_test
avx_events_stubs_test = _avx_events_stubs_test
