#include "ocivanilla/plan/plan_parser.hpp"

#include "plan/plan_reader.hpp"
#include "plan/yaml_map.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace ocivanilla::plan {

namespace {

// Parses the YAML text; syntax errors are reported and give nullopt.
std::optional<YAML::Node> load_yaml(std::string_view text, detail::Diagnostics& diagnostics)
{
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    detail::Location where;
    if (!e.mark.is_null()) {
      where = {e.mark.line + 1, e.mark.column + 1};
    }
    diagnostics.raw_error(where, "YAML syntax error: " + e.msg);
  }
  return std::nullopt;
}

} // namespace

PlanCheck check_plan(std::string_view text, std::string_view source)
{
  PlanCheck check;
  check.plan.source = std::string(source);
  check.plan.on_demand.shape = check.plan.defaults.shape;
  detail::Diagnostics diagnostics{std::string(source)};
  std::optional<YAML::Node> root = load_yaml(text, diagnostics);
  if (root && !root->IsMap()) {
    diagnostics.raw_error({1, 1},
                          "expected a mapping with 'version: 1' at the top level, got " + detail::describe_node(*root));
  } else if (root) {
    try {
      detail::PlanMarks marks;
      detail::read_plan(*root, check.plan, marks, diagnostics);
      detail::validate_plan(check.plan, marks, diagnostics);
    } catch (const YAML::Exception& e) {
      diagnostics.raw_error({e.mark.line + 1, e.mark.column + 1}, "YAML error: " + e.msg);
    }
  }
  check.budget_errors = diagnostics.budget_errors();
  check.errors = diagnostics.take_errors();
  check.warnings = diagnostics.take_warnings();
  return check;
}

core::Result<Plan> parse_plan(std::string_view text, std::string_view source)
{
  PlanCheck check = check_plan(text, source);
  if (check.loadable()) {
    return std::move(check.plan);
  }
  std::string message = check.errors.front();
  if (check.errors.size() > 1) {
    std::size_t more = check.errors.size() - 1;
    message += " (and " + std::to_string(more) + (more == 1 ? " more error" : " more errors") +
               "; run 'ocivanilla plan check')";
  }
  return core::make_error(core::ErrorKind::config, message);
}

namespace {

core::Result<std::string> read_plan_text(const std::filesystem::path& path)
{
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return core::make_error(core::ErrorKind::config, "plan file not found: " + path.string());
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || std::filesystem::is_directory(path, ec)) {
    return core::make_error(core::ErrorKind::config, "cannot read plan file " + path.string());
  }
  return text.str();
}

} // namespace

core::Result<PlanCheck> check_plan_file(const std::filesystem::path& path)
{
  core::Result<std::string> text = read_plan_text(path);
  if (!text) {
    return std::move(text).error();
  }
  return check_plan(*text, path.string());
}

core::Result<Plan> load_plan_file(const std::filesystem::path& path)
{
  core::Result<std::string> text = read_plan_text(path);
  if (!text) {
    return std::move(text).error();
  }
  return parse_plan(*text, path.string());
}

} // namespace ocivanilla::plan
