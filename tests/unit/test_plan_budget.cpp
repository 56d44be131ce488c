#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/shapes.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;

namespace {

plan::LiveInstance instance(std::string shape, std::string state, double ocpus, double memory_gb,
                            std::optional<int> boot_volume_gb = std::nullopt)
{
  plan::LiveInstance live;
  live.id = "ocid1.instance.oc1..x";
  live.display_name = "x";
  live.shape = std::move(shape);
  live.lifecycle_state = std::move(state);
  live.ocpus = ocpus;
  live.memory_gb = memory_gb;
  live.boot_volume_gb = boot_volume_gb;
  return live;
}

} // namespace

TEST_CASE("usage_of sums every non-TERMINATED A1 instance, Micro count and boot volumes")
{
  std::vector<plan::LiveInstance> live = {
    instance("VM.Standard.A1.Flex", "RUNNING", 1, 6, 50),       instance("VM.Standard.A1.Flex", "STOPPED", 2, 8, 100),
    instance("VM.Standard.A1.Flex", "TERMINATED", 4, 24, 50),   instance("VM.Standard.E2.1.Micro", "RUNNING", 1, 1),
    instance("VM.Standard.E4.Flex", "PROVISIONING", 2, 16, 60),
  };
  plan::Usage usage = plan::usage_of(live);
  CHECK(usage.a1_ocpus == 3);
  CHECK(usage.a1_memory_gb == 14);
  CHECK(usage.a1_instances == 2);
  CHECK(usage.micro_instances == 1);
  CHECK(usage.boot_volume_gb == 210);
  CHECK(usage.unknown_boot_volumes == 1);
  CHECK(plan::format_usage(usage, plan::Budget{}) ==
        "A1 3/4 OCPU, 14/24 GB; boot volumes 210/200 GB (+1 of unknown size); Micro 1/2");
}

TEST_CASE("check_budget accepts a request that exactly fills the budget")
{
  plan::Usage usage;
  usage.a1_ocpus = 2;
  usage.a1_memory_gb = 16;
  usage.boot_volume_gb = 150;
  CHECK(plan::check_budget(plan::Budget{}, usage, {"VM.Standard.A1.Flex", 2, 8, 50}).ok());
}

TEST_CASE("check_budget shows the OCPU arithmetic")
{
  plan::Usage usage;
  usage.a1_ocpus = 4;
  usage.a1_memory_gb = 12;
  core::Status status = plan::check_budget(plan::Budget{}, usage, {"VM.Standard.A1.Flex", 2, 8, 50});
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().kind == core::ErrorKind::budget);
  CHECK(status.error().message == "A1 budget exceeded: in use 4 OCPU + 2 requested = 6 > 4 budget");
}

TEST_CASE("check_budget shows both lines when OCPUs and memory both exceed")
{
  plan::Usage usage;
  usage.a1_ocpus = 4;
  usage.a1_memory_gb = 24;
  core::Status status = plan::check_budget(plan::Budget{}, usage, {"VM.Standard.A1.Flex", 2, 8, 50});
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message == "A1 budget exceeded: in use 4 OCPU + 2 requested = 6 > 4 budget\n"
                                  "A1 budget exceeded: in use 24 GB + 8 requested = 32 > 24 budget");
}

TEST_CASE("check_budget counts memory alone, Micro instances and boot volumes")
{
  plan::Usage usage;
  usage.a1_ocpus = 1;
  usage.a1_memory_gb = 20;
  usage.micro_instances = 2;
  usage.boot_volume_gb = 180;
  plan::Budget budget;
  auto memory = plan::check_budget(budget, usage, {"VM.Standard.A1.Flex", 1, 6, 10});
  REQUIRE_FALSE(memory.ok());
  CHECK(memory.error().message == "A1 budget exceeded: in use 20 GB + 6 requested = 26 > 24 budget");
  auto micro = plan::check_budget(budget, usage, {"VM.Standard.E2.1.Micro", 1, 1, 50});
  REQUIRE_FALSE(micro.ok());
  CHECK(micro.error().message == "Micro budget exceeded: in use 2 instances + 1 requested = 3 > 2 budget\n"
                                 "Boot volume budget exceeded: in use 180 GB + 50 requested = 230 > 200 budget");
  // Other shapes only count against the boot volume budget.
  CHECK(plan::check_budget(budget, usage, {"VM.Standard.E4.Flex", 8, 64, 20}).ok());
}

TEST_CASE("fractional sizes are printed as written")
{
  plan::Usage usage;
  usage.a1_ocpus = 3.5;
  auto status = plan::check_budget(plan::Budget{}, usage, {"VM.Standard.A1.Flex", 1, 6, 50});
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message == "A1 budget exceeded: in use 3.5 OCPU + 1 requested = 4.5 > 4 budget");
  CHECK(plan::format_number(1000000) == "1000000");
  CHECK(plan::format_number(0.25) == "0.25");
}

TEST_CASE("shape families and size checks")
{
  CHECK(plan::is_a1_shape("VM.Standard.A1.Flex"));
  CHECK(plan::is_a1_shape("BM.Standard.A1.160"));
  CHECK_FALSE(plan::is_a1_shape("VM.Standard.A2.Flex"));
  CHECK(plan::is_micro_shape("VM.Standard.E2.1.Micro"));
  CHECK(plan::check_shape_size("VM.Standard.A1.Flex", 80, 512).empty());
  CHECK(plan::check_shape_size("VM.Standard.A1.Flex", 1, 64).empty());
  auto problems = plan::check_shape_size("VM.Standard.A1.Flex", 1, 65);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].field == plan::SizeProblem::Field::memory_gb);
  CHECK(problems[0].message == "must be between 1 and 64 GB per OCPU for VM.Standard.A1.Flex (1 "
                               "to 64 GB for 1 OCPU), got 65");
  auto micro = plan::check_shape_size("VM.Standard.E2.1.Micro", 1, 6);
  REQUIRE(micro.size() == 1);
  CHECK(micro[0].message == "VM.Standard.E2.1.Micro is fixed at 1 GB, got 6");
  CHECK(plan::check_boot_volume_size(50).empty());
  CHECK(plan::check_boot_volume_size(32769) == "must be between 50 and 32768 GB, got 32769");
}
