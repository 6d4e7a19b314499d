"""One example program: the generated library of its schema and the binary that uses it.

What each example's BUILD file would otherwise repeat. A user's own BUILD file writes the two rules
out, as README.md shows:

    avx_events_cc_library(name = "greetings", srcs = ["greetings.yaml"])
    cc_binary(name = "app", srcs = ["main.cc"], deps = [":greetings", "//runtime"])
"""

load("@rules_cc//cc:defs.bzl", "cc_binary")
load("//codegen:defs.bzl", "avx_events_cc_library")

# The tests run every example and compile the README's snippets against their schemas.
_TESTS = ["//tests:__subpackages__"]

def avx_events_example(name, schema, library, srcs = ["main.cc"], deps = []):
    """`library` (the code generated from `schema`) and the binary `name` built from `srcs`.

    Args:
      name: the binary.
      schema: the example's one YAML schema.
      library: the name of its generated cc_library (what the sources include, as
        "examples/<dir>/<schema stem>.avx.h").
      srcs: the binary's sources.
      deps: more dependencies of the binary, beside the library and //runtime.
    """
    avx_events_cc_library(name = library, srcs = [schema], visibility = _TESTS)
    cc_binary(
        name = name,
        srcs = srcs,
        deps = [":" + library, "//runtime"] + deps,
        visibility = _TESTS,
    )
