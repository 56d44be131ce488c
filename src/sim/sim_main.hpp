#pragma once

namespace ocivanilla::sim {

// The whole ocivanilla-sim program (docs/simulator.md): parses flags, loads the scenario,
// serves until SIGINT/SIGTERM. Returns 0 on a clean shutdown, 2 on bad flags or scenario.
int sim_main(int argc, char** argv);

} // namespace ocivanilla::sim
