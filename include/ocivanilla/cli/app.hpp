#pragma once

namespace ocivanilla::cli {

// Parses argv, runs one command and returns the process exit code (CLI.md "Exit codes").
// The only place that turns errors into messages on stderr and exit codes.
int run(int argc, char** argv);

} // namespace ocivanilla::cli
