#pragma once

#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::api::detail {

// Reads fields of one JSON object without throwing. Absent keys and nulls give the fallback;
// a value of the wrong type records the first error (shared with child readers) and gives the
// fallback too, so a model is read field by field and status() is checked once at the end.
class ObjectReader {
 public:
  // `j` must outlive the reader. A non-object (other than null for a child) is an error.
  ObjectReader(const nlohmann::json& j, std::string_view source, std::string path);

  std::string string(std::string_view key);
  double number(std::string_view key);
  std::optional<double> optional_number(std::string_view key);
  std::optional<std::int64_t> optional_integer(std::string_view key);
  bool boolean(std::string_view key);
  Tags string_map(std::string_view key);
  // The nested object at `key`; absent or null gives a reader with present() == false.
  ObjectReader child(std::string_view key);

  bool present() const { return m_object != nullptr; }
  core::Status status() const;

 private:
  ObjectReader(const nlohmann::json* object, std::string source, std::string path,
               std::shared_ptr<std::optional<core::Error>> error);
  // The value at key, or nullptr when absent or null.
  const nlohmann::json* find(std::string_view key) const;
  std::string field_path(std::string_view key) const;
  void fail(std::string_view key, std::string_view expected, const nlohmann::json& got);

  const nlohmann::json* m_object = nullptr;
  std::string m_source;
  std::string m_path;
  std::shared_ptr<std::optional<core::Error>> m_error;
};

} // namespace ocivanilla::api::detail
