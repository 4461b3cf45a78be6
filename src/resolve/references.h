#pragma once
// What a configuration expression refers to: the resource instances it names,
// followed through module inputs, module outputs and for_each, the way Terraform's
// `references` lists write them. Never evaluates an expression: only the names in it.

#include <string>
#include <string_view>
#include <vector>

#include "plan/address.h"
#include "plan/value.h"
#include "resolve/attr_path.h"
#include "resolve/resolver.h"

namespace plangate::resolve {

/// The resource instances one reference covers: a module instance path, a resource,
/// and an instance key, each key only where the reference names one
/// (`aws_dynamodb_table.x` covers every instance of x; `aws_dynamodb_table.x["a"]`, one).
struct RefTarget {
  std::vector<plan::ModuleStep> module;  ///< key "": every instance of that call
  bool data = false;                     ///< a data source (`data.TYPE.NAME`)
  std::string type;
  std::string name;
  std::string key;  ///< As written between the brackets; "": every instance.
  /// The reference it was found from, qualified with its module
  /// (`module.backup.aws_dynamodb_table.x.arn`): what messages show.
  std::string written;

  /// Module call names, type and name, without keys: what an index is keyed by
  /// (`module.a.aws_dynamodb_table.x`).
  std::string BaseText() const;
  /// The reference as it reads: `module.a["k"].aws_dynamodb_table.x[0]`.
  std::string Text() const;
  /// Whether `r` is one of the instances this target covers.
  bool Covers(const ResolvedResource& r) const;
};

/// The base text (RefTarget::BaseText) of `r`'s own address.
std::string BaseTextOf(const ResolvedResource& r);

/// What an expression refers to, once followed.
struct Referents {
  std::vector<RefTarget> targets;
  /// References plangate cannot follow to a resource, qualified with their module:
  /// locals (the plan does not describe them), a module output or input it cannot
  /// find, anything else it does not know.
  std::vector<std::string> opaque;
};

/// What the expressions at `path` of `r`'s configuration block refer to: every
/// `references` list under that attribute (a whole nested block included), followed
/// through `var.X` to the module call's input, `module.M.OUT` to the module's output,
/// and `each.key` / `each.value` to the for_each expression. Root variables, `count`,
/// `path`, `terraform` and `self` refer to no object and give nothing. Empty when `r`
/// has no configuration or does not set the attribute.
/// A path into an attribute set by one expression takes that expression whole.
Referents ReferentsOf(const ResolvedResource& r, const AttrPath& path);

}  // namespace plangate::resolve
