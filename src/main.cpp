#include "ocivanilla/cli/app.hpp"

int main(int argc, char** argv)
{
  return ocivanilla::cli::run(argc, argv);
}
