// Build tool: writes the C++ source that compiles the shipped policies into
// plangate. Each policy file is parsed here, at build time, with the same parser
// plangate uses (src/policy/yaml_loader.cc), and its document is written as a
// table of nodes (src/policy/builtin.h). A shipped policy that does not parse
// fails the build.
//
//   plangate_embed OUT.cc POLICY.yaml...

#include <iostream>
#include <sstream>
#include <string>

#include "base/file.h"
#include "base/output.h"
#include "policy/yaml_ast.h"

namespace {

using plangate::policy::YamlNode;

// A raw string literal holding `text`, or "" when `text` holds the delimiter.
std::string RawLiteral(const std::string& text, const std::string& delimiter) {
  if (text.find(")" + delimiter + "\"") != std::string::npos) return "";
  return "R\"" + delimiter + "(" + text + ")" + delimiter + "\"";
}

bool WriteNodes(const YamlNode& n, std::ostream& out) {
  char kind = n.is_scalar() ? 's' : n.is_sequence() ? 'l' : n.is_map() ? 'm' : 'n';
  std::size_t children = n.is_sequence() ? n.items.size() : n.is_map() ? n.entries.size() : 0;
  std::string scalar = RawLiteral(n.scalar, "pg");
  if (scalar.empty()) {
    std::cerr << n.Where() << ": a scalar holds the sequence )pg\" that the embedding uses\n";
    return false;
  }
  out << "    {'" << kind << "', " << n.line << ", " << n.column << ", " << (n.quoted ? "true" : "false")
      << ", " << scalar << ", " << children << "},\n";
  for (const YamlNode& item : n.items) {
    if (!WriteNodes(item, out)) return false;
  }
  for (const auto& [key, value] : n.entries) {
    if (!WriteNodes(key, out) || !WriteNodes(value, out)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: plangate_embed OUT.cc POLICY.yaml...\n";
    return 2;
  }
  std::ostringstream out;
  out << "// Generated from policies/*.yaml by scripts/embed_policies.cc. Do not edit.\n"
      << "#include \"policy/builtin.h\"\n\nnamespace plangate::policy {\nnamespace {\n\n";
  std::ostringstream files;
  for (int i = 2; i < argc; ++i) {
    std::string path = argv[i];
    plangate::Result<std::string> text = plangate::ReadTextFile(path);
    if (!text) {
      std::cerr << "plangate_embed: " << text.error().message() << "\n";
      return 1;
    }
    std::string name = "policies/" + path.substr(path.find_last_of('/') + 1);
    plangate::Result<YamlNode> doc = plangate::policy::ParseYaml(name, text.value());
    if (!doc) {
      std::cerr << "plangate_embed: " << doc.error().message() << "\n";
      return 1;
    }
    std::string literal = RawLiteral(text.value(), "plangate_policy");
    if (literal.empty()) {
      std::cerr << name << ": holds the sequence )plangate_policy\" that the embedding uses\n";
      return 1;
    }
    out << "// " << name << "\nconst BuiltinYamlNode kNodes" << i - 2 << "[] = {\n";
    if (!WriteNodes(doc.value(), out)) return 1;
    out << "};\n\n";
    files << "      {\"" << name << "\", " << literal << ", kNodes" << i - 2 << "},\n";
  }
  out << "}  // namespace\n\nconst std::vector<BuiltinPolicyFile>& BuiltinPolicyFiles() {\n"
      << "  static const std::vector<BuiltinPolicyFile> files = {\n"
      << files.str() << "  };\n  return files;\n}\n\n}  // namespace plangate::policy\n";
  // Written only when it changed, so an unchanged policy set rebuilds nothing.
  std::string generated = out.str();
  plangate::Result<std::string> previous = plangate::ReadTextFile(argv[1]);
  if (previous && previous.value() == generated) return 0;
  if (plangate::Status st = plangate::WriteFileAtomic(argv[1], generated); !st) {
    std::cerr << "plangate_embed: " << st.error().message() << "\n";
    return 1;
  }
  return 0;
}
