#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::plan::detail {

// A place in the plan text, 1-based; line 0 means unknown.
struct Location {
  int line = 0;
  int column = 0;
};

// Collects errors and warnings as "SOURCE:LINE:COLUMN: PATH: message".
class Diagnostics {
 public:
  explicit Diagnostics(std::string source) : m_source(std::move(source)) {}

  void error(Location where, std::string_view path, std::string_view message);
  void warning(Location where, std::string_view path, std::string_view message);
  // For messages without a field path (YAML syntax errors).
  void raw_error(Location where, std::string_view message);
  // An error that only says the planned servers exceed the budget (the plan is still usable).
  void budget_error(Location where, std::string_view path, std::string_view message);

  std::size_t error_count() const { return m_errors.size(); }
  // The budget errors in text order; call before take_errors.
  std::vector<std::string> budget_errors() const;
  // The messages in text order (by line, then column).
  std::vector<std::string> take_errors() { return take(m_errors); }
  std::vector<std::string> take_warnings() { return take(m_warnings); }

 private:
  struct Entry {
    Location where;
    std::string text;
    bool budget = false;
  };
  std::string format(Location where, std::string_view path, std::string_view message) const;
  static void sort(std::vector<Entry>& entries);
  static std::vector<std::string> take(std::vector<Entry>& entries);

  std::string m_source;
  std::vector<Entry> m_errors;
  std::vector<Entry> m_warnings;
};

// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` when it is close enough to be a likely typo, else "".
std::string_view closest_match(std::string_view word, const std::vector<std::string_view>& candidates);

} // namespace ocivanilla::plan::detail
