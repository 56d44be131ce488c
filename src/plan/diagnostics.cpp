#include "plan/diagnostics.hpp"

#include <algorithm>
#include <iterator>
#include <numeric>

namespace ocivanilla::plan::detail {

namespace {

// Keeps a diagnostic on one line: control characters that came from the plan text (a block
// scalar's line breaks, a tab in a key) are written as escapes.
void append_one_line(std::string& out, std::string_view text)
{
  constexpr char k_hex[] = "0123456789abcdef";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    } else {
      out += c;
    }
  }
}

} // namespace

std::string Diagnostics::format(Location where, std::string_view path, std::string_view message) const
{
  std::string text = m_source;
  if (where.line > 0) {
    text += ':' + std::to_string(where.line) + ':' + std::to_string(where.column);
  }
  text += ": ";
  if (!path.empty()) {
    append_one_line(text, path);
    text += ": ";
  }
  append_one_line(text, message);
  return text;
}

void Diagnostics::error(Location where, std::string_view path, std::string_view message)
{
  m_errors.push_back({where, format(where, path, message)});
}

void Diagnostics::warning(Location where, std::string_view path, std::string_view message)
{
  m_warnings.push_back({where, format(where, path, message)});
}

void Diagnostics::raw_error(Location where, std::string_view message)
{
  m_errors.push_back({where, format(where, {}, message)});
}

void Diagnostics::budget_error(Location where, std::string_view path, std::string_view message)
{
  m_errors.push_back({where, format(where, path, message), true});
}

void Diagnostics::sort(std::vector<Entry>& entries)
{
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.where.line != b.where.line ? a.where.line < b.where.line : a.where.column < b.where.column;
  });
}

std::vector<std::string> Diagnostics::budget_errors() const
{
  std::vector<Entry> entries;
  std::copy_if(m_errors.begin(), m_errors.end(), std::back_inserter(entries),
               [](const Entry& entry) { return entry.budget; });
  sort(entries);
  std::vector<std::string> texts;
  for (Entry& entry : entries) {
    texts.push_back(std::move(entry.text));
  }
  return texts;
}

std::vector<std::string> Diagnostics::take(std::vector<Entry>& entries)
{
  sort(entries);
  std::vector<std::string> texts;
  for (Entry& entry : entries) {
    texts.push_back(std::move(entry.text));
  }
  entries.clear();
  return texts;
}

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view closest_match(std::string_view word, const std::vector<std::string_view>& candidates)
{
  std::string_view best;
  std::size_t best_distance = 0;
  for (std::string_view candidate : candidates) {
    std::size_t distance = edit_distance(word, candidate);
    if (best.empty() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  // A typo or a dropped suffix ("memory" for "memory_gb"), not an unrelated word.
  std::size_t allowed = std::max<std::size_t>(2, std::max(word.size(), best.size()) / 3);
  bool close = best_distance <= allowed && best_distance < std::max(word.size(), best.size());
  return close ? best : std::string_view{};
}

} // namespace ocivanilla::plan::detail
