#include "policy/waivers.h"

#include "base/wildcard.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "base/file.h"
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

}  // namespace

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
      std::string* slot = k.scalar == "policy" ? &w.policy : k.scalar == "address" ? &w.address
                        : k.scalar == "reason" ? &w.reason : k.scalar == "owner" ? &w.owner : &w.expires;
      *slot = v.scalar;
      if (k.scalar == "expires" && !IsDate(v.scalar)) {
        return At(v, "expires: '" + v.scalar + "' is not a date", "write YYYY-MM-DD, e.g. 2027-03-31");
      }
      if (k.scalar == "policy") {
        const std::vector<std::string>& known = set.known_names();
        if (std::find(known.begin(), known.end(), v.scalar) == known.end()) {
          std::string hint = DidYouMean(v.scalar, known);
          return At(v, "policy: no policy has the id or alias '" + v.scalar + "'",
                    hint.empty() ? "'plangate policies list' shows them" : hint);
        }
        for (const Policy& p : set.policies()) {
          if (p.IsNamed(v.scalar)) w.policy_id = p.id;
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
      if (s.state == WaiverStatus::State::kExpired || !GlobMatch(waivers[i].address, f.address)) continue;
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
