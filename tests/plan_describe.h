#pragma once
// A plan load described as text, so that two loads compare as strings: used by the
// tests and by the plan fuzzer (parsing only the members read vs the whole document).

#include <sstream>
#include <string>
#include <utility>

#include "base/file.h"
#include "plan/json_loader.h"

namespace plangate::testing {

/// Everything a load gave, as text: two loads are the same when these are equal.
inline void DescribeModule(const plan::ConfigModule& m, const std::string& indent, std::ostringstream& out) {
  for (const plan::ConfigResource& r : m.resources) {
    out << indent << "config " << r.mode << " " << r.type << " " << r.name << " " << r.expressions.ToJson() << "\n";
  }
  for (const auto& [type, names] : m.index) {
    for (const auto& [name, at] : names) out << indent << "index " << type << "." << name << " " << at << "\n";
  }
  for (const auto& [name, call] : m.module_calls) {
    out << indent << "call " << name << " " << call.expressions.ToJson() << "\n";
    for (const plan::ConfigModule& child : call.module) DescribeModule(child, indent + "  ", out);
  }
}

inline std::string DescribeLoad(const Result<plan::Plan>& r) {
  if (!r) return "error: " + r.error().message();
  const plan::Plan& p = r.value();
  std::ostringstream out;
  out << "kind " << (p.kind == plan::DocumentKind::kPlan ? "plan" : "state") << " format " << p.format_version
      << " terraform " << p.terraform_version << " errored " << p.errored << " configuration "
      << p.has_configuration << "\n";
  auto describe = [&](const plan::Resource& res) {
    out << res.address << " | " << res.module_address << " | " << res.mode << " " << res.type << " " << res.name
        << " | " << res.index_json << " | deposed " << res.deposed << " |";
    for (const std::string& a : res.actions) out << " " << a;
    out << " | reason " << res.action_reason << " | previous " << res.previous_address << " | importing "
        << res.importing << " | line " << res.line << "\n  " << res.after.ToJson() << "\n  " << res.after_unknown.ToJson() << "\n  "
        << res.after_sensitive.ToJson() << "\n  before " << res.before.ToJson() << "\n  "
        << res.before_sensitive.ToJson() << "\n  replace_paths " << res.replace_paths.ToJson() << "\n";
  };
  for (const plan::Resource& res : p.resources) describe(res);
  for (const plan::Resource& res : p.drift) {
    out << "drift ";
    describe(res);
  }
  for (const auto& [type, count] : p.resource_types) out << "type " << type << " " << count << "\n";
  DescribeModule(p.configuration, "", out);
  return out.str();
}

/// Every document a load of a stream gave (LoadDocuments), each named, as text.
inline std::string DescribeLoads(const Result<std::vector<plan::Plan>>& r) {
  if (!r) return "error: " + r.error().message();
  std::string out;
  for (const plan::Plan& p : r.value()) out += "document " + p.source + "\n" + DescribeLoad(p);
  return out;
}

/// The load of `bytes` as `first` (kAuto or kSplit), and parsing it whole: both described.
inline std::pair<std::string, std::string> LoadBothWays(const std::string& name, InputBuffer& bytes,
                                                        plan::LoadOptions options,
                                                        plan::LoadOptions::Parse first) {
  options.parse = first;
  std::string split = DescribeLoad(plan::LoadDocument(name, bytes, options));
  options.parse = plan::LoadOptions::Parse::kWhole;
  std::string whole = DescribeLoad(plan::LoadDocument(name, bytes, options));
  return {split, whole};
}
inline std::pair<std::string, std::string> LoadBothWays(const std::string& name, InputBuffer&& bytes,
                                                        plan::LoadOptions options,
                                                        plan::LoadOptions::Parse first) {
  return LoadBothWays(name, bytes, std::move(options), first);
}

}  // namespace plangate::testing
