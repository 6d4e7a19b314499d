"""avx_events_cc_library: schemas in, a cc_library of typed events out.
avx_events_compat_test: a test that fails when schemas break compatibility with a baseline.
avx_events_stubs_test: a test that fails when handler code falls behind its schema.

    load("//codegen:defs.bzl", "avx_events_cc_library")

    avx_events_cc_library(
        name = "orders",
        srcs = ["orders.yaml"],
        deps = [":common"],  # other avx_events_cc_library targets whose schemas orders.yaml imports
    )

yields a target usable in any cc_* deps; `examples/shop/orders.yaml` is included as
`#include "examples/shop/orders.avx.h"`.
"""

load("@rules_cc//cc:defs.bzl", "cc_library")

AvxSchemaInfo = provider(
    doc = "Schemas of an avx_events_cc_library and of everything it depends on.",
    fields = {
        "schemas": "depset of schema files (.yaml, .capnp), transitive: what the generator reads, imports included",
        "wire_schemas": "depset of generated .avx.capnp files, transitive",
    },
)

_SUFFIXES = {
    "hdrs": [".avx.h", ".avx.wire.h"],
    "srcs": [".avx.cc"],
}

_SCHEMA_EXTENSIONS = [".yaml", ".yml", ".capnp"]

def _stem(src):
    for ext in _SCHEMA_EXTENSIONS:
        if src.basename.endswith(ext):
            return src.basename[:-len(ext)]
    fail("%s: avx_events_cc_library srcs must be schema files (.yaml, .yml or .capnp)" % src.short_path)

def _avx_events_gen_impl(ctx):
    dep_infos = [d[AvxSchemaInfo] for d in ctx.attr.deps]
    schemas = depset(ctx.files.srcs, transitive = [i.schemas for i in dep_infos])
    dep_wire = depset(transitive = [i.wire_schemas for i in dep_infos])

    hdrs, srcs, wire_schemas, generated = [], [], [], []
    for src in ctx.files.srcs:
        if src.owner.workspace_name:
            fail("%s: schemas must live in this workspace" % src.short_path)
        stem = _stem(src)
        for suffix in _SUFFIXES["hdrs"]:
            hdrs.append(ctx.actions.declare_file(stem + suffix, sibling = src))
        for suffix in _SUFFIXES["srcs"]:
            srcs.append(ctx.actions.declare_file(stem + suffix, sibling = src))
        wire_schemas.append(ctx.actions.declare_file(stem + ".avx.capnp", sibling = src))
    generated = hdrs + srcs + wire_schemas

    args = ctx.actions.args()
    args.add("generate")
    args.add("--out", ctx.bin_dir.path)
    args.add_all(ctx.files.srcs)
    ctx.actions.run(
        executable = ctx.executable._generator,
        arguments = [args],
        inputs = schemas,
        outputs = generated,
        mnemonic = "AvxEventsGenerate",
        progress_message = "Generating C++ from schemas of %s" % ctx.label,
    )

    # Cap'n Proto compiles each wire schema; imports resolve relative to the importing file.
    for wire in wire_schemas:
        capnp_h = ctx.actions.declare_file(wire.basename + ".h", sibling = wire)
        capnp_cc = ctx.actions.declare_file(wire.basename + ".c++", sibling = wire)
        hdrs.append(capnp_h)
        srcs.append(capnp_cc)
        compile_args = ctx.actions.args()
        compile_args.add("compile")
        compile_args.add("--no-standard-import")
        compile_args.add("--import-path=/usr/include")
        compile_args.add("--src-prefix", ctx.bin_dir.path)
        compile_args.add(ctx.executable._capnpc_cxx.path, format = "--output=%s:" + ctx.bin_dir.path)
        compile_args.add(wire)
        ctx.actions.run(
            executable = ctx.executable._capnp,
            arguments = [compile_args],
            inputs = depset([wire], transitive = [dep_wire]),
            tools = [ctx.executable._capnpc_cxx],
            outputs = [capnp_h, capnp_cc],
            mnemonic = "CapnpCompile",
            progress_message = "Compiling wire schema %s" % wire.short_path,
        )

    return [
        DefaultInfo(files = depset(hdrs + srcs)),
        OutputGroupInfo(hdrs = depset(hdrs), srcs = depset(srcs)),
        AvxSchemaInfo(
            schemas = schemas,
            wire_schemas = depset(wire_schemas, transitive = [dep_wire]),
        ),
    ]

_avx_events_gen = rule(
    implementation = _avx_events_gen_impl,
    attrs = {
        "srcs": attr.label_list(allow_files = _SCHEMA_EXTENSIONS, mandatory = True, allow_empty = False),
        "deps": attr.label_list(providers = [AvxSchemaInfo]),
        "_generator": attr.label(default = "//tools:avx-events-generator", executable = True, cfg = "exec"),
        "_capnp": attr.label(default = "@capnp//:capnp_tool", executable = True, allow_single_file = True, cfg = "exec"),
        "_capnpc_cxx": attr.label(default = "@capnp//:capnpc-c++", executable = True, allow_single_file = True, cfg = "exec"),
    },
)

def _avx_events_library_impl(ctx):
    cc = ctx.attr.cc
    return [cc[CcInfo], cc[DefaultInfo], ctx.attr.gen[AvxSchemaInfo]]

# One label that is both a C++ library (CcInfo) and a schema library (AvxSchemaInfo), so deps of
# avx_events_cc_library are just the other libraries, with no naming convention.
_avx_events_library = rule(
    implementation = _avx_events_library_impl,
    attrs = {
        "cc": attr.label(providers = [CcInfo]),
        "gen": attr.label(providers = [AvxSchemaInfo]),
    },
)

def avx_events_cc_library(name, srcs, deps = [], visibility = None, testonly = None, **kwargs):
    """Generates typed C++ from avx-events schemas and compiles it.

    Args:
      name: the library; use it in deps of cc_* rules and of other avx_events_cc_library.
      srcs: schema files (.yaml) of this library.
      deps: avx_events_cc_library targets declaring the schemas that srcs import.
      visibility: as usual.
      testonly: as usual.
      **kwargs: passed to the underlying cc_library (copts, defines, ...).
    """
    if not srcs:
        fail("avx_events_cc_library %s: srcs must name at least one schema file" % name)
    _avx_events_gen(name = name + "_gen", srcs = srcs, deps = deps, testonly = testonly, visibility = ["//visibility:private"])
    for group in ["hdrs", "srcs"]:
        native.filegroup(
            name = "%s_%s" % (name, group),
            srcs = [":%s_gen" % name],
            output_group = group,
            testonly = testonly,
            visibility = ["//visibility:private"],
        )
    cc_library(
        name = name + "_cc",
        srcs = [":%s_srcs" % name],
        hdrs = [":%s_hdrs" % name],
        deps = deps + [
            Label("//runtime"),
            Label("@capnp"),
        ],
        testonly = testonly,
        visibility = ["//visibility:private"],
        **kwargs
    )
    _avx_events_library(
        name = name,
        cc = ":%s_cc" % name,
        gen = ":%s_gen" % name,
        testonly = testonly,
        visibility = visibility,
    )

def _avx_schema_files_impl(ctx):
    return [DefaultInfo(files = depset(transitive = [d[AvxSchemaInfo].schemas for d in ctx.attr.deps]))]

# The schema files of avx_events_cc_library targets (transitively), as plain files.
_avx_schema_files = rule(
    implementation = _avx_schema_files_impl,
    attrs = {"deps": attr.label_list(providers = [AvxSchemaInfo])},
)

_MODES = ["backward", "forward", "full", "backward_transitive", "forward_transitive", "full_transitive", "none"]

def avx_events_compat_test(name, srcs, baseline, mode = "backward", deps = [], **kwargs):
    """A test that fails, with the findings, when srcs break compatibility with `baseline`.

    Args:
      name: the test.
      srcs: the schema files as they are now.
      baseline: a directory of this package holding the released schemas; refresh it on release
        with `avx-events compat --write-baseline <package>/<baseline> <schemas>`.
      mode: backward (default), forward, full, or one of the *_transitive modes, or none.
      deps: avx_events_cc_library targets declaring schemas that srcs import.
      **kwargs: passed to the sh_test (tags, size, ...).
    """
    if mode not in _MODES:
        fail("avx_events_compat_test %s: mode must be one of %s, not %r" % (name, ", ".join(_MODES), mode))
    if not srcs:
        fail("avx_events_compat_test %s: srcs must name the schema files to check" % name)
    baseline_files = native.glob([baseline + "/**/*" + ext for ext in _SCHEMA_EXTENSIONS])
    if not baseline_files:
        fail("avx_events_compat_test %s: %s/%s holds no schemas; create it with " % (name, native.package_name(), baseline) +
             "`bazel run //tools:avx-events -- compat --write-baseline $PWD/%s/%s <schemas>`" % (native.package_name(), baseline))
    _avx_schema_files(name = name + "_imports", deps = deps, testonly = True)
    tool = Label("//tools:avx-events")
    package = native.package_name()
    native.sh_test(
        name = name,
        srcs = [Label("//codegen:compat_test.sh")],
        args = [
            "$(rootpath %s)" % tool,
            mode,
            (package + "/" if package else "") + baseline,
        ] + ["$(rootpath %s)" % src for src in srcs],
        data = srcs + baseline_files + [tool, ":%s_imports" % name],
        **kwargs
    )

def avx_events_stubs_test(name, schema, srcs, deps = [], root = "", **kwargs):
    """A test that fails, naming each handler, when handler files fall behind their schema.

    It runs `avx-events stubs --check`: every command and query of `schema` needs a class in
    `srcs` whose handle() overrides the generated interface; handlers of removed messages and
    handle()s with an outdated signature fail the test too (STUB_MISSING, STUB_STALE,
    STUB_ORPHANED, each at its line).

    Args:
      name: the test.
      schema: the schema file (.yaml or .capnp) the handlers implement.
      srcs: the handler files (.h and .cc); the directory of the first is the stub directory.
      deps: avx_events_cc_library targets declaring schemas that `schema` imports.
      root: the directory (from the workspace root) that the schema's imports and the handlers'
        includes start from; default: the workspace root.
      **kwargs: passed to the sh_test (tags, size, ...).
    """
    if not srcs:
        fail("avx_events_stubs_test %s: srcs must name the handler files" % name)
    _avx_schema_files(name = name + "_imports", deps = deps, testonly = True)
    tool = Label("//tools:avx-events")
    native.sh_test(
        name = name,
        srcs = [Label("//codegen:stubs_check_test.sh")],
        args = ["$(rootpath %s)" % tool, root or ".", "$(rootpath %s)" % schema] + ["$(rootpaths %s)" % src for src in srcs],
        data = [schema] + srcs + [tool, ":%s_imports" % name],
        **kwargs
    )
