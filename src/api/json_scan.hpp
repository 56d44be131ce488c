#pragma once

// A small validating JSON scanner for ListInstances pages (docs/adr/0007). It reads a page (a JSON
// array of objects) into a flat list of nodes that point into the text, without building strings
// or maps, and gives each element's text without whitespace. It is deliberately stricter than
// RFC 8259 where that keeps it simple (keys with escapes, numbers of more than 18 digits, nesting
// deeper than 128, a byte-order mark): such a page is not taken, and the caller reads it with
// nlohmann instead. It never accepts text nlohmann rejects (the `api` fuzz target checks both).

#include "ocivanilla/api/models.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::api::detail {

struct JsonNode {
  enum class Kind : std::uint8_t { object, array, string, number, literal_true, literal_false, null };
  static constexpr std::uint32_t k_none = 0xffffffffu;

  Kind kind = Kind::null;
  bool escaped = false; // a string with backslash escapes
  bool integral = false; // a number without fraction or exponent
  std::uint32_t key_begin = 0; // a member's key, inside the quotes (no escapes)
  std::uint32_t key_size = 0;
  std::uint32_t begin = 0; // the value's text [begin, end)
  std::uint32_t end = 0;
  std::uint32_t first_child = k_none;
  std::uint32_t next = k_none;
};

// Scans `text` as one JSON array and calls on_element(scanner, index) for each element's node
// (nodes are only valid during the call). Returns false, at the first thing it does not take,
// when the text is not a well-formed array or an element is not an object, or when on_element
// returns false. Elements before that were already passed to on_element.
class JsonPageScanner {
 public:
  explicit JsonPageScanner(std::string_view text) : m_text(text) {}

  template <typename OnElement>
  bool for_each_element(OnElement&& on_element);

  const JsonNode& node(std::uint32_t index) const { return m_nodes[index]; }
  std::string_view text(const JsonNode& n) const { return m_text.substr(n.begin, n.end - n.begin); }
  std::string_view key(const JsonNode& n) const { return m_text.substr(n.key_begin, n.key_size); }
  // The value of a string node, escapes decoded.
  std::string string_value(const JsonNode& n) const;
  // The node's text without whitespace outside strings, appended to out.
  void append_compact(const JsonNode& n, std::string& out) const;

 private:
  bool begin_array();
  // After an element: true and more = true at ',', more = false at the closing ']' (then only
  // whitespace may follow).
  bool after_element(bool& more);
  bool value(unsigned depth, std::uint32_t& index);
  bool string_token(bool& escaped);
  bool number_token(bool& integral);
  bool literal(std::string_view word);
  void skip_whitespace();

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::vector<JsonNode> m_nodes;
  bool m_skipped_whitespace = false; // since the current element began
  std::uint32_t m_compact_element = JsonNode::k_none; // the current element, if it has no whitespace
};

template <typename OnElement>
bool JsonPageScanner::for_each_element(OnElement&& on_element)
{
  if (!begin_array()) {
    return false;
  }
  skip_whitespace();
  if (m_pos < m_text.size() && m_text[m_pos] == ']') {
    ++m_pos;
    skip_whitespace();
    return m_pos == m_text.size();
  }
  for (bool more = true; more;) {
    m_nodes.clear();
    skip_whitespace();
    m_skipped_whitespace = false;
    std::uint32_t element = 0;
    if (!value(1, element) || m_nodes[element].kind != JsonNode::Kind::object) {
      return false;
    }
    m_compact_element = m_skipped_whitespace ? JsonNode::k_none : element;
    if (!after_element(more) || !on_element(*this, element)) {
      return false;
    }
  }
  return true;
}

// ObjectReader's interface over a scanned object. It words no errors: a value of an unexpected
// type only sets `failed`, and the page is then read again by ObjectReader, which does.
class ScannedObjectReader {
 public:
  ScannedObjectReader(const JsonPageScanner& scanner, std::uint32_t object, bool& failed)
      : m_scanner(&scanner), m_object(object), m_failed(&failed)
  {}

  std::string string(std::string_view key);
  double number(std::string_view key);
  std::optional<std::int64_t> optional_integer(std::string_view key);
  Tags string_map(std::string_view key);
  ScannedObjectReader child(std::string_view key);

 private:
  // The last member named key (nlohmann keeps the last of repeated keys), or nullptr when
  // absent or null.
  const JsonNode* find(std::string_view key) const;

  const JsonPageScanner* m_scanner;
  std::uint32_t m_object; // JsonNode::k_none: an absent child
  bool* m_failed;
};

} // namespace ocivanilla::api::detail
