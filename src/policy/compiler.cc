#include "policy/compiler.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>

#include "base/suggest.h"
#include "policy/operators.h"
#include "policy/yaml_ast.h"

namespace plangate::policy {
namespace {

using plan::Value;

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

SourceLocation Loc(const YamlNode& n) { return {n.file, n.line, n.column}; }

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

// The errors one pass finds. It keeps the first kMaxCompileErrors (OPA's compiler
// keeps 10 too) and lists them in source order: by source, line, column; errors
// outside the policy files (flags, a config file) last, in the order found.
class Diagnostics {
 public:
  explicit Diagnostics(const std::vector<PolicySource>& sources) : sources_(sources) {}

  // Records `file:line:col: what; hint`.
  void At(const SourceLocation& at, const std::string& what, const std::string& hint = {}) {
    Add(at, Error::Policy(at.ToString(), "", what, hint));
  }
  void At(const YamlNode& n, const std::string& what, const std::string& hint = {}) { At(Loc(n), what, hint); }

  // Records `e`; `at` places it among the others (a default location: not in a policy file).
  void Add(const SourceLocation& at, Error e) {
    if (errors_.size() == kMaxCompileErrors) {
      too_many_ = true;
      return;
    }
    std::size_t source = 0;
    while (source < sources_.size() && (at.file.empty() || sources_[source].name != at.file)) ++source;
    errors_.push_back({{source, at.line, at.column}, std::move(e)});
  }

  bool empty() const { return errors_.empty(); }
  // More errors were found than are kept: a pass may stop looking.
  bool too_many() const { return too_many_; }

  // One error: itself. Several: a line saying how many, then one error a line.
  Error Take() {
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const Found& a, const Found& b) { return a.order < b.order; });
    if (errors_.size() == 1) return errors_.front().error;
    std::string text = too_many_ ? "too many errors; the first " + std::to_string(errors_.size()) + ":"
                                 : std::to_string(errors_.size()) + " errors:";
    for (const Found& f : errors_) text += "\n" + f.error.message();
    switch (errors_.front().error.kind()) {
      case ErrorKind::kUsage: return Error::Usage(text);
      case ErrorKind::kInput: return Error::Input("", "", text);
      case ErrorKind::kPolicy: break;
    }
    return Error::Policy("", "", text);
  }

 private:
  struct Found {
    std::tuple<std::size_t, int, int> order;  // source index, line, column
    Error error;
  };
  const std::vector<PolicySource>& sources_;
  std::vector<Found> errors_;
  bool too_many_ = false;
};

// Everything the passes share.
struct Compilation {
  const std::vector<PolicySource>& sources;
  const CompileOptions& options;
  Diagnostics errors;                   // the running pass's
  std::vector<YamlNode> documents;      // parse
  std::vector<Policy> policies;         // shape onwards
  std::vector<std::string> known_names; // selection: ids and aliases before selecting
  PolicySet set;                        // index
};

// ---------------------------------------------------------------- parse

void ParsePass(Compilation& c) {
  for (const PolicySource& source : c.sources) {
    if (source.document) {
      c.documents.push_back(*source.document);
      continue;
    }
    Result<YamlNode> doc = ParseYaml(source.name, source.text);
    if (!doc) {
      c.errors.Add({source.name, 0, 0}, doc.error());  // one a source: the source places it
      continue;
    }
    c.documents.push_back(std::move(doc).value());
  }
}

// ---------------------------------------------------------------- shape
//
// Each mapping is read through its table of keys: the table is the list of
// accepted keys, says which are required, and reads each value. A reader records
// every error it finds and returns whether its node was well formed. Siblings are
// independent (every key of a policy, every condition of a list is read), but a
// node that is wrong as a whole is not looked into: its other errors would echo
// the first.

// What a key's reader gets.
struct Field {
  std::string_view key;
  const YamlNode& value;
  Diagnostics& d;
  int depth;  // of the condition holding the key (conditions only)
};

template <typename T>
struct Key {
  std::string_view name;
  bool (*read)(const Field& f, T& into);
  bool required = false;
  // Conditions only: the form the key makes on its own (kTest: one key of a test),
  Condition::Kind form = Condition::Kind::kTest;
  // and the test key this one is an alternative to.
  std::string_view instead_of = {};
};

// For the name tables' lookups (FindName, NamesOf).
template <typename T>
constexpr std::string_view NameOf(const Key<T>& key) {
  return key.name;
}

bool ReadString(const YamlNode& n, std::string_view key, std::string& out, Diagnostics& d) {
  if (!n.is_scalar()) {
    d.At(n, std::string(key) + ": expected a string, got " + n.KindName());
    return false;
  }
  out = n.scalar;
  return true;
}

bool ReadStrings(const YamlNode& n, std::string_view key, bool allow_single, std::vector<std::string>& out,
                 Diagnostics& d) {
  if (allow_single && n.is_scalar()) {
    out = {n.scalar};
    return true;
  }
  if (!n.is_sequence()) {
    d.At(n, std::string(key) + ": expected a list of strings, got " + n.KindName());
    return false;
  }
  bool ok = true;
  for (const YamlNode& item : n.items) {
    std::string s;
    ok = ReadString(item, key, s, d) && ok;
    out.push_back(std::move(s));
  }
  return ok;
}

// The struct a member pointer points into.
template <typename T>
struct OwnerOf;
template <typename C, typename F>
struct OwnerOf<F C::*> {
  using type = C;
};
template <auto field>
using Owner = typename OwnerOf<decltype(field)>::type;

template <auto field>
bool Text(const Field& f, Owner<field>& into) {
  return ReadString(f.value, f.key, into.*field, f.d);
}

template <auto field>
bool Texts(const Field& f, Owner<field>& into) {
  return ReadStrings(f.value, f.key, false, into.*field, f.d);
}

std::string ValueOf(std::string_view name) { return std::string(name); }
template <typename E>
E ValueOf(const Named<E>& entry) {
  return entry.value;
}

// A name from `table`, stored as the value it names.
template <auto field, const auto& table>
bool Choice(const Field& f, Owner<field>& into) {
  std::string s;
  if (!ReadString(f.value, f.key, s, f.d)) return false;
  const auto* entry = FindName(table, s);
  if (entry == nullptr) {
    f.d.At(f.value, "unknown " + std::string(f.key) + " '" + s + "'", Suggest(s, NamesOf(table)));
    return false;
  }
  into.*field = ValueOf(*entry);
  return true;
}

// Checks that `n` is a mapping whose keys are in `table`, each once; `known` gets
// the entries whose key is. Returns whether every key is.
template <typename T, std::size_t N>
bool CheckKeys(const YamlNode& n, const std::string& what, const Key<T> (&table)[N], Diagnostics& d,
               std::vector<std::pair<const Key<T>*, const YamlNode*>>& known) {
  if (!n.is_map()) {
    d.At(n, what + ": expected a mapping, got " + n.KindName());
    return false;
  }
  bool ok = true;
  std::set<std::string> seen;
  for (const auto& [k, v] : n.entries) {
    const Key<T>* key = k.is_scalar() ? FindName(table, k.scalar) : nullptr;
    if (!k.is_scalar()) {
      d.At(k, what + ": keys must be strings");
    } else if (key == nullptr) {
      d.At(k, "unknown key '" + k.scalar + "' in " + what, Suggest(k.scalar, NamesOf(table)));
    } else if (!seen.insert(k.scalar).second) {
      d.At(k, "duplicate key '" + k.scalar + "' in " + what);
      key = nullptr;
    }
    if (key == nullptr) ok = false;
    else known.emplace_back(key, &v);
  }
  return ok;
}

// Records `missing` + 'key' for each required key of `table` that `n` lacks.
template <typename T, std::size_t N>
bool CheckRequired(const YamlNode& n, const Key<T> (&table)[N], const std::string& missing, Diagnostics& d) {
  bool ok = true;
  for (const Key<T>& key : table) {
    if (key.required && n.Find(std::string(key.name)) == nullptr) {
      d.At(n, missing + "'" + std::string(key.name) + "'");
      ok = false;
    }
  }
  return ok;
}

// Reads the keys of mapping `n` through `table`. A key the table lacks may be a
// misspelt required one, so missing keys are reported only when every key is known.
template <typename T, std::size_t N>
bool ReadMapping(const YamlNode& n, const std::string& what, const std::string& missing,
                 const Key<T> (&table)[N], T& into, Diagnostics& d) {
  std::vector<std::pair<const Key<T>*, const YamlNode*>> known;
  bool ok = CheckKeys(n, what, table, d, known);
  if (ok) ok = CheckRequired(n, table, missing, d);
  for (const auto& [key, v] : known) ok = key->read({key->name, *v, d, 0}, into) && ok;
  return ok;
}

// Reads each entry of the mapping f.value with read(key, value); anything else
// (or, with `need_one`, an empty mapping) is recorded as `expected`.
template <typename Read>
bool ReadEntries(const Field& f, const std::string& expected, bool need_one, Read read) {
  if (!f.value.is_map() || (need_one && f.value.entries.empty())) {
    f.d.At(f.value, expected);
    return false;
  }
  bool ok = true;
  for (const auto& [k, v] : f.value.entries) ok = read(k, v) && ok;
  return ok;
}

// ---- conditions

bool ShapeCondition(const YamlNode& n, int depth, Condition& c, Diagnostics& d);

bool ReadAttribute(const Field& f, Condition& c) {
  c.attribute_location = Loc(f.value);
  return ReadString(f.value, f.key, c.attribute_text, f.d);
}

bool ReadOperator(const Field& f, Condition& c) {
  c.op_location = Loc(f.value);
  return ReadString(f.value, f.key, c.op_name, f.d);
}

bool ReadValue(const Field& f, Condition& c) {
  c.has_value = true;
  c.argument = f.value.ToValue();
  c.value_location = Loc(f.value);
  return true;
}

bool ReadParam(const Field& f, Condition& c) {
  c.value_location = Loc(f.value);
  return ReadString(f.value, f.key, c.param, f.d);
}

bool ReadCompareTo(const Field& f, Condition& c) {
  c.value_location = Loc(f.value);
  std::string s;
  if (!ReadString(f.value, f.key, s, f.d)) return false;
  if (s != "before") {
    f.d.At(f.value, "compare_to: '" + s + "' is not an object to compare with", "write compare_to: before");
    return false;
  }
  c.compare_to_before = true;
  return true;
}

bool ReadChildren(const Field& f, Condition& c) {
  const YamlNode& n = f.value;
  if (!n.is_sequence() || n.items.empty()) {
    f.d.At(n, std::string(f.key) + ": expected a non-empty list of conditions, got " +
                  (n.is_sequence() ? std::string("an empty list") : n.KindName()));
    return false;
  }
  bool ok = true;
  for (const YamlNode& item : n.items) ok = ShapeCondition(item, f.depth + 1, c.children.emplace_back(), f.d) && ok;
  return ok;
}

bool ReadChild(const Field& f, Condition& c) {
  return ShapeCondition(f.value, f.depth + 1, c.children.emplace_back(), f.d);
}

// A name or a non-empty list of them, each a `what`.
bool ReadSomeNames(const Field& f, std::vector<std::string>& out, const std::string& what) {
  if (!ReadStrings(f.value, f.key, true, out, f.d)) return false;
  if (out.empty()) {
    f.d.At(f.value, std::string(f.key) + ": expected at least one " + what);
    return false;
  }
  return true;
}

bool ReadNames(const Field& f, Condition& c) { return ReadSomeNames(f, c.names, "name"); }

bool ReadActions(const Field& f, Condition& c) {
  if (!ReadNames(f, c)) return false;
  bool ok = true;
  for (const std::string& a : c.names) {
    if (FindName(kActions, a) == nullptr) {
      f.d.At(f.value, "unknown action '" + a + "'", Suggest(a, NamesOf(kActions)));
      ok = false;
    }
  }
  return ok;
}

bool ReadByType(const Field& f, Condition& c) {
  return ReadEntries(f, "by_type: expected a mapping of resource type to condition", true,
                     [&](const YamlNode& type, const YamlNode& cond) {
                       bool ok = ReadString(type, "by_type key", c.names.emplace_back(), f.d);
                       return ShapeCondition(cond, f.depth + 1, c.children.emplace_back(), f.d) && ok;
                     });
}

// ---- related

template <Relation::Kind kind>
bool ReadRelationKind(const Field& f, Relation& r) {
  r.kind = kind;
  r.attribute_location = Loc(f.value);
  return ReadString(f.value, f.key, r.attribute_text, f.d);
}

bool ReadTo(const Field& f, Relation& r) {
  r.to_location = Loc(f.value);
  return ReadString(f.value, f.key, r.to_text, f.d);
}

const Key<Relation> kRelationKeys[] = {
    {"references", ReadRelationKind<Relation::Kind::kReferences>},
    {"referenced_by", ReadRelationKind<Relation::Kind::kReferencedBy>},
    {"equals", ReadRelationKind<Relation::Kind::kEquals>},
    {"glob", ReadRelationKind<Relation::Kind::kGlob>},
    {"tags", ReadRelationKind<Relation::Kind::kTags>},
    {"tag_conditions", ReadRelationKind<Relation::Kind::kTagConditions>},
    {"to", ReadTo},
};

bool ShapeRelation(const YamlNode& n, Relation& r, Diagnostics& d) {
  std::vector<std::pair<const Key<Relation>*, const YamlNode*>> known;
  if (!CheckKeys(n, "relation", kRelationKeys, d, known)) return false;
  r.location = Loc(n);
  std::size_t kinds = 0;
  for (const auto& [key, v] : known) kinds += key->name != "to";
  if (kinds != 1) {
    d.At(n, "a relation has exactly one of " + Join(NamesOf(kRelationKinds)),
         "write e.g. '- references: resources' or '- glob: resources' with 'to: arn'");
    return false;
  }
  bool ok = true;
  for (const auto& [key, v] : known) ok = key->read({key->name, *v, d, 0}, r) && ok;
  if (!ok) return false;
  const bool compares = r.kind == Relation::Kind::kEquals || r.kind == Relation::Kind::kGlob;
  const bool refers = r.kind == Relation::Kind::kReferences || r.kind == Relation::Kind::kReferencedBy;
  if (compares && r.to_text.empty()) {
    d.At(n, "relation '" + std::string(RelationKindName(r.kind)) +
                "' compares with an attribute of this resource: say which",
         "add 'to:', e.g. 'to: arn'");
    return false;
  }
  if (refers && !r.to_text.empty()) {
    d.At(r.to_location, "a reference relation takes no 'to'", "remove 'to'");
    return false;
  }
  return true;
}

// A list of relations; `need_one`: not empty.
bool ReadRelations(const Field& f, std::vector<Relation>& out, bool need_one) {
  const YamlNode& n = f.value;
  if (!n.is_sequence() || (need_one && n.items.empty())) {
    f.d.At(n, std::string(f.key) + ": expected a " + (need_one ? "non-empty " : "") +
                  "list of relations (references, referenced_by, equals, glob, tags, tag_conditions), got " +
                  (n.is_sequence() ? std::string("an empty list") : n.KindName()));
    return false;
  }
  bool ok = true;
  for (const YamlNode& item : n.items) ok = ShapeRelation(item, out.emplace_back(), f.d) && ok;
  return ok;
}

bool ReadBy(const Field& f, Related& r) { return ReadRelations(f, r.by, true); }
bool ReadRequire(const Field& f, Related& r) { return ReadRelations(f, r.require, false); }
bool ReadExcept(const Field& f, Related& r) { return ReadRelations(f, r.except, false); }
bool ReadRelatedWhere(const Field& f, Related& r) {
  r.where = std::make_unique<Condition>();
  return ShapeCondition(f.value, f.depth + 1, *r.where, f.d);
}

const Key<Related> kRelatedKeys[] = {
    {"type", Text<&Related::type>, true},
    {"where", ReadRelatedWhere},
    {"by", ReadBy, true},
    {"require", ReadRequire},
    {"except", ReadExcept},
};

bool ReadRelated(const Field& f, Condition& c) {
  c.related = std::make_shared<Related>();
  return ReadMapping(f.value, "related", "related: missing ", kRelatedKeys, *c.related, f.d);
}

const Key<Condition> kConditionKeys[] = {
    {"attribute", ReadAttribute, true},
    {"operator", ReadOperator, true},
    {"value", ReadValue},
    {"param", ReadParam, false, Condition::Kind::kTest, "value"},
    {"compare_to", ReadCompareTo, false, Condition::Kind::kTest, "value"},
    {"for", Choice<&Condition::quantifier, kQuantifiers>},
    {"of", Choice<&Condition::side, kSides>},
    {"all", ReadChildren, false, Condition::Kind::kAll},
    {"any", ReadChildren, false, Condition::Kind::kAny},
    {"not", ReadChild, false, Condition::Kind::kNot},
    {"action", ReadActions, false, Condition::Kind::kAction},
    {"type", ReadNames, false, Condition::Kind::kType},
    {"by_type", ReadByType, false, Condition::Kind::kByType},
    {"related", ReadRelated, false, Condition::Kind::kRelated},
};

// "write a test (attribute, operator, value or param, for), or one of all, any, ...".
const std::string& OneFormHint() {
  static const std::string hint = [] {
    std::string test, forms;
    for (const Key<Condition>& key : kConditionKeys) {
      std::string& list = key.form == Condition::Kind::kTest ? test : forms;
      if (!list.empty()) list += key.instead_of.empty() ? ", " : " or ";
      list += key.name;
    }
    return "write a test (" + test + "), or one of " + forms;
  }();
  return hint;
}

bool ShapeCondition(const YamlNode& n, int depth, Condition& c, Diagnostics& d) {
  if (depth > kMaxYamlDepth) {
    d.At(n, "conditions nested too deeply");
    return false;
  }
  std::vector<std::pair<const Key<Condition>*, const YamlNode*>> known;
  if (!CheckKeys(n, "condition", kConditionKeys, d, known)) return false;
  c.location = Loc(n);
  // One form per mapping: a test, or exactly one of the others.
  std::size_t forms = 0;
  bool is_test = false;
  for (const auto& [key, v] : known) {
    if (key->form == Condition::Kind::kTest) is_test = true;
    else ++forms, c.kind = key->form;
  }
  if (forms + (is_test ? 1 : 0) != 1) {
    d.At(n, "a condition has exactly one form", OneFormHint());
    return false;
  }
  bool ok = true;
  if (is_test) {
    c.kind = Condition::Kind::kTest;
    ok = CheckRequired(n, kConditionKeys, "condition: missing ", d);
    for (const Key<Condition>& key : kConditionKeys) {
      const YamlNode* alternative = key.instead_of.empty() ? nullptr : n.Find(std::string(key.name));
      if (alternative != nullptr && n.Find(std::string(key.instead_of)) != nullptr) {
        d.At(*alternative, "a test takes '" + std::string(key.instead_of) + "' or '" + std::string(key.name) +
                               "', not both");
        ok = false;
      }
    }
  }
  for (const auto& [key, v] : known) ok = key->read({key->name, *v, d, depth}, c) && ok;
  return ok;
}

// ---- policies

bool ReadId(const Field& f, Policy& p) {
  if (!Text<&Policy::id>(f, p)) return false;
  if (!IsKebabCase(p.id)) {
    f.d.At(f.value, "id '" + p.id + "' is not kebab-case",
           "use lower-case letters, digits and single dashes, e.g. aws-dynamodb-enable-recovery");
    return false;
  }
  return true;
}

bool ReadEnabled(const Field& f, Policy& p) {
  Value b = f.value.ToValue();
  if (!b.is_bool()) {
    f.d.At(f.value, std::string(f.key) + ": expected true or false");
    return false;
  }
  p.enabled = b.as_bool();
  return true;
}

bool ReadResourceTypes(const Field& f, Policy& p) { return ReadSomeNames(f, p.resource_types, "type"); }

bool ReadDefault(const Field& f, Parameter& param) {
  param.value = f.value.ToValue();
  return true;
}

const Key<Parameter> kParameterKeys[] = {
    {"default", ReadDefault, true},
    {"description", Text<&Parameter::description>},
};

bool ReadParameters(const Field& f, Policy& p) {
  return ReadEntries(f, "parameters: expected a mapping of name to {default, description}", false,
                     [&](const YamlNode& name, const YamlNode& def) {
                       if (!IsParamName(name.scalar)) {
                         f.d.At(name, "parameter name '" + name.scalar + "' is not an identifier",
                                "use lower-case letters, digits and '_'");
                         return false;
                       }
                       Parameter& param = p.parameters[name.scalar];
                       param.location = Loc(name);
                       std::string what = "parameter '" + name.scalar + "'";
                       return ReadMapping(def, what, what + ": missing ", kParameterKeys, param, f.d);
                     });
}

bool ReadDefaults(const Field& f, Policy& p) {
  return ReadEntries(f, "defaults: expected a mapping of attribute path to value", false,
                     [&](const YamlNode& path, const YamlNode& value) {
                       Result<resolve::AttrPath> parsed = resolve::AttrPath::Parse(path.scalar);
                       if (!parsed) {
                         f.d.At(path, parsed.error().message());
                         return false;
                       }
                       p.defaults[parsed.value().text()] = value.ToValue();
                       return true;
                     });
}

bool ReadWhere(const Field& f, Policy& p) {
  p.where = std::make_unique<Condition>();
  return ShapeCondition(f.value, 0, *p.where, f.d);
}

bool ReadCondition(const Field& f, Policy& p) { return ShapeCondition(f.value, 0, p.condition, f.d); }

// `say:` text into literal parts and {of.PATH} fields.
bool ReadSay(const Field& f, Note& note) {
  if (!ReadString(f.value, f.key, note.say, f.d)) return false;
  note.location = {f.value.file, f.value.line, f.value.column};
  const std::string& s = note.say;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t open = s.find('{', i);
    if (open != i) {
      note.parts.push_back({s.substr(i, open == std::string::npos ? std::string::npos : open - i)});
      if (open == std::string::npos) break;
    }
    std::size_t close = s.find('}', open);
    std::string field = s.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
    std::size_t dot = field.find('.');
    const auto* side = dot == std::string::npos ? nullptr : FindName(kSides, std::string_view(field).substr(0, dot));
    Result<resolve::AttrPath> path = side == nullptr ? Result<resolve::AttrPath>(Error::Usage(""))
                                                     : resolve::AttrPath::Parse(field.substr(dot + 1));
    if (close == std::string::npos || !path || path.value().FirstEach() != std::string::npos ||
        (side->value == resolve::Side::kChange && !FindName(resolve::kChangeAttributes, path.value().root()))) {
      f.d.At(f.value, "say: '{" + field + (close == std::string::npos ? "" : "}") + "' is not a field",
             "write {after.PATH}, {before.PATH} or {change.NAME} (NAME one of action, actions, action_reason, "
             "replace_paths, importing, previous_address, deposed), with no [*]");
      return false;
    }
    NotePart part;
    part.field = true;
    part.side = side->value;
    part.path = std::move(path).value();
    note.parts.push_back(std::move(part));
    i = close + 1;
  }
  return true;
}

bool ReadWhen(const Field& f, Note& note) {
  note.when = std::make_unique<Condition>();
  return ShapeCondition(f.value, 0, *note.when, f.d);
}

const Key<Note> kNoteKeys[] = {
    {"when", ReadWhen},
    {"say", ReadSay, true},
};

bool ReadExplain(const Field& f, Policy& p) {
  if (!f.value.is_sequence()) {
    f.d.At(f.value, "explain: expected a list of notes (when, say), got " + std::string(f.value.KindName()));
    return false;
  }
  bool ok = true;
  for (const YamlNode& item : f.value.items) {
    Note note;
    if (!item.is_map()) {
      f.d.At(item, "explain: a note is a mapping with 'say' (and 'when'), got " + std::string(item.KindName()));
      ok = false;
      continue;
    }
    ok = ReadMapping(item, "note", "note: missing ", kNoteKeys, note, f.d) && ok;
    p.explain.push_back(std::move(note));
  }
  return ok;
}

const Key<Policy> kPolicyKeys[] = {
    {"id", ReadId, true},
    {"title", Text<&Policy::title>, true},
    {"severity", Choice<&Policy::severity, kSeverities>, true},
    {"enforcement", Choice<&Policy::enforcement, kEnforcements>},
    {"on_unknown", Choice<&Policy::on_unknown, kOnUnknowns>},
    {"judges", Choice<&Policy::judges, kScopes>},
    {"enabled", ReadEnabled},
    {"aliases", Texts<&Policy::aliases>},
    {"category", Text<&Policy::category>},
    {"description", Text<&Policy::description>},
    {"impact", Text<&Policy::impact>},
    {"resolution", Text<&Policy::resolution>},
    {"links", Texts<&Policy::links>},
    {"resource_types", ReadResourceTypes, true},
    {"parameters", ReadParameters},
    {"defaults", ReadDefaults},
    {"where", ReadWhere},
    {"condition", ReadCondition, true},
    {"explain", ReadExplain},
};

// "id, title, severity, resource_types and condition".
std::string RequiredPolicyKeys() {
  std::vector<std::string> names;
  for (const Key<Policy>& key : kPolicyKeys) {
    if (key.required) names.emplace_back(key.name);
  }
  std::string last = names.back();
  names.pop_back();
  return Join(names) + " and " + last;
}

void ShapePass(Compilation& c) {
  for (const YamlNode& doc : c.documents) {
    if (doc.is_null()) {
      c.errors.At(doc, "empty policy file", "write a policy mapping with " + RequiredPolicyKeys());
      continue;
    }
    std::vector<const YamlNode*> nodes;
    if (doc.is_sequence()) {
      for (const YamlNode& item : doc.items) nodes.push_back(&item);
    } else {
      nodes.push_back(&doc);
    }
    for (const YamlNode* n : nodes) {
      if (!n->is_map()) {
        c.errors.At(*n, std::string("expected a policy (a mapping), got ") + n->KindName());
        continue;
      }
      Policy& p = c.policies.emplace_back();
      p.location = Loc(*n);
      ReadMapping(*n, "policy", "missing required key ", kPolicyKeys, p, c.errors);
    }
  }
}

// Calls fn on every test node of every policy (where and condition), until more
// errors are found than are kept.
void ForEachTest(Compilation& c, const std::function<void(Policy&, Condition&)>& fn) {
  std::function<void(Policy&, Condition&)> walk = [&](Policy& p, Condition& cond) {
    if (c.errors.too_many()) return;
    if (cond.kind == Condition::Kind::kTest) return fn(p, cond);
    if (cond.kind == Condition::Kind::kRelated && cond.related->where) walk(p, *cond.related->where);
    for (Condition& child : cond.children) walk(p, child);
  };
  for (Policy& p : c.policies) {
    if (p.where) walk(p, *p.where);
    walk(p, p.condition);
    for (Note& note : p.explain) {
      if (note.when) walk(p, *note.when);
    }
  }
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

void OperatorsPass(Compilation& c) {
  Diagnostics& d = c.errors;
  ForEachTest(c, [&](Policy&, Condition& t) {
    t.op = FindOperator(t.op_name);
    if (t.op == nullptr) {
      return d.At(t.op_location, "unknown operator '" + t.op_name + "'", Suggest(t.op_name, OperatorNames()));
    }
    bool takes = t.op->argument != ArgumentKind::kNone;
    bool given = t.has_value || !t.param.empty() || t.compare_to_before;
    if (takes && !given) {
      return d.At(t.op_location, "operator '" + t.op_name + "' needs a 'value' (or a 'param'): " +
                                     ArgumentKindName(t.op->argument));
    }
    if (!takes && given) {
      return d.At(t.value_location, "operator '" + t.op_name + "' takes no value",
                  "remove the '" + std::string(t.has_value ? "value" : t.compare_to_before ? "compare_to" : "param") +
                      "' key");
    }
    if (t.has_value && !ArgumentFits(t.op->argument, t.argument)) {
      return d.At(t.value_location, "operator '" + t.op_name + "' takes " + ArgumentKindName(t.op->argument) +
                                        ", got " + t.argument.ToJson());
    }
  });
}

// ---------------------------------------------------------------- attribute paths

void CheckByType(const Policy& p, const Condition& cond, Diagnostics& d) {
  if (cond.kind == Condition::Kind::kByType) {
    bool all_listed = true;
    for (std::size_t i = 0; i < cond.names.size(); ++i) {
      const std::string& type = cond.names[i];
      if (std::find(p.resource_types.begin(), p.resource_types.end(), type) == p.resource_types.end()) {
        d.At(cond.children[i].location, "by_type names '" + type + "', which is not in resource_types",
             Suggest(type, p.resource_types));
        all_listed = false;
      }
    }
    // A type named wrongly is likely a misspelt listed one: its absence would echo the error.
    for (const std::string& type : p.resource_types) {
      if (all_listed && std::find(cond.names.begin(), cond.names.end(), type) == cond.names.end()) {
        d.At(cond.location, "by_type has no condition for '" + type + "' (listed in resource_types)");
      }
    }
  }
  for (const Condition& child : cond.children) CheckByType(p, child, d);
}

void AttributePathsPass(Compilation& c) {
  Diagnostics& d = c.errors;
  ForEachTest(c, [&](Policy&, Condition& t) {
    Result<resolve::AttrPath> path = resolve::AttrPath::Parse(t.attribute_text);
    if (!path) return d.At(t.attribute_location, path.error().message());
    t.attribute = std::move(path).value();
    bool each = t.attribute.FirstEach() != std::string::npos;
    if (each && t.quantifier == Quantifier::kNone) {
      return d.At(t.attribute_location,
                  "attribute '" + t.attribute_text + "' has [*]: say which elements must match",
                  "add 'for: every' (an empty list passes) or 'for: some' (an empty list fails)");
    }
    if (!each && t.quantifier != Quantifier::kNone) {
      return d.At(t.attribute_location, "'for' applies only to an attribute with [*]",
                  "remove 'for', or write the list as name[*]");
    }
    if (t.compare_to_before && (each || t.side != resolve::Side::kAfter)) {
      return d.At(t.value_location, "compare_to: before compares a value after apply with the same one before",
                  "use it on an attribute read after apply (no 'of'), without [*]");
    }
    if (t.side == resolve::Side::kChange && !FindName(resolve::kChangeAttributes, t.attribute.root())) {
      return d.At(t.attribute_location, "a change has no attribute '" + t.attribute.root() + "'",
                  Suggest(t.attribute.root(), NamesOf(resolve::kChangeAttributes)));
    }
  });
  for (const Policy& p : c.policies) {
    if (p.where) CheckByType(p, *p.where, d);
    CheckByType(p, p.condition, d);
  }
  for (Policy& p : c.policies) ForEachRelatedOf(p, [&](Related& related) {
    for (auto* list : {&related.by, &related.require, &related.except}) {
      for (Relation& r : *list) {
        for (auto [text, path, at] : {std::tuple{&r.attribute_text, &r.attribute, &r.attribute_location},
                                      std::tuple{&r.to_text, &r.to, &r.to_location}}) {
          if (text->empty() && text == &r.to_text) continue;  // `to` left out; an empty attribute is an error
          Result<resolve::AttrPath> parsed = resolve::AttrPath::Parse(*text);
          if (!parsed) {
            d.At(*at, parsed.error().message());
          } else if (parsed.value().FirstEach() != std::string::npos) {
            d.At(*at, "a relation reads the whole list: '" + *text + "' has [*]", "write the list itself, e.g. resources");
          } else {
            *path = std::move(parsed).value();
          }
        }
      }
    }
  });
}

// ---------------------------------------------------------------- ids

void IdsPass(Compilation& c) {
  std::map<std::string, const Policy*> names;  // ids and aliases
  for (const Policy& p : c.policies) {
    auto [first, added] = names.emplace(p.id, &p);
    if (!added) {
      c.errors.At(p.location,
                  "duplicate policy id '" + p.id + "', first defined at " + first->second->location.ToString(),
                  "give each policy a unique id");
    }
  }
  for (const Policy& p : c.policies) {
    for (const std::string& alias : p.aliases) {
      auto [other, added] = names.emplace(alias, &p);
      if (!added && other->second != &p) {
        c.errors.At(p.location, "alias '" + alias + "' of '" + p.id + "' also names '" + other->second->id +
                                    "' (" + other->second->location.ToString() + ")",
                    "an alias must name one policy");
      }
    }
  }
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

// The ids of the policies `names` name; each name that names none is an error at `flag`.
std::set<std::string> IdsNamed(Compilation& c, const std::vector<std::string>& names, const std::string& flag) {
  std::set<std::string> ids;
  for (const std::string& name : names) {
    Policy* p = FindPolicy(c.policies, name);
    if (p == nullptr) c.errors.Add({}, UnknownPolicy(c.known_names, name, flag));
    else ids.insert(p->id);
  }
  return ids;
}

void SelectionPass(Compilation& c) {
  for (const Policy& p : c.policies) {
    c.known_names.push_back(p.id);
    c.known_names.insert(c.known_names.end(), p.aliases.begin(), p.aliases.end());
  }
  std::set<std::string> keep = IdsNamed(c, c.options.select, "--policy");
  std::set<std::string> drop = IdsNamed(c, c.options.skip, "--skip-policy");
  // Overrides must name a real policy and parameter even when it is not selected.
  for (const ParamOverride& o : c.options.params) {
    Policy* p = FindPolicy(c.policies, o.policy);
    if (p == nullptr) {
      c.errors.Add({}, UnknownPolicy(c.known_names, o.policy, o.origin));
    } else if (p->parameters.count(o.name) == 0) {
      std::vector<std::string> names;
      for (const auto& [n, _] : p->parameters) names.push_back(n);
      std::string hint = DidYouMean(o.name, names);
      c.errors.Add({}, Error::Usage(o.origin + ": policy '" + p->id + "' has no parameter '" + o.name + "'",
                                    hint.empty() ? (names.empty() ? std::string("it takes no parameters")
                                                                  : "its parameters: " + Join(names))
                                                 : hint));
    }
  }
  if (!c.errors.empty()) return;
  std::vector<Policy> selected;
  for (Policy& p : c.policies) {
    bool chosen = c.options.select.empty() ? (p.enabled || c.options.include_disabled) : keep.count(p.id) > 0;
    if (chosen && !drop.count(p.id)) selected.push_back(std::move(p));
  }
  c.policies = std::move(selected);
}

// ---------------------------------------------------------------- parameters

void ParametersPass(Compilation& c) {
  for (const ParamOverride& o : c.options.params) {
    Policy* p = FindPolicy(c.policies, o.policy);
    if (p != nullptr) p->parameters[o.name].value = o.value;  // checked to exist by selection
  }
  ForEachTest(c, [&](Policy& p, Condition& t) {
    if (t.param.empty()) return;
    auto it = p.parameters.find(t.param);
    if (it == p.parameters.end()) {
      std::vector<std::string> names;
      for (const auto& [n, _] : p.parameters) names.push_back(n);
      return c.errors.At(t.value_location, "unknown parameter '" + t.param + "'",
                         names.empty() ? "declare it under 'parameters:'" : Suggest(t.param, names));
    }
    if (!ArgumentFits(t.op->argument, it->second.value)) {
      SourceLocation at = it->second.location;  // the default's, unless an override set the value
      std::string origin = at.ToString();
      for (const ParamOverride& o : c.options.params) {
        if (FindPolicy(c.policies, o.policy) == &p && o.name == t.param) at = {}, origin = o.origin;
      }
      return c.errors.Add(at, Error::Policy(origin, "", "parameter '" + t.param + "' of '" + p.id + "' is " +
                                                            it->second.value.ToJson() + "; operator '" + t.op_name +
                                                            "' at " + t.op_location.ToString() + " takes " +
                                                            ArgumentKindName(t.op->argument)));
    }
    t.argument = it->second.value;
  });
}

// ---------------------------------------------------------------- regex

void RegexPass(Compilation& c) {
  ForEachTest(c, [&](Policy&, Condition& t) {
    if (t.op->argument != ArgumentKind::kRegex) return;
    RE2::Options options;
    options.set_log_errors(false);
    // Pointer and size: RE2 2024 takes an absl::string_view, which Debian's abseil keeps
    // apart from std::string_view; RE2 2022 takes its own StringPiece. Both build from them.
    const std::string_view pattern = t.argument.text();
    auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re->ok()) {
      return c.errors.At(t.value_location,
                         "invalid regular expression " + t.argument.ToJson() + ": " + re->error(),
                         "write an RE2 pattern (no backreferences or lookaround)");
    }
    t.regex = std::move(re);
  });
}

// ---------------------------------------------------------------- index

void IndexPass(Compilation& c) {
  c.set = PolicySet(std::move(c.policies));
  c.set.set_known_names(std::move(c.known_names));
}

struct Pass {
  std::string_view name;
  void (*run)(Compilation&);  // records its errors in Compilation::errors
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
  Compilation c{sources, options, Diagnostics(sources), {}, {}, {}, {}};
  for (const Pass& pass : Passes()) {
    pass.run(c);
    if (!c.errors.empty()) return c.errors.Take();  // a later pass never sees a broken tree
  }
  return std::move(c.set);
}

}  // namespace plangate::policy
