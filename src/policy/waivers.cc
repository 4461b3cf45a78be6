#include "policy/waivers.h"

#include "base/wildcard.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>

#include "base/file.h"
#include "base/lines.h"
#include "base/suggest.h"
#include "policy/yaml_ast.h"

namespace plangate::policy {
namespace {

const std::vector<std::string> kWaiverKeys = {"policy", "address", "reason", "owner", "expires"};

Error At(const YamlNode& n, const std::string& what, const std::string& hint = {}) {
  return Error::Policy(n.Where(), "", what, hint);
}

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// The field of `w` that `key` names: one of kWaiverKeys.
// REQUIRES: `key` is one of kWaiverKeys.
std::string* FieldOf(Waiver& w, std::string_view key) {
  return key == "policy" ? &w.policy : key == "address" ? &w.address : key == "reason" ? &w.reason
         : key == "owner" ? &w.owner : &w.expires;
}

// The policy a waiver names, checked as every waiver's is: its id into `w`.
std::optional<std::string> CheckPolicyName(const std::string& name, const PolicySet& set, Waiver& w) {
  const std::vector<std::string>& known = set.known_names();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string hint = DidYouMean(name, known);
    return hint.empty() ? std::string("'plangate policies list' shows them") : hint;
  }
  for (const Policy& p : set.policies()) {
    if (p.IsNamed(name)) w.policy_id = p.id;
  }
  return std::nullopt;
}

const char* kDateHint = "write YYYY-MM-DD, e.g. 2027-03-31";

}  // namespace

Result<Waiver> ParseInlineWaiver(std::string_view text, const SourceLocation& location,
                                 const std::string& block_name, const std::string& block_file,
                                 std::size_t block_line, const PolicySet& set) {
  const std::size_t prefix = 9;  // "plangate:"
  auto at = [&](std::size_t offset, const std::string& what, const std::string& hint) {
    std::size_t column = static_cast<std::size_t>(location.column) + prefix + offset;
    return Error::Policy(FileAt(location.file, {static_cast<std::size_t>(location.line), column}), "", what, hint);
  };
  const char* kForm = "write # plangate:waive POLICY_ID expires=YYYY-MM-DD owner=OWNER reason=\"WHY\"";
  // Words, a quoted value as one: {offset, text}.
  std::vector<std::pair<std::size_t, std::string>> words;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == ' ' || text[i] == '\t') {
      ++i;
      continue;
    }
    std::size_t start = i;
    std::string word;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') {
      if (text[i] != '"') {
        word += text[i++];
        continue;
      }
      std::size_t open = i++;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] == '"') {
          ++i;
          closed = true;
          break;
        } else {
          word += text[i++];
        }
      }
      if (!closed) return at(open, "a quoted value is not closed", "end it with \"");
    }
    words.emplace_back(start, std::move(word));
  }
  if (words.empty() || words[0].second != "waive") {
    std::string verb = words.empty() ? "" : words[0].second;
    std::string hint = DidYouMean(verb, {"waive"});
    return at(words.empty() ? 0 : words[0].first, "unknown plangate: comment '" + verb + "'",
              hint.empty() ? kForm : hint);
  }
  if (words.size() < 2 || words[1].second.find('=') != std::string::npos) {
    return at(words.size() < 2 ? text.size() : words[1].first, "waive: expected the id of the policy it waives", kForm);
  }
  Waiver w;
  w.policy = words[1].second;
  if (auto hint = CheckPolicyName(w.policy, set, w)) {
    return at(words[1].first, "waive: no policy has the id or alias '" + w.policy + "'", *hint);
  }
  w.address = block_name;
  w.location = location;
  w.block_file = block_file;
  w.block_line = block_line;
  static const std::vector<std::string> kFields = {"expires", "owner", "reason"};
  for (std::size_t k = 2; k < words.size(); ++k) {
    const auto& [offset, word] = words[k];
    std::size_t eq = word.find('=');
    std::string key = word.substr(0, eq);
    if (eq == std::string::npos || std::find(kFields.begin(), kFields.end(), key) == kFields.end()) {
      std::string hint = DidYouMean(key, kFields);
      return at(offset, "waive: unexpected '" + word + "'", hint.empty() ? kForm : hint);
    }
    std::string value = word.substr(eq + 1);
    std::string* slot = FieldOf(w, key);
    if (!slot->empty()) return at(offset, "waive: " + key + " is written twice", "keep one");
    if (value.empty()) return at(offset, "waive: " + key + ": expected a non-empty value", kForm);
    if (key == "expires" && !IsDate(value)) {
      return at(offset + eq + 1, "waive: expires: '" + value + "' is not a date", kDateHint);
    }
    *slot = value;
  }
  for (const std::string& key : kFields) {
    if (FieldOf(w, key)->empty()) {
      return Error::Policy(location.ToString(), "", "waive: missing " + key + "=",
                           "every waiver names reason, owner and expires");
    }
  }
  return w;
}

const char* WaiverStateName(WaiverStatus::State s) {
  switch (s) {
    case WaiverStatus::State::kActive: return "active";
    case WaiverStatus::State::kUnused: return "unused";
    case WaiverStatus::State::kExpired: return "expired";
    case WaiverStatus::State::kHardMandatory: return "hard-mandatory";
  }
  return "unused";
}

bool GlobMatch(std::string_view glob, std::string_view s) { return WildcardMatch(glob, s, true); }

Result<std::vector<Waiver>> LoadWaivers(const std::string& path, const PolicySet& set) {
  Result<std::string> text = ReadTextFile(path);
  if (!text) return Error::Policy("", "", text.error().message(), "check --waivers");
  return ParseWaivers(path, text.value(), set);
}

Result<std::vector<Waiver>> ParseWaivers(const std::string& path, const std::string& text,
                                         const PolicySet& set) {
  Result<YamlNode> doc = ParseYaml(path, text);
  if (!doc) return doc.error();
  const YamlNode& root = doc.value();
  const YamlNode* list = root.is_map() ? root.Find("waivers") : nullptr;
  if (list == nullptr || !(list->is_sequence() || list->is_null()) || root.entries.size() != 1) {
    return At(root, "expected a mapping with one key, 'waivers': a list of waivers",
              "see the README's waivers section");
  }
  if (list->items.size() > kMaxWaivers) {
    return At(*list, std::to_string(list->items.size()) + " waivers: more than plangate reads from one file (" +
                         std::to_string(kMaxWaivers) + ")",
              "waive many resources at once with an address glob, e.g. module.legacy.*");
  }
  std::vector<Waiver> out;
  for (const YamlNode& item : list->items) {
    if (!item.is_map()) return At(item, std::string("a waiver: expected a mapping, got ") + item.KindName());
    Waiver w;
    w.location = {item.file, item.line, item.column};
    for (const auto& [k, v] : item.entries) {
      auto field = std::find(kWaiverKeys.begin(), kWaiverKeys.end(), k.scalar);
      if (field == kWaiverKeys.end()) {
        std::string hint = DidYouMean(k.scalar, kWaiverKeys);
        return At(k, "unknown key '" + k.scalar + "' in waiver",
                  hint.empty() ? "expected policy, address, reason, owner, expires" : hint);
      }
      if (!v.is_scalar() || v.scalar.empty()) return At(v, k.scalar + ": expected a non-empty string");
      *FieldOf(w, k.scalar) = v.scalar;
      if (k.scalar == "expires" && !IsDate(v.scalar)) {
        return At(v, "expires: '" + v.scalar + "' is not a date", kDateHint);
      }
      if (k.scalar == "policy") {
        if (auto hint = CheckPolicyName(v.scalar, set, w)) {
          return At(v, "policy: no policy has the id or alias '" + v.scalar + "'", *hint);
        }
      }
    }
    for (const std::string& key : kWaiverKeys) {
      if (item.Find(key) == nullptr) {
        return At(item, "waiver: missing '" + key + "'",
                  "every waiver names policy, address, reason, owner and expires");
      }
    }
    out.push_back(std::move(w));
  }
  return out;
}

std::vector<WaiverStatus> ApplyWaivers(const std::vector<Waiver>& waivers, const std::string& today,
                                       std::vector<Finding>& findings) {
  std::vector<WaiverStatus> statuses;
  std::vector<bool> hard_only(waivers.size(), false);
  for (const Waiver& w : waivers) {
    WaiverStatus s;
    s.waiver = w;
    s.state = w.expires < today ? WaiverStatus::State::kExpired : WaiverStatus::State::kUnused;
    statuses.push_back(std::move(s));
  }
  // Each finding is matched against its policy's waivers only, in file order.
  std::map<std::string_view, std::vector<std::size_t>> by_policy;
  for (std::size_t i = 0; i < waivers.size(); ++i) by_policy[waivers[i].policy_id].push_back(i);
  for (Finding& f : findings) {
    if (f.verdict != Verdict::kFail && f.verdict != Verdict::kUnknown) continue;
    auto candidates = by_policy.find(f.policy->id);
    if (candidates == by_policy.end()) continue;
    for (std::size_t i : candidates->second) {
      WaiverStatus& s = statuses[i];
      const Waiver& w = waivers[i];
      bool matches = w.block_file.empty() ? GlobMatch(w.address, f.address)
                                          : w.block_line == f.block_line && w.block_file == f.source_file;
      if (s.state == WaiverStatus::State::kExpired || !matches) continue;
      if (f.policy->enforcement == Enforcement::kHardMandatory) {
        hard_only[i] = true;  // never overridden; the result keeps blocking
        continue;
      }
      f.waived_verdict = f.verdict;
      f.verdict = Verdict::kWaived;
      f.waiver = static_cast<int>(i);
      ++s.waived;
      s.state = WaiverStatus::State::kActive;
      break;
    }
  }
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i].state == WaiverStatus::State::kUnused && hard_only[i]) {
      statuses[i].state = WaiverStatus::State::kHardMandatory;
    }
  }
  return statuses;
}

}  // namespace plangate::policy
