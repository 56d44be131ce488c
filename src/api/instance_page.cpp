// ListInstances pages through a small validating scanner (docs/adr/0007-list-pages-scanner.md):
// the list of 5,000 instances is 50 pages of ~150 KB, and nlohmann's parser, its std::map objects
// and the re-printing were the client's critical path. The scanner reads a page into spans of
// the text, the fields go through the same read_instance_fields as every other Instance, and each
// element's text is copied out without whitespace. Anything unexpected falls back to the nlohmann
// path, whose messages are the ones users see.
#include "api/instance_json.hpp"
#include "api/json_scan.hpp"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace ocivanilla::api {

namespace {

using detail::instance_from_json_moved;
using detail::JsonPageScanner;
using detail::read_instance_fields;
using detail::ScannedObjectReader;

// nullopt: not a page the scanner takes as is; read it with nlohmann instead.
std::optional<std::vector<Instance>> fast_page(std::string_view body)
{
  std::vector<Instance> out;
  JsonPageScanner scanner(body);
  const bool ok = scanner.for_each_element([&](const JsonPageScanner& page, std::uint32_t element) {
    bool failed = false;
    ScannedObjectReader reader(page, element, failed);
    Instance instance;
    read_instance_fields(reader, instance);
    if (failed) {
      return false;
    }
    page.append_compact(page.node(element), instance.raw_text);
    out.push_back(std::move(instance));
    return true;
  });
  if (!ok) {
    return std::nullopt;
  }
  return out;
}

} // namespace

core::Result<std::vector<Instance>> instances_from_page(std::string_view body, const std::string& page_source,
                                                        std::string_view element_source)
{
  if (auto fast = fast_page(body)) {
    return std::move(*fast);
  }
  auto page = parse_json(body, page_source);
  if (!page.ok()) {
    return std::move(page).error();
  }
  if (!page->is_array()) {
    return core::make_error(core::ErrorKind::api, std::string(element_source) + ": expected a JSON array, got " +
                                                    std::string(page->type_name()));
  }
  std::vector<Instance> items;
  items.reserve(page->size());
  for (std::size_t i = 0; i < page->size(); ++i) {
    auto item = instance_from_json_moved(std::move((*page)[i]), element_source, "[" + std::to_string(i) + "]");
    if (!item.ok()) {
      return std::move(item).error();
    }
    items.push_back(std::move(item).value());
  }
  return items;
}

} // namespace ocivanilla::api
