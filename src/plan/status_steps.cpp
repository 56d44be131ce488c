#include "plan/status_steps.hpp"

#include "ocivanilla/plan/apply.hpp"
#include "ocivanilla/plan/shapes.hpp"

#include <algorithm>
#include <set>

namespace ocivanilla::plan::detail {

namespace {

// Instances that could be terminated to make room, and why.
struct Candidate {
  StepKind kind = StepKind::terminate;
  std::string target;
  std::vector<const LiveInstance*> remove;
  const LiveInstance* keep = nullptr;
  std::string reason;
};

// Which limits the budget is short of: already exceeded, or not enough for the first missing
// server that does not fit.
struct Shortage {
  bool a1_ocpus = false;
  bool a1_memory = false;
  bool micro = false;
  bool boot = false;
  bool any() const { return a1_ocpus || a1_memory || micro || boot; }
};

const LiveInstance* find_live(const std::vector<LiveInstance>& instances, const std::string& id)
{
  for (const LiveInstance& live : instances) {
    if (live.id == id) {
      return &live;
    }
  }
  return nullptr;
}

bool expired(const LiveInstance& live, core::TimePoint now)
{
  auto tag = live.freeform_tags.find(std::string(k_tag_expires_at));
  core::TimePoint at;
  return tag != live.freeform_tags.end() && core::parse_rfc3339(tag->second, at) && at <= now;
}

// Consolidation keeps a running instance if there is one, else the oldest.
const LiveInstance* keeper(const std::vector<const LiveInstance*>& group)
{
  const LiveInstance* best = group.front();
  for (const LiveInstance* live : group) {
    bool running = live->lifecycle_state == "RUNNING";
    bool best_running = best->lifecycle_state == "RUNNING";
    if ((running && !best_running) || (running == best_running && live->time_created < best->time_created)) {
      best = live;
    }
  }
  return best;
}

using Groups = std::vector<std::pair<std::string, std::vector<const LiveInstance*>>>;

// A group of one is a single termination; a larger group is consolidated to its keeper.
std::pair<std::vector<Candidate>, std::vector<Candidate>> group_candidates(const Groups& groups)
{
  std::vector<Candidate> singles;
  std::vector<Candidate> consolidations;
  for (const auto& [base, members] : groups) {
    if (members.size() == 1) {
      std::string tier = members.front()->freeform_tags.count(std::string(k_tag_tier)) != 0 ? "on-demand" : "untagged";
      singles.push_back({StepKind::terminate, members.front()->display_name, members, nullptr, "unplanned, " + tier});
      continue;
    }
    Candidate c{StepKind::consolidate, base, {}, keeper(members), ""};
    for (const LiveInstance* live : members) {
      if (live != c.keep) {
        c.remove.push_back(live);
      }
    }
    consolidations.push_back(std::move(c));
  }
  return {std::move(singles), std::move(consolidations)};
}

std::vector<Candidate> candidates(const StatusReport& report, const std::vector<LiveInstance>& instances,
                                  core::TimePoint now)
{
  std::vector<Candidate> duplicates;
  std::vector<Candidate> stale;
  Groups groups;
  for (const UnplannedInstance& entry : report.unplanned) {
    const LiveInstance* live = find_live(instances, entry.id);
    if (!entry.duplicate_of.empty()) {
      duplicates.push_back({StepKind::terminate,
                            entry.display_name,
                            {live},
                            nullptr,
                            "duplicate of planned server " + entry.duplicate_of});
    } else if (entry.tier == "on-demand" && expired(*live, now)) {
      stale.push_back({StepKind::terminate, entry.display_name, {live}, nullptr, "unplanned, on-demand, expired"});
    } else if (entry.tier == "untagged" || entry.tier == "on-demand") {
      std::string base = name_base(entry.display_name);
      auto group = std::find_if(groups.begin(), groups.end(), [&base](const auto& g) { return g.first == base; });
      if (group == groups.end()) {
        groups.push_back({base, {live}});
      } else {
        group->second.push_back(live);
      }
    }
  }
  auto [singles, consolidations] = group_candidates(groups);
  std::vector<Candidate> all = std::move(duplicates);
  for (auto* list : {&stale, &singles, &consolidations}) {
    all.insert(all.end(), list->begin(), list->end());
  }
  return all;
}

Shortage shortage(Usage usage, const Budget& budget, const std::vector<Request>& missing)
{
  Shortage s;
  s.a1_ocpus = usage.a1_ocpus > budget.a1_ocpus;
  s.a1_memory = usage.a1_memory_gb > budget.a1_memory_gb;
  s.micro = usage.micro_instances > budget.micro_instances;
  s.boot = usage.boot_volume_gb > budget.boot_volume_gb;
  for (const Request& request : missing) {
    if (check_budget(budget, usage, request).ok()) {
      usage = add_request(usage, request);
      continue;
    }
    bool a1 = is_a1_shape(request.shape);
    s.a1_ocpus = s.a1_ocpus || (a1 && usage.a1_ocpus + request.ocpus > budget.a1_ocpus);
    s.a1_memory = s.a1_memory || (a1 && usage.a1_memory_gb + request.memory_gb > budget.a1_memory_gb);
    s.micro = s.micro || (is_micro_shape(request.shape) && usage.micro_instances >= budget.micro_instances);
    s.boot = s.boot || usage.boot_volume_gb + request.boot_volume_gb > budget.boot_volume_gb;
    break;
  }
  return s;
}

bool frees(const Candidate& candidate, const Shortage& s)
{
  for (const LiveInstance* live : candidate.remove) {
    bool a1 = is_a1_shape(live->shape);
    if ((a1 && s.a1_ocpus && live->ocpus > 0) || (a1 && s.a1_memory && live->memory_gb > 0) ||
        (s.micro && is_micro_shape(live->shape)) || (s.boot && live->boot_volume_gb.value_or(0) > 0)) {
      return true;
    }
  }
  return false;
}

// The argument `ocivanilla terminate` needs: the display name when it is unique, else the OCID.
std::string handle(const LiveInstance& live, const std::vector<LiveInstance>& instances)
{
  auto same = std::count_if(instances.begin(), instances.end(), [&live](const LiveInstance& i) {
    return !is_terminated(i) && i.display_name == live.display_name;
  });
  return same == 1 && !live.display_name.empty() ? live.display_name : live.id;
}

NextStep freeing_step(const Candidate& c, const std::vector<LiveInstance>& instances, core::TimePoint now)
{
  NextStep step{c.kind, c.target, {}, ""};
  Usage freed;
  std::string commands;
  for (const LiveInstance* live : c.remove) {
    step.instance_ids.push_back(live->id);
    freed = add_request(freed, Request{live->shape, live->ocpus, live->memory_gb, 0});
    commands += (commands.empty() ? "" : "; ") + std::string("ocivanilla terminate ") + handle(*live, instances);
  }
  std::string frees = "frees " + format_size(freed.a1_ocpus, freed.a1_memory_gb);
  if (c.kind == StepKind::consolidate) {
    auto age = std::chrono::duration_cast<std::chrono::seconds>(now - c.keep->time_created);
    step.text = "consolidate the " + std::to_string(c.remove.size() + 1) + " " + c.target +
                " instances into one: keep " + c.keep->id + " (" + c.keep->lifecycle_state + ", age " +
                format_age(age) + "), terminate the rest (" + frees + "): " + commands;
    return step;
  }
  const LiveInstance& live = *c.remove.front();
  auto age = std::chrono::duration_cast<std::chrono::seconds>(now - live.time_created);
  step.text = "terminate " + c.target + " (" + c.reason + ", " + live.lifecycle_state + ", " +
              format_size(live.ocpus, live.memory_gb) + ", age " + format_age(age) + "; " + frees + "): " + commands;
  return step;
}

// check_budget's lines as one line.
std::string joined(const std::string& lines)
{
  std::string text;
  for (char c : lines) {
    text += c == '\n' ? std::string("; ") : std::string(1, c);
  }
  return text;
}

} // namespace

namespace {

std::string a1_fill(const Usage& usage, const Budget& budget)
{
  return format_number(usage.a1_ocpus) + "/" + format_number(budget.a1_ocpus) + " OCPU, " +
         format_number(usage.a1_memory_gb) + "/" + format_number(budget.a1_memory_gb) + " GB";
}

// "; unplanned instances still hold 1 OCPU / 6 GB of A1: purelabsourcing-ubuntu-arm64"
std::string remaining_hint(const StatusReport& report, const std::set<std::string>& removed)
{
  double ocpus = 0;
  double memory_gb = 0;
  std::string names;
  for (const UnplannedInstance& entry : report.unplanned) {
    if (removed.count(entry.id) == 0 && is_a1_shape(entry.shape)) {
      ocpus += entry.ocpus;
      memory_gb += entry.memory_gb;
      names += (names.empty() ? "" : ", ") + entry.display_name;
    }
  }
  if (names.empty()) {
    return "; lower the planned sizes or raise the budget";
  }
  return "; unplanned instances still hold " + format_size(ocpus, memory_gb) + " of A1: " + names;
}

void server_steps(const Plan& plan, StatusReport& report)
{
  for (std::size_t s = 0; s < report.servers.size(); ++s) {
    const ServerStatus& status = report.servers[s];
    if (status.state == ServerState::stopped) {
      report.steps.push_back({StepKind::start,
                              status.display_name,
                              {status.instance_id},
                              "start " + status.display_name + " (" + status.lifecycle_state + "): ocivanilla start " +
                                status.display_name});
    }
    if (status.state != ServerState::missing && status.size_drift) {
      report.steps.push_back({StepKind::resize,
                              status.display_name,
                              {status.instance_id},
                              "resize " + status.display_name + ": it has " +
                                format_size(status.live_ocpus, status.live_memory_gb) + " but the plan says " +
                                format_size(plan.servers[s].ocpus, plan.servers[s].memory_gb) +
                                " (resize it in the OCI console, or change servers." + status.key + " in the plan)"});
    }
  }
}

void tag_steps(const Plan& plan, StatusReport& report)
{
  for (std::size_t s = 0; s < report.servers.size(); ++s) {
    const ServerStatus& status = report.servers[s];
    if (status.state != ServerState::missing && !status.tags_match) {
      std::string tags;
      for (const auto& [key, value] : server_tags(plan.servers[s])) {
        tags += (tags.empty() ? "" : ", ") + key + "=" + value;
      }
      report.steps.push_back({StepKind::tag,
                              status.display_name,
                              {status.instance_id},
                              "tag " + status.display_name + " with " + tags + ": ocivanilla plan apply"});
    }
  }
}

} // namespace

void plan_steps(const Plan& plan, const std::vector<LiveInstance>& instances, core::TimePoint now, StatusReport& report)
{
  std::vector<const Server*> missing_servers;
  std::vector<Request> missing;
  for (std::size_t s = 0; s < report.servers.size(); ++s) {
    if (report.servers[s].state == ServerState::missing) {
      missing_servers.push_back(&plan.servers[s]);
      missing.push_back(request_for(spec_for_server(plan, plan.servers[s])));
    }
  }
  Usage usage = report.usage;
  std::set<std::string> removed;
  for (const Candidate& candidate : candidates(report, instances, now)) {
    Shortage short_of = shortage(usage, report.budget, missing);
    if (!short_of.any()) {
      break;
    }
    if (!frees(candidate, short_of)) {
      continue;
    }
    for (const LiveInstance* live : candidate.remove) {
      usage = release(usage, *live);
      removed.insert(live->id);
    }
    report.steps.push_back(freeing_step(candidate, instances, now));
  }
  bool freed = !report.steps.empty();
  server_steps(plan, report);
  for (std::size_t m = 0; m < missing.size(); ++m) {
    const Server& server = *missing_servers[m];
    std::string size = format_size(server.ocpus, server.memory_gb);
    core::Status fits = check_budget(report.budget, usage, missing[m]);
    if (fits.ok()) {
      usage = add_request(usage, missing[m]);
      std::string after = is_a1_shape(server.shape) ? "; A1 then " + a1_fill(usage, report.budget) : "";
      report.steps.push_back(
        {StepKind::launch,
         server.display_name,
         {},
         "launch " + server.display_name + " (" + size + after + "): ocivanilla launch " + server.key});
      continue;
    }
    report.fits_after_steps = false;
    report.steps.push_back({StepKind::blocked,
                            server.display_name,
                            {},
                            server.display_name + " (" + size + ") does not fit" +
                              (freed ? " even after the steps above: " : " the budget: ") +
                              joined(fits.error().message) + remaining_hint(report, removed)});
  }
  tag_steps(plan, report);
  report.usage_after_steps = usage;
}

} // namespace ocivanilla::plan::detail
