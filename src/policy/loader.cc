#include "policy/loader.h"

#include "base/file.h"
#include "base/suggest.h"
#include "policy/builtin.h"
#include "policy/yaml_ast.h"

namespace plangate::policy {
namespace {

Result<std::vector<std::string>> Names(const YamlNode& n, const std::string& key) {
  std::vector<std::string> out;
  if (n.is_scalar()) return std::vector<std::string>{n.scalar};
  if (!n.is_sequence()) return Error::Policy(n.Where(), "", key + ": expected a list of policy ids");
  for (const YamlNode& item : n.items) {
    if (!item.is_scalar()) return Error::Policy(item.Where(), "", key + ": expected a policy id");
    out.push_back(item.scalar);
  }
  return out;
}

// A list of ids or aliases, added to `list`.
Status AddNames(const YamlNode& key, const YamlNode& v, std::vector<std::string>& list) {
  Result<std::vector<std::string>> names = Names(v, key.scalar);
  if (!names) return names.error();
  list.insert(list.end(), names.value().begin(), names.value().end());
  return Ok{};
}

Status AddParams(const YamlNode&, const YamlNode& v, CompileOptions& compile) {
  if (!v.is_map()) return Error::Policy(v.Where(), "", "params: expected policy id → {name: value}");
  for (const auto& [policy, values] : v.entries) {
    if (!values.is_map()) {
      return Error::Policy(values.Where(), "", "params." + policy.scalar + ": expected a mapping of parameter name to value");
    }
    for (const auto& [name, value] : values.entries) {
      compile.params.push_back({policy.scalar, name.scalar, value.ToValue(), value.Where()});
    }
  }
  return Ok{};
}

// A config file's keys, each with how its value adds to the compile options.
struct ConfigKey {
  std::string_view name;
  Status (*add)(const YamlNode& key, const YamlNode& value, CompileOptions& compile);
};

constexpr std::string_view NameOf(const ConfigKey& key) { return key.name; }

const ConfigKey kConfigKeys[] = {
    {"policies", [](const YamlNode& k, const YamlNode& v, CompileOptions& c) { return AddNames(k, v, c.select); }},
    {"skip_policies", [](const YamlNode& k, const YamlNode& v, CompileOptions& c) { return AddNames(k, v, c.skip); }},
    {"params", AddParams},
};

// "policies, skip_policies, params".
std::string ConfigKeyList() {
  std::string out;
  for (const std::string& name : NamesOf(kConfigKeys)) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// The config file's lists and parameters, added to `compile`.
Status ReadConfig(const std::string& path, CompileOptions& compile) {
  Result<std::string> text = ReadTextFile(path);
  if (!text) return Error::Policy("", "", text.error().message(), "check --config");
  Result<YamlNode> doc = ParseYaml(path, text.value());
  if (!doc) return doc.error();
  const YamlNode& root = doc.value();
  if (root.is_null()) return Ok{};
  if (!root.is_map()) return Error::Policy(root.Where(), "", "config: expected a mapping with " + ConfigKeyList());
  for (const auto& [k, v] : root.entries) {
    const ConfigKey* key = FindName(kConfigKeys, k.scalar);
    if (key == nullptr) {
      std::string hint = DidYouMean(k.scalar, NamesOf(kConfigKeys));
      return Error::Policy(k.Where(), "", "unknown key '" + k.scalar + "' in config",
                           hint.empty() ? "expected one of " + ConfigKeyList() : hint);
    }
    if (Status st = key->add(k, v, compile); !st) return st;
  }
  return Ok{};
}

}  // namespace

Result<ParamOverride> ParseParamFlag(const std::string& flag) {
  std::size_t eq = flag.find('=');
  std::size_t dot = eq == std::string::npos ? std::string::npos : flag.rfind('.', eq);
  if (eq == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 == eq) {
    return Error::Usage("--param " + flag + ": expected ID.NAME=VALUE",
                        "e.g. --param aws-dynamodb-recovery-window.min_days=30");
  }
  std::string origin = "--param " + flag;
  Result<YamlNode> value = ParseYaml(origin, flag.substr(eq + 1));
  if (!value) return value.error();
  if (!value.value().is_scalar() && !value.value().is_null()) {
    return Error::Usage(origin + ": VALUE must be a single value", "write a number, true, false, or a string");
  }
  return ParamOverride{flag.substr(0, dot), flag.substr(dot + 1, eq - dot - 1),
                       value.value().is_null() ? plan::Value::String("") : value.value().ToValue(), origin};
}

Result<PolicySet> LoadPolicySet(const LoadOptions& options) {
  std::vector<PolicySource> sources;
  if (options.builtin) {
    for (const BuiltinPolicyFile& f : BuiltinPolicyFiles()) {
      sources.push_back({std::string(f.path), std::string(), BuiltinDocument(f)});
    }
  }
  for (const std::string& path : options.paths) {
    Result<std::vector<std::string>> files = ExpandPath(path, {".yaml", ".yml"});
    if (!files) return Error::Policy(path, "", "no such policy file or folder", "check --policies");
    if (files.value().empty()) {
      return Error::Policy(path, "", "folder holds no .yaml or .yml policy files", "check --policies");
    }
    if (sources.size() + files.value().size() > options.max_policies) {
      return Error::Policy(path, "", "more than " + std::to_string(options.max_policies) +
                                         " policy files in all; plangate loads at most " + std::to_string(options.max_policies),
                           "pass the folders of the policies this gate needs");
    }
    for (const std::string& file : files.value()) {
      Result<std::string> text = ReadTextFile(file);
      if (!text) return Error::Policy("", "", text.error().message());
      sources.push_back({file, std::move(text).value()});
    }
  }
  CompileOptions compile;
  compile.include_disabled = options.include_disabled;
  if (!options.config.empty()) {
    if (Status st = ReadConfig(options.config, compile); !st) return st.error();
  }
  compile.select.insert(compile.select.end(), options.select.begin(), options.select.end());
  compile.skip.insert(compile.skip.end(), options.skip.begin(), options.skip.end());
  for (const std::string& flag : options.params) {
    Result<ParamOverride> o = ParseParamFlag(flag);
    if (!o) return o.error();
    compile.params.push_back(std::move(o).value());  // later overrides win
  }
  compile.params.insert(compile.params.end(), options.param_values.begin(), options.param_values.end());
  return Compile(sources, compile);
}

Result<PolicySet> CompileText(const std::string& source, const std::string& text) {
  CompileOptions options;
  options.include_disabled = true;
  return Compile({{source, text}}, options);
}

}  // namespace plangate::policy
