// Files and processes of unattended runs (cron): locks, the state directory, the capacity hunt's
// 429 cooldown, the --notify-command.
#include "unattended.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ocivanilla::cli {

core::Result<std::unique_ptr<FileLock>> FileLock::acquire(const std::string& path, const std::string& busy)
{
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return core::make_error(core::ErrorKind::config, "cannot open lock file " + path + ": " + std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return core::make_error(core::ErrorKind::locked, busy);
  }
  return std::unique_ptr<FileLock>(new FileLock(fd));
}

FileLock::~FileLock()
{
  close(m_fd);
}

std::string state_dir(const config::Environment& env)
{
  if (auto dir = env.get("XDG_STATE_HOME"); dir && !dir->empty()) {
    return *dir + "/ocivanilla";
  }
  if (auto home = env.get("HOME"); home && !home->empty()) {
    return *home + "/.local/state/ocivanilla";
  }
  return "/tmp/ocivanilla-state-" + std::to_string(getuid());
}

std::string safe_file_name(const std::string& name)
{
  std::string out;
  for (const char c : name) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ? c : '_';
  }
  return out;
}

// The 429 cooldown shared with later runs (cron): {"until": "<RFC 3339>"} in the state dir.
std::optional<core::TimePoint> read_cooldown(const std::string& file)
{
  std::ifstream in(file);
  if (!in) {
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(in, nullptr, false);
  core::TimePoint until;
  if (j.is_object() && j.contains("until") && j["until"].is_string() &&
      core::parse_rfc3339(j["until"].get<std::string>(), until)) {
    return until;
  }
  return std::nullopt;
}

// Written to a temporary file and renamed, so a concurrent reader never sees half a file.
void write_cooldown(const std::string& file, core::TimePoint until)
{
  const std::string tmp = file + "." + std::to_string(getpid()) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << nlohmann::json{{"until", core::format_rfc3339(until)}}.dump() << "\n";
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    spdlog::warn("cannot save the 429 cooldown in {}: {}", file, ec.message());
  }
}

// Runs `command` with sh -c, our environment plus `vars`; its stdout goes to our stderr so
// that stdout keeps only results.
void run_notify_command(const std::string& command, const std::map<std::string, std::string>& vars)
{
  if (command.empty()) {
    return;
  }
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (vars.count(entry.substr(0, entry.find('='))) == 0) {
      env.push_back(entry);
    }
  }
  for (const auto& [k, v] : vars) {
    env.push_back(k + "=" + v);
  }
  std::vector<char*> envp;
  for (auto& e : env) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(STDERR_FILENO, STDOUT_FILENO);
    const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
    execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
    _exit(127);
  }
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) {
    spdlog::warn("--notify-command could not be run: {}", std::strerror(errno));
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    spdlog::warn("--notify-command exited with status {}", WIFEXITED(status) ? WEXITSTATUS(status) : status);
  }
}

} // namespace ocivanilla::cli
