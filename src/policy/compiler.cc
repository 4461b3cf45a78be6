#include "policy/compiler.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <set>

#include "base/suggest.h"
#include "policy/operators.h"
#include "policy/yaml_ast.h"

namespace plangate::policy {
namespace {

using plan::Value;

const std::vector<std::string> kPolicyKeys = {
    "id",          "title",    "severity",   "enforcement", "on_unknown",     "enabled",
    "aliases",     "category", "description", "impact",     "resolution",     "links",
    "resource_types", "parameters", "defaults", "where",    "condition"};
const std::vector<std::string> kTestKeys = {"attribute", "operator", "value", "param", "for"};
const std::vector<std::string> kFormKeys = {"all", "any", "not", "action", "type", "by_type"};
const std::vector<std::string> kConditionKeys = {"attribute", "operator", "value", "param", "for",
                                                 "all", "any", "not", "action", "type", "by_type"};
const std::vector<std::string> kParameterKeys = {"default", "description"};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

SourceLocation Loc(const YamlNode& n) { return {n.file, n.line, n.column}; }

Error At(const YamlNode& n, const std::string& what, const std::string& hint = {}) {
  return Error::Policy(n.Where(), "", what, hint);
}

Error At(const SourceLocation& l, const std::string& what, const std::string& hint = {}) {
  return Error::Policy(l.ToString(), "", what, hint);
}

// "did you mean" when close, else the list of what is accepted.
std::string Suggest(const std::string& word, const std::vector<std::string>& accepted) {
  std::string hint = DidYouMean(word, accepted);
  return hint.empty() ? "expected one of " + Join(accepted) : hint;
}

std::vector<std::string> OperatorNames() {
  std::vector<std::string> names;
  for (const Operator& op : Operators()) names.emplace_back(op.name);
  return names;
}

bool IsKebabCase(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    char c = id[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && id[i - 1] != '-');
    if (!ok) return false;
  }
  return true;
}

bool IsParamName(const std::string& s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Everything the passes share.
struct Compilation {
  const std::vector<PolicySource>& sources;
  const CompileOptions& options;
  std::vector<YamlNode> documents;      // parse
  std::vector<Policy> policies;         // shape onwards
  std::vector<std::string> known_names; // selection: ids and aliases before selecting
  PolicySet set;                        // index
};

// ---------------------------------------------------------------- parse

Status ParsePass(Compilation& c) {
  for (const PolicySource& source : c.sources) {
    if (source.document) {
      c.documents.push_back(*source.document);
      continue;
    }
    Result<YamlNode> doc = ParseYaml(source.name, source.text);
    if (!doc) return doc.error();
    c.documents.push_back(std::move(doc).value());
  }
  return Ok{};
}

// ---------------------------------------------------------------- shape

Result<std::string> String(const YamlNode& n, const std::string& key) {
  if (!n.is_scalar()) return At(n, key + ": expected a string, got " + n.KindName());
  return n.scalar;
}

Result<std::vector<std::string>> StringList(const YamlNode& n, const std::string& key,
                                            bool allow_single) {
  std::vector<std::string> out;
  if (allow_single && n.is_scalar()) return std::vector<std::string>{n.scalar};
  if (!n.is_sequence()) return At(n, key + ": expected a list of strings, got " + n.KindName());
  for (const YamlNode& item : n.items) {
    Result<std::string> s = String(item, key);
    if (!s) return s.error();
    out.push_back(std::move(s).value());
  }
  return out;
}

// Reads a name that must be one of `table`'s; yields its entry.
template <typename Entry, std::size_t N>
Result<const Entry*> OneOf(const YamlNode& n, const std::string& key, const Entry (&table)[N]) {
  Result<std::string> s = String(n, key);
  if (!s) return s.error();
  const Entry* entry = FindName(table, s.value());
  if (entry == nullptr) return At(n, "unknown " + key + " '" + s.value() + "'", Suggest(s.value(), NamesOf(table)));
  return entry;
}

// Checks that `n` is a mapping whose keys are all in `accepted`.
Status Keys(const YamlNode& n, const std::string& what, const std::vector<std::string>& accepted) {
  if (!n.is_map()) return At(n, what + ": expected a mapping, got " + n.KindName());
  std::set<std::string> seen;
  for (const auto& [k, v] : n.entries) {
    if (!k.is_scalar()) return At(k, what + ": keys must be strings");
    if (std::find(accepted.begin(), accepted.end(), k.scalar) == accepted.end()) {
      return At(k, "unknown key '" + k.scalar + "' in " + what, Suggest(k.scalar, accepted));
    }
    if (!seen.insert(k.scalar).second) return At(k, "duplicate key '" + k.scalar + "' in " + what);
  }
  return Ok{};
}

Result<Condition> ShapeCondition(const YamlNode& n, int depth);

Result<std::vector<Condition>> ShapeList(const YamlNode& n, const std::string& form, int depth) {
  if (!n.is_sequence() || n.items.empty()) {
    return At(n, form + ": expected a non-empty list of conditions, got " +
                     (n.is_sequence() ? std::string("an empty list") : n.KindName()));
  }
  std::vector<Condition> out;
  for (const YamlNode& item : n.items) {
    Result<Condition> c = ShapeCondition(item, depth + 1);
    if (!c) return c.error();
    out.push_back(std::move(c).value());
  }
  return out;
}

Result<Condition> ShapeCondition(const YamlNode& n, int depth) {
  if (depth > kMaxYamlDepth) return At(n, "conditions nested too deeply");
  if (Status st = Keys(n, "condition", kConditionKeys); !st) return st.error();
  Condition c;
  c.location = Loc(n);
  // One form per mapping: a test, or exactly one of the combinator keys.
  std::vector<std::string> forms;
  bool is_test = false;
  for (const auto& [k, v] : n.entries) {
    if (std::find(kFormKeys.begin(), kFormKeys.end(), k.scalar) != kFormKeys.end()) {
      forms.push_back(k.scalar);
    } else {
      is_test = true;
    }
  }
  if (forms.size() + (is_test ? 1 : 0) != 1) {
    return At(n, "a condition has exactly one form",
              "write a test (attribute, operator, value or param, for), or one of all, any, "
              "not, action, type, by_type");
  }
  if (is_test) {
    c.kind = Condition::Kind::kTest;
    const YamlNode* attribute = n.Find("attribute");
    const YamlNode* op = n.Find("operator");
    if (attribute == nullptr) return At(n, "condition: missing 'attribute'");
    if (op == nullptr) return At(n, "condition: missing 'operator'");
    Result<std::string> a = String(*attribute, "attribute");
    if (!a) return a.error();
    c.attribute_text = a.value();
    c.attribute_location = Loc(*attribute);
    Result<std::string> o = String(*op, "operator");
    if (!o) return o.error();
    c.op_name = o.value();
    c.op_location = Loc(*op);
    const YamlNode* value = n.Find("value");
    const YamlNode* param = n.Find("param");
    if (value != nullptr && param != nullptr) {
      return At(*param, "a test takes 'value' or 'param', not both");
    }
    if (value != nullptr) {
      c.has_value = true;
      c.argument = value->ToValue();
      c.value_location = Loc(*value);
    }
    if (param != nullptr) {
      Result<std::string> p = String(*param, "param");
      if (!p) return p.error();
      c.param = p.value();
      c.value_location = Loc(*param);
    }
    if (const YamlNode* q = n.Find("for")) {
      Result<const Named<Quantifier>*> s = OneOf(*q, "for", kQuantifiers);
      if (!s) return s.error();
      c.quantifier = s.value()->value;
    }
    return c;
  }
  const std::string& form = forms.front();
  const YamlNode& v = *n.Find(form);
  if (form == "all" || form == "any") {
    c.kind = form == "all" ? Condition::Kind::kAll : Condition::Kind::kAny;
    Result<std::vector<Condition>> children = ShapeList(v, form, depth);
    if (!children) return children.error();
    c.children = std::move(children).value();
  } else if (form == "not") {
    c.kind = Condition::Kind::kNot;
    Result<Condition> child = ShapeCondition(v, depth + 1);
    if (!child) return child.error();
    c.children.push_back(std::move(child).value());
  } else if (form == "action" || form == "type") {
    c.kind = form == "action" ? Condition::Kind::kAction : Condition::Kind::kType;
    Result<std::vector<std::string>> names = StringList(v, form, true);
    if (!names) return names.error();
    if (names.value().empty()) return At(v, form + ": expected at least one name");
    if (form == "action") {
      for (const std::string& a : names.value()) {
        if (FindName(kActions, a) == nullptr) {
          return At(v, "unknown action '" + a + "'", Suggest(a, NamesOf(kActions)));
        }
      }
    }
    c.names = std::move(names).value();
  } else {  // by_type
    c.kind = Condition::Kind::kByType;
    if (!v.is_map() || v.entries.empty()) return At(v, "by_type: expected a mapping of resource type to condition");
    for (const auto& [type, cond] : v.entries) {
      Result<std::string> t = String(type, "by_type key");
      if (!t) return t.error();
      Result<Condition> child = ShapeCondition(cond, depth + 1);
      if (!child) return child.error();
      c.names.push_back(t.value());
      c.children.push_back(std::move(child).value());
    }
  }
  return c;
}

Result<Policy> ShapePolicy(const YamlNode& n) {
  if (!n.is_map()) return At(n, std::string("expected a policy (a mapping), got ") + n.KindName());
  if (Status st = Keys(n, "policy", kPolicyKeys); !st) return st.error();
  for (const char* required : {"id", "title", "severity", "resource_types", "condition"}) {
    if (n.Find(required) == nullptr) return At(n, std::string("missing required key '") + required + "'");
  }
  Policy p;
  p.location = Loc(n);
  for (const auto& entry : n.entries) {
    // Plain references: lambdas below capture them (structured bindings cannot be captured in C++17).
    const std::string& k = entry.first.scalar;
    const YamlNode& v = entry.second;
    Status st = Ok{};
    auto text = [&](std::string& field) -> Status {
      Result<std::string> s = String(v, k);
      if (!s) return s.error();
      field = std::move(s).value();
      return Ok{};
    };
    auto list = [&](std::vector<std::string>& field, bool single) -> Status {
      Result<std::vector<std::string>> s = StringList(v, k, single);
      if (!s) return s.error();
      field = std::move(s).value();
      return Ok{};
    };
    if (k == "id") {
      st = text(p.id);
      if (st && !IsKebabCase(p.id)) {
        return At(v, "id '" + p.id + "' is not kebab-case",
                  "use lower-case letters, digits and single dashes, e.g. aws-dynamodb-enable-recovery");
      }
    } else if (k == "title") st = text(p.title);
    else if (k == "category") st = text(p.category);
    else if (k == "description") st = text(p.description);
    else if (k == "impact") st = text(p.impact);
    else if (k == "resolution") st = text(p.resolution);
    else if (k == "aliases") st = list(p.aliases, false);
    else if (k == "links") st = list(p.links, false);
    else if (k == "severity") {
      Result<const std::string_view*> s = OneOf(v, "severity", kSeverities);
      if (!s) return s.error();
      p.severity = *s.value();
    } else if (k == "enforcement") {
      Result<const Named<Enforcement>*> s = OneOf(v, "enforcement", kEnforcements);
      if (!s) return s.error();
      p.enforcement = s.value()->value;
    } else if (k == "on_unknown") {
      Result<const Named<OnUnknown>*> s = OneOf(v, "on_unknown", kOnUnknowns);
      if (!s) return s.error();
      p.on_unknown = s.value()->value;
    } else if (k == "enabled") {
      Value b = v.ToValue();
      if (!b.is_bool()) return At(v, "enabled: expected true or false");
      p.enabled = b.as_bool();
    } else if (k == "resource_types") {
      st = list(p.resource_types, true);
      if (st && p.resource_types.empty()) return At(v, "resource_types: expected at least one type");
    } else if (k == "parameters") {
      if (!v.is_map()) return At(v, "parameters: expected a mapping of name to {default, description}");
      for (const auto& [name, def] : v.entries) {
        if (!IsParamName(name.scalar)) {
          return At(name, "parameter name '" + name.scalar + "' is not an identifier",
                    "use lower-case letters, digits and '_'");
        }
        if (Status ks = Keys(def, "parameter '" + name.scalar + "'", kParameterKeys); !ks) return ks.error();
        const YamlNode* d = def.Find("default");
        if (d == nullptr) return At(def, "parameter '" + name.scalar + "': missing 'default'");
        Parameter param;
        param.value = d->ToValue();
        param.location = Loc(name);
        if (const YamlNode* desc = def.Find("description")) {
          Result<std::string> s = String(*desc, "description");
          if (!s) return s.error();
          param.description = s.value();
        }
        p.parameters[name.scalar] = std::move(param);
      }
    } else if (k == "defaults") {
      if (!v.is_map()) return At(v, "defaults: expected a mapping of attribute path to value");
      for (const auto& [path, value] : v.entries) {
        Result<resolve::AttrPath> parsed = resolve::AttrPath::Parse(path.scalar);
        if (!parsed) return At(path, parsed.error().message());
        p.defaults[parsed.value().text()] = value.ToValue();
      }
    } else if (k == "where") {
      Result<Condition> w = ShapeCondition(v, 0);
      if (!w) return w.error();
      p.where = std::make_unique<Condition>(std::move(w).value());
    } else if (k == "condition") {
      Result<Condition> cond = ShapeCondition(v, 0);
      if (!cond) return cond.error();
      p.condition = std::move(cond).value();
    }
    if (!st) return st.error();
  }
  return p;
}

Status ShapePass(Compilation& c) {
  for (const YamlNode& doc : c.documents) {
    if (doc.is_null()) {
      return At(doc, "empty policy file",
                "write a policy mapping with id, title, severity, resource_types and condition");
    }
    std::vector<const YamlNode*> nodes;
    if (doc.is_sequence()) {
      for (const YamlNode& item : doc.items) nodes.push_back(&item);
    } else {
      nodes.push_back(&doc);
    }
    for (const YamlNode* n : nodes) {
      Result<Policy> p = ShapePolicy(*n);
      if (!p) return p.error();
      c.policies.push_back(std::move(p).value());
    }
  }
  return Ok{};
}

// Calls fn on every test node of every policy (where and condition).
Status ForEachTest(Compilation& c, const std::function<Status(Policy&, Condition&)>& fn) {
  std::function<Status(Policy&, Condition&)> walk = [&](Policy& p, Condition& cond) -> Status {
    if (cond.kind == Condition::Kind::kTest) return fn(p, cond);
    for (Condition& child : cond.children) {
      if (Status st = walk(p, child); !st) return st;
    }
    return Ok{};
  };
  for (Policy& p : c.policies) {
    if (p.where) {
      if (Status st = walk(p, *p.where); !st) return st;
    }
    if (Status st = walk(p, p.condition); !st) return st;
  }
  return Ok{};
}

// ---------------------------------------------------------------- operators

bool ArgumentFits(ArgumentKind kind, const Value& v) {
  switch (kind) {
    case ArgumentKind::kNone: return false;
    case ArgumentKind::kAny: return true;
    case ArgumentKind::kList: return v.is_array();
    case ArgumentKind::kNumber: return v.is_number();
    case ArgumentKind::kString:
    case ArgumentKind::kRegex: return v.is_string();
  }
  return false;
}

Status OperatorsPass(Compilation& c) {
  return ForEachTest(c, [](Policy&, Condition& t) -> Status {
    t.op = FindOperator(t.op_name);
    if (t.op == nullptr) {
      return At(t.op_location, "unknown operator '" + t.op_name + "'", Suggest(t.op_name, OperatorNames()));
    }
    bool takes = t.op->argument != ArgumentKind::kNone;
    bool given = t.has_value || !t.param.empty();
    if (takes && !given) {
      return At(t.op_location, "operator '" + t.op_name + "' needs a 'value' (or a 'param'): " +
                                   ArgumentKindName(t.op->argument));
    }
    if (!takes && given) {
      return At(t.value_location, "operator '" + t.op_name + "' takes no value",
                "remove the '" + std::string(t.has_value ? "value" : "param") + "' key");
    }
    if (t.has_value && !ArgumentFits(t.op->argument, t.argument)) {
      return At(t.value_location, "operator '" + t.op_name + "' takes " +
                                      ArgumentKindName(t.op->argument) + ", got " +
                                      t.argument.ToJson());
    }
    return Ok{};
  });
}

// ---------------------------------------------------------------- attribute paths

Status CheckByType(const Policy& p, const Condition& cond) {
  if (cond.kind == Condition::Kind::kByType) {
    for (std::size_t i = 0; i < cond.names.size(); ++i) {
      const std::string& type = cond.names[i];
      if (std::find(p.resource_types.begin(), p.resource_types.end(), type) == p.resource_types.end()) {
        return At(cond.children[i].location, "by_type names '" + type + "', which is not in resource_types",
                  Suggest(type, p.resource_types));
      }
    }
    for (const std::string& type : p.resource_types) {
      if (std::find(cond.names.begin(), cond.names.end(), type) == cond.names.end()) {
        return At(cond.location, "by_type has no condition for '" + type + "' (listed in resource_types)");
      }
    }
  }
  for (const Condition& child : cond.children) {
    if (Status st = CheckByType(p, child); !st) return st;
  }
  return Ok{};
}

Status AttributePathsPass(Compilation& c) {
  Status st = ForEachTest(c, [](Policy&, Condition& t) -> Status {
    Result<resolve::AttrPath> path = resolve::AttrPath::Parse(t.attribute_text);
    if (!path) return At(t.attribute_location, path.error().message());
    t.attribute = std::move(path).value();
    bool each = t.attribute.FirstEach() != std::string::npos;
    if (each && t.quantifier == Quantifier::kNone) {
      return At(t.attribute_location, "attribute '" + t.attribute_text + "' has [*]: say which elements must match",
                "add 'for: every' (an empty list passes) or 'for: some' (an empty list fails)");
    }
    if (!each && t.quantifier != Quantifier::kNone) {
      return At(t.attribute_location, "'for' applies only to an attribute with [*]",
                "remove 'for', or write the list as name[*]");
    }
    return Ok{};
  });
  if (!st) return st;
  for (const Policy& p : c.policies) {
    if (p.where) {
      if (Status s = CheckByType(p, *p.where); !s) return s;
    }
    if (Status s = CheckByType(p, p.condition); !s) return s;
  }
  return Ok{};
}

// ---------------------------------------------------------------- ids

Status IdsPass(Compilation& c) {
  std::map<std::string, const Policy*> names;  // ids and aliases
  for (const Policy& p : c.policies) {
    auto first = names.find(p.id);
    if (first != names.end()) {
      return At(p.location, "duplicate policy id '" + p.id + "', first defined at " +
                                first->second->location.ToString(),
                "give each policy a unique id");
    }
    names[p.id] = &p;
  }
  for (const Policy& p : c.policies) {
    for (const std::string& alias : p.aliases) {
      auto other = names.find(alias);
      if (other != names.end() && other->second != &p) {
        return At(p.location, "alias '" + alias + "' of '" + p.id + "' also names '" +
                                  other->second->id + "' (" + other->second->location.ToString() + ")",
                  "an alias must name one policy");
      }
      names[alias] = &p;
    }
  }
  return Ok{};
}

// The policy an id or alias names, or nullptr.
Policy* FindPolicy(std::vector<Policy>& policies, const std::string& name) {
  for (Policy& p : policies) {
    if (p.IsNamed(name)) return &p;
  }
  return nullptr;
}

// `names`: every id and alias (the selection pass's known_names).
Error UnknownPolicy(const std::vector<std::string>& names, const std::string& name, const std::string& where) {
  std::string hint = DidYouMean(name, names);
  return Error::Usage(where + ": no policy has the id or alias '" + name + "'",
                      hint.empty() ? "'plangate policies list' shows them" : hint);
}

// ---------------------------------------------------------------- selection

Status SelectionPass(Compilation& c) {
  for (const Policy& p : c.policies) {
    c.known_names.push_back(p.id);
    c.known_names.insert(c.known_names.end(), p.aliases.begin(), p.aliases.end());
  }
  std::set<std::string> keep;
  for (const std::string& name : c.options.select) {
    Policy* p = FindPolicy(c.policies, name);
    if (p == nullptr) return UnknownPolicy(c.known_names, name, "--policy");
    keep.insert(p->id);
  }
  std::set<std::string> drop;
  for (const std::string& name : c.options.skip) {
    Policy* p = FindPolicy(c.policies, name);
    if (p == nullptr) return UnknownPolicy(c.known_names, name, "--skip-policy");
    drop.insert(p->id);
  }
  // Overrides must name a real policy and parameter even when it is not selected.
  for (const ParamOverride& o : c.options.params) {
    Policy* p = FindPolicy(c.policies, o.policy);
    if (p == nullptr) return UnknownPolicy(c.known_names, o.policy, o.origin);
    if (p->parameters.count(o.name) == 0) {
      std::vector<std::string> names;
      for (const auto& [n, _] : p->parameters) names.push_back(n);
      std::string hint = DidYouMean(o.name, names);
      return Error::Usage(o.origin + ": policy '" + p->id + "' has no parameter '" + o.name + "'",
                          hint.empty() ? (names.empty() ? std::string("it takes no parameters")
                                                        : "its parameters: " + Join(names))
                                       : hint);
    }
  }
  std::vector<Policy> selected;
  for (Policy& p : c.policies) {
    bool chosen = c.options.select.empty() ? (p.enabled || c.options.include_disabled) : keep.count(p.id) > 0;
    if (chosen && !drop.count(p.id)) selected.push_back(std::move(p));
  }
  c.policies = std::move(selected);
  return Ok{};
}

// ---------------------------------------------------------------- parameters

Status ParametersPass(Compilation& c) {
  for (const ParamOverride& o : c.options.params) {
    Policy* p = FindPolicy(c.policies, o.policy);
    if (p != nullptr) p->parameters[o.name].value = o.value;  // checked to exist by selection
  }
  return ForEachTest(c, [&](Policy& p, Condition& t) -> Status {
    if (t.param.empty()) return Ok{};
    auto it = p.parameters.find(t.param);
    if (it == p.parameters.end()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : p.parameters) names.push_back(n);
      return At(t.value_location, "unknown parameter '" + t.param + "'",
                names.empty() ? "declare it under 'parameters:'" : Suggest(t.param, names));
    }
    if (!ArgumentFits(t.op->argument, it->second.value)) {
      std::string origin = it->second.location.ToString();
      for (const ParamOverride& o : c.options.params) {
        if (FindPolicy(c.policies, o.policy) == &p && o.name == t.param) origin = o.origin;
      }
      return Error::Policy(origin, "", "parameter '" + t.param + "' of '" + p.id + "' is " +
                                           it->second.value.ToJson() + "; operator '" + t.op_name +
                                           "' at " + t.op_location.ToString() + " takes " +
                                           ArgumentKindName(t.op->argument));
    }
    t.argument = it->second.value;
    return Ok{};
  });
}

// ---------------------------------------------------------------- regex

Status RegexPass(Compilation& c) {
  return ForEachTest(c, [](Policy&, Condition& t) -> Status {
    if (t.op->argument != ArgumentKind::kRegex) return Ok{};
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_shared<const RE2>(t.argument.text(), options);
    if (!re->ok()) {
      return At(t.value_location, "invalid regular expression " + t.argument.ToJson() + ": " + re->error(),
                "write an RE2 pattern (no backreferences or lookaround)");
    }
    t.regex = std::move(re);
    return Ok{};
  });
}

// ---------------------------------------------------------------- index

Status IndexPass(Compilation& c) {
  c.set = PolicySet(std::move(c.policies));
  c.set.set_known_names(std::move(c.known_names));
  return Ok{};
}

struct Pass {
  std::string_view name;
  Status (*run)(Compilation&);
};

const std::vector<Pass>& Passes() {
  static const std::vector<Pass> passes = {
      {"parse", ParsePass},           {"shape", ShapePass},
      {"operators", OperatorsPass},   {"attribute-paths", AttributePathsPass},
      {"ids", IdsPass},               {"selection", SelectionPass},
      {"parameters", ParametersPass}, {"regex", RegexPass},
      {"index", IndexPass},
  };
  return passes;
}

}  // namespace

const std::vector<std::string_view>& CompilePasses() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n;
    for (const Pass& p : Passes()) n.push_back(p.name);
    return n;
  }();
  return names;
}

Result<PolicySet> Compile(const std::vector<PolicySource>& sources, const CompileOptions& options) {
  Compilation c{sources, options, {}, {}, {}, {}};
  for (const Pass& pass : Passes()) {
    Status st = pass.run(c);
    if (!st) return st.error();
  }
  return std::move(c.set);
}

}  // namespace plangate::policy
