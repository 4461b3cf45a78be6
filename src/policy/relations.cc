#include "policy/relations.h"

#include <algorithm>

#include "base/wildcard.h"

namespace plangate::policy {
namespace {

using plan::Value;
using resolve::AttrPath;
using resolve::PathSegment;
using resolve::Resolution;
using resolve::ResolvedResource;

constexpr std::string_view kResourceTag = "aws:ResourceTag/";

AttrPath Child(const AttrPath& path, std::size_t index) {
  std::vector<PathSegment> segments = path.segments();
  segments.push_back({PathSegment::Kind::kIndex, "", index});
  return AttrPath::FromSegments(std::move(segments));
}

AttrPath Child(const AttrPath& path, const std::string& key) {
  std::vector<PathSegment> segments = path.segments();
  segments.push_back({PathSegment::Kind::kKey, key, 0});
  return AttrPath::FromSegments(std::move(segments));
}

// Where a related resource's values are read: after apply, or, for one this plan
// deletes or forgets (named only to say why it does not count), before.
resolve::Side SideOf(const ResolvedResource& r) {
  return resolve::ExistsAfterApply(r) ? resolve::Side::kAfter : resolve::Side::kBefore;
}

// The after_unknown mark at `path` on `r`: `true` when it, or a value holding it, is
// known only after apply, else the mirror of its parts; null when nothing marks it.
const Value* UnknownMark(const ResolvedResource& r, const AttrPath& path) {
  const Value* u = &r.resource->after_unknown;
  for (const PathSegment& s : path.segments()) {
    if (u->is_true()) return u;
    u = s.kind == PathSegment::Kind::kKey ? u->Find(s.key) : u->At(s.index);
    if (u == nullptr) return nullptr;
  }
  return u;
}

bool MarkedUnknown(const ResolvedResource& r, const AttrPath& path) {
  const Value* u = UnknownMark(r, path);
  return u != nullptr && u->is_true();
}

// Whether any part of `path` on `r` is known only after apply.
bool UnknownInside(const ResolvedResource& r, const AttrPath& path) {
  const Value* u = UnknownMark(r, path);
  return u != nullptr && (u->is_true() || u->MarksAny());
}

// `path` resolved on `r`. Unlike a policy's test, an attribute the plan marks known
// only after apply is unknown even when the configuration leaves it out: a relation
// reads identities (arn, id, tags_all) that the provider computes, never defaults.
Resolution Actual(const ResolvedResource& r, const AttrPath& path,
                  resolve::Side side = resolve::Side::kAfter) {
  Resolution res = resolve::Resolve(r, path, side);
  if (res.state == Resolution::State::kAbsent && side == resolve::Side::kAfter && MarkedUnknown(r, path)) {
    res.state = Resolution::State::kUnknown;
    res.reason.clear();
  }
  return res;
}

std::string Quoted(const Value& v, bool sensitive) { return sensitive ? plan::kSensitivePart : v.ToJson(); }

std::string JoinAnd(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

// The strings an attribute of the related resource holds: itself, or a list's elements.
struct Strings {
  bool absent = false;
  bool some_unknown = false;  // the whole, or an element, is known only after apply
  struct Item {
    const Value* value;
    bool sensitive;
  };
  std::vector<Item> known;
};

Strings StringsOf(const ResolvedResource& r, const AttrPath& path) {
  Strings out;
  Resolution res = Actual(r, path, SideOf(r));
  if (res.state == Resolution::State::kAbsent) {
    out.absent = true;
  } else if (res.state == Resolution::State::kUnknown) {
    out.some_unknown = true;
  } else if (res.value->is_string()) {
    out.known.push_back({res.value, res.sensitive});
  } else if (res.value->is_array()) {
    for (std::size_t i = 0; i < res.value->items().size(); ++i) {
      Resolution e = Actual(r, Child(path, i), SideOf(r));
      if (e.state == Resolution::State::kUnknown) out.some_unknown = true;
      else if (e.state == Resolution::State::kKnown && e.value->is_string()) out.known.push_back({e.value, e.sensitive});
    }
  }
  return out;
}

// What a value known only after apply may be: the resources its expression refers to.
Link UnknownValue(const ResolvedResource& related, const Relation& rel, const ResolvedResource& judged) {
  resolve::Referents refs = resolve::ReferentsOf(related, rel.attribute);
  Link l;
  std::vector<std::string> names;
  bool covers = false, same_type = refs.opaque.empty() && !refs.targets.empty();
  for (const resolve::RefTarget& t : refs.targets) {
    covers = covers || t.Covers(judged);
    same_type = same_type && !t.data && t.type == judged.resource->type;
    names.push_back(t.written);
  }
  names.insert(names.end(), refs.opaque.begin(), refs.opaque.end());
  const std::string& attr = rel.attribute.text();
  if (!covers && same_type) {
    l.truth = Truth::kFail;
    l.why = attr + " is known only after apply and refers only to other " + judged.resource->type + " (" +
            JoinAnd(names) + ")";
    return l;
  }
  l.truth = Truth::kUnknown;
  l.depends_on = names;
  l.why = attr + " is known only after apply" +
          (names.empty() ? std::string(" (computed by the provider)")
                         : covers ? "; it refers to this resource (" + JoinAnd(names) + ")"
                                  : "; depends on " + JoinAnd(names));
  return l;
}

// Equals and glob: the related resource's strings against the judged one's `to`.
Link Compare(const Relation& rel, Role role, const ResolvedResource& related, const ResolvedResource& judged) {
  const bool glob = rel.kind == Relation::Kind::kGlob;
  const std::string& attr = rel.attribute.text();
  Strings values = StringsOf(related, rel.attribute);
  Link l;
  if (values.known.empty() && !values.some_unknown) {
    l.truth = role == Role::kRequire ? Truth::kPass : Truth::kFail;
    l.why = attr + (values.absent ? " is not set" : " is empty");
    return l;
  }
  Resolution own = Actual(judged, rel.to);
  const std::string to = "its " + rel.to.text();
  if (own.state == Resolution::State::kKnown && own.value->is_string()) {
    for (const Strings::Item& item : values.known) {
      bool hit = glob ? WildcardMatch(item.value->text(), own.value->text(), /*question_mark=*/false) : item.value->text() == own.value->text();
      if (hit) {
        l.truth = Truth::kPass;
        l.why = glob ? attr + " holds " + Quoted(*item.value, item.sensitive) + ", which matches " + to
                     : attr + " holds " + to;
        return l;
      }
    }
    if (values.some_unknown) return UnknownValue(related, rel, judged);
    l.why = attr + (glob ? " holds no pattern that matches " : " does not hold ") + to;
    return l;
  }
  if (own.state == Resolution::State::kUnknown) {
    for (const Strings::Item& item : values.known) {
      if (glob && item.value->text().find_first_not_of('*') == std::string_view::npos) {
        l.truth = Truth::kPass;
        l.why = attr + " holds " + Quoted(*item.value, item.sensitive) + ", which matches anything";
        return l;
      }
    }
    if (values.known.empty()) return UnknownValue(related, rel, judged);
    l.truth = Truth::kUnknown;
    l.why = to + " is known only after apply, so whether " + attr + " " + (glob ? "matches" : "holds") + " it is too";
    l.depends_on = own.depends_on;
    if (l.depends_on.empty()) l.depends_on.push_back(judged.resource->address + "." + rel.to.text());  // computed
    return l;
  }
  l.why = to + (own.state == Resolution::State::kAbsent ? " is not set" : " is not a string");
  return l;
}

const AttrPath& TagsAll() {
  static const AttrPath path = AttrPath::Parse("tags_all").value();
  return path;
}

const AttrPath& Tags() {
  static const AttrPath path = AttrPath::Parse("tags").value();
  return path;
}

// A tag of the judged resource, three-valued: found (with its value), not found, or
// unknown. `to` names the tags when given; by default `tags_all` (which holds
// default_tags too) decides, and where it is known only after apply, `tags` (whose
// tags win over default_tags) decides a tag it holds.
struct TagLookup {
  Truth found = Truth::kFail;
  const Value* value = nullptr;
  std::vector<std::string> depends_on;
};

TagLookup LookupTag(const ResolvedResource& judged, const Relation& rel, const std::string& key) {
  auto in = [&](const AttrPath& path) {
    TagLookup t;
    Resolution res = Actual(judged, path);
    if (res.state == Resolution::State::kUnknown) {
      t.found = Truth::kUnknown;
      t.depends_on = res.depends_on;
    } else if (res.state == Resolution::State::kKnown && res.value->is_object()) {
      t.value = res.value->Find(key);
      t.found = t.value != nullptr && !t.value->is_null() ? Truth::kPass : Truth::kFail;
      if (t.found == Truth::kPass && !t.value->is_string()) t.found = Truth::kFail;
    }
    return t;
  };
  if (!rel.to_text.empty()) return in(rel.to);
  Resolution all = Actual(judged, TagsAll());
  if (all.state == Resolution::State::kKnown) return in(TagsAll());
  TagLookup own = in(Tags());
  if (all.state == Resolution::State::kAbsent || own.found == Truth::kPass) return own;
  own.found = Truth::kUnknown;  // tags_all may get it from default_tags
  own.depends_on.insert(own.depends_on.end(), all.depends_on.begin(), all.depends_on.end());
  if (own.depends_on.empty()) {  // tags_all is computed: from tags, as configured
    resolve::Referents refs = resolve::ReferentsOf(judged, Tags());
    for (const resolve::RefTarget& t : refs.targets) own.depends_on.push_back(t.written);
    own.depends_on.insert(own.depends_on.end(), refs.opaque.begin(), refs.opaque.end());
    if (own.depends_on.empty()) own.depends_on.push_back(judged.resource->address + ".tags_all");
  }
  return own;
}

// A string field of a block of the related resource.
struct Field {
  Resolution res;
  bool known() const { return res.state == Resolution::State::kKnown && res.value->is_string(); }
  std::string_view text() const { return res.value->text(); }
};

Field FieldOf(const ResolvedResource& r, const AttrPath& block, const char* name) {
  return {Actual(r, Child(block, name), SideOf(r))};
}

// Adds what the unknown ones of `fields` depend on to `l`; whether any is unknown.
bool AddUnknowns(std::initializer_list<const Field*> fields, Link& l) {
  bool unknown = false;
  for (const Field* f : fields) {
    if (f->res.state != Resolution::State::kUnknown) continue;
    unknown = true;
    l.depends_on.insert(l.depends_on.end(), f->res.depends_on.begin(), f->res.depends_on.end());
  }
  return unknown;
}

// The blocks of a list attribute of the related resource: their count, or unknown.
struct Blocks {
  bool unknown = false;
  std::size_t count = 0;
  std::vector<std::string> depends_on;
};

Blocks BlocksOf(const ResolvedResource& r, const AttrPath& path) {
  Blocks b;
  Resolution res = Actual(r, path, SideOf(r));
  if (res.state == Resolution::State::kUnknown) {
    b.unknown = true;
    b.depends_on = res.depends_on;
  } else if (res.state == Resolution::State::kKnown && res.value->is_array()) {
    b.count = res.value->items().size();
  }
  return b;
}

// One tag test, three-valued: `op` one of string_equals, string_like,
// string_not_equals, string_not_like (an AWS Backup condition's); a selector block is
// string_equals.
Truth TagTest(std::string_view op, const TagLookup& tag, std::string_view want) {
  if (tag.found == Truth::kUnknown) return Truth::kUnknown;
  const bool like = op == "string_like" || op == "string_not_like";
  const bool holds = tag.found == Truth::kPass &&
                     (like ? WildcardMatch(want, tag.value->text(), /*question_mark=*/false) : tag.value->text() == want);
  const bool negated = op == "string_not_equals" || op == "string_not_like";
  return holds != negated ? Truth::kPass : Truth::kFail;
}

// A field as a message shows it: never a sensitive one.
std::string Shown(const Field& f, bool quoted) {
  if (f.res.sensitive) return plan::kSensitivePart;
  return quoted ? f.res.value->ToJson() : std::string(f.text());
}

std::string TagWords(const Field& key, const Field& value) { return "tag " + Shown(key, false) + " = " + Shown(value, true); }

// `selection_tag` blocks: one that matches relates.
Link TagSelectors(const Relation& rel, Role role, const ResolvedResource& related, const ResolvedResource& judged) {
  const std::string& attr = rel.attribute.text();
  Blocks blocks = BlocksOf(related, rel.attribute);
  Link l;
  if (blocks.unknown) return {Truth::kUnknown, attr + " is known only after apply", blocks.depends_on};
  if (blocks.count == 0) {
    l.truth = role == Role::kRequire ? Truth::kPass : Truth::kFail;
    l.why = attr + " selects no tags";
    return l;
  }
  bool unknown = false;
  for (std::size_t i = 0; i < blocks.count; ++i) {
    AttrPath block = Child(rel.attribute, i);
    Field type = FieldOf(related, block, "type"), key = FieldOf(related, block, "key"), value = FieldOf(related, block, "value");
    if (!type.known() || !key.known() || !value.known()) {
      unknown = AddUnknowns({&type, &key, &value}, l) || unknown;
      continue;
    }
    if (type.text() != "STRINGEQUALS") continue;  // the only type AWS Backup has
    TagLookup tag = LookupTag(judged, rel, std::string(key.text()));
    Truth t = TagTest("string_equals", tag, value.text());
    if (t == Truth::kPass) {
      l = {Truth::kPass, attr + " selects " + TagWords(key, value) + ", which it has", {}};
      return l;
    }
    if (t == Truth::kUnknown) {
      unknown = true;
      l.depends_on.insert(l.depends_on.end(), tag.depends_on.begin(), tag.depends_on.end());
    }
  }
  l.truth = unknown ? Truth::kUnknown : Truth::kFail;
  l.why = unknown ? attr + " may select it: its tags, or the selector, are known only after apply"
                  : attr + " selects none of its tags";
  return l;
}

// AWS Backup `condition` blocks: every entry of every block holds.
Link TagConditions(const Relation& rel, Role role, const ResolvedResource& related, const ResolvedResource& judged) {
  static constexpr const char* kOps[] = {"string_equals", "string_like", "string_not_equals", "string_not_like"};
  const std::string& attr = rel.attribute.text();
  Blocks blocks = BlocksOf(related, rel.attribute);
  Link l;
  if (blocks.unknown) return {Truth::kUnknown, attr + " is known only after apply", blocks.depends_on};
  std::size_t entries = 0;
  bool unknown = false;
  std::string holds;
  for (std::size_t i = 0; i < blocks.count; ++i) {
    for (const char* op : kOps) {
      AttrPath list = Child(Child(rel.attribute, i), op);
      Blocks items = BlocksOf(related, list);
      if (items.unknown) {
        unknown = true;
        l.depends_on.insert(l.depends_on.end(), items.depends_on.begin(), items.depends_on.end());
        continue;
      }
      for (std::size_t j = 0; j < items.count; ++j) {
        ++entries;
        AttrPath entry = Child(list, j);
        Field key = FieldOf(related, entry, "key"), value = FieldOf(related, entry, "value");
        if (!key.known() || !value.known()) {
          unknown = AddUnknowns({&key, &value}, l) || unknown;
          continue;
        }
        std::string words = std::string(op) + " " + Shown(key, false) + " " + Shown(value, true);
        if (key.text().substr(0, kResourceTag.size()) != kResourceTag) {
          unknown = true;  // not a tag condition: plangate does not know what AWS compares
          l.depends_on.push_back(Shown(key, false));
          continue;
        }
        TagLookup tag = LookupTag(judged, rel, std::string(key.text().substr(kResourceTag.size())));
        Truth t = TagTest(op, tag, value.text());
        if (t == Truth::kFail) {
          l.truth = Truth::kFail;
          l.why = attr + ": " + words + " does not hold";
          l.depends_on.clear();
          return l;
        }
        if (t == Truth::kUnknown) {
          unknown = true;
          l.depends_on.insert(l.depends_on.end(), tag.depends_on.begin(), tag.depends_on.end());
        } else if (holds.empty()) {
          holds = words;
        }
      }
    }
  }
  if (entries == 0 && !unknown) {
    l.truth = role == Role::kRequire ? Truth::kPass : Truth::kFail;
    l.why = attr + " has no tag conditions";
    return l;
  }
  l.truth = unknown ? Truth::kUnknown : Truth::kPass;
  l.why = unknown ? attr + " may hold: its tags, or a condition, are known only after apply"
                  : attr + " holds (" + holds + (entries > 1 ? " and the rest" : "") + ")";
  return l;
}

// References: `from`'s attribute refers to `to`.
Link Refers(const Relation& rel, const ResolvedResource& from, const ResolvedResource& to, bool from_related) {
  resolve::Referents refs = resolve::ReferentsOf(from, rel.attribute);
  const std::string subject = (from_related ? "" : "its ") + rel.attribute.text();
  Link l;
  for (const resolve::RefTarget& t : refs.targets) {
    if (t.Covers(to)) {
      l.truth = Truth::kPass;
      l.why = subject + " refers to " + (from_related ? "this resource" : to.resource->address) + " (" + t.written + ")";
      return l;
    }
  }
  // Through a local, the plan does not say what it refers to; a value known now says it all.
  if (!refs.opaque.empty() && UnknownInside(from, rel.attribute)) {
    l.truth = Truth::kUnknown;
    l.depends_on = refs.opaque;
    l.why = subject + " refers to " + JoinAnd(refs.opaque) + ", which the plan does not follow";
    return l;
  }
  l.why = subject + " does not refer to " + (from_related ? "this resource" : "it");
  return l;
}

}  // namespace

Link Relate(const Relation& rel, Role role, const ResolvedResource& related, const ResolvedResource& judged) {
  switch (rel.kind) {
    case Relation::Kind::kReferences: return Refers(rel, related, judged, true);
    case Relation::Kind::kReferencedBy: return Refers(rel, judged, related, false);
    case Relation::Kind::kEquals:
    case Relation::Kind::kGlob: return Compare(rel, role, related, judged);
    case Relation::Kind::kTags: return TagSelectors(rel, role, related, judged);
    case Relation::Kind::kTagConditions: return TagConditions(rel, role, related, judged);
  }
  return {};
}

RelatedIndex::RelatedIndex(const Related& related, const std::vector<ResolvedResource>& resources) : rel_(related) {
  if (related.type.compare(0, kDataPrefix.size(), kDataPrefix) == 0) {
    if (!resources.empty()) AddDataSources(*resources.front().plan, std::string_view(related.type).substr(kDataPrefix.size()));
    for (const ResolvedResource& r : data_resolved_) {
      related_.push_back(&r);
      gone_.push_back(false);
      by_base_[resolve::BaseTextOf(r)].push_back(related_.size() - 1);
      for (const Relation& rel : related.by) IndexBy(rel, related_.size() - 1);
    }
  }
  for (const ResolvedResource& r : resources) {
    if (r.resource->type != related.type || r.resource->deposed) continue;
    const bool exists = resolve::ExistsAfterApply(r);
    if (!exists && r.change != resolve::Change::kDelete && r.change != resolve::Change::kForget) continue;
    std::size_t t = related_.size();
    related_.push_back(&r);
    gone_.push_back(!exists);
    by_base_[resolve::BaseTextOf(r)].push_back(t);
    for (const Relation& rel : related.by) IndexBy(rel, t);
  }
  for (std::size_t t = 0; t < related_.size(); ++t) all_.push_back(t);
  IndexPatterns();
}

// The literal runs of a pattern: its text between `*`s, empty ones left out.
std::vector<std::string_view> Runs(std::string_view pattern) {
  std::vector<std::string_view> runs;
  for (std::size_t at = 0; at <= pattern.size();) {
    std::size_t star = std::min(pattern.find('*', at), pattern.size());
    if (star > at) runs.push_back(pattern.substr(at, star - at));
    at = star + 1;
  }
  return runs;
}

void RelatedIndex::IndexPatterns() {
  // A run most patterns share (arn:aws:dynamodb:) selects nothing: each pattern is
  // indexed by its rarest run, the longest of those.
  std::unordered_map<std::string_view, std::size_t> seen;
  for (const auto& [t, pattern] : pending_patterns_) {
    for (std::string_view run : Runs(pattern)) ++seen[run];
  }
  for (const auto& [t, pattern] : pending_patterns_) {
    std::vector<std::string_view> runs = Runs(pattern);
    auto best = std::min_element(runs.begin(), runs.end(), [&](std::string_view a, std::string_view b) {
      return seen[a] != seen[b] ? seen[a] < seen[b] : a.size() > b.size();
    });
    runs_[*best].push_back(t);
    run_lengths_.push_back(best->size());
  }
  std::sort(run_lengths_.begin(), run_lengths_.end());
  run_lengths_.erase(std::unique(run_lengths_.begin(), run_lengths_.end()), run_lengths_.end());
  pending_patterns_.clear();
}

void RelatedIndex::AddDataSources(const plan::Plan& plan, std::string_view type) {
  std::function<void(const plan::ConfigModule&, std::vector<std::string>&)> walk =
      [&](const plan::ConfigModule& m, std::vector<std::string>& calls) {
        for (const plan::ConfigResource& c : m.resources) {
          if (c.mode != "data" || c.type != type) continue;
          plan::Resource& r = data_.emplace_back();
          r.module_address = plan::ModulePathText(calls);
          r.address = (r.module_address.empty() ? "" : r.module_address + ".") + "data." + c.type + "." + c.name;
          r.mode = "data";
          r.type = c.type;
          r.name = c.name;
          Value::Members after, unknown;
          if (c.expressions.is_object()) {
            for (const auto& [key, expr] : c.expressions.members()) {
              if (const Value* v = expr.is_object() ? expr.Find("constant_value") : nullptr) {
                after.emplace_back(std::string(key), *v);
              } else if (expr.is_object() && expr.Find("references") != nullptr) {
                unknown.emplace_back(std::string(key), Value::Bool(true));
              }
            }
          }
          r.after = Value::Object(std::move(after));
          r.after_unknown = Value::Object(std::move(unknown));
          ResolvedResource& rr = data_resolved_.emplace_back();
          rr.plan = &plan;
          rr.resource = &r;
          rr.config = &c;
          rr.module_calls = calls;
          for (const std::string& call : calls) rr.module_path.push_back({call, ""});
        }
        for (const auto& [name, call] : m.module_calls) {
          if (call.module.empty()) continue;
          calls.push_back(name);
          walk(call.module.front(), calls);
          calls.pop_back();
        }
      };
  std::vector<std::string> calls;
  walk(plan.configuration, calls);
}

void RelatedIndex::IndexBy(const Relation& rel, std::size_t t) {
  const ResolvedResource& r = *related_[t];
  auto targets = [&](const resolve::Referents& refs) {
    for (const resolve::RefTarget& target : refs.targets) {
      if (!target.data) by_target_[target.BaseText()].push_back({t, target});
    }
  };
  switch (rel.kind) {
    case Relation::Kind::kReferences: {
      resolve::Referents refs = resolve::ReferentsOf(r, rel.attribute);
      targets(refs);
      if (!refs.opaque.empty() && UnknownInside(r, rel.attribute)) always_.push_back(t);
      return;
    }
    case Relation::Kind::kReferencedBy:
      return;  // looked up from the resource judged (by_base_)
    case Relation::Kind::kEquals:
    case Relation::Kind::kGlob: {
      Strings values = StringsOf(r, rel.attribute);
      for (const Strings::Item& item : values.known) {
        std::string_view s = item.value->text();
        std::size_t star = rel.kind == Relation::Kind::kGlob ? s.find('*') : std::string_view::npos;
        if (star == std::string_view::npos) {
          exact_[std::string(s)].push_back(t);
        } else if (s.find_first_not_of('*') == std::string_view::npos) {
          always_.push_back(t);  // matches anything, known or not
        } else {
          pending_patterns_.emplace_back(t, pattern_text_.emplace_back(s));
        }
      }
      if (!values.known.empty()) value_holders_.push_back(t);
      if (values.some_unknown) {
        resolve::Referents refs = resolve::ReferentsOf(r, rel.attribute);
        targets(refs);
        std::string type = refs.opaque.empty() && !refs.targets.empty() ? refs.targets.front().type : "";
        for (const resolve::RefTarget& target : refs.targets) {
          if (target.data || target.type != type) type.clear();
        }
        if (type.empty()) always_.push_back(t);
        else typed_unknown_[type].push_back(t);
      }
      return;
    }
    case Relation::Kind::kTags:
    case Relation::Kind::kTagConditions: {
      Blocks blocks = BlocksOf(r, rel.attribute);
      if (blocks.unknown) return always_.push_back(t);
      bool indexed = false, any = false;
      for (std::size_t i = 0; i < blocks.count && !indexed; ++i) {
        AttrPath block = Child(rel.attribute, i);
        if (rel.kind == Relation::Kind::kTags) {
          any = true;
          Field type = FieldOf(r, block, "type"), key = FieldOf(r, block, "key"), value = FieldOf(r, block, "value");
          if (!type.known() || !key.known() || !value.known()) return always_.push_back(t);
          if (type.text() != "STRINGEQUALS") continue;
          tag_pairs_[std::string(key.text()) + '\0' + std::string(value.text())].push_back(t);
          continue;
        }
        // Conditions: every entry must hold, so one string_equals entry indexes them all.
        for (const char* op : {"string_equals", "string_like", "string_not_equals", "string_not_like"}) {
          AttrPath list = Child(block, op);
          Blocks items = BlocksOf(r, list);
          if (items.unknown) return always_.push_back(t);
          any = any || items.count > 0;
          if (std::string_view(op) != "string_equals" || items.count == 0) continue;
          Field key = FieldOf(r, Child(list, 0), "key"), value = FieldOf(r, Child(list, 0), "value");
          if (!key.known() || !value.known() || key.text().substr(0, kResourceTag.size()) != kResourceTag) continue;
          tag_pairs_[std::string(key.text().substr(kResourceTag.size())) + '\0' + std::string(value.text())].push_back(t);
          indexed = true;
          break;
        }
      }
      if (any) tag_holders_.push_back(t);
      if (any && rel.kind == Relation::Kind::kTagConditions && !indexed) always_.push_back(t);
      return;
    }
  }
}

bool RelatedIndex::Candidates::MaybeUnknown(std::size_t t) const {
  return std::any_of(at_most_unknown.begin(), at_most_unknown.end(),
                     [&](const std::vector<std::size_t>* list) { return std::find(list->begin(), list->end(), t) != list->end(); });
}

RelatedIndex::Candidates RelatedIndex::For(const ResolvedResource& judged) const {
  if (related_.empty()) return {};  // most plans hold none: nothing to look up
  std::vector<std::size_t> sure = always_;
  std::vector<const std::vector<std::size_t>*> maybe;  // lists, never copied: they may be long
  auto add = [](std::vector<std::size_t>& into, const std::vector<std::size_t>* from) {
    if (from != nullptr) into.insert(into.end(), from->begin(), from->end());
  };
  auto find = [](const auto& map, const auto& key) -> const std::vector<std::size_t>* {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  };
  if (auto it = by_target_.find(resolve::BaseTextOf(judged)); it != by_target_.end()) {
    for (const auto& [t, target] : it->second) {
      if (target.Covers(judged)) sure.push_back(t);
    }
  }
  bool tags_looked_up = false;
  for (const Relation& rel : rel_.by) {
    switch (rel.kind) {
      case Relation::Kind::kReferences: break;  // by_target_, above
      case Relation::Kind::kReferencedBy: {
        resolve::Referents refs = resolve::ReferentsOf(judged, rel.attribute);
        for (const resolve::RefTarget& target : refs.targets) {
          if ((target.data ? std::string(kDataPrefix) + target.type : target.type) != rel_.type) continue;
          if (const auto* ts = find(by_base_, target.BaseText())) {
            for (std::size_t t : *ts) {
              if (target.Covers(*related_[t])) sure.push_back(t);
            }
          }
        }
        if (!refs.opaque.empty() && UnknownInside(judged, rel.attribute)) {
          maybe.push_back(&all_);
        }
        break;
      }
      case Relation::Kind::kEquals:
      case Relation::Kind::kGlob: {
        Resolution own = Actual(judged, rel.to);
        if (own.state == Resolution::State::kKnown && own.value->is_string()) {
          std::string_view v = own.value->text();
          add(sure, find(exact_, std::string(v)));
          for (std::size_t n : run_lengths_) {
            for (std::size_t at = 0; at + n <= v.size(); ++at) add(sure, find(runs_, v.substr(at, n)));
          }
        } else if (own.state == Resolution::State::kUnknown) {
          maybe.push_back(&value_holders_);
        }
        break;
      }
      case Relation::Kind::kTags:
      case Relation::Kind::kTagConditions: {
        if (tags_looked_up && rel.to_text.empty()) break;
        tags_looked_up = tags_looked_up || rel.to_text.empty();
        // Every tag the resource is known to have; any it may have but is not known to.
        std::vector<const Value*> maps;
        bool unknown = false;
        auto take = [&](const AttrPath& path) {
          Resolution res = Actual(judged, path);
          if (res.state == Resolution::State::kKnown && res.value->is_object()) maps.push_back(res.value);
          return res.state;
        };
        if (!rel.to_text.empty()) {
          unknown = take(rel.to) == Resolution::State::kUnknown;
        } else if (Resolution::State all = take(TagsAll()); all != Resolution::State::kKnown) {
          unknown = take(Tags()) == Resolution::State::kUnknown || all == Resolution::State::kUnknown;
        }
        for (const Value* m : maps) {
          for (const auto& [key, value] : m->members()) {
            if (value.is_string()) add(sure, find(tag_pairs_, std::string(key) + '\0' + std::string(value.text())));
          }
        }
        if (unknown) maybe.push_back(&tag_holders_);
        break;
      }
    }
  }
  for (const auto& [type, ts] : typed_unknown_) {
    if (type != judged.resource->type) maybe.push_back(&ts);
  }
  Candidates out;
  std::sort(sure.begin(), sure.end());
  sure.erase(std::unique(sure.begin(), sure.end()), sure.end());
  // The resource judged never relates to itself.
  sure.erase(std::remove_if(sure.begin(), sure.end(), [&](std::size_t t) { return related_[t] == &judged; }),
             sure.end());
  out.sure = std::move(sure);
  out.at_most_unknown = std::move(maybe);
  return out;
}

}  // namespace plangate::policy
