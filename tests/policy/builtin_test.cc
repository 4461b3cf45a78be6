#include "policy/builtin.h"

#include "catch.h"

namespace plangate::policy {
namespace {

// Every field of two documents, node by node; the first difference is reported.
void RequireSame(const YamlNode& built, const YamlNode& parsed) {
  INFO("node at " << parsed.Where());
  REQUIRE(built.kind == parsed.kind);
  REQUIRE(built.scalar == parsed.scalar);
  REQUIRE(built.quoted == parsed.quoted);
  REQUIRE(built.file == parsed.file);
  REQUIRE(built.line == parsed.line);
  REQUIRE(built.column == parsed.column);
  REQUIRE(built.items.size() == parsed.items.size());
  for (std::size_t i = 0; i < parsed.items.size(); ++i) RequireSame(built.items[i], parsed.items[i]);
  REQUIRE(built.entries.size() == parsed.entries.size());
  for (std::size_t i = 0; i < parsed.entries.size(); ++i) {
    RequireSame(built.entries[i].first, parsed.entries[i].first);
    RequireSame(built.entries[i].second, parsed.entries[i].second);
  }
}

TEST_CASE("built-in policies: the document embedded at build time is the one the text parses to",
          "[policy]") {
  REQUIRE(BuiltinPolicyFiles().size() >= 4);
  for (const BuiltinPolicyFile& f : BuiltinPolicyFiles()) {
    INFO(f.path);
    Result<YamlNode> parsed = ParseYaml(std::string(f.path), std::string(f.text));
    REQUIRE(parsed.ok());
    RequireSame(BuiltinDocument(f), parsed.value());
  }
}

TEST_CASE("built-in policies: nodes build lists, mappings and quoted scalars", "[policy]") {
  // `a: [x, "y"]` followed by `b:` with no value.
  const BuiltinYamlNode nodes[] = {
      {'m', 1, 1, false, "", 2}, {'s', 1, 1, false, "a", 0}, {'l', 1, 4, false, "", 2},
      {'s', 1, 5, false, "x", 0}, {'s', 1, 8, true, "y", 0}, {'s', 2, 1, false, "b", 0},
      {'n', 2, 3, false, "", 0},
  };
  YamlNode doc = BuiltinDocument({"p.yaml", "", nodes});
  REQUIRE(doc.is_map());
  REQUIRE(doc.entries.size() == 2);
  const YamlNode* a = doc.Find("a");
  REQUIRE(a != nullptr);
  REQUIRE(a->items.size() == 2);
  CHECK(a->items[1].quoted);
  CHECK(a->items[1].Where() == "p.yaml:1:8");
  CHECK(doc.Find("b")->is_null());
}

}  // namespace
}  // namespace plangate::policy
