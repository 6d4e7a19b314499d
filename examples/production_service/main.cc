// The production service example: an order service with the pieces a real deployment needs.
//
//   bazel run //examples/production_service -- --demo   # serve, drive a demo workload, stop
//   bazel run //examples/production_service             # serve until SIGTERM or Ctrl-C
//   bazel run //examples/production_service -- --print-config
//
// Configuration: ./avx.toml when present (or --config FILE), then AVX__* / AVX_EVENTS__* variables
// (docs/production.md). JSON logs go to stderr, one object per line.

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>

#include <avx/events/json_log.h>
#include <avx/events/open_store.h>
#include <avx/events/service_config.h>
#include <avx/events/stop_signals.h>

#include "examples/production_service/demo.h"
#include "examples/production_service/shop_service.h"

namespace {

namespace service = avx::events::service;

// Under `bazel run`, relative paths mean the directory the command was started in.
std::filesystem::path user_dir() {
  const char* dir = std::getenv("BUILD_WORKING_DIRECTORY");
  return dir != nullptr ? dir : std::filesystem::current_path();
}

}  // namespace

int main(int argc, char** argv) {
  service::StopSignals signals;  // before any thread starts, so that every thread blocks them
  CLI::App app{"avx-events production service example: orders over HTTP, with health, readiness, metrics and JSON logs"};
  std::string config_file;
  bool demo = false;
  bool print = false;
  app.add_option("--config", config_file, "The configuration file (default: ./avx.toml when present)");
  app.add_flag("--demo", demo, "Serve, drive a short demo workload against itself, print what happened, stop");
  app.add_flag("--print-config", print, "Print the effective configuration and where each value came from");
  CLI11_PARSE(app, argc, argv);

  std::optional<std::filesystem::path> file;
  if (!config_file.empty()) {
    file = std::filesystem::path(config_file).is_absolute() ? std::filesystem::path(config_file) : user_dir() / config_file;
  } else if (std::filesystem::exists(user_dir() / "avx.toml")) {
    file = user_dir() / "avx.toml";
  }
  auto loaded = service::load_config(file, service::process_environment());
  if (!loaded) {
    std::cerr << "production_service: bad configuration:\n" << loaded.error().message() << "\n";
    return 2;
  }
  if (print) {
    std::cout << service::print_config(*loaded);
    return 0;
  }
  service::ServiceConfig config = loaded->config;
  if (demo && loaded->sources.at("http.bind_addr") == "default") config.http_bind_addr = "127.0.0.1:0";
  if (!avx::events::is_postgres_url(config.store_url) && std::filesystem::path(config.store_url).is_relative()) {
    config.store_url = (user_dir() / config.store_url).string();
  }
  auto log = service::make_json_logger("shop", service::LogContext::from(config),
                                       std::make_shared<spdlog::sinks::stderr_sink_mt>(), config.log_level);
  if (!log) {
    std::cerr << "production_service: " << log.error().message() << "\n";
    return 2;
  }
  auto shop = examples::shop::ShopService::start(config, *log);
  if (!shop) {
    (*log)->error("cannot start: {}", shop.error().message());
    return 1;
  }
  bool demo_ok = true;
  std::thread driver;
  if (demo) {
    driver = std::thread([&] {
      demo_ok = examples::shop::run_demo((*shop)->url(), std::cout);
      service::StopSignals::request_stop();
    });
  }
  int signal = signals.wait();
  bool drained = (*shop)->stop(service::StopSignals::name(signal));
  if (driver.joinable()) driver.join();
  return drained && demo_ok ? 0 : 1;
}
