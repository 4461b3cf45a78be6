#include "resolve/references.h"

#include <algorithm>

namespace plangate::resolve {
namespace {

using plan::ModuleStep;
using plan::Value;

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Reads a reference one step at a time: names after dots, and keys in brackets.
struct Scanner {
  std::string_view text;
  std::size_t at = 0;

  // The next name (after a '.', unless first); "" when none follows.
  std::string_view Name() {
    std::size_t start = at;
    if (at > 0) {
      if (at >= text.size() || text[at] != '.') return {};
      start = ++at;
    }
    while (at < text.size() && IsNameChar(text[at])) ++at;
    return text.substr(start, at - start);
  }
  // The key in brackets that follows, as written (`"a.b"`, `0`); "" when none does.
  std::string_view Key() {
    if (at >= text.size() || text[at] != '[') return {};
    std::size_t start = at + 1, i = start;
    if (i < text.size() && text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; i += text[i] == '\\' ? 2 : 1) {
      }
      ++i;
    } else {
      while (i < text.size() && text[i] != ']') ++i;
    }
    if (i >= text.size() || text[i] != ']') return {};
    at = i + 1;
    return text.substr(start, i - start);
  }
};

std::string Qualified(const std::vector<ModuleStep>& at, std::string_view ref) {
  std::string prefix = ModuleInstanceText(at);
  return prefix.empty() ? std::string(ref) : prefix + "." + std::string(ref);
}

// Unquotes a key for comparison: `"a\"b"` → a"b; a number stays as it is.
std::string KeyValue(std::string_view key) {
  if (key.size() < 2 || key.front() != '"') return std::string(key);
  std::string out;
  for (std::size_t i = 1; i + 1 < key.size(); ++i) {
    if (key[i] == '\\' && i + 2 < key.size()) ++i;
    out += key[i];
  }
  return out;
}

const plan::ConfigModule* ModuleAt(const plan::Plan& plan, const std::vector<ModuleStep>& at) {
  std::vector<std::string> calls;
  for (const ModuleStep& s : at) calls.push_back(s.name);
  return FindModule(plan.configuration, calls, calls.size());
}

void CollectReferences(const Value& node, std::vector<std::string>& out) {
  if (node.is_object()) {
    if (const Value* refs = node.Find("references")) {
      for (std::string& ref : LongestReferences(refs)) out.push_back(std::move(ref));
      return;
    }
    for (const auto& [key, child] : node.members()) {
      if (key != "constant_value") CollectReferences(child, out);
    }
  } else if (node.is_array()) {
    for (const Value& item : node.items()) CollectReferences(item, out);
  }
}

// Follows references to the objects they name.
class Follower {
 public:
  Follower(const plan::Plan& plan, Referents& out) : plan_(plan), out_(out) {}

  // Every reference of an expression (or a block of them) written in module `at`.
  void Expression(const Value& node, const std::vector<ModuleStep>& at, const Value* each, int depth) {
    for (const std::string& ref : ReferencesIn(node)) Reference(ref, at, each, depth);
  }

 private:
  static constexpr int kMaxDepth = 64;  // module hops followed; a cycle cannot go further

  void Opaque(const std::vector<ModuleStep>& at, std::string_view ref) {
    std::string q = Qualified(at, ref);
    if (std::find(out_.opaque.begin(), out_.opaque.end(), q) == out_.opaque.end()) out_.opaque.push_back(q);
  }

  void Reference(std::string_view ref, const std::vector<ModuleStep>& at, const Value* each, int depth) {
    if (depth > kMaxDepth) return Opaque(at, ref);
    Hop hop = Follow(plan_, ref, at, each);
    switch (hop.kind) {
      case Hop::Kind::kTarget:
        for (const RefTarget& seen : out_.targets) {
          if (seen.Text() == hop.target.Text()) return;
        }
        out_.targets.push_back(std::move(hop.target));
        return;
      case Hop::Kind::kInput:
      case Hop::Kind::kOutput:
      case Hop::Kind::kEach:
        for (const Hop::Expression& e : hop.expressions) Expression(*e.value, hop.at, hop.each_of, depth + 1);
        return;
      case Hop::Kind::kLocal:
      case Hop::Kind::kOpaque:
        return Opaque(at, ref);
      case Hop::Kind::kUnsetInput:
      case Hop::Kind::kRootVariable:
      case Hop::Kind::kNoObject:
        return;
    }
  }

  const plan::Plan& plan_;
  Referents& out_;
};

}  // namespace

std::string RefTarget::BaseText() const {
  std::string out;
  for (const ModuleStep& s : module) out += "module." + s.name + ".";
  if (data) out += "data.";
  return out + type + "." + name;
}

std::string RefTarget::Text() const {
  std::string out = ModuleInstanceText(module);
  if (!out.empty()) out += '.';
  if (data) out += "data.";
  out += type + "." + name;
  if (!key.empty()) out += "[" + key + "]";
  return out;
}

std::string BaseTextOf(const ResolvedResource& r) {
  std::string out;
  for (const std::string& call : r.module_calls) out += "module." + call + ".";
  if (r.resource->mode == "data") out += "data.";
  return out + r.resource->type + "." + r.resource->name;
}

bool RefTarget::Covers(const ResolvedResource& r) const {
  if (data != (r.resource->mode == "data") || type != r.resource->type || name != r.resource->name) return false;
  if (module.size() != r.module_path.size()) return false;
  // A key is compared where both give one: a data source found in the configuration
  // stands for every instance of its module.
  auto same = [](std::string_view a, std::string_view b) { return a.empty() || b.empty() || KeyValue(a) == KeyValue(b); };
  for (std::size_t i = 0; i < module.size(); ++i) {
    if (module[i].name != r.module_path[i].name || !same(module[i].key, r.module_path[i].key)) return false;
  }
  // The instance key is what the address writes in brackets after `type.name`.
  const std::string& address = r.resource->address;
  std::string prefix = (r.resource->module_address.empty() ? "" : r.resource->module_address + ".") +
                       (data ? "data." : "") + r.resource->type + "." + r.resource->name;
  std::string_view own;
  if (address.size() > prefix.size() + 2 && address.compare(0, prefix.size(), prefix) == 0 &&
      address[prefix.size()] == '[') {
    own = std::string_view(address).substr(prefix.size() + 1, address.size() - prefix.size() - 2);
  }
  return same(key, own);
}

Hop Follow(const plan::Plan& plan, std::string_view ref, const std::vector<ModuleStep>& at, const Value* each) {
  Hop hop;
  Scanner s{ref};
  std::string_view head = s.Name();
  if (head == "count" || head == "path" || head == "terraform" || head == "self") {
    hop.kind = Hop::Kind::kNoObject;
    return hop;
  }
  if (head == "local") {
    hop.kind = Hop::Kind::kLocal;
    return hop;
  }
  if (head == "each") {
    if (each == nullptr) return hop;
    hop.kind = Hop::Kind::kEach;
    hop.expressions.push_back({"", each});
    hop.at = at;
    return hop;
  }
  if (head == "var") {
    hop.name = std::string(s.Name());
    if (at.empty()) {  // a root variable is known when planning: it names no object
      hop.kind = Hop::Kind::kRootVariable;
      return hop;
    }
    std::vector<ModuleStep> parent(at.begin(), at.end() - 1);
    const plan::ConfigModule* m = ModuleAt(plan, parent);
    auto call = m == nullptr ? decltype(m->module_calls)::const_iterator() : m->module_calls.find(at.back().name);
    if (m == nullptr || call == m->module_calls.end()) return hop;
    const Value* input = call->second.expressions.Find(hop.name);
    if (input == nullptr) {  // not set: the variable's default, a constant
      hop.kind = Hop::Kind::kUnsetInput;
      return hop;
    }
    hop.kind = Hop::Kind::kInput;
    hop.expressions.push_back({hop.name, input});
    hop.at = std::move(parent);
    hop.each_of = call->second.for_each.is_null() ? nullptr : &call->second.for_each;
    return hop;
  }
  if (head == "module") {
    std::string_view call_name = s.Name();
    std::string_view key = s.Key();
    std::string_view output = s.Name();
    const plan::ConfigModule* m = ModuleAt(plan, at);
    auto call = m == nullptr ? decltype(m->module_calls)::const_iterator() : m->module_calls.find(std::string(call_name));
    if (m == nullptr || call == m->module_calls.end() || call->second.module.empty()) return hop;
    const plan::ConfigModule& child = call->second.module.front();
    if (output.empty()) {  // the whole module object: every output
      for (const auto& [name, expr] : child.outputs) hop.expressions.push_back({name, &expr});
    } else {
      auto out = child.outputs.find(output);
      if (out == child.outputs.end()) return hop;
      hop.expressions.push_back({std::string(output), &out->second});
    }
    hop.kind = Hop::Kind::kOutput;
    hop.name = std::string(output);
    hop.at = at;
    hop.at.push_back({std::string(call_name), std::string(key)});
    return hop;
  }
  RefTarget& t = hop.target;
  t.module = at;
  t.written = Qualified(at, ref);
  if (head == "data") {
    t.data = true;
    head = s.Name();
  }
  t.type = std::string(head);
  t.name = std::string(s.Name());
  t.key = std::string(s.Key());
  if (!t.type.empty() && !t.name.empty()) hop.kind = Hop::Kind::kTarget;
  return hop;
}

std::vector<std::string> ReferencesIn(const Value& expression) {
  std::vector<std::string> out;
  CollectReferences(expression, out);
  return out;
}

const Value* ExpressionAt(const ResolvedResource& r, const AttrPath& path) {
  if (r.config == nullptr) return nullptr;
  // A key leads to an expression object or a list of blocks; an index, to a block.
  const Value* node = &r.config->expressions;
  for (const PathSegment& s : path.segments()) {
    const bool expression = node != &r.config->expressions && node->is_object() &&
                            (node->Find("references") != nullptr || node->Find("constant_value") != nullptr);
    if (expression) break;
    node = s.kind == PathSegment::Kind::kKey ? node->Find(s.key) : node->At(s.index);
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::string ModuleInstanceText(const std::vector<ModuleStep>& steps) {
  std::string out;
  for (const ModuleStep& s : steps) {
    if (!out.empty()) out += '.';
    out += "module." + s.name;
    if (!s.key.empty()) out += "[" + s.key + "]";
  }
  return out;
}

Referents ReferentsOf(const ResolvedResource& r, const AttrPath& path) {
  Referents out;
  const Value* node = ExpressionAt(r, path);
  if (node == nullptr) return out;
  Follower(*r.plan, out).Expression(*node, r.module_path, r.config->for_each.is_null() ? nullptr : &r.config->for_each, 0);
  return out;
}

}  // namespace plangate::resolve
