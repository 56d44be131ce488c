#include "ocivanilla/cli/output.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ocivanilla::cli {

namespace {

// Display width of UTF-8 text: counts code points, not bytes.
std::size_t display_width(const std::string& text)
{
  std::size_t width = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++width;
    }
  }
  return width;
}

} // namespace

void Table::print(std::ostream& out) const
{
  std::vector<std::size_t> widths(m_header.size(), 0);
  auto measure = [&widths](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  };
  measure(m_header);
  for (const auto& row : m_rows) {
    measure(row);
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size()) {
        line.append(widths[i] - display_width(cell) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << line << '\n';
  };
  print_row(m_header);
  for (const auto& row : m_rows) {
    print_row(row);
  }
}

void print_json_data(std::ostream& out, const nlohmann::json& data)
{
  nlohmann::json doc = nlohmann::json::object();
  doc["data"] = data;
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

std::string short_age(long long seconds)
{
  const bool negative = seconds < 0;
  const long long s = negative ? -seconds : seconds;
  std::string out;
  if (s < 3600) {
    out = std::to_string(s / 60) + "m";
  } else if (s < 48 * 3600) {
    out = std::to_string(s / 3600) + "h";
    if (s < 10 * 3600 && (s % 3600) / 60 != 0) {
      out += std::to_string((s % 3600) / 60) + "m";
    }
  } else {
    out = std::to_string(s / 86400) + "d";
  }
  return negative ? "-" + out : out;
}

std::string format_number(double value)
{
  if (std::fabs(value - std::round(value)) < 1e-9) {
    return std::to_string(static_cast<long long>(std::llround(value)));
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  std::string out = buf;
  while (!out.empty() && out.back() == '0') {
    out.pop_back();
  }
  return out;
}

} // namespace ocivanilla::cli
