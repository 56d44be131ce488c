#include "api/json_reader.hpp"

#include <cmath>
#include <utility>

namespace ocivanilla::api::detail {

ObjectReader::ObjectReader(const nlohmann::json& j, std::string_view source, std::string path)
    : m_source(source), m_path(std::move(path)), m_error(std::make_shared<std::optional<core::Error>>())
{
  if (j.is_object()) {
    m_object = &j;
    return;
  }
  const std::string where = m_path.empty() ? std::string() : " field '" + m_path + "':";
  *m_error = core::make_error(core::ErrorKind::api,
                              m_source + ":" + where + " expected a JSON object, got " + std::string(j.type_name()));
}

ObjectReader::ObjectReader(const nlohmann::json* object, std::string source, std::string path,
                           std::shared_ptr<std::optional<core::Error>> error)
    : m_object(object), m_source(std::move(source)), m_path(std::move(path)), m_error(std::move(error))
{}

const nlohmann::json* ObjectReader::find(std::string_view key) const
{
  if (m_object == nullptr) {
    return nullptr;
  }
  const auto it = m_object->find(std::string(key));
  if (it == m_object->end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

std::string ObjectReader::field_path(std::string_view key) const
{
  return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

void ObjectReader::fail(std::string_view key, std::string_view expected, const nlohmann::json& got)
{
  if (m_error->has_value()) {
    return;
  }
  *m_error = core::make_error(core::ErrorKind::api, m_source + ": field '" + field_path(key) + "': expected " +
                                                      std::string(expected) + ", got " + std::string(got.type_name()));
}

std::string ObjectReader::string(std::string_view key)
{
  const auto* v = find(key);
  if (v == nullptr) {
    return {};
  }
  if (!v->is_string()) {
    fail(key, "a string", *v);
    return {};
  }
  return v->get<std::string>();
}

std::optional<double> ObjectReader::optional_number(std::string_view key)
{
  const auto* v = find(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (!v->is_number()) {
    fail(key, "a number", *v);
    return std::nullopt;
  }
  return v->get<double>();
}

double ObjectReader::number(std::string_view key)
{
  return optional_number(key).value_or(0.0);
}

std::optional<std::int64_t> ObjectReader::optional_integer(std::string_view key)
{
  const auto* v = find(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_number_integer()) {
    return v->get<std::int64_t>();
  }
  if (v->is_number_float()) {
    const double d = v->get<double>();
    const bool in_range = std::fabs(d) < 9.0e15; // exactly representable integers
    if (std::isfinite(d) && in_range && std::trunc(d) == d) {
      return static_cast<std::int64_t>(d);
    }
  }
  fail(key, "an integer", *v);
  return std::nullopt;
}

bool ObjectReader::boolean(std::string_view key)
{
  const auto* v = find(key);
  if (v == nullptr) {
    return false;
  }
  if (!v->is_boolean()) {
    fail(key, "a boolean", *v);
    return false;
  }
  return v->get<bool>();
}

Tags ObjectReader::string_map(std::string_view key)
{
  Tags out;
  const auto* v = find(key);
  if (v == nullptr) {
    return out;
  }
  if (!v->is_object()) {
    fail(key, "an object", *v);
    return out;
  }
  for (const auto& [name, value] : v->items()) {
    if (value.is_null()) {
      continue;
    }
    if (!value.is_string()) {
      fail(std::string(key) + "." + name, "a string", value);
      return {};
    }
    out.emplace(name, value.get<std::string>());
  }
  return out;
}

ObjectReader ObjectReader::child(std::string_view key)
{
  const auto* v = find(key);
  if (v != nullptr && !v->is_object()) {
    fail(key, "an object", *v);
    v = nullptr;
  }
  return ObjectReader(v, m_source, field_path(key), m_error);
}

core::Status ObjectReader::status() const
{
  if (m_error->has_value()) {
    return **m_error;
  }
  return core::Ok{};
}

} // namespace ocivanilla::api::detail
