#include "plan/json_loader.h"

#include "catch.h"
#include <filesystem>

#include "plan/terraform_json.h"
#include "test_util.h"

namespace plangate::plan {
namespace {

using testing::LoadError;
using testing::LoadJson;

const std::string kHint =
    "expected the JSON written by 'terraform show -json PLANFILE' (a plan) or "
    "'terraform show -json' (a state)";

std::string Table(const std::string& extra = "") {
  return R"({"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table",)"
         R"("name":"t","provider_name":"registry.terraform.io/hashicorp/aws",)" +
         extra +
         R"("change":{"actions":["create"],"before":null,"after":{"name":"x"},"after_unknown":{"point_in_time_recovery":true}}})";
}

TEST_CASE("a minimal plan loads its table with after and after_unknown", "[plan]") {
  Result<Plan> p = LoadJson(R"({"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[)" +
                            Table() + "]}");
  REQUIRE(p.ok());
  CHECK(p.value().kind == DocumentKind::kPlan);
  CHECK(p.value().format_version == "1.2");
  CHECK(p.value().terraform_version == "1.9.8");
  REQUIRE(p.value().resources.size() == 1);
  const Resource& r = p.value().resources[0];
  CHECK(r.address == "aws_dynamodb_table.t");
  CHECK(r.actions == std::vector<std::string>{"create"});
  CHECK(r.after.ToJson() == R"({"name":"x"})");
  CHECK(r.after_unknown.ToJson() == R"({"point_in_time_recovery":true})");
}

TEST_CASE("escaped addresses are decoded: quotes, backslashes, unicode escapes, surrogate pairs", "[plan]") {
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"module.m[\"caf\u00e9 \ud83d\ude00 \\\" \/\"].aws_dynamodb_table.t","module_address":"module.m[\"caf\u00e9 \ud83d\ude00 \\\" \/\"]","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{}}}]})";
  Result<Plan> p = LoadJson(json);
  REQUIRE(p.ok());
  const Resource& r = p.value().resources.at(0);
  CHECK(r.address == "module.m[\"caf\xc3\xa9 \xf0\x9f\x98\x80 \\\" /\"].aws_dynamodb_table.t");
  CHECK(r.module_address == "module.m[\"caf\xc3\xa9 \xf0\x9f\x98\x80 \\\" /\"]");
  CHECK(r.name == "t");
}

TEST_CASE("keys and strings of every length, with and without an escape anywhere, read exactly", "[plan]") {
  // Plain strings are read in place a word at a time; one with an escape is decoded.
  // Lengths around the word size, the escape at every position, and the string at
  // the very end of the input (the word read past it lands in the padding).
  for (std::size_t n = 0; n <= 20; ++n) {
    for (std::size_t escape = 0; escape <= n + 1; ++escape) {
      std::string raw(n, 'k'), decoded(n, 'k');
      if (escape <= n) {
        raw.insert(escape, "\\\"");  // \" in the JSON
        decoded.insert(escape, "\"");
      }
      INFO("length " << n << ", escape at " << escape);
      std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t",)"
                         R"("mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":)"
                         R"(["create"],"after":{"tags":{")" + raw + R"(":")" + raw + R"("}}}}]})";
      Result<Plan> p = LoadJson(json);
      REQUIRE(p.ok());
      const Value* tags = p.value().resources.at(0).after.Find("tags");
      REQUIRE(tags != nullptr);
      REQUIRE(tags->members().size() == 1);
      CHECK(tags->members()[0].first == decoded);
      CHECK(tags->members()[0].second.text() == decoded);
    }
  }
  // A string closing in the input's last bytes: {"format_version":"1.2"} read whole.
  Result<Plan> end = LoadJson(R"({"format_version":"1.2"})");
  REQUIRE(end.ok());
  CHECK(end.value().format_version == "1.2");
}

TEST_CASE("resources of types no policy reads are not kept", "[plan]") {
  std::string other = R"({"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","change":{"actions":["create"],"after":{}}})";
  Result<Plan> p = LoadJson(R"({"format_version":"1.0","resource_changes":[)" + other + "," + Table() + "]}");
  REQUIRE(p.ok());
  REQUIRE(p.value().resources.size() == 1);
  CHECK(p.value().resources[0].type == "aws_dynamodb_table");
}

TEST_CASE("every managed resource's type is counted, kept or not, the same in both passes", "[plan]") {
  auto change = [](const std::string& mode, const std::string& type, const std::string& name) {
    return R"({"address":")" + type + "." + name + R"(","mode":")" + mode + R"(","type":")" + type +
           R"(","name":")" + name + R"(","change":{"actions":["create"],"after":{}}})";
  };
  std::string json = R"({"format_version":"1.2","resource_changes":[)" + change("managed", "aws_s3_bucket", "a") +
                     "," + Table() + "," + change("managed", "aws_s3_bucket", "b") + "," +
                     change("data", "aws_iam_policy_document", "d") + "," +
                     change("managed", "aws_dynamodb_tabel", "t") + R"(],"resource_drift":[)" +
                     change("managed", "aws_sqs_queue", "q") + "]}";
  for (LoadOptions::Parse parse : {LoadOptions::Parse::kSplit, LoadOptions::Parse::kWhole}) {
    LoadOptions options;
    options.attributes_by_type["aws_dynamodb_table"] = {};
    options.parse = parse;
    Result<Plan> p = LoadDocument("t.json", InputBuffer::FromString(json), options);
    REQUIRE(p.ok());
    CHECK(p.value().resources.size() == 1);
    CHECK(p.value().resource_types == std::map<std::string, std::size_t, std::less<>>{
                                          {"aws_dynamodb_tabel", 1}, {"aws_dynamodb_table", 1}, {"aws_s3_bucket", 2}});
  }
  Result<Plan> state = LoadJson(R"({"format_version":"1.0","values":{"root_module":{"resources":[
    {"address":"aws_s3_bucket.a","mode":"managed","type":"aws_s3_bucket","name":"a","values":{}}],
    "child_modules":[{"address":"module.m","resources":[
    {"address":"module.m.aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","values":{}},
    {"address":"module.m.data.aws_s3_bucket.c","mode":"data","type":"aws_s3_bucket","name":"c","values":{}}]}]}}})");
  REQUIRE(state.ok());
  CHECK(state.value().resource_types == std::map<std::string, std::size_t, std::less<>>{{"aws_s3_bucket", 2}});
}

TEST_CASE("only the attributes policies read are materialised", "[plan]") {
  LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {"point_in_time_recovery"};
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"name":"secret","point_in_time_recovery":[{"enabled":true}]},"after_unknown":{"arn":true}}}]})";
  Result<Plan> p = LoadDocument("t.json", InputBuffer::FromString(json), options);
  REQUIRE(p.ok());
  CHECK(p.value().resources[0].after.ToJson() == R"({"point_in_time_recovery":[{"enabled":true}]})");
  CHECK(p.value().resources[0].after_unknown.ToJson() == "{}");
}

TEST_CASE("unknown keys are ignored, at every level", "[plan]") {
  std::string t = Table(R"("future_key":{"deep":[1,2,{"x":null}]},)");
  Result<Plan> p = LoadJson(R"({"format_version":"1.9","brand_new":[1],"resource_changes":[)" + t +
                            R"(],"deferred_changes":[],"applyable":true})");
  REQUIRE(p.ok());
  CHECK(p.value().resources.size() == 1);
}

TEST_CASE("numbers beyond 64 bits keep their exact text", "[plan]") {
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"read_capacity":123456789012345678901234567890,"ratio":-1.5e300}}}],"variables":{"big":{"value":99999999999999999999999999}}})";
  Result<Plan> p = LoadJson(json);
  REQUIRE(p.ok());
  CHECK(p.value().resources[0].after.Find("read_capacity")->text() == "123456789012345678901234567890");
  CHECK(p.value().resources[0].after.Find("ratio")->text() == "-1.5e300");
}

TEST_CASE("deep values outside what policies read do not break reading", "[plan]") {
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  Result<Plan> p = LoadJson(R"({"format_version":"1.2","planned_values":{"x":)" + deep +
                            R"(},"resource_changes":[)" + Table() + "]}");
  REQUIRE(p.ok());
  CHECK(p.value().resources.size() == 1);
}

TEST_CASE("a value nested past the limit inside a read attribute is an error, not a crash", "[plan]") {
  std::string deep = std::string(300, '[') + std::string(300, ']');
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"a","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"tags":)" +
                     deep + "}}}]}";
  std::string msg = LoadError(json);
  CHECK(msg.find("t.json: byte ") == 0);
  CHECK(msg.find(": resource_changes[0].change.after.tags") != std::string::npos);
  CHECK(msg.find("nested deeper than 256 levels; plangate does not read attribute values this deep") !=
        std::string::npos);
}

TEST_CASE("a state: resources in root and child modules, deposed marked", "[plan]") {
  std::string json = R"({"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[
    {"address":"aws_dynamodb_table.a","mode":"managed","type":"aws_dynamodb_table","name":"a","values":{"name":"a"},"sensitive_values":{}},
    {"address":"aws_dynamodb_table.a","mode":"managed","type":"aws_dynamodb_table","name":"a","deposed_key":"01","values":{}}],
    "child_modules":[{"address":"module.m","resources":[{"address":"module.m.aws_dynamodb_table.b","mode":"managed","type":"aws_dynamodb_table","name":"b","values":{"name":"b"}}],
      "child_modules":[{"address":"module.m.module.n","resources":[{"address":"module.m.module.n.aws_dynamodb_table.c[0]","mode":"managed","type":"aws_dynamodb_table","name":"c","index":0,"values":{}}]}]}]}}})";
  Result<Plan> p = LoadJson(json);
  REQUIRE(p.ok());
  CHECK(p.value().kind == DocumentKind::kState);
  REQUIRE(p.value().resources.size() == 4);
  CHECK_FALSE(p.value().resources[0].deposed);
  CHECK(p.value().resources[1].deposed);
  CHECK(p.value().resources[2].address == "module.m.aws_dynamodb_table.b");
  CHECK(p.value().resources[3].index_json == "0");
}

TEST_CASE("lines are not counted unless asked for", "[plan]") {
  Result<Plan> p = testing::LoadJson("{\"format_version\":\"1.2\",\n\"resource_changes\":[\n" + Table() + "]}");
  REQUIRE(p.ok());
  CHECK(p.value().resources.at(0).line == 0);
}

TEST_CASE("each resource records the line its object begins on, both passes alike", "[plan]") {
  // A resource of a type no policy reads, between two that are kept, still counts its lines.
  std::string plan = "{\"format_version\":\"1.2\",\n\"resource_changes\":[\n" + Table() + ",\n\n" +
                     R"({"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b",)" +
                     "\n\"change\":{\"actions\":[\"create\"]}},\r\n  " + Table() + "]}";
  std::string state = "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{\"resources\":[\n\n"
                      R"({"address":"aws_dynamodb_table.a","mode":"managed","type":"aws_dynamodb_table","name":"a","values":{}}]}}})";
  for (auto parse : {LoadOptions::Parse::kAuto, LoadOptions::Parse::kWhole}) {
    LoadOptions options;
    options.attributes_by_type["aws_dynamodb_table"] = {};
    options.parse = parse;
    options.lines = true;
    Result<Plan> p = LoadDocument("t.json", InputBuffer::FromString(plan), options);
    REQUIRE(p.ok());
    REQUIRE(p.value().resources.size() == 2);
    CHECK(p.value().resources[0].line == 3);
    CHECK(p.value().resources[1].line == 7);
    Result<Plan> s = LoadDocument("t.json", InputBuffer::FromString(state), options);
    REQUIRE(s.ok());
    REQUIRE(s.value().resources.size() == 1);
    CHECK(s.value().resources[0].line == 3);
  }
}

TEST_CASE("an empty state is just a format_version", "[plan]") {
  Result<Plan> p = LoadJson(R"({"format_version":"1.0"})");
  REQUIRE(p.ok());
  CHECK(p.value().kind == DocumentKind::kState);
  CHECK(p.value().resources.empty());
}

TEST_CASE("errored: true is recorded", "[plan]") {
  Result<Plan> p = LoadJson(R"({"format_version":"1.2","planned_values":{"root_module":{}},"errored":true})");
  REQUIRE(p.ok());
  CHECK(p.value().errored);
}

TEST_CASE("configuration: resources and nested module calls are read", "[plan]") {
  std::string json = R"({"format_version":"1.2","configuration":{"provider_config":{},"root_module":{
    "resources":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t","expressions":{"point_in_time_recovery":[{"enabled":{"references":["var.x"]}}]}}],
    "module_calls":{"a":{"source":"./a","expressions":{"x":{"constant_value":true}},"module":{
      "module_calls":{"b":{"source":"./b","module":{"resources":[{"address":"aws_dynamodb_table.u","mode":"managed","type":"aws_dynamodb_table","name":"u","expressions":{}}]}}}}}}}}})";
  Result<Plan> p = LoadJson(json);
  REQUIRE(p.ok());
  const ConfigModule& root = p.value().configuration;
  REQUIRE(root.resources.size() == 1);
  CHECK(root.resources[0].expressions.ToJson() ==
        R"({"point_in_time_recovery":[{"enabled":{"references":["var.x"]}}]})");
  const ModuleCall& a = root.module_calls.at("a");
  CHECK(a.expressions.ToJson() == R"({"x":{"constant_value":true}})");
  CHECK(a.module.at(0).module_calls.at("b").module.at(0).resources.at(0).name == "u");
}

// ---- bad input: every message names the input, the position, and what to do.

TEST_CASE("empty and whitespace-only input", "[plan][bad]") {
  CHECK(LoadError("") == "t.json: empty input; " + kHint);
  CHECK(LoadError(" \n\t ") == "t.json: empty input; " + kHint);
}

TEST_CASE("truncated JSON gives the byte offset of the end", "[plan][bad]") {
  std::string json = R"({"format_version":"1.2","resource_changes":[{"address":"a")";
  CHECK(LoadError(json) == "t.json: byte " + std::to_string(json.size()) +
                               " (end of input): unexpected end of input (file truncated?); "
                               "regenerate it with 'terraform show -json'");
  std::string open_string = R"({"format_version":"1.2","x":"abc)";
  CHECK(LoadError(open_string) == "t.json: byte " + std::to_string(open_string.size()) +
                                      " (end of input): unexpected end of input (file truncated?); "
                                      "regenerate it with 'terraform show -json'");
}

TEST_CASE("content after the document is rejected at its offset", "[plan][bad]") {
  CHECK(LoadError(R"({"format_version":"1.2"} trailing)") ==
        "t.json: byte 25: unexpected content after the JSON document; " + kHint);
  CHECK(LoadError(R"({"format_version":"1.2"} {"format_version":"1.2"})") ==
        "t.json: byte 25: unexpected content after the JSON document; " + kHint);
  CHECK(LoadError("{\"format_version\":\"1.2\"}\n\n") == "(loaded)");
}

// The documents `json` holds, as "NAME: N resources" each, or the error.
std::vector<std::string> Documents(const std::string& json, LoadOptions::Parse parse = LoadOptions::Parse::kAuto) {
  LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {};
  options.parse = parse;
  options.lines = true;
  InputBuffer bytes = InputBuffer::FromString(json);
  Result<std::vector<Plan>> plans = LoadDocuments("t.json", bytes, options);
  if (!plans) return {plans.error().message()};
  std::vector<std::string> out;
  for (const Plan& p : plans.value()) {
    std::string lines;
    for (const Resource& r : p.resources) lines += " " + std::to_string(r.line);
    out.push_back(p.source + ":" + lines);
  }
  return out;
}

std::string PlanWith(const std::string& extra = "") {
  return R"({"format_version":"1.2","resource_changes":[)" + Table() + "]" + extra + "}";
}

TEST_CASE("a stream of documents is read as several plans, named in order", "[plan]") {
  for (auto parse : {LoadOptions::Parse::kAuto, LoadOptions::Parse::kWhole}) {
    CHECK(Documents(PlanWith(), parse) == std::vector<std::string>{"t.json: 1"});  // one document: no #1
    CHECK(Documents(PlanWith() + "\n", parse) == std::vector<std::string>{"t.json: 1"});
    // Lines count from the input's start: where each resource is in the file.
    CHECK(Documents(PlanWith() + "\n" + PlanWith() + "\r\n\n  " + PlanWith() + "\n", parse) ==
          std::vector<std::string>{"t.json#1: 1", "t.json#2: 2", "t.json#3: 4"});
    CHECK(Documents(PlanWith() + PlanWith(), parse) == std::vector<std::string>{"t.json#1: 1", "t.json#2: 1"});
    std::vector<std::string> ten;
    std::string stream;
    for (int i = 1; i <= 10; ++i) {
      stream += PlanWith() + "\n";
      ten.push_back("t.json#" + std::to_string(i) + ": " + std::to_string(i));
    }
    CHECK(Documents(stream, parse) == ten);
  }
}

TEST_CASE("each document of a stream is checked as strictly as a whole input", "[plan][bad]") {
  const std::string first = PlanWith() + "\n";
  const std::size_t at = first.size();
  // A repeated key, a fault, a truncation, a document that is no plan: in the second
  // document, named by it, at the byte of the input.
  std::string repeated = PlanWith(R"(,"errored":false,"errored":true)");
  CHECK(Documents(first + repeated) ==
        std::vector<std::string>{"t.json#2: byte " + std::to_string(at + repeated.rfind("\"errored\"")) +
                                 ": the key \"errored\" appears twice; Terraform never writes a repeated key, so this "
                                 "file was not written by 'terraform show -json'"});
  CHECK(Documents(first + R"({"format_version":"1.2",})") ==
        std::vector<std::string>{"t.json#2: byte " + std::to_string(at + 24) +
                                 ": expected a key (a string) after ',' in an object; the file is not the text "
                                 "'terraform show -json' writes"});
  CHECK(Documents(first + R"({"format_version":"1.2")") ==
        std::vector<std::string>{"t.json#2: byte " + std::to_string(at + 23) +
                                 " (end of input): unexpected end of input (file truncated?); regenerate it with "
                                 "'terraform show -json'"});
  CHECK(Documents(first + R"({"extra":true})") ==
        std::vector<std::string>{"t.json#2: not a Terraform plan or state: no 'format_version' key; " + kHint});
  CHECK(Documents(first + "{\"format_version\":\"1.2\",\"errored\":\"\xff\"}") ==
        std::vector<std::string>{"t.json#2: byte " + std::to_string(at + 35) +
                                 ": invalid UTF-8; the file is not the text 'terraform show -json' writes"});
}

TEST_CASE("log lines in a stream are an error at their byte that says how to keep them out", "[plan][bad]") {
  const std::string hint =
      "plans and log lines were written to one stream; Terragrunt writes its logs to standard error, so the usual "
      "cause is 2>&1: redirect only standard output ('terragrunt run-all show -json plan.tfplan > plans.json'), or "
      "keep logs out with --log-level error (--terragrunt-log-level error in older Terragrunt)";
  const std::string plan = PlanWith() + "\n";
  const std::string log = "time=2025-01-01T00:00:00Z level=info msg=Executing hook prefix=[./a]\n";
  CHECK(Documents(log + plan) ==
        std::vector<std::string>{"t.json: byte 0: text that is not JSON before the first document (a log line?); " + hint});
  CHECK(Documents(plan + "[terragrunt] 2021/01/01 12:00:00 Running command: terraform show -json\n" + plan) ==
        std::vector<std::string>{"t.json: byte " + std::to_string(plan.size()) +
                                 ": text that is not JSON after document 1 (a log line?); " + hint});
  CHECK(Documents(plan + plan + "12:00:01.000 INFO   Done\n") ==
        std::vector<std::string>{"t.json: byte " + std::to_string(2 * plan.size()) +
                                 ": text that is not JSON after document 2 (a log line?); " + hint});
  // Not a log line: what a single document gets.
  CHECK(Documents(PlanWith() + " ]") ==
        std::vector<std::string>{"t.json: byte " + std::to_string(PlanWith().size() + 1) +
                                 ": unexpected content after the JSON document; " + kHint});
  CHECK(Documents("hello") == std::vector<std::string>{
                                  "t.json: byte 0: expected a JSON object at the top level, got something else; " + kHint});
}

TEST_CASE("a top-level array or scalar is not a plan", "[plan][bad]") {
  CHECK(LoadError("[1,2]") == "t.json: byte 0: expected a JSON object at the top level, got an array; " + kHint);
  CHECK(LoadError("  42") == "t.json: byte 2: expected a JSON object at the top level, got something else; " + kHint);
}

TEST_CASE("JSON that is neither a plan nor a state", "[plan][bad]") {
  CHECK(LoadError(R"({"name":"my-app","version":"1.0.0","dependencies":{}})", "package.json") ==
        "package.json: not a Terraform plan or state: no 'format_version' key; " + kHint);
}

TEST_CASE("format_version with a major above 1 is rejected", "[plan][bad]") {
  CHECK(LoadError(R"({"format_version":"2.0","resource_changes":[]})") ==
        "t.json: format_version \"2.0\" is newer than this plangate reads (0.x and 1.x); "
        "upgrade plangate, or produce the JSON with an older Terraform");
  CHECK(LoadError(R"({"format_version":"one"})") ==
        "t.json: format_version \"one\" is not a version number; " + kHint);
}

TEST_CASE("every 0.x and 1.x format_version is accepted", "[plan]") {
  for (const char* v : {"0.1", "0.2", "1.0", "1.1", "1.2", "1.99"}) {
    CHECK(LoadJson(std::string(R"({"format_version":")") + v + R"(","resource_changes":[]})").ok());
  }
}

// The byte offset of `needle` in `json`: where a message must point.
std::string ByteOf(const std::string& json, const std::string& needle) {
  return "byte " + std::to_string(json.find(needle));
}

TEST_CASE("wrong types where the format fixes them, located at the value", "[plan][bad]") {
  std::string a = R"({"format_version":1.2})";
  CHECK(LoadError(a) == "t.json: " + ByteOf(a, "1.2") + ": format_version: expected a string, got a number; " + kHint);
  std::string b = R"({"format_version":"1.2","resource_changes":{}})";
  CHECK(LoadError(b) == "t.json: " + ByteOf(b, "{}") + ": resource_changes: expected an array, got an object; " + kHint);
  std::string c = R"({"format_version":"1.2","resource_changes":[{"address":7}]})";
  CHECK(LoadError(c) == "t.json: " + ByteOf(c, "7") + ": resource_changes[0].address: expected a string, got a number; " + kHint);
  // (A change of a type no policy reads is skipped unread; this one is read.)
  std::string d = R"({"format_version":"1.2","resource_changes":[{"address":"a","mode":"managed","type":"aws_dynamodb_table","name":"n","change":{"actions":"create"}}]})";
  CHECK(LoadError(d) == "t.json: " + ByteOf(d, R"("create")") +
                            ": resource_changes[0].change.actions: expected an array of strings, got a string; " + kHint);
  std::string e = R"({"format_version":"1.2","errored":"yes"})";
  CHECK(LoadError(e) == "t.json: " + ByteOf(e, R"("yes")") + ": errored: expected true or false, got a string; " + kHint);
}

TEST_CASE("a resource change missing a fixed key", "[plan][bad]") {
  CHECK(LoadError(R"({"format_version":"1.2","resource_changes":[{"address":"a","mode":"managed","type":"t","change":{"actions":[]}}]})")
            .find("resource_changes[0]: missing 'name'; " + kHint) != std::string::npos);
}

TEST_CASE("a binary plan file is recognised and the fix named", "[plan][bad]") {
  std::string zip("PK\x03\x04\x14\x00\x00\x00", 8);
  CHECK(LoadError(zip, "plan.tfplan") ==
        "plan.tfplan: this is a binary plan file (a zip archive), not JSON; run 'terraform show "
        "-json plan.tfplan > plan.json' and pass plan.json");
}

TEST_CASE("invalid literals and numbers in a read value are located and not echoed", "[plan][bad]") {
  // The whole text is checked before it is read: the fault is named without a path
  // (the byte locates it), and the token is not echoed (it may be part of a secret).
  std::string prefix = R"({"format_version":"1.2","resource_changes":[{"address":"a","mode":"managed","type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":{"x":)";
  const std::string not_terraform = "; the file is not the text 'terraform show -json' writes";
  std::string lit = prefix + "tru}}}]}";
  CHECK(LoadError(lit) == "t.json: byte " + std::to_string(prefix.size()) +
                              ": invalid literal (expected true, false or null)" + not_terraform);
  std::string num = prefix + "12a}}}]}";
  CHECK(LoadError(num) == "t.json: byte " + std::to_string(prefix.size()) + ": invalid number" + not_terraform);
}

TEST_CASE("invalid UTF-8 is rejected at the first bad byte", "[plan][bad]") {
  std::string json = std::string(R"({"format_version":"1.2","x":")") + "\xff\xfe" + "\"}";
  CHECK(LoadError(json) == "t.json: byte 29: invalid UTF-8; the file is not the text 'terraform show -json' writes");
  std::string overlong = std::string(R"({"format_version":"1.2","x":")") + "\xc0\xaf" + "\"}";
  CHECK(LoadError(overlong) == "t.json: byte 29: invalid UTF-8; the file is not the text 'terraform show -json' writes");
}

TEST_CASE("NUL bytes are not JSON", "[plan][bad]") {
  std::string json = std::string(R"({"format_version":"1.2",)") + std::string(3, '\0') + R"("x":1})";
  CHECK(LoadError(json).rfind("t.json: byte ", 0) == 0);
}

}  // namespace
}  // namespace plangate::plan

namespace plangate::plan {
namespace {

namespace fs = std::filesystem;

// Every plan-shaped file the project holds: the golden fixtures, the policy tests'
// plans and the bad-input corpus.
std::vector<std::string> ProjectInputs(bool bad) {
  std::vector<std::string> files;
  const std::string root = testing::SourceDir();
  for (const std::string& dir : {root + "/fixtures", root + "/policies/tests/plans", root + "/fixtures/bad"}) {
    if ((dir == root + "/fixtures/bad") != bad) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      std::string name = entry.path().filename().string();
      bool plan = entry.path().extension() == ".json" || (bad && name.rfind("input", 0) == 0);
      bool in_bad = entry.path().string().find("/fixtures/bad/") != std::string::npos;
      bool report = entry.path().string().find("/fixtures/golden/") != std::string::npos;  // reports
      // Terraform's own files beside a plan (fixtures/source-map): *.tf.json, .terraform/
      bool terraform = name.size() > 8 && name.compare(name.size() - 8, 8, ".tf.json") == 0;
      terraform = terraform || entry.path().string().find("/.terraform/") != std::string::npos;
      if (entry.is_regular_file() && plan && in_bad == bad && !report && !terraform) {
        files.push_back(entry.path().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

LoadOptions DynamoDbOptions() {
  LoadOptions options;
  options.lines = true;  // both passes count them alike
  options.attributes_by_type["aws_dynamodb_table"] = {};
  options.attributes_by_type["aws_dynamodb_table_replica"] = {};
  return options;
}

TEST_CASE("parsing only the members read gives what parsing the whole document gives", "[plan]") {
  std::vector<std::string> files = ProjectInputs(false);
  REQUIRE(files.size() >= 15);
  for (const std::string& file : files) {
    INFO(file);
    InputBuffer bytes = InputBuffer::FromString(testing::ReadFile(file));
    auto [split, whole] = testing::LoadBothWays(file, bytes, DynamoDbOptions(), LoadOptions::Parse::kSplit);
    CHECK(split == whole);
    CHECK(split.rfind("error", 0) != 0);
  }
}

TEST_CASE("bad inputs get the same message whichever way they are parsed", "[plan][bad]") {
  std::vector<std::string> files = ProjectInputs(true);
  REQUIRE(files.size() >= 10);
  for (const std::string& file : files) {
    INFO(file);
    InputBuffer bytes = InputBuffer::FromString(testing::ReadFile(file));
    auto [automatic, whole] = testing::LoadBothWays(file, bytes, DynamoDbOptions(), LoadOptions::Parse::kAuto);
    CHECK(automatic == whole);
  }
}

// `json` fails to load, with `message_part` in its message, and both parses agree.
void CheckFailsBothWays(const std::string& json, const std::string& message_part = "") {
  INFO(json);
  std::string error = testing::LoadError(json);
  CHECK(error != "(loaded)");
  if (!message_part.empty()) CHECK(error.find(message_part) != std::string::npos);
  auto [automatic, whole] =
      testing::LoadBothWays("t.json", InputBuffer::FromString(json), DynamoDbOptions(), LoadOptions::Parse::kAuto);
  CHECK(automatic == whole);
}

TEST_CASE("every top-level member is read alike by both passes, whatever its value", "[plan]") {
  // The split pass reads scalars in place and parses containers alone; each row of the
  // top-level table, and a key not in it, with a value of every JSON type.
  const std::vector<std::string> values = {"7", "\"1.0\"", "\"1\\u002e0\"", "true", "null", "{}", "[]",
                                           R"({"root_module":{}})", "[{}]"};
  for (const TopLevelMember& row : kTopLevelMembers) {
    std::string key = row.what == TopLevel::kOther ? "unknown_key" : std::string(row.key);
    for (const std::string& value : values) {
      std::string json = "{" + std::string(key == "format_version" ? "" : R"("format_version":"1.2",)") + "\"" +
                         key + "\":" + value + "}";
      INFO(json);
      auto [automatic, whole] = testing::LoadBothWays("t.json", InputBuffer::FromString(json), DynamoDbOptions(),
                                                      LoadOptions::Parse::kAuto);
      CHECK(automatic == whole);
    }
  }
}

TEST_CASE("a fault in a member that is not read still fails the document", "[plan][bad]") {
  // planned_values is skipped unparsed: what a full parse rejects there is still rejected.
  const std::string head = R"({"format_version":"1.2","planned_values":)";
  const std::string tail = R"(,"resource_changes":[]})";
  for (const std::string& bad : {std::string("{\"a\":\"\xff\"}"), std::string("{\"a\":\"x\ty\"}"),
                                 std::string("{\"a\":[1,2}"), std::string("{\"a\":\"open}")}) {
    CheckFailsBothWays(head + bad + tail);
  }
  // A colon where a value starts, at the top level and in a resource change no
  // policy reads: structure the whole parse rejects (found by the plan fuzzer).
  CheckFailsBothWays(R"({"format_version":"1.2","range_key"::null})");
  CheckFailsBothWays(std::string(R"({"format_version":"1.2","resource_changes":[{"address":"aws_s3_bucket.b",)") +
                     R"("mode":"managed","type":"aws_s3_bucket","name":"b","index":1:2,"change":{}}]})");
  // A member with no value before a closing brace: simdjson takes the brace for the
  // value and closes what it reads before the splitter's end of it. What is left
  // must still fail the document (found by the plan fuzzer, minimised).
  CheckFailsBothWays(R"({"format_version":"1","values":{"":}})");
  CheckFailsBothWays(R"({"format_version":"1.2","configuration":{"":}})");
  CheckFailsBothWays(std::string(R"({"format_version":"1.2","resource_changes":[{"address":"t.t","mode":"managed",)") +
                     R"("type":"aws_dynamodb_table","name":"t","change":{"actions":["create"]},"x":}]})");
  // Bytes that are not UTF-8 in a scalar read without simdjson, and in a resource
  // change no policy reads (found by the plan fuzzer).
  CheckFailsBothWays("{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.\xe6\"}", "invalid UTF-8");
  CheckFailsBothWays(std::string("{\"format_version\":\"1.2\",\"resource_changes\":[{\"address\":\"aws_s3_bucket.b\",") +
                         "\"mode\":\"managed\",\"type\":\"aws_s3_bucket\",\"name\":\"b\",\"change\":{\"actions\":" +
                         "[\"create\"],\"after\":{\"bucket\":\"\xff\"}}}]}",
                     "invalid UTF-8");
}

}  // namespace
}  // namespace plangate::plan

namespace plangate::plan {
namespace {

std::string Change(const std::string& after) {
  return R"({"format_version":"1.2","resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed",)"
         R"("type":"aws_dynamodb_table","name":"t","change":{"actions":["create"],"after":)" + after + "}}]}";
}

TEST_CASE("no key below a top-level attribute is shown in an error path", "[plan][bad]") {
  // tags is a map: its keys may be sensitive, and after_sensitive comes after after.
  std::string deep = Change(R"({"tags":{"secret-key":)" + std::string(300, '[') + std::string(300, ']') + "}}");
  std::string error = testing::LoadError(deep);
  CHECK(error == "t.json: byte " + std::to_string(deep.find("[[") + 255) +  // where the limit is passed
                     ": resource_changes[0].change.after.tags…(+256 levels): nested deeper than 256 levels; "
                     "plangate does not read attribute values this deep");
  auto [automatic, whole] = testing::LoadBothWays("t.json", InputBuffer::FromString(deep), DynamoDbOptions(),
                                                  LoadOptions::Parse::kAuto);
  CHECK(automatic == whole);
  // The same below a module call's input, in the configuration.
  std::string call = R"({"format_version":"1.2","configuration":{"root_module":{"module_calls":{"m":{)"
                     R"("expressions":{"tags":{"constant_value":{"secret-key":)" + std::string(300, '[') +
                     std::string(300, ']') + "}}}}}}}}";
  CHECK(testing::LoadError(call).find("configuration.root_module.module_calls.m.expressions.tags…(+256 levels): "
                                      "nested deeper than 256 levels") != std::string::npos);
}

const std::string kRepeated =
    "; Terraform never writes a repeated key, so this file was not written by 'terraform show -json'";

// `json` fails the same way parsed whole or split, with exactly `message`.
void CheckRefused(const std::string& json, const std::string& message) {
  INFO(json);
  CHECK(testing::LoadError(json) == message);
  auto [automatic, whole] = testing::LoadBothWays("t.json", InputBuffer::FromString(json), DynamoDbOptions(),
                                                  LoadOptions::Parse::kAuto);
  CHECK(automatic == whole);
  CHECK(whole == "error: " + message);
}

TEST_CASE("a repeated key is refused in every object read or walked, compared decoded", "[plan][bad]") {
  std::string top = R"({"format_version":"1.2","resource_changes":[],"resource_changes":[]})";
  CheckRefused(top, "t.json: " + ByteOf(top, R"("resource_changes":[]})") +
                        ": the key \"resource_changes\" appears twice" + kRepeated);
  std::string escaped = R"({"format_version":"1.2","format_versio\u006e":"1.2"})";
  CheckRefused(escaped, "t.json: byte 24: the key \"format_version\" appears twice" + kRepeated);
  std::string after = Change(R"({"point_in_time_recovery":[],"point_in_time_recover\u0079":[]})");
  CheckRefused(after, "t.json: " + ByteOf(after, R"("point_in_time_recover\u0079")") +
                          ": resource_changes[0].change.after: the key \"point_in_time_recovery\" appears twice" +
                          kRepeated);
  // An entry of a type no policy reads is walked too (its change is not).
  std::string entry = R"({"format_version":"1.2","resource_changes":[{"address":"a.b","mode":"managed","type":"a",)"
                      R"("name":"b","name":"c","change":{}}]})";
  CheckRefused(entry, "t.json: " + ByteOf(entry, R"("name":"c")") +
                          ": resource_changes[0]: the key \"name\" appears twice" + kRepeated);
  std::string calls = R"({"format_version":"1.2","configuration":{"root_module":{"module_calls":{"a":{},"a":{}}}}})";
  CheckRefused(calls, "t.json: " + ByteOf(calls, R"("a":{}}})") +
                          ": configuration.root_module.module_calls: the key \"a\" appears twice" + kRepeated);
  std::string state = R"({"format_version":"1.0","values":{"root_module":{"resources":[],"resources":[]}}})";
  CheckRefused(state, "t.json: " + ByteOf(state, R"("resources":[]}})") +
                          ": values.root_module: the key \"resources\" appears twice" + kRepeated);
}

TEST_CASE("a repeated key is found among many, and in a filtered object after the keys read", "[plan][bad]") {
  std::string many;
  for (int i = 0; i < 100; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  std::string json = Change("{" + many + R"("k57":0})");
  CheckRefused(json, "t.json: " + ByteOf(json, R"("k57":0})") +
                         ": resource_changes[0].change.after: the key \"k57\" appears twice" + kRepeated);
  CHECK(testing::LoadError(Change("{" + many + R"("k100":0})")) == "(loaded)");
  // Only point_in_time_recovery is read, yet every key of after is looked at.
  LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {"point_in_time_recovery"};
  std::string filtered = Change(R"({"point_in_time_recovery":[],"name":"a","point_in_time_recovery":[{}]})");
  Result<Plan> p = LoadDocument("t.json", InputBuffer::FromString(filtered), options);
  REQUIRE(!p);
  CHECK(p.error().message().find("the key \"point_in_time_recovery\" appears twice") != std::string::npos);
}

TEST_CASE("a repeated key below a top-level attribute is refused without showing it", "[plan][bad]") {
  std::string twice = Change(R"({"tags":{"secret-key":"a","secret-key":"b"}})");
  CheckRefused(twice, "t.json: " + ByteOf(twice, R"("secret-key":"b")") +
                          ": resource_changes[0].change.after.tags: a key appears twice (which one is not shown: "
                          "keys inside an attribute may be sensitive)" + kRepeated);
  std::string deeper = Change(R"({"tags":{"secret-key":{"inner":{"x":1,"x":2}}}})");
  CheckRefused(deeper, "t.json: " + ByteOf(deeper, R"("x":2)") +
                           ": resource_changes[0].change.after.tags…(+2 levels): a key appears twice (which one is "
                           "not shown: keys inside an attribute may be sensitive)" + kRepeated);
}

TEST_CASE("a change's before, replace paths, reason, move and import are read, both passes alike", "[plan]") {
  const std::string json =
      R"({"format_version":"1.2","resource_drift":[)"
      R"({"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table","name":"t",)"
      R"("change":{"actions":["update"],"before":{"point_in_time_recovery":[{"enabled":true}]},)"
      R"("after":{"point_in_time_recovery":[{"enabled":false}]}}},)"
      // Terraform 1.0 wrote drift entries without an address: left out, not an error.
      R"({"mode":"managed","type":"aws_dynamodb_table","name":"old","change":{"actions":["update"]}}],)"
      R"("resource_changes":[{"address":"aws_dynamodb_table.t","mode":"managed","type":"aws_dynamodb_table",)"
      R"("name":"t","previous_address":"aws_dynamodb_table.\u0073","action_reason":"replace_because_cannot_update",)"
      R"("change":{"actions":["delete","create"],"before":{"name":"n","hash_key":"pk","tags":{"a":"b"}},)"
      R"("after":{"name":"n","hash_key":"id"},"after_unknown":{},"before_sensitive":{"name":true},)"
      R"("after_sensitive":{},"replace_paths":[["hash_key"],["attribute",1,"name"]],"importing":{"id":"t"}}}]})";
  LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {"name", "hash_key", "point_in_time_recovery"};
  Result<Plan> p = LoadDocument("t.json", InputBuffer::FromString(json), options);
  REQUIRE(p.ok());
  REQUIRE(p.value().resources.size() == 1);
  const Resource& r = p.value().resources[0];
  CHECK(r.before.ToJson() == R"({"name":"n","hash_key":"pk"})");  // filtered as `after` is
  CHECK(r.before_sensitive.ToJson() == R"({"name":true})");
  CHECK(r.replace_paths.ToJson() == R"([["hash_key"],["attribute",1,"name"]])");
  CHECK(r.action_reason == "replace_because_cannot_update");
  CHECK(r.previous_address == "aws_dynamodb_table.s");
  CHECK(r.importing);
  REQUIRE(p.value().drift.size() == 1);
  CHECK(p.value().drift[0].address == "aws_dynamodb_table.t");
  CHECK(p.value().drift[0].before.ToJson() == R"({"point_in_time_recovery":[{"enabled":true}]})");
  CHECK(p.value().drift[0].after.ToJson() == R"({"point_in_time_recovery":[{"enabled":false}]})");
  auto [automatic, whole] =
      testing::LoadBothWays("t.json", InputBuffer::FromString(json), options, LoadOptions::Parse::kSplit);
  CHECK(automatic == whole);
  CHECK(automatic.find("drift aws_dynamodb_table.t") != std::string::npos);
  // A change with none of these: empty, false and null.
  Result<Plan> plain = LoadJson(R"({"format_version":"1.2","resource_changes":[)" + Table() + "]}");
  REQUIRE(plain.ok());
  const Resource& c = plain.value().resources[0];
  CHECK(c.before.is_null());
  CHECK(c.replace_paths.is_null());
  CHECK(c.action_reason.empty());
  CHECK(c.previous_address.empty());
  CHECK_FALSE(c.importing);
  CHECK(plain.value().drift.empty());
}

}  // namespace
}  // namespace plangate::plan
