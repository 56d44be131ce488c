#include "ocivanilla/plan/tags.hpp"

namespace ocivanilla::plan {

std::string_view to_string(Tier tier)
{
  switch (tier) {
  case Tier::dedicated: return "dedicated";
  case Tier::shared_dev: return "shared-dev";
  case Tier::on_demand: return "on-demand";
  }
  return "dedicated";
}

std::optional<Tier> parse_tier(std::string_view text)
{
  for (Tier tier : {Tier::dedicated, Tier::shared_dev, Tier::on_demand}) {
    if (text == to_string(tier)) {
      return tier;
    }
  }
  return std::nullopt;
}

} // namespace ocivanilla::plan
