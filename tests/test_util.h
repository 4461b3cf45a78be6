#pragma once
// Helpers shared by the tests.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.h"
#include "plan/json_loader.h"
#include "plan_describe.h"

namespace plangate::testing {

inline std::string SourceDir() { return PLANGATE_SOURCE_DIR; }
inline std::string SharedDir() { return PLANGATE_SHARED_DIR; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Loads `json` as input `name`, keeping every attribute of aws_dynamodb_table.
inline Result<plan::Plan> LoadJson(const std::string& json, const std::string& name = "t.json") {
  plan::LoadOptions options;
  options.attributes_by_type["aws_dynamodb_table"] = {};
  return plan::LoadDocument(name, InputBuffer::FromString(json), options);
}

/// The error message of a failed load, or "(loaded)".
inline std::string LoadError(const std::string& json, const std::string& name = "t.json") {
  Result<plan::Plan> r = LoadJson(json, name);
  return r ? std::string("(loaded)") : r.error().message();
}

}  // namespace plangate::testing
