#include "api/json_scan.hpp"

#include "ocivanilla/core/encoding.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <system_error>

namespace ocivanilla::api::detail {

namespace {

constexpr unsigned k_max_depth = 128;
constexpr std::size_t k_max_integer_digits = 18; // always an int64, as nlohmann reads it

bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

bool is_whitespace(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Four hex digits at pos (advanced past them).
bool hex4(std::string_view text, std::size_t& pos, unsigned& out)
{
  if (pos + 4 > text.size()) {
    return false;
  }
  out = 0;
  for (int i = 0; i < 4; ++i) {
    const int v = core::hex_digit_value(text[pos++]);
    if (v < 0) {
      return false;
    }
    out = out * 16 + static_cast<unsigned>(v);
  }
  return true;
}

// One well-formed UTF-8 sequence of 2 to 4 bytes at pos (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF); pos is advanced past it.
bool utf8_sequence(std::string_view text, std::size_t& pos)
{
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto in = [&](std::size_t i, unsigned lo, unsigned hi) {
    return i < text.size() && byte(i) >= lo && byte(i) <= hi;
  };
  const unsigned c = byte(pos);
  std::size_t length = 0;
  unsigned second_lo = 0x80;
  unsigned second_hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) {
    length = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    length = 3;
    second_lo = c == 0xe0 ? 0xa0 : 0x80;
    second_hi = c == 0xed ? 0x9f : 0xbf;
  } else if (c >= 0xf0 && c <= 0xf4) {
    length = 4;
    second_lo = c == 0xf0 ? 0x90 : 0x80;
    second_hi = c == 0xf4 ? 0x8f : 0xbf;
  } else {
    return false;
  }
  if (!in(pos + 1, second_lo, second_hi)) {
    return false;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (!in(pos + i, 0x80, 0xbf)) {
      return false;
    }
  }
  pos += length;
  return true;
}

void append_utf8(std::string& out, unsigned cp)
{
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Bytes a string may hold as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> k_plain_string_bytes = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) {
    table[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
  }
  return table;
}();

template <typename T>
bool parse_number(std::string_view token, T& out)
{
  const auto* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, out);
  return ec == std::errc() && ptr == end;
}

} // namespace

void JsonPageScanner::skip_whitespace()
{
  const std::size_t from = m_pos;
  while (m_pos < m_text.size() && is_whitespace(m_text[m_pos])) {
    ++m_pos;
  }
  m_skipped_whitespace = m_skipped_whitespace || m_pos != from;
}

bool JsonPageScanner::begin_array()
{
  if (m_text.size() >= JsonNode::k_none) {
    return false;
  }
  m_pos = 0;
  skip_whitespace();
  if (m_pos >= m_text.size() || m_text[m_pos] != '[') {
    return false;
  }
  ++m_pos;
  return true;
}

bool JsonPageScanner::after_element(bool& more)
{
  skip_whitespace();
  if (m_pos >= m_text.size()) {
    return false;
  }
  if (m_text[m_pos] == ',') {
    ++m_pos;
    more = true;
    return true;
  }
  if (m_text[m_pos] != ']') {
    return false;
  }
  ++m_pos;
  skip_whitespace();
  more = false;
  return m_pos == m_text.size();
}

bool JsonPageScanner::literal(std::string_view word)
{
  if (m_text.substr(m_pos, word.size()) != word) {
    return false;
  }
  m_pos += word.size();
  return true;
}

bool JsonPageScanner::string_token(bool& escaped)
{
  ++m_pos; // the opening quote
  escaped = false;
  while (m_pos < m_text.size()) {
    while (m_pos < m_text.size() && k_plain_string_bytes[static_cast<unsigned char>(m_text[m_pos])]) {
      ++m_pos;
    }
    if (m_pos >= m_text.size()) {
      return false;
    }
    const auto c = static_cast<unsigned char>(m_text[m_pos]);
    if (c == '"') {
      ++m_pos;
      return true;
    }
    if (c < 0x20) {
      return false;
    }
    if (c >= 0x80) {
      if (!utf8_sequence(m_text, m_pos)) {
        return false;
      }
      continue;
    }
    ++m_pos;
    if (c != '\\') {
      continue;
    }
    escaped = true;
    if (m_pos >= m_text.size()) {
      return false;
    }
    const char e = m_text[m_pos++];
    if (e == 'u') {
      unsigned cp = 0;
      if (!hex4(m_text, m_pos, cp) || (cp >= 0xdc00 && cp <= 0xdfff)) {
        return false;
      }
      if (cp >= 0xd800 && cp <= 0xdbff) { // a high surrogate needs its low one
        unsigned low = 0;
        if (m_text.substr(m_pos, 2) != "\\u") {
          return false;
        }
        m_pos += 2;
        if (!hex4(m_text, m_pos, low) || low < 0xdc00 || low > 0xdfff) {
          return false;
        }
      }
    } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
      return false;
    }
  }
  return false;
}

bool JsonPageScanner::number_token(bool& integral)
{
  const std::size_t start = m_pos;
  const auto digits = [&] {
    const std::size_t from = m_pos;
    while (m_pos < m_text.size() && is_digit(m_text[m_pos])) {
      ++m_pos;
    }
    return m_pos - from;
  };
  if (m_text[m_pos] == '-') {
    ++m_pos;
  }
  if (m_pos >= m_text.size() || !is_digit(m_text[m_pos])) {
    return false;
  }
  const bool leading_zero = m_text[m_pos] == '0';
  const std::size_t integer_digits = digits();
  if (leading_zero && integer_digits > 1) {
    return false;
  }
  integral = true;
  if (m_pos < m_text.size() && m_text[m_pos] == '.') {
    ++m_pos;
    integral = false;
    if (digits() == 0) {
      return false;
    }
  }
  if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
    ++m_pos;
    integral = false;
    if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
      ++m_pos;
    }
    if (digits() == 0) {
      return false;
    }
  }
  if (integral) {
    return integer_digits <= k_max_integer_digits;
  }
  double d = 0;
  return parse_number(m_text.substr(start, m_pos - start), d) && std::isfinite(d);
}

bool JsonPageScanner::value(unsigned depth, std::uint32_t& index)
{
  skip_whitespace();
  if (depth > k_max_depth || m_pos >= m_text.size()) {
    return false;
  }
  index = static_cast<std::uint32_t>(m_nodes.size());
  m_nodes.emplace_back();
  m_nodes[index].begin = static_cast<std::uint32_t>(m_pos);
  const char c = m_text[m_pos];
  if (c == '{' || c == '[') {
    const bool object = c == '{';
    const char close = object ? '}' : ']';
    m_nodes[index].kind = object ? JsonNode::Kind::object : JsonNode::Kind::array;
    ++m_pos;
    skip_whitespace();
    std::uint32_t last = JsonNode::k_none;
    bool first = true;
    while (true) {
      skip_whitespace();
      if (m_pos >= m_text.size()) {
        return false;
      }
      if (first && m_text[m_pos] == close) {
        ++m_pos;
        break;
      }
      first = false;
      std::size_t key_begin = 0;
      std::size_t key_end = 0;
      if (object) {
        bool key_escaped = false;
        key_begin = m_pos + 1;
        if (m_text[m_pos] != '"' || !string_token(key_escaped) || key_escaped) {
          return false;
        }
        key_end = m_pos - 1;
        skip_whitespace();
        if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
          return false;
        }
        ++m_pos;
      }
      std::uint32_t child = 0;
      if (!value(depth + 1, child)) {
        return false;
      }
      m_nodes[child].key_begin = static_cast<std::uint32_t>(key_begin);
      m_nodes[child].key_size = static_cast<std::uint32_t>(key_end - key_begin);
      (last == JsonNode::k_none ? m_nodes[index].first_child : m_nodes[last].next) = child;
      last = child;
      skip_whitespace();
      if (m_pos >= m_text.size()) {
        return false;
      }
      if (m_text[m_pos] == ',') {
        ++m_pos;
        continue;
      }
      if (m_text[m_pos] != close) {
        return false;
      }
      ++m_pos;
      break;
    }
  } else if (c == '"') {
    bool escaped = false;
    if (!string_token(escaped)) {
      return false;
    }
    m_nodes[index].kind = JsonNode::Kind::string;
    m_nodes[index].escaped = escaped;
  } else if (c == 't' || c == 'f' || c == 'n') {
    const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
    if (!literal(word)) {
      return false;
    }
    m_nodes[index].kind = c == 't'   ? JsonNode::Kind::literal_true
                          : c == 'f' ? JsonNode::Kind::literal_false
                                     : JsonNode::Kind::null;
  } else {
    bool integral = false;
    if (!number_token(integral)) {
      return false;
    }
    m_nodes[index].kind = JsonNode::Kind::number;
    m_nodes[index].integral = integral;
  }
  m_nodes[index].end = static_cast<std::uint32_t>(m_pos);
  return true;
}

std::string JsonPageScanner::string_value(const JsonNode& n) const
{
  const std::string_view body = m_text.substr(n.begin + 1, n.end - n.begin - 2);
  if (!n.escaped) {
    return std::string(body);
  }
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i++];
    if (c != '\\') {
      out += c;
      continue;
    }
    const char e = body[i++]; // validated by string_token
    switch (e) {
    case 'b': out += '\b'; break;
    case 'f': out += '\f'; break;
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case 'u': {
      unsigned cp = 0;
      hex4(body, i, cp);
      if (cp >= 0xd800 && cp <= 0xdbff) {
        unsigned low = 0;
        i += 2; // the "\u" of the low surrogate
        hex4(body, i, low);
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      }
      append_utf8(out, cp);
      break;
    }
    default: out += e; break; // " \ /
    }
  }
  return out;
}

void JsonPageScanner::append_compact(const JsonNode& n, std::string& out) const
{
  const std::string_view text = this->text(n);
  if (m_compact_element != JsonNode::k_none && &n == &m_nodes[m_compact_element]) {
    out += text; // already without whitespace (as APIs usually send it): one copy
    return;
  }
  out.reserve(out.size() + text.size());
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\') {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (!is_whitespace(c)) {
      out += c;
      in_string = c == '"';
    }
  }
}

const JsonNode* ScannedObjectReader::find(std::string_view key) const
{
  if (m_object == JsonNode::k_none) {
    return nullptr;
  }
  const JsonNode* found = nullptr;
  for (auto i = m_scanner->node(m_object).first_child; i != JsonNode::k_none; i = m_scanner->node(i).next) {
    const JsonNode& member = m_scanner->node(i);
    if (m_scanner->key(member) == key) {
      found = &member;
    }
  }
  return found != nullptr && found->kind != JsonNode::Kind::null ? found : nullptr;
}

std::string ScannedObjectReader::string(std::string_view key)
{
  const JsonNode* v = find(key);
  if (v == nullptr) {
    return {};
  }
  if (v->kind != JsonNode::Kind::string) {
    *m_failed = true;
    return {};
  }
  return m_scanner->string_value(*v);
}

double ScannedObjectReader::number(std::string_view key)
{
  const JsonNode* v = find(key);
  if (v == nullptr) {
    return 0;
  }
  if (v->kind == JsonNode::Kind::number) {
    std::int64_t i = 0;
    double d = 0;
    if (v->integral && parse_number(m_scanner->text(*v), i)) {
      return static_cast<double>(i);
    }
    if (!v->integral && parse_number(m_scanner->text(*v), d)) {
      return d;
    }
  }
  *m_failed = true;
  return 0;
}

std::optional<std::int64_t> ScannedObjectReader::optional_integer(std::string_view key)
{
  const JsonNode* v = find(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  std::int64_t i = 0;
  if (v->kind == JsonNode::Kind::number && v->integral && parse_number(m_scanner->text(*v), i)) {
    return i;
  }
  *m_failed = true; // floats and other types: ObjectReader decides
  return std::nullopt;
}

Tags ScannedObjectReader::string_map(std::string_view key)
{
  Tags out;
  const JsonNode* v = find(key);
  if (v == nullptr) {
    return out;
  }
  if (v->kind != JsonNode::Kind::object) {
    *m_failed = true;
    return out;
  }
  for (auto i = v->first_child; i != JsonNode::k_none; i = m_scanner->node(i).next) {
    const JsonNode& member = m_scanner->node(i);
    std::string name(m_scanner->key(member));
    if (member.kind == JsonNode::Kind::null) {
      out.erase(name); // a repeated key: the last one counts
    } else if (member.kind == JsonNode::Kind::string) {
      out.insert_or_assign(std::move(name), m_scanner->string_value(member));
    } else {
      *m_failed = true;
      return {};
    }
  }
  return out;
}

ScannedObjectReader ScannedObjectReader::child(std::string_view key)
{
  const JsonNode* v = find(key);
  if (v != nullptr && v->kind != JsonNode::Kind::object) {
    *m_failed = true;
    v = nullptr;
  }
  const auto index = v == nullptr ? JsonNode::k_none : static_cast<std::uint32_t>(v - &m_scanner->node(0));
  return ScannedObjectReader(*m_scanner, index, *m_failed);
}

} // namespace ocivanilla::api::detail
