# Writes a C++ source holding the shipped policy files verbatim, so the binary
# needs no policy path at run time. Invoked at build time by CMakeLists.txt.
set(body "// Generated from policies/*.yaml by scripts/embed_policies.cmake. Do not edit.\n")
string(APPEND body "#include \"policy/builtin.h\"\n\nnamespace plangate::policy {\n\n")
string(APPEND body "const std::vector<BuiltinPolicyFile>& BuiltinPolicyFiles() {\n")
string(APPEND body "  static const std::vector<BuiltinPolicyFile> files = {\n")
foreach(path IN LISTS INPUTS)
  file(READ ${path} text)
  get_filename_component(name ${path} NAME)
  string(APPEND body "    {\"policies/${name}\", R\"plangate_policy(${text})plangate_policy\"},\n")
endforeach()
string(APPEND body "  };\n  return files;\n}\n\n}  // namespace plangate::policy\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
