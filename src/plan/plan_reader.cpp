#include "plan/plan_reader.hpp"

#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/plan/shapes.hpp"
#include "plan/yaml_map.hpp"

namespace ocivanilla::plan::detail {

namespace {

constexpr std::size_t k_max_display_name = 255;

void read_defaults(YamlMap& root, Plan& plan, Diagnostics& diagnostics)
{
  std::optional<YAML::Node> node = root.mapping("defaults");
  if (!node) {
    return;
  }
  YamlMap map(*node, "defaults", {"shape", "image", "subnet", "ssh_key_file"}, diagnostics,
              root.key_location("defaults"));
  if (auto shape = map.string("shape")) {
    if (shape->empty()) {
      map.error("shape", "must not be empty");
    } else {
      plan.defaults.shape = *shape;
    }
  }
  if (auto image = map.mapping("image")) {
    YamlMap image_map(*image, "defaults.image", {"os", "version"}, diagnostics, map.key_location("image"));
    auto os = image_map.string("os", true);
    auto version = image_map.string("version", true);
    if (os && version) {
      plan.defaults.image = ImageSpec{*os, *version};
    }
  }
  plan.defaults.subnet = map.string("subnet").value_or("");
  plan.defaults.ssh_key_file = map.string("ssh_key_file").value_or("");
}

void read_budget(YamlMap& root, Plan& plan, PlanMarks& marks, Diagnostics& diagnostics)
{
  marks.budget = root.key_location("budget");
  marks.budget_a1_ocpus = marks.budget_a1_memory_gb = marks.budget;
  marks.budget_boot_volume_gb = marks.budget_micro_instances = marks.budget;
  std::optional<YAML::Node> node = root.mapping("budget");
  if (!node) {
    return;
  }
  YamlMap map(*node, "budget", {"a1", "boot_volume_gb", "micro_instances"}, diagnostics, marks.budget);
  marks.budget_a1_ocpus = marks.budget_a1_memory_gb = map.key_location("a1");
  if (auto a1 = map.mapping("a1")) {
    YamlMap a1_map(*a1, "budget.a1", {"ocpus", "memory_gb"}, diagnostics, map.key_location("a1"));
    marks.budget_a1_ocpus = a1_map.key_location("ocpus");
    marks.budget_a1_memory_gb = a1_map.key_location("memory_gb");
    for (auto [key, target] :
         {std::pair{"ocpus", &plan.budget.a1_ocpus}, std::pair{"memory_gb", &plan.budget.a1_memory_gb}}) {
      if (auto value = a1_map.number(key, true)) {
        if (*value > 0) {
          *target = *value;
        } else {
          a1_map.error(key, "must be greater than 0, got " + format_number(*value));
        }
      }
    }
  }
  marks.budget_boot_volume_gb = map.key_location("boot_volume_gb");
  if (auto boot = map.whole_number("boot_volume_gb")) {
    if (*boot > 0) {
      plan.budget.boot_volume_gb = *boot;
    } else {
      map.error("boot_volume_gb", "must be greater than 0, got " + std::to_string(*boot));
    }
  }
  marks.budget_micro_instances = map.key_location("micro_instances");
  if (auto micro = map.whole_number("micro_instances")) {
    if (*micro >= 0) {
      plan.budget.micro_instances = *micro;
    } else {
      map.error("micro_instances", "must not be negative, got " + std::to_string(*micro));
    }
  }
}

// ocpus, memory_gb and boot_volume_gb of a server or of on_demand.
void read_sizes(YamlMap& map, std::string_view shape, bool sizes_required, double& ocpus, double& memory_gb,
                int& boot_volume_gb, SizeMarks& marks)
{
  bool fixed = is_micro_shape(shape);
  if (fixed) {
    ocpus = 1;
    memory_gb = 1;
  }
  bool required = sizes_required && !fixed;
  auto read_ocpus = map.number("ocpus", required);
  auto read_memory = map.number("memory_gb", required);
  marks.ocpus = map.key_location("ocpus");
  marks.memory_gb = map.key_location("memory_gb");
  marks.ocpus_read = read_ocpus.has_value() || (!required && !map.has("ocpus"));
  marks.memory_read = read_memory.has_value() || (!required && !map.has("memory_gb"));
  ocpus = read_ocpus.value_or(ocpus);
  memory_gb = read_memory.value_or(memory_gb);
  auto boot = map.whole_number("boot_volume_gb");
  marks.boot_volume_gb = map.key_location("boot_volume_gb");
  marks.boot_read = boot.has_value() || !map.has("boot_volume_gb");
  boot_volume_gb = boot.value_or(boot_volume_gb);
}

std::string read_shape(YamlMap& map, const Plan& plan)
{
  auto shape = map.string("shape");
  if (shape && shape->empty()) {
    map.error("shape", "must not be empty");
  }
  return shape && !shape->empty() ? *shape : plan.defaults.shape;
}

void read_namespaces(YamlMap& map, Server& server, ServerMarks& marks)
{
  auto namespaces = map.string_list("namespaces");
  if (!namespaces) {
    return;
  }
  for (const YamlMap::ListItem& item : *namespaces) {
    if (item.text.empty() || item.text.find_first_of(", \t") != std::string::npos) {
      map.error("namespaces", "namespace '" + item.text + "' must be non-empty and contain no comma or space");
      continue;
    }
    server.namespaces.push_back(item.text);
    marks.namespace_items.push_back(item.where);
  }
}

void read_server(const std::string& key, Location where, const YAML::Node& node, Plan& plan, PlanMarks& marks,
                 Diagnostics& diagnostics)
{
  std::string path = "servers." + key;
  Server server;
  ServerMarks server_marks;
  server.key = key;
  server_marks.sizes.path = path;
  server_marks.sizes.where = where;
  if (key.rfind("ocid1.", 0) == 0) {
    diagnostics.error(where, path, "a server key must not start with 'ocid1.' (it would read as an OCID)");
  }
  YamlMap map(node, path, {"display_name", "tier", "namespaces", "shape", "ocpus", "memory_gb", "boot_volume_gb"},
              diagnostics, where);
  server.display_name = map.string("display_name").value_or(key);
  server_marks.display_name = map.key_location("display_name");
  if (server.display_name.empty() || server.display_name.size() > k_max_display_name) {
    map.error("display_name", "must be 1 to 255 characters long");
  }
  if (auto tier = map.string("tier", true)) {
    std::optional<Tier> parsed = parse_tier(*tier);
    if (parsed && *parsed != Tier::on_demand) {
      server.tier = *parsed;
    } else {
      map.error("tier", "must be dedicated or shared-dev, got '" + *tier + "'");
    }
  }
  read_namespaces(map, server, server_marks);
  server.shape = read_shape(map, plan);
  read_sizes(map, server.shape, true, server.ocpus, server.memory_gb, server.boot_volume_gb, server_marks.sizes);
  plan.servers.push_back(std::move(server));
  marks.servers.push_back(std::move(server_marks));
}

void read_servers(YamlMap& root, Plan& plan, PlanMarks& marks, Diagnostics& diagnostics)
{
  std::optional<YAML::Node> node = root.mapping("servers");
  if (!node) {
    return;
  }
  for (auto it = node->begin(); it != node->end(); ++it) {
    YAML::Node name = it->first; // copies: the iterator hands out a temporary pair
    YAML::Node value = it->second;
    Location where = location_of(name);
    if (!name.IsScalar() || name.Scalar().empty()) {
      diagnostics.error(where, "servers", "expected a server name, got " + describe_node(name));
      continue;
    }
    const std::string& key = name.Scalar();
    if (find_server(plan, key) != nullptr) {
      diagnostics.error(where, "servers." + key, "duplicate server");
      continue;
    }
    if (!value.IsMap()) {
      diagnostics.error(where, "servers." + key, "expected a mapping, got " + describe_node(value));
      continue;
    }
    read_server(key, where, value, plan, marks, diagnostics);
  }
}

void read_on_demand(YamlMap& root, Plan& plan, PlanMarks& marks, Diagnostics& diagnostics)
{
  OnDemand& on_demand = plan.on_demand;
  marks.on_demand.path = "on_demand";
  marks.on_demand.where = root.key_location("on_demand");
  on_demand.shape = plan.defaults.shape;
  marks.on_demand.ocpus_read = marks.on_demand.memory_read = marks.on_demand.boot_read = true;
  std::optional<YAML::Node> node = root.mapping("on_demand");
  if (!node) {
    return;
  }
  YamlMap map(*node, "on_demand", {"shape", "ocpus", "memory_gb", "boot_volume_gb", "ttl", "max_instances"},
              diagnostics, marks.on_demand.where);
  on_demand.shape = read_shape(map, plan);
  read_sizes(map, on_demand.shape, false, on_demand.ocpus, on_demand.memory_gb, on_demand.boot_volume_gb,
             marks.on_demand);
  if (auto ttl = map.string("ttl")) {
    core::Result<std::chrono::seconds> parsed = core::parse_duration(*ttl);
    if (parsed) {
      on_demand.ttl = *parsed;
    } else {
      map.error("ttl", parsed.error().message);
    }
  }
  if (auto max = map.whole_number("max_instances")) {
    if (*max >= 0) {
      on_demand.max_instances = *max;
    } else {
      map.error("max_instances", "must not be negative, got " + std::to_string(*max));
    }
  }
}

} // namespace

void read_plan(const YAML::Node& root, Plan& plan, PlanMarks& marks, Diagnostics& diagnostics)
{
  marks.root = location_of(root);
  YamlMap map(root, "", {"version", "compartment", "defaults", "budget", "servers", "on_demand"}, diagnostics);
  if (auto version = map.whole_number("version", true)) {
    if (*version != 1) {
      map.error("version", "unsupported version " + std::to_string(*version) + " (expected 1)");
    }
  }
  if (auto compartment = map.string("compartment")) {
    if (compartment->rfind("ocid1.", 0) != 0) {
      map.error("compartment", "expected an OCID (ocid1.compartment...), got '" + *compartment + "'");
    } else {
      plan.compartment = *compartment;
    }
  }
  read_defaults(map, plan, diagnostics);
  read_budget(map, plan, marks, diagnostics);
  read_servers(map, plan, marks, diagnostics);
  read_on_demand(map, plan, marks, diagnostics);
}

} // namespace ocivanilla::plan::detail
