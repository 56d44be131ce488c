# ocivanilla_warnings: linked PRIVATE by our own targets only.
add_library(ocivanilla_warnings INTERFACE)
target_compile_options(ocivanilla_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false -Wrestrict positives inside std::string concatenation at -O2/-O3
  # (GCC bug 105329); it would turn every Release build with -Werror red.
  target_compile_options(ocivanilla_warnings INTERFACE -Wno-restrict)
endif()
if(OCIVANILLA_WERROR)
  target_compile_options(ocivanilla_warnings INTERFACE -Werror)
endif()
