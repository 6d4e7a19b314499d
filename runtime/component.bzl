"""runtime_component: the one shape of a runtime component's cc_library."""

load("@rules_cc//cc:defs.bzl", "cc_library")

def runtime_component(name, deps = [], include_prefix = "avx/events", srcs = [], hdrs = None, testonly = None):
    """A runtime component: its folder's sources and headers as one library.

    Public headers (*.h) and the headers public templates need (detail/*.h) are included as
    <include_prefix/NAME.h>; private headers (internal/*.h) are for the component's own sources.

    Args:
      name: the component, named after its folder.
      deps: the components (and libraries) below it.
      include_prefix: where users include its headers from.
      srcs: more private files, beside *.cc and internal/*.h.
      hdrs: the public headers, when not every *.h and detail/*.h of the folder.
      testonly: for components only tests may use (//runtime/testing).
    """
    cc_library(
        name = name,
        srcs = native.glob(["*.cc", "internal/*.h"]) + srcs,
        hdrs = hdrs if hdrs != None else native.glob(["*.h", "detail/*.h"]),
        include_prefix = include_prefix,
        deps = deps,
        testonly = testonly,
        visibility = ["//visibility:public"],
    )
