"""Exposes Clang's C++ API (LibTooling) from Debian's LLVM 14 packages as @llvm//:clang_tooling.

Debian installs the headers under /usr/lib/llvm-14/include, which the auto-configured toolchain
does not search and Bazel would call undeclared; so they are linked into this repository and
declared as the library's headers (included as system headers: LLVM's own warnings are not ours).
The libraries are shared objects (libclang-cpp, libLLVM), linked with their run path.
"""

_PREFIX = "/usr/lib/llvm-14"

def _llvm_library_impl(rctx):
    for name in ["clang", "clang-c", "llvm", "llvm-c"]:
        path = rctx.path("%s/include/%s" % (_PREFIX, name))
        if not path.exists:
            fail("%s not found: run tools/setup (libclang-14-dev, libclang-cpp14-dev, llvm-14-dev)" % path)
        rctx.symlink(path, "include/" + name)
    for lib in ["libclang-cpp.so", "libLLVM-14.so"]:
        if not rctx.path("%s/lib/%s" % (_PREFIX, lib)).exists:
            fail("%s/lib/%s not found: run tools/setup" % (_PREFIX, lib))
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.attr.name)
    rctx.file("BUILD.bazel", """load("@rules_cc//cc:defs.bzl", "cc_library")

cc_library(
    name = "clang_tooling",
    hdrs = glob(["include/**/*.h", "include/**/*.def", "include/**/*.inc", "include/**/*.gen"]),
    includes = ["include"],
    linkopts = ["-L{prefix}/lib", "-Wl,-rpath,{prefix}/lib", "-lclang-cpp", "-lLLVM-14"],
    visibility = ["//visibility:public"],
)
""".format(prefix = _PREFIX))

llvm_library = repository_rule(
    implementation = _llvm_library_impl,
    local = True,
)
