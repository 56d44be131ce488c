#include "sim_main.hpp"

int main(int argc, char** argv)
{
  return ocivanilla::sim::sim_main(argc, argv);
}
