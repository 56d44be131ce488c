#pragma once

// Files and processes of unattended runs (cron): locks, the state directory, the capacity hunt's
// 429 cooldown, the --notify-command.
#include "ocivanilla/config/environment.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace ocivanilla::cli {

// An exclusive flock(2) on a file, held for the lifetime of the object (and released by the
// kernel when the process ends, however it ends).
class FileLock {
 public:
  // `busy` is the message (ErrorKind::locked) when another process holds the lock.
  static core::Result<std::unique_ptr<FileLock>> acquire(const std::string& path, const std::string& busy);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : m_fd(fd) {}
  int m_fd;
};

// $XDG_STATE_HOME/ocivanilla, else ~/.local/state/ocivanilla, else /tmp/ocivanilla-state-UID.
std::string state_dir(const config::Environment& env);
// The name with every character but letters, digits, '-' and '_' replaced by '_'.
std::string safe_file_name(const std::string& name);
// The 429 cooldown shared with later runs (cron): {"until": "<RFC 3339>"}; nullopt when absent
// or unreadable.
std::optional<core::TimePoint> read_cooldown(const std::string& file);
// Written to a temporary file and renamed, so a concurrent reader never sees half a file.
void write_cooldown(const std::string& file, core::TimePoint until);
// Runs `command` with sh -c, our environment plus `vars`; its stdout goes to our stderr so that
// stdout keeps only results. A failure to run it, or a non-zero exit, is a warning.
void run_notify_command(const std::string& command, const std::map<std::string, std::string>& vars);

} // namespace ocivanilla::cli
