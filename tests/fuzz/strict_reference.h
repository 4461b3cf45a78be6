#pragma once
// plangate's reader against a strict reference, on the same bytes: used by the
// differential fuzz target (tests/fuzz/fuzz_strict.cc) and by the regression test over
// fixtures/strict/ (tests/plan/strict_test.cc).
//
// The reference is simdjson's DOM parser, which checks the whole document against
// RFC 8259, plus a walk that refuses an object holding one key twice (keys compared
// after unescaping, as the DOM holds them). plangate is run both ways it parses: the
// default (the split pass, falling back to the whole document) and LoadOptions::Parse::
// kWhole. Each must agree with the reference:
//
// - The reference refuses: plangate must refuse too, with any message. Accepting is the
//   gate-opening direction. A key twice counts only in an object plangate reads or
//   walks (WalkedDuplicates says which); one twice only where plangate skips (in
//   planned_values, or an attribute no policy reads) changes no verdict, and plangate
//   does not look for it there.
// - The reference accepts: plangate may still refuse, but only for the Terraform shape
//   of the document, never its JSON. A refusal counts as one of shape when it is an
//   input error whose message, once the input's name, the "byte N" position and a
//   known hint are taken off, is exactly one of:
//     `not a Terraform plan or state: no 'format_version' key`
//     `format_version "…" is not a version number` / `… is newer than this plangate reads…`
//     `expected a JSON object at the top level, got …`, when the root is not an object
//     `PATH: expected (an object|a string|true or false|an array|an array of strings),
//            got (an array|an object|a number|a string|a boolean|null)`
//     `PATH: missing '(address|mode|type|name|change|actions)'`
//     `PATH: nested deeper than 256 levels`, `PATH: modules nested deeper than 100 levels`
//   (the suffix decides, so a key in PATH cannot make a JSON error look like one of
//   shape). Any other refusal of such a document (invalid JSON, invalid number,
//   control character, duplicate key, nesting beyond simdjson's 1024 levels: the
//   reference has the same limit, so it never accepts that deep) is a disagreement.
// - Both accept: for every resource_changes entry, and every resource under
//   values.root_module (child modules included, in document order), of a type the
//   options read, plangate has a resource with the same address, mode, type, name
//   and actions, and its after / after_unknown / after_sensitive (a state's values
//   and sensitive_values) are the DOM's, as JSON values, restricted to the attributes
//   read: every attribute plangate kept is in the DOM with the same value, and every
//   attribute read that the DOM holds, plangate kept. format_version,
//   terraform_version, errored and the document's kind must match as well. Numbers
//   compare by value: an integer as int64 or uint64, anything else through strtod
//   against the DOM's double.
// - The two passes must give the same verdict.
//
// A \u escape of a lone surrogate (\ud800 with no low half) fits RFC 8259's grammar,
// but names no character (its section 8.2): the DOM refuses it, and so must plangate,
// whose strings are UTF-8.
//
// Numbers the DOM cannot hold (1e400, integers beyond 64 bits) are valid JSON, and
// RFC 8259 leaves their range to the reader: the reference must not refuse them.
// When the DOM fails on a number, each number token at a value position that matches
// the RFC 8259 number grammar, and that the DOM refuses on its own, is rewritten as a
// marked string ("\u0000pg-number:" and the token's text) and the result parsed again;
// plangate, which keeps a number's text, must then hold a number with exactly that
// text there. A token in any other place is left as it is, so a document invalid for
// another reason stays invalid. Should the document itself hold a string that starts
// with the mark, the reference cannot tell the two apart and gives no verdict.

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "base/file.h"
#include "plan/json_loader.h"
#include "plan/terraform_json.h"
#include "policy/loader.h"

namespace plangate::testing::strict {

namespace dom = simdjson::dom;
using AttributesByType = std::map<std::string, std::vector<std::string>, std::less<>>;

/// The attributes the built-in policies read (disabled ones included), by type: what
/// the fuzz target and the test load with.
inline const AttributesByType& BuiltinAttributes() {
  static const AttributesByType attributes = [] {
    policy::LoadOptions o;
    o.include_disabled = true;
    return policy::LoadPolicySet(o).value().AttributesByType();
  }();
  return attributes;
}

/// The start of a string that stands for a number the DOM cannot hold.
inline constexpr std::string_view kNumberMark("\0pg-number:", 11);

/// Whether `s` is exactly an RFC 8259 number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
/// (the reference's own reading, not plangate's).
inline bool IsNumberToken(std::string_view s) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t from = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > from;
  };
  if (i < s.size() && s[i] == '-') ++i;
  if (i < s.size() && s[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

/// Whether simdjson's error codes include BIGINT_ERROR.
template <typename E, typename = void>
struct HasBigintError : std::false_type {};
template <typename E>
struct HasBigintError<E, std::void_t<decltype(E::BIGINT_ERROR)>> : std::true_type {};

/// Whether the DOM refused a number it cannot hold: NUMBER_ERROR, or BIGINT_ERROR for an
/// integer beyond 64 bits, which simdjson 3.12 (trixie) has and 3.0 (bookworm) does not
/// (it says NUMBER_ERROR). `E` only defers the name's lookup to where it exists.
template <typename E = simdjson::error_code>
bool IsUnholdableNumber(E e) {
  if constexpr (HasBigintError<E>::value) {
    return e == E::NUMBER_ERROR || e == E::BIGINT_ERROR;
  } else {
    return e == E::NUMBER_ERROR;
  }
}

/// `bytes` with every number token at a value position that the DOM refuses on its
/// own written as a marked string; `count` says how many were.
inline std::string MarkUnholdableNumbers(std::string_view bytes, dom::parser& probe, std::size_t& count) {
  auto number_char = [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; };
  std::string out;
  std::vector<char> open;  // the containers around, innermost last
  char last = 0;           // the last byte outside strings that is not white space; 0 at the start
  count = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c == '"') {  // copy the string as it is
      std::size_t j = i + 1;
      while (j < bytes.size() && bytes[j] != '"') j += bytes[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, bytes.size());
      out.append(bytes.substr(i, j - i));
      i = j - 1;
      last = '"';
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t j = i;
      while (j < bytes.size() && number_char(bytes[j])) ++j;
      std::string_view token = bytes.substr(i, j - i);
      bool value_place = last == 0 || last == ':' || last == '[' || (last == ',' && !open.empty() && open.back() == '[');
      dom::element ignored;
      if (value_place && IsNumberToken(token) && probe.parse("[" + std::string(token) + "]").get(ignored)) {
        out += "\"\\u0000pg-number:";
        out.append(token);
        out += '"';
        ++count;
      } else {
        out.append(token);
      }
      i = j - 1;
      last = '0';
      continue;
    }
    if (c == '{' || c == '[') open.push_back(c);
    if ((c == '}' || c == ']') && !open.empty()) open.pop_back();
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') last = c;
    out += c;
  }
  return out;
}

/// What the reference makes of a document.
struct Verdict {
  bool decided = true;  ///< false: the document holds a string that starts with kNumberMark
  bool valid = false;   ///< RFC 8259 JSON without a duplicate key
  std::string why;      ///< when not valid: simdjson's message, or the duplicate key
  dom::element root;    ///< when valid; lives as long as the Reference's parser
};

/// Counts the marked strings under `e` (keys too) and finds the first key that occurs
/// twice in one object.
inline void Walk(dom::element e, std::size_t& marked, std::string& duplicate) {
  auto is_marked = [](std::string_view s) { return s.substr(0, kNumberMark.size()) == kNumberMark; };
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      std::vector<std::string_view> keys;
      for (dom::key_value_pair member : dom::object(e)) {
        keys.push_back(member.key);
        marked += is_marked(member.key);
        Walk(member.value, marked, duplicate);
      }
      std::sort(keys.begin(), keys.end());
      auto twice = std::adjacent_find(keys.begin(), keys.end());
      if (twice != keys.end() && duplicate.empty()) duplicate = std::string(*twice);
      break;
    }
    case dom::element_type::ARRAY:
      for (dom::element item : dom::array(e)) Walk(item, marked, duplicate);
      break;
    case dom::element_type::STRING:
      marked += is_marked(std::string_view(e));
      break;
    default:
      break;
  }
}

/// The first key that occurs twice in an object plangate reads or walks (the rules at
/// the top of this file), given the attributes read by type; "" when none does.
/// plangate walks: the root; every resource_changes and resource_drift entry; the
/// `change` of an entry whose type is read (or whose type comes after its change), and
/// in it the objects after, before, after_unknown, after_sensitive, before_sensitive
/// (their keys, and the whole of each attribute read), and replace_paths whole; the
/// configuration object, its root_module and each module's module_calls, each call,
/// its expressions whole, and each resource's expressions as after; a state's values,
/// its modules, their resources and their values and sensitive_values as after.
/// Everything else is skipped, and a key twice there changes no verdict.
class WalkedDuplicates {
 public:
  explicit WalkedDuplicates(const AttributesByType& attributes) : attributes_(attributes) {}
  std::string Find(dom::element root) {
    found_.clear();
    Root(root);
    return found_;
  }

 private:
  // nullptr: the type is not read; an empty list: every attribute is read.
  const std::vector<std::string>* Read(std::string_view type, bool type_seen) const {
    static const std::vector<std::string> kAll;
    if (!type_seen) return &kAll;
    auto it = attributes_.find(type);
    return it == attributes_.end() ? nullptr : &it->second;
  }
  // The keys of object `e`, checked; fn(key, value) for each member.
  template <typename Fn>
  void Keys(dom::element e, Fn&& fn) {
    if (e.type() != dom::element_type::OBJECT) return;
    std::vector<std::string_view> keys;
    for (dom::key_value_pair m : dom::object(e)) {
      keys.push_back(m.key);
      fn(m.key, m.value);
    }
    std::sort(keys.begin(), keys.end());
    auto twice = std::adjacent_find(keys.begin(), keys.end());
    if (twice != keys.end() && found_.empty()) found_ = std::string(*twice);
  }
  template <typename Fn>
  void Elements(dom::element e, Fn&& fn) {
    if (e.type() != dom::element_type::ARRAY) return;
    for (dom::element item : dom::array(e)) fn(item);
  }
  void Whole(dom::element e) {
    if (e.type() == dom::element_type::ARRAY) Elements(e, [&](dom::element i) { Whole(i); });
    Keys(e, [&](std::string_view, dom::element v) { Whole(v); });
  }
  void Filtered(dom::element e, const std::vector<std::string>& read) {
    if (e.type() != dom::element_type::OBJECT || read.empty()) return Whole(e);
    Keys(e, [&](std::string_view k, dom::element v) {
      if (std::find(read.begin(), read.end(), k) != read.end()) Whole(v);
    });
  }
  void Entry(dom::element e) {
    std::string_view type;
    bool type_seen = false;
    Keys(e, [&](std::string_view k, dom::element v) {
      if (k == "type" && v.type() == dom::element_type::STRING) type = std::string_view(v), type_seen = true;
      if (k != "change") return;
      const std::vector<std::string>* read = Read(type, type_seen);
      if (read == nullptr) return;
      Keys(v, [&](std::string_view ck, dom::element cv) {
        if (ck == "after" || ck == "before" || ck == "after_unknown" || ck == "after_sensitive" ||
            ck == "before_sensitive") {
          Filtered(cv, *read);
        } else if (ck == "replace_paths") {
          Whole(cv);
        }
      });
    });
  }
  void ConfigModule(dom::element e) {
    Keys(e, [&](std::string_view k, dom::element v) {
      if (k == "resources") {
        Elements(v, [&](dom::element r) {
          std::string_view type;
          bool type_seen = false;
          Keys(r, [&](std::string_view rk, dom::element rv) {
            if (rk == "type" && rv.type() == dom::element_type::STRING) type = std::string_view(rv), type_seen = true;
            if (rk != "expressions") return;
            if (const std::vector<std::string>* read = Read(type, type_seen)) Filtered(rv, *read);
          });
        });
      } else if (k == "module_calls") {
        Keys(v, [&](std::string_view, dom::element call) {
          Keys(call, [&](std::string_view ck, dom::element cv) {
            if (ck == "expressions") Whole(cv);
            if (ck == "module") ConfigModule(cv);
          });
        });
      }
    });
  }
  void StateModule(dom::element e) {
    Keys(e, [&](std::string_view k, dom::element v) {
      if (k == "child_modules") Elements(v, [&](dom::element m) { StateModule(m); });
      if (k != "resources") return;
      Elements(v, [&](dom::element r) {
        std::string_view type;
        bool type_seen = false;
        Keys(r, [&](std::string_view rk, dom::element rv) {
          if (rk == "type" && rv.type() == dom::element_type::STRING) type = std::string_view(rv), type_seen = true;
          if (rk != "values" && rk != "sensitive_values") return;
          if (const std::vector<std::string>* read = Read(type, type_seen)) Filtered(rv, *read);
        });
      });
    });
  }
  void Root(dom::element root) {
    Keys(root, [&](std::string_view k, dom::element v) {
      if (k == "resource_changes" || k == "resource_drift") Elements(v, [&](dom::element e) { Entry(e); });
      if (k == "configuration") {
        Keys(v, [&](std::string_view ck, dom::element cv) {
          if (ck == "root_module") ConfigModule(cv);
        });
      }
      if (k == "values") {
        Keys(v, [&](std::string_view vk, dom::element vv) {
          if (vk == "root_module") StateModule(vv);
        });
      }
    });
  }

  const AttributesByType& attributes_;
  std::string found_;
};

/// The strict reference. One document at a time: a verdict's root lives until the next.
class Reference {
 public:
  /// With `attributes`, a key twice counts only in an object plangate reads or walks
  /// for them (WalkedDuplicates); without, in any object.
  Verdict Judge(std::string_view bytes, const AttributesByType* attributes = nullptr) {
    Verdict v;
    std::size_t rewritten = 0;
    simdjson::error_code e = parser_.parse(bytes.data(), bytes.size()).get(v.root);
    if (IsUnholdableNumber(e)) {
      marked_text_ = MarkUnholdableNumbers(bytes, parser_, rewritten);
      if (rewritten > 0) e = parser_.parse(marked_text_).get(v.root);
    }
    if (e) {
      v.why = simdjson::error_message(e);
      return v;
    }
    std::size_t marked = 0;
    std::string duplicate;
    Walk(v.root, marked, duplicate);
    v.decided = marked == rewritten;
    if (attributes != nullptr && !duplicate.empty()) duplicate = WalkedDuplicates(*attributes).Find(v.root);
    if (!duplicate.empty()) {
      v.why = "duplicate key \"" + duplicate + "\"";
      return v;
    }
    v.valid = true;
    return v;
  }

 private:
  dom::parser parser_;
  std::string marked_text_;
};

/// Whether plangate's refusal of a document the reference accepts is one of its
/// Terraform shape (the rule at the top of this file). `root` is the document.
inline bool ShapeRefusal(const Error& error, const std::string& source, dom::element root) {
  if (error.kind() != ErrorKind::kInput) return false;
  std::string_view m = error.message();
  auto take_prefix = [&m](std::string_view p) { return m.substr(0, p.size()) == p ? (m.remove_prefix(p.size()), true) : false; };
  auto ends_with = [&m](std::string_view s) { return m.size() >= s.size() && m.substr(m.size() - s.size()) == s; };
  if (!take_prefix(source + ": ")) return false;
  if (take_prefix("byte ")) {  // "byte N: " or "byte N (end of input): "
    std::size_t digits = m.find_first_not_of("0123456789");
    if (digits == 0 || digits == std::string_view::npos) return false;
    m.remove_prefix(digits);
    take_prefix(" (end of input)");
    if (!take_prefix(": ")) return false;
  }
  for (std::string_view hint : {"; expected the JSON written by 'terraform show -json PLANFILE' (a plan) or "
                                "'terraform show -json' (a state)",
                                "; plangate does not read attribute values this deep",
                                "; upgrade plangate, or produce the JSON with an older Terraform"}) {
    if (ends_with(hint)) {
      m.remove_suffix(hint.size());
      break;
    }
  }
  if (m == "not a Terraform plan or state: no 'format_version' key") return true;
  if (take_prefix("format_version \"")) {
    return ends_with("\" is not a version number") || ends_with("\" is newer than this plangate reads (0.x and 1.x)");
  }
  if (take_prefix("expected a JSON object at the top level, got ")) {
    return root.type() != dom::element_type::OBJECT;
  }
  for (std::string_view field : {"address", "mode", "type", "name", "change", "actions"}) {
    if (ends_with(": missing '" + std::string(field) + "'")) return true;
  }
  for (std::string_view expected : {"an object", "a string", "true or false", "an array", "an array of strings"}) {
    for (std::string_view got : {"an array", "an object", "a number", "a string", "a boolean", "null"}) {
      if (ends_with(": expected " + std::string(expected) + ", got " + std::string(got))) return true;
    }
  }
  return ends_with(": nested deeper than " + std::to_string(plan::kMaxValueDepth) + " levels") ||
         ends_with(": modules nested deeper than 100 levels");
}

/// Compares what plangate extracted from a document with what the DOM holds; the first
/// difference is kept.
class ExtractionCheck {
 public:
  ExtractionCheck(const plan::Plan& plan, const AttributesByType& attributes)
      : plan_(plan), attributes_(attributes) {}

  /// The first difference between the plan and the document `root`, or "".
  std::string Run(dom::element root) {
    bool plan_kind = false;
    for (dom::key_value_pair top : dom::object(root)) {
      std::string_view key = top.key;
      plan_kind = plan_kind || plan::FindTopLevelMember(key).plan_key;
      if (key == "format_version") SameText(plan_.format_version, top.value, "format_version");
      if (key == "terraform_version") SameText(plan_.terraform_version, top.value, "terraform_version");
      if (key == "errored" && (!top.value.is_bool() || bool(top.value) != plan_.errored)) Differ("errored");
      if (key == "resource_changes") ResourceChanges(top.value);
      if (key == "values" && top.value.is_object()) {
        dom::element module;
        if (!dom::object(top.value).at_key("root_module").get(module)) StateModule(module, "values.root_module");
      }
    }
    if (plan_kind != (plan_.kind == plan::DocumentKind::kPlan)) Differ("the document's kind (plan or state)");
    if (diff_.empty() && next_ != plan_.resources.size()) {
      Differ("plangate kept " + std::to_string(plan_.resources.size()) + " resources, the document has " +
             std::to_string(next_) + " of the types read");
    }
    return diff_;
  }

 private:
  void Differ(const std::string& what) {
    if (diff_.empty()) diff_ = what;
  }
  // The member `key` of `object`, or a null element when there is none.
  static bool Member(dom::element object, std::string_view key, dom::element& out) {
    return object.is_object() && !dom::object(object).at_key(key).get(out);
  }
  void SameText(const std::string& text, dom::element e, const std::string& path) {
    if (!e.is_string() || std::string_view(e) != text) Differ(path + ": plangate has \"" + text + "\"");
  }
  // The resource plangate kept next, when `type` is read; its header compared.
  const plan::Resource* Next(dom::element resource, const std::string& path) {
    dom::element type;
    if (!Member(resource, "type", type) || !type.is_string()) return Differ(path + ".type: not a string"), nullptr;
    if (attributes_.find(std::string_view(type)) == attributes_.end()) return nullptr;
    if (next_ == plan_.resources.size()) return Differ(path + ": plangate did not keep it"), nullptr;
    const plan::Resource& r = plan_.resources[next_++];
    for (auto [field, held] : {std::pair<const char*, const std::string*>{"address", &r.address},
                               {"mode", &r.mode}, {"type", &r.type}, {"name", &r.name}}) {
      dom::element e;
      if (!Member(resource, field, e)) Differ(path + "." + field + ": missing");
      else SameText(*held, e, path + "." + field);
    }
    return &r;
  }
  void ResourceChanges(dom::element changes) {
    if (!changes.is_array()) return Differ("resource_changes: not an array");
    std::size_t i = 0;
    for (dom::element entry : dom::array(changes)) {
      std::string path = "resource_changes[" + std::to_string(i++) + "]";
      const plan::Resource* r = Next(entry, path);
      if (r == nullptr) continue;
      dom::element change, actions, e;
      if (!Member(entry, "change", change) || !Member(change, "actions", actions) || !actions.is_array()) {
        Differ(path + ".change.actions: not an array");
        continue;
      }
      std::vector<std::string> held;
      for (dom::element a : dom::array(actions)) held.emplace_back(a.is_string() ? std::string_view(a) : "(not a string)");
      if (held != r->actions) Differ(path + ".change.actions: plangate has other actions");
      const std::vector<std::string>& keys = attributes_.find(r->type)->second;
      SameAttributes(r->after, change, "after", keys, path + ".change");
      SameAttributes(r->after_unknown, change, "after_unknown", keys, path + ".change");
      SameAttributes(r->after_sensitive, change, "after_sensitive", keys, path + ".change");
    }
  }
  void StateModule(dom::element module, const std::string& path) {
    if (!module.is_object()) return;
    for (dom::key_value_pair member : dom::object(module)) {
      if (!member.value.is_array()) continue;
      std::size_t i = 0;
      for (dom::element item : dom::array(member.value)) {
        std::string at = path + "." + std::string(member.key) + "[" + std::to_string(i++) + "]";
        if (member.key == "child_modules") StateModule(item, at);
        if (member.key != "resources") continue;
        const plan::Resource* r = Next(item, at);
        if (r == nullptr) continue;
        if (!r->actions.empty()) Differ(at + ": plangate has actions for a state resource");
        const std::vector<std::string>& keys = attributes_.find(r->type)->second;
        SameAttributes(r->after, item, "values", keys, at);
        SameAttributes(r->after_sensitive, item, "sensitive_values", keys, at);
        if (!r->after_unknown.is_null()) Differ(at + ": plangate has after_unknown for a state resource");
      }
    }
  }
  // plangate's `held` against the member `key` of `parent`, restricted to `keys` (all
  // when empty) when it is an object.
  void SameAttributes(const plan::Value& held, dom::element parent, const char* key,
                      const std::vector<std::string>& keys, const std::string& path) {
    std::string at = path + "." + key;
    dom::element e;
    if (!Member(parent, key, e)) {
      if (!held.is_null()) Differ(at + ": absent, plangate has " + held.ToJson());
      return;
    }
    if (!e.is_object() || keys.empty()) return SameValue(held, e, at);
    if (!held.is_object()) return Differ(at + ": plangate has " + held.ToJson());
    // Every attribute plangate kept is in the document (it keeps them all when
    // `change` comes before `type`)...
    for (const auto& [name, value] : held.members()) {
      dom::element member;
      if (!Member(e, name, member)) Differ(at + "." + std::string(name) + ": not in the document");
      else SameValue(value, member, at + "." + std::string(name));
    }
    // ... and every attribute read that the document holds, plangate kept.
    for (const std::string& name : keys) {
      dom::element member;
      if (Member(e, name, member) && held.Find(name) == nullptr) Differ(at + "." + name + ": plangate lost it");
    }
  }
  void SameValue(const plan::Value& held, dom::element e, const std::string& at) {
    if (!diff_.empty()) return;
    bool same = false;
    switch (e.type()) {
      case dom::element_type::NULL_VALUE:
        same = held.is_null();
        break;
      case dom::element_type::BOOL:
        same = held.is_bool() && held.as_bool() == bool(e);
        break;
      case dom::element_type::INT64:
        same = held.is_number() && SameInteger(held.text(), int64_t(e));
        break;
      case dom::element_type::UINT64:
        same = held.is_number() && SameInteger(held.text(), uint64_t(e));
        break;
      case dom::element_type::DOUBLE: {
        char* end = nullptr;
        same = held.is_number() && std::strtod(held.text().data(), &end) == double(e) && *end == '\0';
        break;
      }
      case dom::element_type::STRING: {
        std::string_view s(e);
        if (s.substr(0, kNumberMark.size()) == kNumberMark) {
          same = held.is_number() && held.text() == s.substr(kNumberMark.size());
        } else {
          same = held.is_string() && held.text() == s;
        }
        break;
      }
      case dom::element_type::ARRAY: {
        dom::array items(e);
        if (!held.is_array() || held.items().size() != items.size()) break;
        std::size_t i = 0;
        for (dom::element item : items) {
          SameValue(held.items()[i], item, at + "[" + std::to_string(i) + "]");
          ++i;
        }
        same = true;  // a differing item has said so
        break;
      }
      case dom::element_type::OBJECT: {
        dom::object members(e);
        if (!held.is_object() || held.members().size() != members.size()) break;
        std::size_t i = 0;
        for (dom::key_value_pair member : members) {
          const auto& [name, value] = held.members()[i++];
          if (name != member.key) return Differ(at + ": plangate has the members in another order, or others");
          SameValue(value, member.value, at + "." + std::string(name));
        }
        same = true;
        break;
      }
    }
    if (!same) Differ(at + ": plangate has " + held.ToJson());
  }
  template <typename Int>
  static bool SameInteger(std::string_view text, Int want) {
    Int got{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), got);
    return ec == std::errc() && end == text.data() + text.size() && got == want;
  }

  const plan::Plan& plan_;
  const AttributesByType& attributes_;
  std::size_t next_ = 0;  // the plangate resource the next one read is compared with
  std::string diff_;
};

/// The first disagreement between plangate's reader, both ways it parses, and the
/// reference on `bytes`, described for a person; "" when they agree. The first line
/// names the class: "plangate accepts an invalid document (WHY)", "plangate refuses a
/// valid document", "plangate extracts other values", "plangate's passes disagree".
inline std::string Disagreement(Reference& reference, std::string_view bytes, const AttributesByType& attributes) {
  const std::string source = "strict.json";
  Verdict verdict = reference.Judge(bytes, &attributes);
  if (!verdict.decided) return "";
  InputBuffer buffer = InputBuffer::FromString(bytes);
  std::string said[2];  // what each pass made of it, for the message
  bool accepted[2] = {false, false};
  const char* passes[2] = {"the default pass", "the whole-document pass"};
  std::string found;
  for (int i = 0; i < 2; ++i) {
    plan::LoadOptions options;
    options.attributes_by_type = attributes;
    options.parse = i == 0 ? plan::LoadOptions::Parse::kAuto : plan::LoadOptions::Parse::kWhole;
    Result<plan::Plan> loaded = plan::LoadDocument(source, buffer, options);
    accepted[i] = loaded.ok();
    said[i] = std::string(passes[i]) + (loaded ? " accepts it" : " says: " + loaded.error().message());
    if (!verdict.valid || !found.empty()) continue;
    if (!loaded && !ShapeRefusal(loaded.error(), source, verdict.root)) {
      found = "plangate refuses a valid document\n" + said[i];
    } else if (loaded) {
      std::string diff = ExtractionCheck(loaded.value(), attributes).Run(verdict.root);
      if (!diff.empty()) found = "plangate extracts other values\n" + std::string(passes[i]) + " differs at " + diff;
    }
  }
  if (!verdict.valid && (accepted[0] || accepted[1])) {
    return "plangate accepts an invalid document (" + verdict.why + ")\n" + said[0] + "\n" + said[1];
  }
  if (!found.empty()) return found;
  if (accepted[0] != accepted[1]) return "plangate's passes disagree\n" + said[0] + "\n" + said[1];
  return "";
}

}  // namespace plangate::testing::strict
