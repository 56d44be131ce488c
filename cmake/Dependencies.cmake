# Every dependency comes from a Debian package (see scripts/deps.sh); nothing is downloaded.
find_package(Threads REQUIRED)
find_package(CLI11 REQUIRED)
find_package(CURL REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(spdlog REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(OCIVANILLA_TESTS)
  find_package(Catch2 2 REQUIRED)
  include(Catch)
endif()

# Start-up: spdlog, fmt and yaml-cpp are linked into the binaries instead of loaded at run time
# (docs/adr/0006-static-cxx-dependencies.md): spdlog and fmt header-only, yaml-cpp from its
# static archive; src/CMakeLists.txt adds libstdc++ to the `ocivanilla` executable. Fewer
# shared libraries to map and relocate in every run. OFF gives the plain shared-library build.
option(OCIVANILLA_STATIC_CXX "Link spdlog, fmt, yaml-cpp (and libstdc++ into ocivanilla) statically" ON)
add_library(ovl_dep_log INTERFACE)
add_library(ovl_dep_yaml INTERFACE)
if(OCIVANILLA_STATIC_CXX)
  find_library(OVL_YAML_CPP_ARCHIVE NAMES libyaml-cpp.a REQUIRED)
  get_target_property(ovl_yaml_includes yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
  target_include_directories(ovl_dep_yaml SYSTEM INTERFACE ${ovl_yaml_includes})
  target_link_libraries(ovl_dep_yaml INTERFACE ${OVL_YAML_CPP_ARCHIVE})
  target_link_libraries(ovl_dep_log INTERFACE spdlog::spdlog_header_only fmt::fmt-header-only)
  # spdlog_header_only names the shared fmt::fmt; the header-only fmt replaces it.
  set_property(TARGET spdlog::spdlog_header_only PROPERTY INTERFACE_LINK_LIBRARIES Threads::Threads)
else()
  target_link_libraries(ovl_dep_yaml INTERFACE yaml-cpp)
  target_link_libraries(ovl_dep_log INTERFACE spdlog::spdlog)
endif()
