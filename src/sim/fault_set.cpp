#include "fault_set.hpp"

namespace ocivanilla::sim {

namespace {

bool matches(const Fault& fault, std::string_view method, std::string_view path)
{
  if (!fault.method.empty() && fault.method != method) {
    return false;
  }
  return fault.path.empty() || path.find(fault.path) != std::string_view::npos;
}

} // namespace

nlohmann::json FaultSet::to_json() const
{
  nlohmann::json out = nlohmann::json::array();
  for (const auto& fault : m_faults) {
    out.push_back(fault_json(fault));
  }
  return out;
}

template <typename Pred>
std::optional<Fault> FaultSet::take_first(std::string_view method, std::string_view path, Pred pred)
{
  for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
    if (!pred(*it) || !matches(*it, method, path)) {
      continue;
    }
    Fault fired = *it;
    if (it->count) {
      if (--*it->count <= 0) {
        m_faults.erase(it);
      }
    }
    return fired;
  }
  return std::nullopt;
}

std::optional<Fault> FaultSet::take_answer(std::string_view method, std::string_view path)
{
  return take_first(method, path, [](const Fault& f) {
    return f.type == FaultType::throttle || f.type == FaultType::unavailable || f.type == FaultType::internal_error;
  });
}

bool FaultSet::take_capacity(std::string_view method, std::string_view path, std::string_view availability_domain)
{
  return take_first(method, path,
                    [&](const Fault& f) {
                      return f.type == FaultType::out_of_capacity &&
                             (f.availability_domain.empty() || f.availability_domain == availability_domain);
                    })
    .has_value();
}

bool FaultSet::take_drop(std::string_view method, std::string_view path, bool is_launch)
{
  return take_first(method, path,
                    [&](const Fault& f) {
                      return f.type == FaultType::drop_connection &&
                             (is_launch || !f.method.empty() || !f.path.empty());
                    })
    .has_value();
}

std::optional<FaultType> FaultSet::take_body(std::string_view method, std::string_view path)
{
  auto fired = take_first(method, path, [](const Fault& f) {
    return f.type == FaultType::truncated_body || f.type == FaultType::invalid_json ||
           f.type == FaultType::extra_fields;
  });
  return fired ? std::optional<FaultType>(fired->type) : std::nullopt;
}

std::chrono::milliseconds FaultSet::take_delay(std::string_view method, std::string_view path)
{
  std::chrono::milliseconds total{0};
  for (auto it = m_faults.begin(); it != m_faults.end();) {
    if (it->type != FaultType::delay || !matches(*it, method, path)) {
      ++it;
      continue;
    }
    total += std::chrono::milliseconds{it->milliseconds};
    if (it->count && --*it->count <= 0) {
      it = m_faults.erase(it);
    } else {
      ++it;
    }
  }
  return total;
}

} // namespace ocivanilla::sim
