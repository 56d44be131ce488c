#pragma once

#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace ocivanilla::cli {

// A plain-text table: a header row and rows, columns padded to the widest cell, two spaces apart.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : m_header(std::move(header)) {}
  void add_row(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  void print(std::ostream& out) const;
  bool empty() const { return m_rows.empty(); }

 private:
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_rows;
};

// {"data": <data>} on one document, pretty-printed, as `oci` prints it.
void print_json_data(std::ostream& out, const nlohmann::json& data);

// "3h", "2d", "45m" from a number of seconds (age and expiry columns).
std::string short_age(long long seconds);

// Numbers as the table shows them: 1, 1.5, 6.
std::string format_number(double value);

} // namespace ocivanilla::cli
