#pragma once
// Helpers for tests that run the real kosearch binary as a child process: spawn with redirected
// output, wait with a deadline, read what it wrote.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kosearch::test {

// How a Child is started.
struct ChildOptions {
  // In a process group of its own, so that killing it also ends the children it forks (a server
  // that forks per connection really goes down).
  bool own_process_group = false;
  // stderr into the stdout file (the `err` path is then unused).
  bool stderr_to_stdout = false;
};

// A running child. The destructor SIGKILLs (its group, with own_process_group) and reaps it if
// the test did not.
class Child {
 public:
  // Runs `program args...` with stdin from /dev/null and stdout/stderr into the given files.
  Child(const std::string& program, const std::vector<std::string>& args,
        const std::filesystem::path& out, const std::filesystem::path& err,
        const ChildOptions& options = {})
      : group_(options.own_process_group) {
    std::vector<std::string> all{program};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (options.stderr_to_stdout) {
      posix_spawn_file_actions_adddup2(&fa, 1, 2);
    } else {
      posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    if (group_) {
      posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
      posix_spawnattr_setpgroup(&attr, 0);
    }
    const int rc = posix_spawn(&pid_, program.c_str(), &fa, &attr, argv.data(), environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE_MESSAGE(rc == 0, "posix_spawn " << program << " failed: " << rc);
  }
  ~Child() {
    if (pid_ > 0) {
      kill_hard();
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }

  // True (and sets `status_`) once the child has exited.
  bool poll() {
    if (pid_ <= 0) return true;
    int status = 0;
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      status_ = status;
      pid_ = -1;
      return true;
    }
    return false;
  }

  // Waits for the exit (SIGKILLing the child after `seconds`); returns the raw wait status.
  int wait(double seconds = 300) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!poll()) {
      if (std::chrono::steady_clock::now() > deadline) {
        FAIL_CHECK("child " << pid_ << " still running after " << seconds << " s; killed");
        kill_hard();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
  }

  void kill_hard() {
    if (pid_ > 0) ::kill(group_ ? -pid_ : pid_, SIGKILL);
  }

 private:
  bool group_;
  pid_t pid_ = -1;
  int status_ = 0;
};

// Exit code of a wait status, or -signal when the child was killed by a signal.
inline int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1000;
}

// Runs `program args...` to completion; returns the exit code (see exit_code).
inline int run_to_end(const std::string& program, const std::vector<std::string>& args,
                      const std::filesystem::path& out, const std::filesystem::path& err,
                      double seconds = 300) {
  Child c(program, args, out, err);
  return exit_code(c.wait(seconds));
}

}  // namespace kosearch::test
