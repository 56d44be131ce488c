# ocivanilla_settings: sanitizer options and debug-mode library assertions.
add_library(ocivanilla_settings INTERFACE)
target_compile_definitions(ocivanilla_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
# One section per function and object, so the linker can drop the unused ones (src/CMakeLists.txt).
target_compile_options(ocivanilla_settings INTERFACE -ffunction-sections -fdata-sections)
if(OCIVANILLA_SANITIZE)
  target_compile_options(ocivanilla_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(ocivanilla_settings INTERFACE -fsanitize=address,undefined)
endif()
