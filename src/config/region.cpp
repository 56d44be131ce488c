#include "ocivanilla/config/region.hpp"

#include "config/regions_data.hpp"

#include <cctype>
#include <stdexcept>

namespace ocivanilla::config {

namespace {

using core::ErrorKind;
using core::make_error;

constexpr std::size_t k_listed_in_errors = 6;

std::string lower(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<std::string_view> split_tabs(std::string_view line)
{
  std::vector<std::string_view> fields;
  while (true) {
    const auto tab = line.find('\t');
    fields.push_back(line.substr(0, tab));
    if (tab == std::string_view::npos) {
      return fields;
    }
    line.remove_prefix(tab + 1);
  }
}

core::Error unknown_region(std::string_view name)
{
  const auto& regions = known_regions();
  std::string known;
  for (std::size_t i = 0; i < regions.size() && i < k_listed_in_errors; ++i) {
    known += regions[i].id + ", ";
  }
  const std::size_t more = regions.size() > k_listed_in_errors ? regions.size() - k_listed_in_errors : 0;
  known += "and " + std::to_string(more) + " more";
  return make_error(ErrorKind::config, "unknown region '" + std::string(name) + "' (known: " + known + ")");
}

} // namespace

core::Result<std::vector<Region>> parse_region_table(std::string_view text, std::string_view source)
{
  std::vector<Region> regions;
  int number = 0;
  while (!text.empty()) {
    ++number;
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto fields = split_tabs(line);
    const std::string where = std::string(source) + ":" + std::to_string(number) + ": ";
    if (fields.size() != 4) {
      return make_error(ErrorKind::config,
                        where + "expected 4 tab-separated fields, got " + std::to_string(fields.size()));
    }
    for (const auto field : fields) {
      if (field.empty() || field.find(' ') != std::string_view::npos) {
        return make_error(ErrorKind::config, where + "empty field or field with a space");
      }
    }
    regions.push_back(Region{lower(fields[0]), lower(fields[1]), lower(fields[2]), lower(fields[3])});
  }
  return regions;
}

const std::vector<Region>& known_regions()
{
  static const std::vector<Region> table = [] {
    auto parsed = parse_region_table(detail::k_regions_tsv, "config/regions.tsv");
    if (!parsed.ok()) {
      // The table is compiled in and checked by the unit tests: a failure here is a bug.
      throw std::logic_error(parsed.error().message);
    }
    return std::move(parsed).value();
  }();
  return table;
}

core::Result<Region> find_region(std::string_view name)
{
  const std::string wanted = lower(name);
  for (const auto& region : known_regions()) {
    if (region.id == wanted || region.short_code == wanted) {
      return region;
    }
  }
  return unknown_region(name);
}

core::Result<ServiceEndpoints> regional_endpoints(std::string_view region)
{
  if (region.find('.') != std::string_view::npos) {
    const std::string domain = lower(region);
    return ServiceEndpoints{"https://iaas." + domain, "https://identity." + domain, "https://auth." + domain};
  }
  auto found = find_region(region);
  OVL_TRY(found);
  const std::string suffix = found->id + "." + found->domain;
  return ServiceEndpoints{"https://iaas." + suffix, "https://identity." + found->id + ".oci." + found->domain,
                          "https://auth." + suffix};
}

} // namespace ocivanilla::config
