#pragma once

#include "context.hpp"

#include "ocivanilla/core/result.hpp"

#include <optional>
#include <string>
#include <vector>

// Options of each command as CLI11 fills them, and the functions that run them (one file each).
namespace ocivanilla::cli {

struct LaunchOptions {
  std::string name;
  std::string shape;
  std::optional<double> ocpus;
  std::optional<double> memory_gb;
  std::string image_id;
  std::string image_os;
  std::string image_version;
  std::string ad;
  std::string subnet_id;
  std::string ssh_key_file;
  bool no_ssh_key = false;
  std::optional<int> boot_volume_gb;
  std::string user_data_file;
  std::vector<std::string> namespaces;
  std::string tier;
  std::string ttl;
  std::vector<std::string> tags;
  bool wait = false;
  std::string wait_timeout = "20m";
  bool retry_capacity = false;
  std::string max_wait = "1h";
  std::string retry_interval = "60s";
  std::string notify_command;
  bool allow_over_budget = false;
  bool dry_run = false;
};

struct ListOptions {
  std::string namespace_name;
  std::string tier;
  std::string state;
  bool all = false;
  bool expired = false;
};

struct TerminateOptions {
  std::string target;
  bool yes = false;
  bool force = false;
  bool preserve_boot_volume = false;
  bool wait = false;
  std::string wait_timeout = "20m";
  bool dry_run = false;
};

struct TagOptions {
  std::string target;
  std::vector<std::string> assignments;
  std::vector<std::string> remove;
  bool dry_run = false;
};

struct PowerOptions {
  std::string target;
  bool start = true;
  bool soft = false;
  bool wait = false;
  std::string wait_timeout = "20m";
  bool dry_run = false;
};

struct CleanupOptions {
  bool dry_run = false;
  bool yes = false;
  int concurrency = 8;
  std::string lock_file;
};

struct PlanApplyOptions {
  bool dry_run = false;
  bool yes = false;
};

core::Status run_launch(Context& ctx, const LaunchOptions& options);
core::Status run_list(Context& ctx, const ListOptions& options);
core::Status run_terminate(Context& ctx, const TerminateOptions& options);
core::Status run_tag(Context& ctx, const TagOptions& options);
core::Status run_power(Context& ctx, const PowerOptions& options);
core::Status run_cleanup(Context& ctx, const CleanupOptions& options);
core::Status run_plan_check(Context& ctx);
core::Status run_plan_status(Context& ctx);
core::Status run_plan_apply(Context& ctx, const PlanApplyOptions& options);
core::Status run_doctor(Context& ctx);

} // namespace ocivanilla::cli
