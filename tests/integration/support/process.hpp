#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ocivanilla::testing {

struct ProcessResult {
  int exit_code = -1; // exit status, or 128+signal
  std::string out; // stdout
  std::string err; // stderr
  bool timed_out = false;
};

struct ProcessOptions {
  std::map<std::string, std::string> env; // the whole environment of the child (nothing inherited)
  std::filesystem::path cwd; // empty = inherit
  std::string stdin_text; // fed to stdin, then closed (stdin is never a terminal)
  std::chrono::milliseconds timeout{60'000}; // killed with SIGKILL after this
};

// Runs argv[0] with argv and waits for it. Throws std::runtime_error when it cannot start.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options);

// A child that keeps running (the simulator). Killed with SIGTERM in the destructor.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Reads one line of stdout, waiting at most `timeout`; empty when none came.
  std::string read_line(std::chrono::milliseconds timeout);
  // Sends SIGTERM and waits; returns the exit status.
  int stop();
  int pid() const { return m_pid; }

 private:
  int m_pid = -1;
  int m_out_fd = -1;
  std::string m_buffer;
};

} // namespace ocivanilla::testing
