"""Debian's rules_cc (bazel-rules-cc 0.0.4), patched to load under Bazel 4.2.3.

rules_cc 0.0.4 calls `use_cpp_toolchain()`, which Bazel 4.2.3's @bazel_tools lacks. The call only
returns the C++ toolchain type, so we copy the package and spell that out.
"""

_SOURCE = "/usr/share/bazel/rules/cc"
_PATCHED = [
    "cc/private/rules_impl/cc_flags_supplier.bzl",
    "cc/private/rules_impl/compiler_flag.bzl",
]

def _patch(text):
    text = text.replace(', "use_cpp_toolchain")', ")")
    return text.replace("use_cpp_toolchain()", '["@bazel_tools//tools/cpp:toolchain_type"]')

def _debian_rules_cc_impl(rctx):
    root = rctx.path(_SOURCE)
    if not root.exists:
        fail("%s is missing: run tools/setup (package bazel-rules-cc)" % _SOURCE)

    # Link every file (a directory link would let us write into the system copy); write the
    # patched ones fresh.
    listing = rctx.execute(["find", str(root), "-type", "f"])
    if listing.return_code != 0:
        fail("cannot list %s: %s" % (root, listing.stderr))
    prefix = len(str(root)) + 1
    for path in listing.stdout.splitlines():
        rel = path[prefix:]
        if rel in _PATCHED:
            rctx.file(rel, _patch(rctx.read(path)), executable = False)
        else:
            rctx.symlink(path, rel)

debian_rules_cc = repository_rule(
    implementation = _debian_rules_cc_impl,
    local = True,
)
