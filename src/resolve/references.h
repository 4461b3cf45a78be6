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

/// What one reference stands for, one step along: ReferentsOf follows these steps to
/// the resources at their ends, and `plangate explain` shows each of them.
struct Hop {
  enum class Kind {
    kTarget,        ///< a resource or data source instance: `target`
    kInput,         ///< `var.X` in a module: the module call's input X, written in the parent
    kOutput,        ///< `module.M.OUT`: the output's expression, written in module M (the
                    ///< whole module object `module.M`: every output)
    kEach,          ///< `each.key`, `each.value`: the for_each expression
    kUnsetInput,    ///< `var.X` that the module call leaves out: the variable's default, a constant
    kRootVariable,  ///< `var.X` of the root module: known when planning
    kNoObject,      ///< `count`, `path`, `terraform`, `self`: no object
    kLocal,         ///< `local.X`: the plan does not describe locals
    kOpaque,        ///< a module, input or output plangate cannot find, or a name it does not know
  };
  /// An expression the reference stands for, and its name (the input's or output's; "" for a for_each).
  struct Expression {
    std::string name;
    const plan::Value* value = nullptr;
  };
  Kind kind = Kind::kOpaque;
  RefTarget target;  ///< kTarget.
  /// kInput, kOutput, kEach: the expressions to follow next, written in module `at`,
  /// where `each` means `each_of` (null: nothing).
  std::vector<Expression> expressions;
  std::vector<plan::ModuleStep> at;
  const plan::Value* each_of = nullptr;
  /// kInput, kUnsetInput: the input's name; kOutput: the output's ("" for the whole module).
  std::string name;
};

/// Where `ref`, written in module instance `at` (where `each` means `each`, or
/// nothing when null), leads in one step. Pure: reads only the configuration.
Hop Follow(const plan::Plan& plan, std::string_view ref, const std::vector<plan::ModuleStep>& at,
           const plan::Value* each);

/// The references of an expression object, or of every expression inside a block or a
/// list of blocks (a `constant_value` names nothing), each traversal at its longest
/// (LongestReferences), in the order written.
std::vector<std::string> ReferencesIn(const plan::Value& expression);

/// The expression (or block of them) at `path` of `r`'s configuration block: a path
/// into an attribute that one expression sets gives that expression whole. Null when
/// `r` has no configuration or does not set the attribute.
const plan::Value* ExpressionAt(const ResolvedResource& r, const AttrPath& path);

/// A module instance path as an address writes it: `module.a["k"].module.b`; "" for the root.
std::string ModuleInstanceText(const std::vector<plan::ModuleStep>& steps);

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
