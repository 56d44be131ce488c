#include "ocivanilla/auth/library.hpp"
#include "ocivanilla/cli/app.hpp"

int main(int argc, char** argv)
{
  (void)ocivanilla::auth::init_openssl_for_cli(); // on failure OpenSSL's defaults stay
  return ocivanilla::cli::run(argc, argv);
}
