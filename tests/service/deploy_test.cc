// The container files of examples/production_service cannot run here (no Docker, no cluster), so
// they are checked as far as a test can: they parse, their probes and ports are the ones the
// service really serves, their environment is a configuration the service accepts, the grace
// periods outlast the drain deadline, and the image installs every library the binary links.

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>
#include <yaml-cpp/yaml.h>

#include <avx/events/service_config.h>

#include "tests/service/service_process.h"

namespace {

using avx::events::service::load_config;
using namespace std::chrono_literals;

const char* kDir = "examples/production_service/";

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe.get()) != nullptr) out += buffer;
  return out;
}

int port_of(const std::string& bind_addr) { return std::stoi(bind_addr.substr(bind_addr.rfind(':') + 1)); }

// The word after the first `prefix` in `text` (up to a space, quote or line end); empty if none.
std::string word_after(const std::string& text, const std::string& prefix) {
  auto at = text.find(prefix);
  if (at == std::string::npos) return "";
  at += prefix.size();
  return text.substr(at, text.find_first_of(" \t\n\"'", at) - at);
}

struct LocalUrl {
  int port = 0;
  std::string path;
};

// http://127.0.0.1:PORT/PATH in `text`: what a container's own health check asks for.
LocalUrl local_url(const std::string& text) {
  std::string rest = word_after(text, "http://127.0.0.1:");
  if (rest.empty() || rest.find('/') == std::string::npos) return {};
  return {std::stoi(rest.substr(0, rest.find('/'))), rest.substr(rest.find('/'))};
}

bool has_word(const std::string& text, const std::string& word) {
  for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || std::isspace(static_cast<unsigned char>(text[at - 1]));
    bool ends = at + word.size() == text.size() || std::isspace(static_cast<unsigned char>(text[at + word.size()]));
    if (starts && ends) return true;
  }
  return false;
}

// The paths every probe of the files asks for, to be checked against the running service.
std::set<std::string>& probed_paths() {
  static std::set<std::string> paths;
  return paths;
}

// KEY=value entries of a Kubernetes env list; valueFrom (a Secret) reads as a PostgreSQL URL.
std::vector<std::string> kubernetes_env(const YAML::Node& env, std::string& bind_addr, int& deadline_ms) {
  std::vector<std::string> out;
  for (const auto& e : env) {
    std::string name = e["name"].as<std::string>();
    std::string value = e["value"] ? e["value"].as<std::string>() : "postgresql://shop@db/shop";
    if (name == "AVX__HTTP__BIND_ADDR") bind_addr = value;
    if (name == "AVX__SHUTDOWN__DEADLINE_MS") deadline_ms = std::stoi(value);
    out.push_back(name + "=" + value);
  }
  return out;
}

TEST(Deploy, KubernetesProbesPortsGraceAndConfigurationHoldTogether) {
  std::vector<YAML::Node> docs = YAML::LoadAllFromFile(std::string(kDir) + "deploy/kubernetes.yaml");
  ASSERT_EQ(docs.size(), 2u);
  const YAML::Node& deployment = docs[0];
  ASSERT_EQ(deployment["kind"].as<std::string>(), "Deployment");
  const YAML::Node pod = deployment["spec"]["template"]["spec"];
  const YAML::Node container = pod["containers"][0];
  std::string bind_addr;
  int deadline_ms = 0;
  auto env = kubernetes_env(container["env"], bind_addr, deadline_ms);
  auto loaded = load_config(std::nullopt, env);
  ASSERT_TRUE(loaded) << loaded.error().message();
  EXPECT_TRUE(loaded->config.store_url.starts_with("postgresql://")) << "replicas share one store: not SQLite";
  EXPECT_GT(deployment["spec"]["replicas"].as<int>(), 1);

  ASSERT_EQ(container["ports"][0]["name"].as<std::string>(), "http");
  EXPECT_EQ(container["ports"][0]["containerPort"].as<int>(), port_of(bind_addr));
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["port"].as<std::string>(), "http");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["port"].as<std::string>(), "http");
  EXPECT_EQ(container["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/health");
  EXPECT_EQ(container["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/ready");
  probed_paths().insert(container["livenessProbe"]["httpGet"]["path"].as<std::string>());
  probed_paths().insert(container["readinessProbe"]["httpGet"]["path"].as<std::string>());
  EXPECT_GT(pod["terminationGracePeriodSeconds"].as<int>() * 1000, deadline_ms);
  EXPECT_EQ(deployment["spec"]["template"]["metadata"]["annotations"]["prometheus.io/path"].as<std::string>(),
            "/metrics");
  probed_paths().insert("/metrics");

  const YAML::Node& service = docs[1];
  ASSERT_EQ(service["kind"].as<std::string>(), "Service");
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"].as<std::string>(), "http");
  EXPECT_EQ(service["spec"]["selector"]["app"].as<std::string>(),
            deployment["spec"]["template"]["metadata"]["labels"]["app"].as<std::string>());
}

TEST(Deploy, ComposeHealthCheckPortsGraceAndConfigurationHoldTogether) {
  YAML::Node compose = YAML::LoadFile(std::string(kDir) + "deploy/docker-compose.yaml");
  const YAML::Node shop = compose["services"]["shop"];
  ASSERT_TRUE(shop);
  std::vector<std::string> env;
  for (const auto& kv : shop["environment"]) env.push_back(kv.first.as<std::string>() + "=" + kv.second.as<std::string>());
  auto loaded = load_config(std::nullopt, env);
  ASSERT_TRUE(loaded) << loaded.error().message();
  int port = port_of(loaded->config.http_bind_addr);
  EXPECT_EQ(shop["ports"][0].as<std::string>(), std::to_string(port) + ":" + std::to_string(port));
  EXPECT_EQ(shop["build"]["dockerfile"].as<std::string>(), "examples/production_service/Dockerfile");
  EXPECT_TRUE(std::filesystem::exists(std::string(kDir) + "Dockerfile"));

  std::string check;
  for (const auto& part : shop["healthcheck"]["test"]) check += part.as<std::string>() + " ";
  LocalUrl probe = local_url(check);
  EXPECT_EQ(probe.port, port) << check;
  probed_paths().insert(probe.path);
  std::string grace = shop["stop_grace_period"].as<std::string>();
  EXPECT_GT(std::stoi(grace) * 1000, static_cast<int>(loaded->config.shutdown_deadline_ms)) << grace;
  EXPECT_TRUE(compose["services"]["postgres"]["healthcheck"]);
}

TEST(Deploy, TheImageInstallsEveryLibraryTheBinaryLinksAndProbesItsPort) {
  std::string dockerfile = text_of(std::string(kDir) + "Dockerfile");
  std::string exposed = word_after(dockerfile, "\nEXPOSE ");
  ASSERT_FALSE(exposed.empty());
  int port = std::stoi(exposed);
  EXPECT_EQ(port_of(word_after(dockerfile, "AVX__HTTP__BIND_ADDR=")), port);
  LocalUrl probe = local_url(dockerfile.substr(dockerfile.find("\nHEALTHCHECK ")));
  EXPECT_EQ(probe.port, port);
  probed_paths().insert(probe.path);
  EXPECT_NE(dockerfile.find("RUN tools/setup"), std::string::npos);
  EXPECT_NE(dockerfile.find("bazel build -c opt //examples/production_service"), std::string::npos);

  // The runtime stage: everything after the last FROM.
  std::string runtime = dockerfile.substr(dockerfile.rfind("\nFROM "));
  std::string binary = avx::testing::kServiceBinary;
  std::string needed = run("readelf -d " + binary + " | sed -n 's/.*NEEDED.*\\[\\(.*\\)\\]/\\1/p'");
  std::string ldd = run("ldd " + binary);
  ASSERT_FALSE(needed.empty()) << "readelf found no libraries";
  // In every Debian image; and the sanitizers' runtimes, which only the ASan/TSan test builds link.
  const std::set<std::string> in_every_debian = {"libc6", "libgcc-s1", "libstdc++6", "libasan8", "libubsan1", "libtsan2"};
  std::istringstream libs(needed);
  for (std::string soname; std::getline(libs, soname);) {
    if (soname.starts_with("ld-linux")) continue;
    std::string path = word_after(ldd, "\t" + soname + " => ");
    ASSERT_FALSE(path.empty()) << soname << " not resolved";
    std::string owner = run("dpkg-query -S " + path + " 2>/dev/null || dpkg-query -S $(readlink -f " + path + ")");
    std::string package = owner.substr(0, owner.find(':'));
    ASSERT_FALSE(package.empty()) << soname << ": no Debian package owns " << path;
    if (in_every_debian.count(package)) continue;
    EXPECT_TRUE(has_word(runtime, package))
        << soname << " comes from " << package << ", which the runtime stage does not install";
  }
}

// Last (gtest runs tests in order within a file): every path a probe of the files asks for is
// answered 200 by the service.
TEST(Deploy, EveryProbedPathIsServed) {
  ASSERT_GE(probed_paths().size(), 3u) << "the tests above did not run first";
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "probes";
  std::filesystem::create_directories(dir);
  avx::testing::ServiceProcess service(dir, {},
                                       {"AVX__HTTP__BIND_ADDR=127.0.0.1:0", "AVX_STORE_URL=" + (dir / "s.db").string()});
  std::string url = service.wait_for_url();
  ASSERT_FALSE(url.empty()) << service.stderr_text();
  httplib::Client client(url);
  for (const auto& path : probed_paths()) {
    auto r = client.Get(path.c_str());
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
  }
}

}  // namespace
