#include "commands.hpp"
#include "instances.hpp"

#include "ocivanilla/cli/output.hpp"
#include "ocivanilla/plan/budget.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ostream>
#include <sys/mman.h>
#include <unistd.h>

namespace ocivanilla::cli {

namespace {

std::string upper(std::string text)
{
  for (auto& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

bool keep(const api::Instance& i, const ListOptions& o, const plan::Plan* plan, core::TimePoint now)
{
  if (!o.all && o.state.empty() && i.lifecycle_state == "TERMINATED") {
    return false;
  }
  if (!o.state.empty() && upper(o.state) != i.lifecycle_state) {
    return false;
  }
  if (!o.tier.empty() && tier_of(i) != o.tier) {
    return false;
  }
  if (!o.namespace_name.empty() && !serves_namespace(i, *plan, o.namespace_name)) {
    return false;
  }
  if (o.expired) {
    const auto expiry = expiry_of(i);
    if (tier_of(i) != "on-demand" || !expiry || *expiry > now || i.lifecycle_state == "TERMINATED") {
      return false;
    }
  }
  return true;
}

std::vector<std::string> row_for(const api::Instance& i, core::TimePoint now)
{
  std::string namespaces;
  for (const auto& ns : namespaces_of(i)) {
    namespaces += (namespaces.empty() ? "" : ",") + ns;
  }
  std::string expires = "-";
  if (const auto expiry = expiry_of(i)) {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(*expiry - now).count();
    expires = left <= 0 ? "expired" : "in " + short_age(left);
  }
  std::string age = "-";
  if (i.created_at) {
    age = short_age(std::chrono::duration_cast<std::chrono::seconds>(now - *i.created_at).count());
  }
  return {i.display_name,
          i.lifecycle_state,
          i.shape,
          format_number(i.ocpus),
          format_number(i.memory_gb) + " GB",
          namespaces.empty() ? "-" : namespaces,
          tier_of(i),
          expires,
          age,
          i.id};
}

// An unnamed file in memory (memfd: the kernel's page cache, as a temporary file's pages would be,
// without a file system's journal and block work), else an unnamed temporary file; null if
// neither can be made.
std::FILE* unnamed_file()
{
  const int fd = memfd_create("ocivanilla-list", MFD_CLOEXEC);
  if (fd >= 0) {
    if (std::FILE* file = fdopen(fd, "w+")) {
      return file;
    }
    close(fd);
  }
  return std::tmpfile();
}

// The JSON rows, held until every page was read (a failed call never leaves a partial or empty
// document on stdout). They go to an unnamed file, not the heap, so the process's memory stays
// flat however many instances there are (5,000 are ~7.5 MB of JSON); to the heap only if no such
// file can be made.
class RowSpool {
 public:
  RowSpool() : m_file(unnamed_file()) {}
  ~RowSpool()
  {
    if (m_file != nullptr) {
      std::fclose(m_file);
    }
  }
  RowSpool(const RowSpool&) = delete;
  RowSpool& operator=(const RowSpool&) = delete;

  void add(std::string_view row)
  {
    if (m_file == nullptr || std::fwrite(row.data(), 1, row.size(), m_file) != row.size()) {
      m_memory += row;
    }
  }

  core::Status copy_to(std::ostream& out)
  {
    if (m_file != nullptr) {
      std::rewind(m_file);
      char buffer[65536];
      std::size_t n = 0;
      while ((n = std::fread(buffer, 1, sizeof buffer, m_file)) > 0) {
        out.write(buffer, static_cast<std::streamsize>(n));
      }
      if (std::ferror(m_file) != 0) {
        return core::make_error(core::ErrorKind::internal, "list: cannot read back the temporary file of JSON rows");
      }
    }
    out << m_memory;
    return {};
  }

 private:
  std::FILE* m_file;
  std::string m_memory;
};

} // namespace

core::Status run_list(Context& ctx, const ListOptions& options)
{
  auto compute = ctx.compute();
  OVL_TRY(compute);
  // The plan is read only when it is used (the table's usage line, --namespace): `list -o json`
  // works, and starts faster, without one.
  const plan::Plan* plan = nullptr;
  if (!ctx.json() || !options.namespace_name.empty()) {
    auto loaded = ctx.plan();
    OVL_TRY(loaded);
    plan = *loaded;
  }
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  const auto now = ctx.clock().now();

  std::vector<plan::LiveInstance> live;
  Table table({"NAME", "STATE", "SHAPE", "OCPUS", "MEMORY", "NAMESPACES", "TIER", "EXPIRES", "AGE", "OCID"});
  // JSON rows are collected and printed only after every page was read, so a failed call
  // never leaves a partial (or empty) document on stdout.
  RowSpool json_rows;
  bool first = true;
  auto status = (*compute)->for_each_instance_page(
    *compartment, {},
    [&](std::vector<api::Instance>& page) {
      for (auto& i : page) {
        if (!ctx.json() && i.lifecycle_state != "TERMINATED") { // for the usage line of the table
          live.push_back(to_live(i));
        }
        if (!keep(i, options, plan, now)) {
          continue;
        }
        if (ctx.json()) {
          json_rows.add(first ? "\n" : ",\n");
          json_rows.add(i.raw_text.empty() ? i.json_text() : i.raw_text);
          first = false;
        } else {
          table.add_row(row_for(i, now));
        }
      }
      return core::Status{};
    },
    /*read_ahead=*/true);
  OVL_TRY(status);
  if (ctx.json()) {
    ctx.out() << "{\"data\": [";
    OVL_TRY(json_rows.copy_to(ctx.out()));
    ctx.out() << (first ? "]}\n" : "\n]}\n");
  } else {
    table.print(ctx.out());
    ctx.out() << "\n"
              << plan::format_usage(plan::usage_of(live), plan->budget) << " (plan: " << ctx.plan_path().value()
              << ")\n";
  }
  return {};
}

} // namespace ocivanilla::cli
