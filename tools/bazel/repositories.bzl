"""Offline dependencies of avx-events, all taken from Debian packages (see tools/setup)."""

load("//tools/bazel:debian_rules_cc.bzl", "debian_rules_cc")
load("//tools/bazel:llvm_library.bzl", "llvm_library")
load("//tools/bazel:system_library.bzl", "system_library")

def _local(name, path):
    if not native.existing_rule(name):
        native.local_repository(name = name, path = path)

def avx_events_dependencies():
    """Declares every external repository the build needs. Call once from WORKSPACE."""

    # Bazel 4.2.3 needs these two even for C++-only builds.
    _local("rules_java", "/usr/share/bazel/rules/java")
    _local("platforms", "/usr/share/bazel/platforms")

    # cc_test asks for a coverage report generator even when coverage is off.
    native.local_repository(
        name = "remote_coverage_tools",
        path = "tools/bazel/coverage_stub",
    )

    debian_rules_cc(name = "rules_cc")

    system_library(name = "yaml_cpp", pkg_config = ["yaml-cpp"])
    system_library(
        name = "capnp",
        targets = {
            "capnp": ["capnp", "kj"],
            "capnpc": ["capnpc", "capnp", "kj"],  # the schema compiler, for dynamic schemas
        },
        tools = {"capnp_tool": "/usr/bin/capnp", "capnpc-c++": "/usr/bin/capnpc-c++"},
    )
    system_library(name = "sqlite3", pkg_config = ["sqlite3"])
    system_library(name = "nats", pkg_config = ["libnats"])  # nats.c, the NATS transport's client
    system_library(
        name = "openssl",
        targets = {"crypto": ["libcrypto"]},  # ed25519 for the NATS creds tests' keys and JWTs
    )
    system_library(name = "hiredis", pkg_config = ["hiredis"])  # the Redis transport's client
    system_library(name = "libpq", pkg_config = ["libpq"])  # PostgreSQL's client: <postgresql/libpq-fe.h>
    system_library(name = "sqlitecpp", probe_header = "SQLiteCpp/SQLiteCpp.h", linkopts = ["-lSQLiteCpp", "-lsqlite3"])
    system_library(name = "fmt", pkg_config = ["fmt"])

    # The production service's pieces (//runtime/service): HTTP endpoints, JSON logs, avx.toml.
    system_library(name = "httplib", pkg_config = ["cpp-httplib"])
    system_library(name = "spdlog", pkg_config = ["spdlog"])
    system_library(name = "tomlplusplus", pkg_config = ["tomlplusplus"])
    system_library(name = "benchmark", pkg_config = ["benchmark"], extra_linkopts = ["-lpthread"])
    system_library(name = "rapidcheck", linkopts = ["-lrapidcheck"], probe_header = "rapidcheck.h")

    # Clang 14's LibTooling, for `avx-events stubs --check` (it reads users' handler code as C++).
    llvm_library(name = "llvm")

    # Header-only libraries.
    system_library(name = "asio", probe_header = "asio.hpp", linkopts = ["-lpthread"])
    system_library(name = "mustache", probe_header = "kainjow/mustache.hpp")
    system_library(name = "cli11", probe_header = "CLI/CLI.hpp")
    system_library(name = "nlohmann_json", probe_header = "nlohmann/json.hpp")

    # GoogleTest under the names Bazel users know: @googletest//:gtest and :gtest_main.
    system_library(
        name = "googletest",
        targets = {
            "gtest": ["gtest"],
            "gtest_main": ["gtest_main"],
            "gmock": ["gmock"],
            "gmock_main": ["gmock_main"],
        },
    )
