#include "ocivanilla/cli/app.hpp"

#include "commands.hpp"
#include "context.hpp"

#include "ocivanilla/core/exit_code.hpp"
#include "ocivanilla/core/version.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>

namespace ocivanilla::cli {

namespace {

void add_global_options(CLI::App& app, GlobalOptions& g)
{
  app.add_option("--config-file", g.config_file, "OCI config file (env OCI_CLI_CONFIG_FILE; default ~/.oci/config)");
  app.add_option("--profile", g.profile, "profile in the config file (env OCI_CLI_PROFILE; default DEFAULT)");
  app.add_option("--region", g.region, "region (env OCI_CLI_REGION; default: the profile's)");
  app.add_option("--endpoint", g.endpoint,
                 "base URL for every API call (env OCIVANILLA_ENDPOINT); http:// only for loopback");
  app.add_option("--cert-bundle", g.cert_bundle, "extra CA bundle for TLS verification (env OCI_CLI_CERT_BUNDLE)");
  app.add_option("--plan", g.plan, "allocation plan (env OCIVANILLA_PLAN; default ./config/plan.yaml)");
  app.add_option("--compartment-id", g.compartment, "compartment OCID (env OCIVANILLA_COMPARTMENT)");
  app.add_option("-o,--output", g.output, "table or json")->check(CLI::IsMember({"table", "json"}));
  app.add_flag("-v,--verbose", g.verbose, "debug log on stderr (secrets redacted)");
  app.add_option("--log-file", g.log_file, "also append the log to this file (env OCIVANILLA_LOG_FILE)");
  app.add_option("--auth", g.auth, "api_key, security_token or instance_principal (env OCI_CLI_AUTH)")
    ->check(CLI::IsMember({"api_key", "security_token", "instance_principal"}));
  app.add_option("--federation-endpoint", g.federation_endpoint, "instance-principal federation base URL");
  app.add_option("--timeout", g.timeout,
                 "time limit of one HTTP attempt, e.g. 30s (env OCIVANILLA_TIMEOUT; default 60s)");
}

struct Commands {
  LaunchOptions launch;
  ListOptions list;
  TerminateOptions terminate;
  TagOptions tag;
  PowerOptions start;
  PowerOptions stop;
  CleanupOptions cleanup;
  PlanApplyOptions plan_apply;
};

void define_launch(CLI::App& app, LaunchOptions& o)
{
  auto* c = app.add_subcommand("launch", "launch one instance (plan server key or a new on-demand name)");
  c->add_option("NAME", o.name, "plan server key or display name")->required();
  c->add_option("--shape", o.shape, "shape, e.g. VM.Standard.A1.Flex");
  c->add_option("--ocpus", o.ocpus, "OCPUs (Flex shapes)");
  c->add_option("--memory", o.memory_gb, "memory in GB (Flex shapes)");
  c->add_option("--image", o.image_id, "image OCID");
  c->add_option("--image-os", o.image_os, "image operating system, e.g. \"Canonical Ubuntu\"");
  c->add_option("--image-version", o.image_version, "image OS version, e.g. 22.04");
  c->add_option("--ad", o.ad, "availability domain (default: the first that offers the shape)");
  c->add_option("--subnet-id", o.subnet_id, "subnet OCID (default: the plan's, else the single public subnet)");
  c->add_option("--ssh-key-file", o.ssh_key_file, "SSH public key file");
  c->add_flag("--no-ssh-key", o.no_ssh_key, "launch without an SSH key");
  c->add_option("--boot-volume-gb", o.boot_volume_gb, "boot volume size in GB (50..32768)");
  c->add_option("--user-data-file", o.user_data_file, "cloud-init user data file");
  c->add_option("--namespace", o.namespaces, "namespace served (repeatable)")->allow_extra_args(false);
  c->add_option("--tier", o.tier, "dedicated, shared-dev or on-demand")
    ->check(CLI::IsMember({"dedicated", "shared-dev", "on-demand"}));
  c->add_option("--ttl", o.ttl, "time to live of an on-demand instance, e.g. 8h");
  c->add_option("--tag", o.tags, "extra freeform tag KEY=VALUE (repeatable)")->allow_extra_args(false);
  c->add_flag("--wait", o.wait, "wait until RUNNING and print the public IP");
  c->add_option("--wait-timeout", o.wait_timeout, "how long --wait waits (default 20m)");
  c->add_flag("--retry-capacity", o.retry_capacity, "on 'Out of host capacity' keep trying across ADs");
  c->add_option("--max-wait", o.max_wait, "give up capacity hunting after this long (default 1h)");
  c->add_option("--retry-interval", o.retry_interval, "pause between capacity rounds (default 60s)");
  c->add_option("--notify-command", o.notify_command, "command run once at the end with the outcome in env vars");
  c->add_flag("--allow-over-budget", o.allow_over_budget, "launch even when the plan's A1 budget would be exceeded");
  c->add_flag("--dry-run", o.dry_run, "print the request and send nothing that changes state");
}

void define_commands(CLI::App& app, Commands& o)
{
  define_launch(app, o.launch);

  auto* list = app.add_subcommand("list", "list instances (all pages)");
  list->add_option("--namespace", o.list.namespace_name, "only the instance serving this namespace");
  list->add_option("--tier", o.list.tier, "only this tier")
    ->check(CLI::IsMember({"dedicated", "shared-dev", "on-demand", "untagged"}));
  list->add_option("--state", o.list.state, "only this lifecycle state (e.g. RUNNING, STOPPED; any case)")
    ->check(CLI::IsMember({"MOVING", "PROVISIONING", "RUNNING", "STARTING", "STOPPING", "STOPPED", "CREATING_IMAGE",
                           "TERMINATING", "TERMINATED"},
                          CLI::ignore_case));
  list->add_flag("--all", o.list.all, "include TERMINATED instances");
  list->add_flag("--expired", o.list.expired, "only on-demand instances past their expiry");

  auto* term = app.add_subcommand("terminate", "terminate one instance");
  term->add_option("TARGET", o.terminate.target, "display name or OCID")->required();
  term->add_flag("-y,--yes", o.terminate.yes, "do not ask (required without a terminal)");
  term->add_flag("--force", o.terminate.force, "allow terminating a dedicated instance");
  term->add_flag("--preserve-boot-volume", o.terminate.preserve_boot_volume, "keep the boot volume");
  term->add_flag("--wait", o.terminate.wait, "wait until TERMINATED");
  term->add_option("--wait-timeout", o.terminate.wait_timeout, "how long --wait waits (default 20m)");
  term->add_flag("--dry-run", o.terminate.dry_run, "say what would be terminated, change nothing");

  auto* tag = app.add_subcommand("tag", "merge freeform tags into an instance");
  tag->add_option("TARGET", o.tag.target, "display name or OCID")->required();
  tag->add_option("ASSIGNMENTS", o.tag.assignments, "KEY=VALUE ...");
  tag->add_option("--remove", o.tag.remove, "remove this tag key (repeatable)")->allow_extra_args(false);
  tag->add_flag("--dry-run", o.tag.dry_run, "print the merged tags, change nothing");

  o.stop.start = false;
  for (auto* p : {&o.start, &o.stop}) {
    auto* c = app.add_subcommand(p->start ? "start" : "stop",
                                 p->start ? "power on an instance" : "power off an instance");
    c->add_option("TARGET", p->target, "display name or OCID")->required();
    if (!p->start) {
      c->add_flag("--soft", p->soft, "ask the OS to shut down first (SOFTSTOP)");
    }
    c->add_flag("--wait", p->wait, "wait until the instance reaches the new state");
    c->add_option("--wait-timeout", p->wait_timeout, "how long --wait waits (default 20m)");
    c->add_flag("--dry-run", p->dry_run, "say what would happen, change nothing");
  }

  auto* cleanup = app.add_subcommand("cleanup", "terminate expired on-demand instances (for cron)");
  cleanup->add_flag("--dry-run", o.cleanup.dry_run, "list what would be terminated");
  cleanup->add_flag("-y,--yes", o.cleanup.yes, "do not ask (required without a terminal)");
  cleanup->add_option("--concurrency", o.cleanup.concurrency, "terminations in flight at once (default 8)")
    ->check(CLI::Range(1, 32));
  cleanup->add_option("--lock-file", o.cleanup.lock_file, "lock file (default: $XDG_RUNTIME_DIR or /tmp)");

  auto* plan = app.add_subcommand("plan", "the allocation plan");
  plan->require_subcommand(1);
  plan->add_subcommand("check", "validate the plan offline");
  plan->add_subcommand("status", "compare the plan with the live instances");
  auto* apply = plan->add_subcommand("apply", "launch missing planned servers and tag existing ones");
  apply->add_flag("--dry-run", o.plan_apply.dry_run, "print the actions, change nothing");
  apply->add_flag("-y,--yes", o.plan_apply.yes, "do not ask (required without a terminal)");

  app.add_subcommand("doctor", "check the setup");
}

core::Status dispatch(CLI::App& app, Commands& o, Context& ctx)
{
  if (app.got_subcommand("launch")) {
    return run_launch(ctx, o.launch);
  }
  if (app.got_subcommand("list")) {
    return run_list(ctx, o.list);
  }
  if (app.got_subcommand("terminate")) {
    return run_terminate(ctx, o.terminate);
  }
  if (app.got_subcommand("tag")) {
    return run_tag(ctx, o.tag);
  }
  if (app.got_subcommand("start")) {
    return run_power(ctx, o.start);
  }
  if (app.got_subcommand("stop")) {
    return run_power(ctx, o.stop);
  }
  if (app.got_subcommand("cleanup")) {
    return run_cleanup(ctx, o.cleanup);
  }
  if (app.got_subcommand("doctor")) {
    return run_doctor(ctx);
  }
  auto* plan = app.get_subcommand("plan");
  if (plan->got_subcommand("check")) {
    return run_plan_check(ctx);
  }
  if (plan->got_subcommand("status")) {
    return run_plan_status(ctx);
  }
  return run_plan_apply(ctx, o.plan_apply);
}

int report(const core::Error& error)
{
  std::cerr << "ocivanilla: error: " << error.describe() << '\n';
  return static_cast<int>(core::exit_code_for(error.kind));
}

} // namespace

int run(int argc, char** argv)
{
  CLI::App app{"ocivanilla: provision OCI compute instances within a free-tier plan"};
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ocivanilla ") + k_version);
  GlobalOptions globals;
  Commands commands;
  add_global_options(app, globals);
  define_commands(app, commands);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "ocivanilla: usage error: " << e.what() << "\n(run 'ocivanilla --help' for usage)\n";
    return static_cast<int>(core::ExitCode::usage);
  }
  try {
    Context ctx(std::move(globals));
    const auto status = dispatch(app, commands, ctx);
    if (!status.ok()) {
      return report(status.error());
    }
    return static_cast<int>(core::ExitCode::ok);
  } catch (const std::exception& e) {
    return report(core::make_error(core::ErrorKind::internal, std::string("internal error: ") + e.what()));
  }
}

} // namespace ocivanilla::cli
