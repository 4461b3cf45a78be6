#include "source/tf_scan.h"

#include <string>

#include "catch.h"
#include "plan/json_tree.h"

namespace plangate::source {
namespace {

FileOutline Scan(const std::string& text) {
  Result<FileOutline> r = ScanTf("main.tf", text);
  if (!r) FAIL(r.error().message());
  return std::move(r).value();
}

std::string ScanError(const std::string& text) {
  Result<FileOutline> r = ScanTf("main.tf", text);
  REQUIRE_FALSE(r.ok());
  return r.error().message();
}

// The item of `block` whose path is `path` (dot-separated), or nullptr.
const Item* Find(const ResourceBlock& block, const std::string& path) {
  for (const Item& item : block.items) {
    std::string joined;
    for (const std::string& p : item.path) joined += (joined.empty() ? "" : ".") + p;
    if (joined == path) return &item;
  }
  return nullptr;
}

TEST_CASE("tf scan: a resource header, its arguments and nested blocks with their lines") {
  FileOutline f = Scan(
      "resource \"aws_dynamodb_table\" \"orders\" {\n"   // 1
      "  name = \"orders\"\n"                            // 2
      "  point_in_time_recovery {\n"                     // 3
      "    enabled = false\n"                            // 4
      "  }\n"                                            // 5
      "}\n");
  REQUIRE(f.resources.size() == 1);
  const ResourceBlock& b = f.resources[0];
  CHECK(b.type == "aws_dynamodb_table");
  CHECK(b.name == "orders");
  CHECK(b.at.line == 1);
  CHECK(b.at.column == 1);
  REQUIRE(Find(b, "name") != nullptr);
  CHECK(Find(b, "name")->at.line == 2);
  REQUIRE(Find(b, "point_in_time_recovery") != nullptr);
  CHECK(Find(b, "point_in_time_recovery")->at.line == 3);
  REQUIRE(Find(b, "point_in_time_recovery.enabled") != nullptr);
  CHECK(Find(b, "point_in_time_recovery.enabled")->at.line == 4);
  CHECK(Find(b, "point_in_time_recovery.enabled")->at.column == 5);
}

TEST_CASE("tf scan: a header in a heredoc, a string or a comment never matches") {
  FileOutline f = Scan(
      "locals {\n"
      "  a = <<EOT\n"
      "resource \"aws_dynamodb_table\" \"in_heredoc\" {\n"
      "}\n"
      "EOT\n"
      "  b = <<-EOT\n"
      "    resource \"aws_dynamodb_table\" \"in_indented_heredoc\" {\n"
      "    EOT\n"
      "  c = \"resource \\\"aws_dynamodb_table\\\" \\\"in_string\\\" {\"\n"
      "  d = \"${jsonencode({ x = \"}\" })} resource \\\"t\\\" \\\"in_template\\\" {\"\n"
      "}\n"
      "# resource \"aws_dynamodb_table\" \"in_hash_comment\" {\n"
      "// resource \"aws_dynamodb_table\" \"in_slash_comment\" {\n"
      "/*\n"
      "resource \"aws_dynamodb_table\" \"in_block_comment\" {\n"
      "*/\n"
      "resource \"aws_dynamodb_table\" \"real\" {\n"
      "}\n");
  REQUIRE(f.resources.size() == 1);
  CHECK(f.resources[0].name == "real");
  CHECK(f.resources[0].at.line == 17);
}

TEST_CASE("tf scan: count, for_each and other blocks: one block each, whatever the instances") {
  FileOutline f = Scan(
      "variable \"x\" {\n  type = map(object({ a = string }))\n}\n"
      "data \"aws_caller_identity\" \"me\" {}\n"
      "module \"m\" {\n  source = \"./m\"\n}\n"
      "resource \"aws_dynamodb_table\" \"a\" {\n  count = 2\n}\n"
      "resource aws_dynamodb_table b { for_each = toset([\"x\"]) }\n");
  REQUIRE(f.resources.size() == 2);
  CHECK(f.resources[0].name == "a");
  CHECK(f.resources[1].name == "b");  // labels may be identifiers; a body on one line
  CHECK(f.resources[1].at.line == 11);
  REQUIRE(Find(f.resources[1], "for_each") != nullptr);
}

TEST_CASE("tf scan: an expression over several lines, in brackets or after an operator") {
  FileOutline f = Scan(
      "resource \"t\" \"n\" {\n"
      "  tags = merge(\n"
      "    var.tags,\n"
      "    { Name = \"n\" },\n"
      "  )\n"
      "  enabled = var.on ?\n"
      "    true : false\n"
      "  point_in_time_recovery {\n"
      "    enabled = true\n"
      "  }\n"
      "}\n");
  REQUIRE(f.resources.size() == 1);
  const ResourceBlock& b = f.resources[0];
  REQUIRE(Find(b, "point_in_time_recovery.enabled") != nullptr);
  CHECK(Find(b, "point_in_time_recovery.enabled")->at.line == 9);
  CHECK(Find(b, "Name") == nullptr);  // a key of an object value is not an argument
}

TEST_CASE("tf scan: a dynamic block's content is the body of the blocks it writes") {
  FileOutline f = Scan(
      "resource \"t\" \"n\" {\n"
      "  dynamic \"point_in_time_recovery\" {\n"
      "    for_each = [1]\n"
      "    content {\n"
      "      enabled = true\n"
      "    }\n"
      "  }\n"
      "}\n");
  const ResourceBlock& b = f.resources.at(0);
  REQUIRE(Find(b, "point_in_time_recovery") != nullptr);
  CHECK(Find(b, "point_in_time_recovery")->at.line == 2);
  REQUIRE(Find(b, "point_in_time_recovery.enabled") != nullptr);
  CHECK(Find(b, "point_in_time_recovery.enabled")->at.line == 5);
}

TEST_CASE("tf scan: CRLF line ends and a byte order mark") {
  FileOutline f = Scan("\xEF\xBB\xBFresource \"t\" \"n\" {\r\n  x = <<EOT\r\nresource \"t\" \"no\" {\r\nEOT\r\n}\r\n");
  REQUIRE(f.resources.size() == 1);
  CHECK(f.resources[0].name == "n");
  REQUIRE(Find(f.resources[0], "x") != nullptr);
  CHECK(Find(f.resources[0], "x")->at.line == 2);
}

TEST_CASE("tf scan: directives directly above a header or inside the block") {
  FileOutline f = Scan(
      "# plangate:waive A expires=2099-01-01 owner=o reason=r\n"   // 1
      "# another comment\n"                                        // 2
      "resource \"t\" \"one\" {\n"                                 // 3
      "  // plangate:waive B\n"                                    // 4
      "  x = 1 # plangate:waive C\n"                               // 5
      "}\n"
      "resource \"t\" \"two\" { # plangate:waive D\n"              // 7
      "}\n");
  REQUIRE(f.resources.size() == 2);
  const auto& one = f.resources[0].directives;
  REQUIRE(one.size() == 3);
  CHECK(one[0].text == "waive A expires=2099-01-01 owner=o reason=r");
  CHECK(one[0].at.line == 1);
  CHECK(one[0].at.column == 3);  // of `plangate:`
  CHECK(one[1].text == "waive B");
  CHECK(one[1].at.line == 4);
  CHECK(one[1].at.column == 6);
  CHECK(one[2].text == "waive C");
  REQUIRE(f.resources[1].directives.size() == 1);
  CHECK(f.resources[1].directives[0].text == "waive D");
}

TEST_CASE("tf scan: a directive not attached to a resource block is an error with where") {
  CHECK(ScanError("# plangate:waive A\n\nresource \"t\" \"n\" {\n}\n").find("main.tf:1:3: ") == 0);
  CHECK(ScanError("module \"m\" {\n  # plangate:waive A\n}\n").find("main.tf:2:5: a plangate: comment must be") == 0);
  // Prose that mentions plangate is not a directive.
  CHECK(Scan("# see plangate:waive in the README\n").resources.empty());
}

TEST_CASE("tf scan: text the lexer cannot follow is an error with file, line and column") {
  CHECK(ScanError("resource \"t\" \"n\" {\n  x = \"open\n}\n").find("main.tf:2:7: a string is not closed") == 0);
  CHECK(ScanError("locals {\n  x = <<EOT\nno end\n").find("main.tf:2:7: the heredoc <<EOT is not closed") == 0);
  CHECK(ScanError("/* open\n").find("main.tf:1:1: a /* comment is not closed") == 0);
  CHECK(ScanError("resource \"t\" \"n\" {\n  x = 1\n").find("main.tf:3:1: a block is not closed") == 0);
  CHECK(ScanError("}\n").find("main.tf:1:1: brackets do not pair up") == 0);
  CHECK(ScanError("resource \"t\" \"n\" {\n  x = \"${a\n").find("main.tf:2:10: a ${ or %{ sequence is not closed") ==
        0);
}

TEST_CASE("tf scan: nesting deeper than the lexer follows is an error, not a deep recursion") {
  std::string blocks, strings = "locals {\n  x = ";
  for (int i = 0; i < 5000; ++i) blocks += "a {\n";
  for (int i = 0; i < 5000; ++i) strings += "\"${";
  CHECK(ScanError(blocks).find("blocks nested more than 100 deep") != std::string::npos);
  CHECK(ScanError(strings).find("strings nested more than 100 deep") != std::string::npos);
}

FileOutline ScanJson(const std::string& text) {
  InputBuffer bytes = InputBuffer::FromString(text);
  Result<plan::JsonTree> tree = plan::ReadJsonTree("main.tf.json", bytes);
  if (!tree) FAIL(tree.error().message());
  Result<FileOutline> r = ScanTfJson("main.tf.json", text, tree.value());
  if (!r) FAIL(r.error().message());
  return std::move(r).value();
}

TEST_CASE("tf.json scan: resource.TYPE.NAME at its key, nested blocks, and a // directive") {
  FileOutline f = ScanJson(
      "{\n"
      "  \"resource\": {\n"
      "    \"aws_dynamodb_table\": {\n"
      "      \"orders\": {\n"                                            // 4
      "        \"//\": \"plangate:waive A expires=2099-01-01 owner=o reason=r\",\n"
      "        \"point_in_time_recovery\": [{ \"enabled\": false }]\n"   // 6
      "      }\n"
      "    }\n"
      "  }\n"
      "}\n");
  REQUIRE(f.resources.size() == 1);
  const ResourceBlock& b = f.resources[0];
  CHECK(b.name == "orders");
  CHECK(b.at.line == 4);
  CHECK(b.at.column == 7);
  REQUIRE(Find(b, "point_in_time_recovery.enabled") != nullptr);
  CHECK(Find(b, "point_in_time_recovery.enabled")->at.line == 6);
  CHECK(Find(b, "point_in_time_recovery.enabled")->at.column == 38);
  REQUIRE(b.directives.size() == 1);
  CHECK(b.directives[0].text == "waive A expires=2099-01-01 owner=o reason=r");
}

TEST_CASE("json tree: strict, with line and column in every error") {
  auto error = [](const std::string& text) {
    InputBuffer bytes = InputBuffer::FromString(text);
    Result<plan::JsonTree> tree = plan::ReadJsonTree("x.json", bytes);
    REQUIRE_FALSE(tree.ok());
    return tree.error().message();
  };
  CHECK(error("{\"a\": 1,\n \"a\": 2}").find("x.json:2:2: the key \"a\" is written twice") == 0);
  CHECK(error("{\"a\": 1} {}").find("x.json:1:10: unexpected content after the JSON document") == 0);
  CHECK(error("{\"a\": tru}").find("x.json:1:") == 0);
  CHECK(error("").find("x.json:1:1: not valid JSON") == 0);
}

}  // namespace
}  // namespace plangate::source
