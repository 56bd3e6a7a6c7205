// kosearch serve: answers searches over HTTP (GET /search, /health, /stats) until SIGINT/SIGTERM.

#include <fmt/core.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <boost/program_options.hpp>
#include <cerrno>
#include <ctime>
#include <iostream>
#include <thread>

#include "command_line.hpp"
#include "commands.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/option_value.hpp"
#include "search_sets.hpp"
#include "kosearch/server/server.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

int run_serve(const std::vector<std::string>& args) {
  po::options_description opts(
      "kosearch serve [options]\n"
      "Endpoints: GET / (the search page), GET /search?q=QUERY&k=10&offset=0&one_per_article=1\n"
      "(the JSON of `kosearch search --json`), GET /health, GET /stats. Stops on Ctrl-C or SIGTERM");
  ServerOptions o;
  std::string index_dir;
  std::string listen;
  // Numbers read as --set reads them: Boost would take `--threads -1` for 4294967295.
  std::string threads, reopen_ms, max_k;
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"),
       "index directory, or a sharded index (directory with XAPIANDB, or the stub file)")
      ("allow-missing-shards", po::bool_switch(&o.searcher.allow_missing_shards),
       "serve from the shards that are up when some of a sharded index are down (warned)")
      ("shard-retry", po::value(&o.searcher.missing_shard_retry_seconds)->default_value(60),
       "with --allow-missing-shards: try the left-out shards again this often per worker, in "
       "seconds (one whose host is down holds a worker for the 5 s connection timeout)")
      ("listen", po::value(&listen)->default_value("127.0.0.1:8080"),
       "HOST:PORT to listen on (port 0 picks a free one); loopback by default")
      ("threads", po::value(&threads)->default_value("2"),
       "worker threads, each with its own searcher (0 = one per core, at most 256)")
      ("reopen-ms", po::value(&reopen_ms)->default_value("1000"),
       "look for new commits at most this often per worker, in milliseconds")
      ("max-k", po::value(&max_k)->default_value("1000"), "largest accepted k")
      ("cors", po::value(&o.cors_origin),
       "ORIGIN (e.g. https://news.example) allowed to call the API from its own pages (off by default)")
      ("set", po::value<std::vector<std::string>>(),
       "KEY=VALUE search option for every request (k1, b, rerank, variants, ...)");
  // clang-format on
  const auto parsed = parse_command_line(args, opts);
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  const auto colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    try {
      std::size_t used = 0;
      port = std::stoi(listen.substr(colon + 1), &used);
      if (used != listen.size() - colon - 1) port = -1;
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (port < 0 || port > 65535) {
    fmt::print(stderr,
               "kosearch: error: --listen expects HOST:PORT (e.g. 127.0.0.1:8080), got '{}'\n",
               listen);
    return kExitUsage;
  }
  o.threads = option_value::to_uint("--threads", threads);
  if (o.threads > kMaxThreads) {
    throw InvalidArgument("option --threads: " + threads + " is over the limit of " +
                          std::to_string(kMaxThreads));
  }
  o.max_k = option_value::to_uint("--max-k", max_k);
  const std::uint32_t reopen = option_value::to_uint("--reopen-ms", reopen_ms);
  if (vm.count("set")) apply_sets(vm["set"].as<std::vector<std::string>>(), o.search);
  o.host = listen.substr(0, colon);
  if (o.host.size() >= 2 && o.host.front() == '[' && o.host.back() == ']') {
    o.host = o.host.substr(1, o.host.size() - 2);  // [::1]:8080
  }
  o.port = port;
  o.index_dir = index_dir;
  o.reopen_interval = std::chrono::milliseconds(reopen);

  // Block SIGINT/SIGTERM before any thread starts (threads inherit the mask); one thread
  // waits for them and stops the server, so no work happens in a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Server server(o);
  for (const auto& w : server.warnings()) fmt::print(stderr, "kosearch: warning: {}\n", w);
  const int bound = server.bind();
  fmt::print(stderr, "kosearch: serving {} on http://{}:{}/ with {} workers (Ctrl-C stops)\n",
             index_dir, o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host, bound,
             server.threads());

  std::atomic<bool> done{false};
  int signal_received = 0;
  std::thread signal_thread([&] {
    const timespec poll{0, 200 * 1000 * 1000};
    while (!done) {
      const int sig = sigtimedwait(&stop_signals, nullptr, &poll);
      if (sig > 0) {
        signal_received = sig;
        server.stop();
        return;
      }
    }
  });
  try {
    server.run();
  } catch (...) {
    done = true;
    signal_thread.join();
    throw;
  }
  done = true;
  signal_thread.join();
  if (signal_received != 0) {
    fmt::print(stderr, "kosearch: {} received, server stopped\n",
               signal_received == SIGINT ? "SIGINT" : "SIGTERM");
  }
  return kExitOk;
}

}  // namespace kosearch::cli
