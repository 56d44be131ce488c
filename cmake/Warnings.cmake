# ocivanilla_warnings: linked PRIVATE by our own targets only.
add_library(ocivanilla_warnings INTERFACE)
target_compile_options(ocivanilla_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(OCIVANILLA_WERROR)
  target_compile_options(ocivanilla_warnings INTERFACE -Werror)
endif()
