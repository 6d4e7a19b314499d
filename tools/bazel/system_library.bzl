"""Exposes a library installed from a Debian package as a cc_library.

Flags come from pkg-config when the package ships a .pc file; header-only packages and those
without one name a header to probe and their link options. Headers live under /usr/include, which
the auto-configured toolchain already searches, so no header is copied.
"""

def _pkg_config(rctx, modules):
    result = rctx.execute(["pkg-config", "--cflags", "--libs"] + modules)
    if result.return_code != 0:
        fail("pkg-config %s failed (run tools/setup): %s" % (" ".join(modules), result.stderr))
    return [f for f in result.stdout.strip().replace("\n", " ").split(" ") if f]

def _cc_library(name, flags):
    defines = [f[2:] for f in flags if f.startswith("-D")]
    linkopts = [f for f in flags if f.startswith("-l") or f.startswith("-L") or f == "-pthread"]
    return """cc_library(
    name = "{name}",
    defines = {defines},
    linkopts = {linkopts},
    visibility = ["//visibility:public"],
)
""".format(name = name, defines = repr(defines), linkopts = repr(linkopts))

def _system_library_impl(rctx):
    if rctx.attr.probe_header:
        header = "/usr/include/" + rctx.attr.probe_header
        if not rctx.path(header).exists:
            fail("%s not found: run tools/setup" % header)
    build = ['load("@rules_cc//cc:defs.bzl", "cc_library")\n']
    if rctx.attr.targets:
        for target, modules in rctx.attr.targets.items():
            build.append(_cc_library(target, _pkg_config(rctx, modules)))
    else:
        flags = list(rctx.attr.linkopts)
        if rctx.attr.pkg_config:
            flags += _pkg_config(rctx, rctx.attr.pkg_config)
        flags += rctx.attr.extra_linkopts
        build.append(_cc_library(rctx.attr.name, flags))
    for tool, path in rctx.attr.tools.items():
        if not rctx.path(path).exists:
            fail("%s not found: run tools/setup" % path)
        rctx.symlink(path, tool)
    if rctx.attr.tools:
        build.append("exports_files(%s)\n" % repr(rctx.attr.tools.keys()))
    rctx.file("WORKSPACE", 'workspace(name = "%s")\n' % rctx.attr.name)
    rctx.file("BUILD.bazel", "\n".join(build))

system_library = repository_rule(
    implementation = _system_library_impl,
    attrs = {
        "pkg_config": attr.string_list(doc = "pkg-config modules giving defines and link flags"),
        "targets": attr.string_list_dict(doc = "target name -> pkg-config modules, for packages with several libraries"),
        "linkopts": attr.string_list(doc = "link flags for packages without a .pc file"),
        "extra_linkopts": attr.string_list(),
        "probe_header": attr.string(doc = "a header under /usr/include that must exist"),
        "tools": attr.string_dict(doc = "executables to expose: name -> absolute path"),
    },
    local = True,
    environ = ["PKG_CONFIG_PATH"],
)
