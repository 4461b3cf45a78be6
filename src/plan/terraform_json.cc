#include "plan/terraform_json.h"

namespace plangate::plan {

bool KeySet::InsertHashed(std::string_view key) {
  if (hashed_.empty()) hashed_.insert(std::begin(inline_), std::end(inline_));
  return hashed_.insert(key).second;
}

std::string RepeatedKeyMessage(std::string_view key, bool show_key) {
  if (!show_key) return "a key appears twice (which one is not shown: keys inside an attribute may be sensitive)";
  std::string out = "the key ";
  AppendJsonString(out, key);
  return out + " appears twice";
}

void ResourceHeader::TakeDecoded(std::string_view key, std::string_view decoded) {
  Kind kind;
  std::string_view* slot = Field(key, kind);
  Store(slot, kind, decoded);
}

const char* ResourceHeader::Missing() const {
  return !seen_address ? "address" : !seen_mode ? "mode" : !seen_type ? "type" : !seen_name ? "name" : nullptr;
}

const char* ResourceHeader::MissingFromChange() const {
  const char* missing = Missing();
  return missing == nullptr && !seen_change ? "change" : missing;
}

void ResourceHeader::CopyTo(Resource& r) const {
  auto decode = [](std::string_view raw) {
    return raw.find('\\') == std::string_view::npos ? std::string(raw) : Unescape(raw);
  };
  r.address = decode(address);
  r.module_address = decode(module_address);
  r.mode.assign(mode);
  r.type.assign(type);
  r.name = decode(name);
  r.index_json.assign(index_json);
  r.deposed = deposed;
  r.action_reason = decode(action_reason);
  r.previous_address = decode(previous_address);
}

}  // namespace plangate::plan
