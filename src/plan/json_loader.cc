#include "plan/json_loader.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <set>
#include <string_view>

#include "base/lines.h"
#include "plan/json_bytes.h"
#include "plan/json_split.h"
#include "plan/json_tree.h"
#include "plan/terraform_json.h"

// The simdjson adapter: reads the members plangate needs into the plan model and
// turns every simdjson failure into a positioned message. Two passes give the same
// plan or the same error: the split pass (RunSplit) parses only what is read, each
// part as its own document, and gives up on anything unusual; the whole-document
// pass (Run) parses everything and names the error. What they decide lives elsewhere,
// once for both: which members are read and how (terraform_json.h), the bytes'
// grammar (json_bytes.h), where members begin and end without parsing (json_split.h).

namespace plangate::plan {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

static_assert(kInputPadding >= simdjson::SIMDJSON_PADDING,
              "input buffers must carry simdjson's padding");

constexpr std::string_view kShowHint =
    "expected the JSON written by 'terraform show -json PLANFILE' (a plan) or "
    "'terraform show -json' (a state)";

// The thread's parser, for every document it reads (the whole input, or a span of
// it): its buffers grow to the largest and stay. One document at a time: iterating
// another ends the last.
od::parser& ThreadParser() {
  thread_local od::parser parser;
  return parser;
}

// How far the pass moves between two hand-backs of the input's pages behind it.
constexpr std::size_t kReleaseStep = std::size_t{8} << 20;

// Deepest module nesting followed in a state's child_modules or the configuration.
constexpr int kMaxModuleDepth = 100;

// Where a value sits in the document, as a chain of steps that lives on the
// stack: nothing is allocated unless an error renders it. Below a top-level attribute
// (of after, before, a state's values, expressions...) no step is shown: map keys
// there may be sensitive, and whether they are is known only from the sensitivity
// mirror, which Terraform writes after the value. The byte offset locates them.
struct Path {
  enum class Show : unsigned char {
    kAll,         // this step and those below it
    kNotBelow,    // this step (a top-level attribute), not those below it
    kNone,        // not this step (below an attribute)
  };
  const Path* parent = nullptr;
  std::string_view key;       // a member step when index is npos
  std::size_t index = kNoIndex;
  Show show = Show::kAll;
  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

  Path Member(std::string_view k) const { return Path{this, k, kNoIndex, Below()}; }
  Path Element(std::size_t i) const { return Path{this, {}, i, Below()}; }
  /// A top-level attribute: shown, the steps below it not.
  Path Attribute(std::string_view k) const {
    return Path{this, k, kNoIndex, show == Show::kAll ? Show::kNotBelow : Show::kNone};
  }
  /// Whether the keys of the object here may be shown.
  bool ShowsKeys() const { return show == Show::kAll; }
  /// e.g. `resource_changes[3].change.actions`; "" for the document itself. Steps
  /// below an attribute are counted, not shown: `after.tags…(+2 levels)`. A path
  /// deeper than 16 steps is shortened: `a.b[0][0]…(+240 levels)`.
  std::string Render() const {
    std::size_t hidden = 0;
    const Path* shown = this;
    for (; shown != nullptr && shown->show == Show::kNone; shown = shown->parent) ++hidden;
    std::string out = shown != nullptr ? shown->RenderShown() : std::string();
    if (hidden > 0) out += "…(+" + std::to_string(hidden) + (hidden == 1 ? " level)" : " levels)");
    return out;
  }

 private:
  Show Below() const { return show == Show::kAll ? Show::kAll : Show::kNone; }
  std::string RenderShown() const {
    std::size_t depth = 0;
    for (const Path* p = this; p != nullptr; p = p->parent) ++depth;
    if (depth > 16) {
      const Path* p = this;
      for (std::size_t i = 0; i < depth - 12; ++i) p = p->parent;
      return p->RenderShown() + "…(+" + std::to_string(depth - 12) + " levels)";
    }
    std::string out = parent ? parent->RenderShown() : std::string();
    if (index != kNoIndex) {
      out += "[" + std::to_string(index) + "]";
    } else if (!key.empty()) {
      if (!out.empty()) out += '.';
      out += key;
    }
    return out;
  }
};

const char* TypeName(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

// A member's key: read in place when it has no escape, else unescaped into the
// parser's string buffer. Either way the view lasts as long as the document.
// `quote` is where the key's opening quote is.
template <typename Field>
error_code FieldKey(Field& field, std::string_view& key, const char*& quote) {
  od::raw_json_string raw;
  if (auto e = field.key().get(raw)) return e;
  quote = raw.raw() - 1;
  if (PlainString(raw.raw(), key)) return simdjson::SUCCESS;
  return field.unescaped_key().get(key);
}

// simdjson's messages end with a period; ours continue after them.
std::string SimdjsonMessage(error_code e) {
  std::string m = simdjson::error_message(e);
  while (!m.empty() && (m.back() == '.' || m.back() == ' ')) m.pop_back();
  return m;
}

bool Wants(const std::vector<std::string>& keys, std::string_view key) {
  return keys.empty() || std::find(keys.begin(), keys.end(), key) != keys.end();
}

#define PG_TRY(expr)                              \
  do {                                            \
    auto pg_status_ = (expr);                     \
    if (!pg_status_) return pg_status_.error();   \
  } while (0)

// One document read: holds the simdjson document, the byte base for offsets and
// the input's name, and turns every failure into a positioned Error.
class Reader {
 public:
  /// Reads the document at [begin, end) of `bytes`; positions in messages count from
  /// the input's first byte, and lines go on from `lines`.
  Reader(const std::string& source, InputBuffer& bytes, std::size_t begin, std::size_t end,
         const LoadOptions& options, LineCounter& lines)
      : source_(source), bytes_(bytes), text_(bytes.data() + begin, end - begin), base_(begin),
        options_(options), lines_(lines) {}

  /// Parses the whole document.
  Result<Plan> Run();
  /// Parses only the top-level members plangate reads (SplitTopLevel finds them),
  /// or gives nothing: when the split fails, a skipped part is not UTF-8, or reading
  /// fails. The whole-document pass then gives the answer, or the error.
  std::optional<Plan> RunSplit();

 private:
  // ---- errors
  // At `offset` in the document.
  Error At(std::size_t offset, const std::string& what, const std::string& hint = {}) {
    return Error::Input(source_, "byte " + std::to_string(base_ + offset), what, hint);
  }
  // At the document's end.
  Error AtEnd(const std::string& what, const std::string& hint) {
    return Error::Input(source_, "byte " + std::to_string(base_ + text_.size()) + " (end of input)", what, hint);
  }
  // Where `p`, a pointer into the document, is in it.
  std::size_t OffsetOf(const char* p) const { return static_cast<std::size_t>(p - text_.data()); }
  bool InDocument(const char* p) const { return p >= text_.data() && p <= text_.data() + text_.size(); }
  // At the document's current position (past the value that failed).
  Error Fail(const std::string& what, const std::string& hint = std::string(kShowHint)) {
    const char* loc = nullptr;
    if (iterating_ && doc_.current_location().get(loc) == simdjson::SUCCESS && InDocument(loc)) {
      return At(OffsetOf(loc), what, hint);
    }
    return AtEnd(what, hint);
  }
  // At the start of `v`.
  Error AtValue(od::value& v, const std::string& what) {
    std::string_view token = v.raw_json_token();
    if (InDocument(token.data())) return At(OffsetOf(token.data()), what, std::string(kShowHint));
    return Fail(what);
  }
  // The line `v` begins on. Values are asked for in document order, so the input's
  // newlines are counted once, as the pass goes.
  std::size_t LineOf(od::value& v) {
    if (!options_.lines) return 0;
    return lines_.LineAt(static_cast<std::size_t>(v.raw_json_token().data() - bytes_.data()));
  }
  Error WrongType(const Path& path, const char* expected, od::value& v) {
    od::json_type t{};
    std::string got = v.type().get(t) == simdjson::SUCCESS ? TypeName(t) : "an invalid value";
    return AtValue(v, path.Render() + ": expected " + expected + ", got " + got);
  }
  Error FromSimdjson(error_code e, const Path& path);
  // A fault CheckDocument found.
  Error FromFault(const JsonFault& fault);
  // Adds the key of the member whose opening quote is at `quote` to `keys`, the keys
  // of the object at `path`: an error when it was there already.
  Status NoRepeat(KeySet& keys, std::string_view key, const char* quote, const Path& path) {
    if (keys.Insert(key)) return Ok{};
    std::string where = path.Render();
    return At(OffsetOf(quote),
              (where.empty() ? "" : where + ": ") + RepeatedKeyMessage(key, path.ShowsKeys()),
              std::string(kRepeatedKeyHint));
  }

  // The pass never needs what is behind it again (every value kept is copied out),
  // so every kReleaseStep bytes the input's pages behind the current position are
  // handed back: the memory kept resources take then comes out of the file's, and
  // the peak stays where stage 1 left it (the file and simdjson's index).
  void ReleaseBehind() {
    const char* at = nullptr;
    if (!iterating_ || doc_.current_location().get(at) != simdjson::SUCCESS) return;
    ReleaseTo(static_cast<std::size_t>(at - bytes_.data()));
  }
  // `offset` counts from the input's first byte.
  void ReleaseTo(std::size_t offset) {
    if (offset < released_ + kReleaseStep || offset > bytes_.size()) return;
    if (options_.lines) lines_.CountTo(offset);  // the lines behind are counted before their pages go
    bytes_.ReleaseBefore(offset);
    released_ = offset;
  }

  // ---- typed reads
  Status OpenObject(od::value& v, const Path& path, od::object& obj) {
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "an object", v);
      return FromSimdjson(e, path);
    }
    return Ok{};
  }
  Result<std::string_view> ReadString(od::value v, const Path& path);
  Result<bool> ReadBool(od::value v, const Path& path);
  // Calls fn(key, value, member_path) for each member of object `v`; a repeated key
  // is an error. With `attributes`, the members are top-level attributes (Path::Attribute).
  template <typename Fn>
  Status ForEachMember(od::value v, const Path& path, Fn&& fn, bool attributes = false);
  // Calls fn(value, element_path) for each element of array `v`.
  template <typename Fn>
  Status ForEachElement(od::value v, const Path& path, const char* expected, Fn&& fn);

  Result<Value> ReadValue(od::value v, const Path& path, int depth);
  // An object keeping only `keys` (all when empty); other values read whole.
  Result<Value> ReadFiltered(od::value v, const Path& path, const std::vector<std::string>& keys);

  // ---- document sections
  Status ReadTopLevel(od::object& root);
  // The whole-document pass's reading of a top-level member, as its row says.
  Status ReadMember(const TopLevelMember& row, od::value v, const Path& member);
  // A top-level member's value, however the pass read it: a kString row's, a kBool
  // row's, or a container's (kResourceChanges and kObject rows).
  Status SetString(TopLevel what, std::string_view value);
  void SetBool(TopLevel what, bool value);
  Status ReadSection(TopLevel what, od::value v, const Path& member);
  // Split mode: the bytes [begin, end) as their own document, its value in `v`.
  bool ParseSpan(std::size_t begin, std::size_t end, od::value& v);
  // The document was read to its end. The whole-document pass rejects anything after
  // it; the split pass requires it of each span, where simdjson may close a value
  // before the splitter did (brackets that do not pair up) and leave the rest unseen.
  bool AtDocumentEnd() {
    const char* at = nullptr;
    return doc_.current_location().get(at) != simdjson::SUCCESS;
  }
  // Split mode: an entry of resource_changes at [begin, end), its members `fields`,
  // parsed only when its type is one a policy reads. False when anything needs the
  // whole-document pass.
  bool ReadResourceChangeSplit(std::size_t begin, std::size_t end, const std::vector<JsonMember>& fields,
                               const Path& path, std::vector<Resource>& into);
  class SplitReader;  // RunSplit's SplitVisitor
  Status Finish();  // after the last member: the document's kind
  // A member of a resource, taken into `h` (ResourceHeader::Take); a string with an
  // escape is decoded (and checked) by simdjson, a field of the wrong type is an error.
  Status ReadHeaderField(std::string_view key, od::value v, const Path& path, ResourceHeader& h,
                         ResourceHeader::Taken& taken);
  // One entry of resource_changes or resource_drift, kept in `into` when its type is read.
  Status ReadResourceChange(od::value v, const Path& path, std::vector<Resource>& into);
  // Where the entries of a kResourceChanges row go.
  std::vector<Resource>& ChangesOf(TopLevel what) {
    return what == TopLevel::kResourceDrift ? plan_.drift : plan_.resources;
  }
  Status ReadChange(od::value v, const Path& path, Resource& r, const std::vector<std::string>& keys);
  Status ReadStateModule(od::value v, const Path& path, int depth);
  Status ReadStateResource(od::value v, const Path& path);
  Status ReadConfigModule(od::value v, const Path& path, ConfigModule& out, int depth);
  Status ReadConfigResource(od::value v, const Path& path, ConfigModule& out);
  Status CheckVersion();

  // The attribute keys wanted for `type`, or nullptr when the type is not wanted.
  const std::vector<std::string>* KeysFor(std::string_view type) const {
    auto it = options_.attributes_by_type.find(type);
    return it == options_.attributes_by_type.end() ? nullptr : &it->second;
  }
  // Before a resource's type is known every key is read, so the type can decide later
  // (Terraform writes `type` first; hand-made documents may not).
  const std::vector<std::string>* KeysBeforeType(const ResourceHeader& h) const {
    static const std::vector<std::string> kAll;
    return h.seen_type ? KeysFor(h.type) : &kAll;
  }

  const std::string& source_;
  InputBuffer& bytes_;
  std::string_view text_;  // the document: all of the input, or one document of a stream
  std::size_t base_;       // where it begins in the input
  const LoadOptions& options_;
  LineCounter& lines_;  // where resources begin, for reports
  od::document doc_;
  Plan plan_;
  bool iterating_ = false;  // doc_ is valid only once iterate() succeeded
  std::size_t released_ = 0;  // input bytes handed back so far
  std::size_t values_read_ = 0;  // by ReadValue, at most kMaxValues
  bool seen_format_version_ = false;
  bool seen_plan_key_ = false;
  // Counts a managed resource of h.type in plan_.resource_types. Each resource once:
  // the split pass counts those it does not hand to ReadResourceChange.
  void CountType(const ResourceHeader& h) {
    if (h.mode != "managed") return;
    // Plans list a type's resources mostly together: the last type's count is at hand.
    if (last_type_ == nullptr || last_type_->first != h.type) {
      auto it = plan_.resource_types.find(h.type);
      if (it == plan_.resource_types.end()) it = plan_.resource_types.emplace(std::string(h.type), 0).first;
      last_type_ = &*it;
    }
    ++last_type_->second;
  }
  std::pair<const std::string, std::size_t>* last_type_ = nullptr;  // CountType's last
};

Error Reader::FromSimdjson(error_code e, const Path& path) {
  std::string rendered = path.Render();
  std::string in = rendered.empty() ? "" : " in " + rendered;
  switch (e) {
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::UNCLOSED_STRING: {
      std::string_view text = text_;
      std::size_t end = ScanContainerEnd(text, 0);
      std::size_t extra = end == std::string_view::npos ? end : text.find_first_not_of(" \t\r\n", end);
      if (extra != std::string_view::npos) {
        return At(extra, "unexpected content after the JSON document", std::string(kShowHint));
      }
      return AtEnd("unexpected end of input" + in + " (file truncated?)", "regenerate it with 'terraform show -json'");
    }
    case simdjson::UTF8_ERROR: {
      std::size_t bad = FirstInvalidUtf8(text_);
      std::string what = "invalid UTF-8" + in;
      std::string hint = "the file is not the text 'terraform show -json' writes";
      return bad == std::string_view::npos ? Fail(what, hint) : At(bad, what, hint);
    }
    case simdjson::DEPTH_ERROR:
      return Fail("JSON nested too deeply" + in);
    case simdjson::UNESCAPED_CHARS: {
      // A control character (NUL, for one) inside a string: find the first one.
      std::string_view text = text_;
      std::size_t bad = std::min(FirstControlCharacter(text), text.size());
      char what[64];
      std::snprintf(what, sizeof what, "a control character (0x%02x) where JSON allows none",
                    bad < text.size() ? static_cast<unsigned char>(text[bad]) : 0);
      return At(bad, what + in, "the file is not the text 'terraform show -json' writes");
    }
    default:
      return Fail("invalid JSON" + in + ": " + SimdjsonMessage(e));
  }
}

Error Reader::FromFault(const JsonFault& fault) {
  const std::string not_terraform = "the file is not the text 'terraform show -json' writes";
  switch (fault.kind) {
    case JsonFault::Kind::kTruncated:
      return AtEnd(DescribeFault(text_, fault), "regenerate it with 'terraform show -json'");
    case JsonFault::Kind::kTrailing:
      return At(fault.offset, DescribeFault(text_, fault), std::string(kShowHint));
    default:
      return At(fault.offset, DescribeFault(text_, fault), not_terraform);
  }
}

Result<std::string_view> Reader::ReadString(od::value v, const Path& path) {
  std::string_view s;
  // Most strings hold no escape: read them in place instead of unescaping a copy.
  std::string_view token = v.raw_json_token();
  if (!token.empty() && token.front() == '"' && PlainString(token.data() + 1, s)) return s;
  if (auto e = v.get_string().get(s)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "a string", v);
    return FromSimdjson(e, path);
  }
  return s;
}

Result<bool> Reader::ReadBool(od::value v, const Path& path) {
  bool b = false;
  if (auto e = v.get_bool().get(b)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, "true or false", v);
    return FromSimdjson(e, path);
  }
  return b;
}

template <typename Fn>
Status Reader::ForEachMember(od::value v, const Path& path, Fn&& fn, bool attributes) {
  od::object obj;
  PG_TRY(OpenObject(v, path, obj));
  KeySet keys;
  for (auto field : obj) {
    std::string_view key;
    const char* quote = nullptr;
    if (auto e = FieldKey(field, key, quote)) return FromSimdjson(e, path);
    PG_TRY(NoRepeat(keys, key, quote, path));
    od::value fv;
    Path member = attributes ? path.Attribute(key) : path.Member(key);
    if (auto e = field.value().get(fv)) return FromSimdjson(e, member);
    PG_TRY(fn(key, fv, member));
  }
  return Ok{};
}

template <typename Fn>
Status Reader::ForEachElement(od::value v, const Path& path, const char* expected, Fn&& fn) {
  od::array arr;
  if (auto e = v.get_array().get(arr)) {
    if (e == simdjson::INCORRECT_TYPE) return WrongType(path, expected, v);
    return FromSimdjson(e, path);
  }
  std::size_t i = 0;
  for (auto element : arr) {
    od::value ev;
    Path item = path.Element(i++);
    if (auto e = element.get(ev)) return FromSimdjson(e, item);
    PG_TRY(fn(ev, item));
  }
  return Ok{};
}

Result<Value> Reader::ReadValue(od::value v, const Path& path, int depth) {
  if (depth > kMaxValueDepth) {
    return Fail(path.Render() + ": nested deeper than " + std::to_string(kMaxValueDepth) + " levels",
                "plangate does not read attribute values this deep");
  }
  if (++values_read_ > kMaxValues) {
    return Fail(path.Render() + ": more than " + std::to_string(kMaxValues) +
                    " values in attributes that policies read",
                "skip the policies that read this attribute (--skip-policy), or gate each root "
                "module's plan on its own");
  }
  od::json_type t{};
  if (auto e = v.type().get(t)) return FromSimdjson(e, path);
  switch (t) {
    case od::json_type::null:
    case od::json_type::boolean: {
      // The token is not echoed: it may be part of a sensitive value.
      std::string_view raw = TrimRight(v.raw_json_token());
      if (raw == "null") return Value();
      if (raw == "true" || raw == "false") return Value::Bool(raw == "true");
      return AtValue(v, path.Render() + ": invalid literal (expected true, false or null)");
    }
    case od::json_type::number: {
      // The source text is kept: numbers beyond 64 bits and exact decimals survive.
      std::string_view raw = TrimRight(v.raw_json_token());
      if (!IsJsonNumber(raw)) return AtValue(v, path.Render() + ": invalid number");
      return Value::Number(std::string(raw));
    }
    case od::json_type::string: {
      Result<std::string_view> s = ReadString(v, path);
      if (!s) return s.error();
      return Value::String(std::string(s.value()));
    }
    case od::json_type::array: {
      std::vector<Value> items;
      PG_TRY(ForEachElement(v, path, "an array", [&](od::value ev, const Path& item) -> Status {
        Result<Value> r = ReadValue(ev, item, depth + 1);
        if (!r) return r.error();
        items.push_back(std::move(r).value());
        return Ok{};
      }));
      return Value::Array(std::move(items));
    }
    case od::json_type::object: {
      Value::Members members;
      PG_TRY(ForEachMember(v, path, [&](std::string_view key, od::value fv, const Path& member) -> Status {
        std::string k(key);
        Result<Value> r = ReadValue(fv, member, depth + 1);
        if (!r) return r.error();
        members.emplace_back(std::move(k), std::move(r).value());
        return Ok{};
      }, depth == 0));
      return Value::Object(std::move(members));
    }
  }
  return Fail(path.Render() + ": unexpected JSON value");
}

Result<Value> Reader::ReadFiltered(od::value v, const Path& path, const std::vector<std::string>& keys) {
  od::json_type t{};
  if (auto e = v.type().get(t)) return FromSimdjson(e, path);
  if (t != od::json_type::object || keys.empty()) return ReadValue(v, path, 0);
  od::object obj;
  if (auto e = v.get_object().get(obj)) return FromSimdjson(e, path);
  Value::Members members;
  members.reserve(keys.size());
  KeySet seen;
  for (auto field : obj) {
    std::string_view key;
    const char* quote = nullptr;
    if (auto e = FieldKey(field, key, quote)) return FromSimdjson(e, path);
    // Every key is looked at, to the end: a wanted one may come again.
    PG_TRY(NoRepeat(seen, key, quote, path));
    if (!Wants(keys, key)) continue;  // skipped unread by the iterator
    Path member = path.Attribute(key);
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, member);
    Result<Value> r = ReadValue(fv, member, 1);
    if (!r) return r.error();
    members.emplace_back(std::string(key), std::move(r).value());
  }
  return Value::Object(std::move(members));
}

Status Reader::ReadHeaderField(std::string_view key, od::value v, const Path& path, ResourceHeader& h,
                               ResourceHeader::Taken& taken) {
  taken = h.Take(key, v.raw_json_token());
  if (taken == ResourceHeader::Taken::kNotString) return WrongType(path, "a string", v);
  if (taken != ResourceHeader::Taken::kEscaped) return Ok{};
  Result<std::string_view> s = ReadString(v, path);
  if (!s) return s.error();
  h.TakeDecoded(key, s.value());
  taken = ResourceHeader::Taken::kTaken;
  return Ok{};
}

Status Reader::ReadChange(od::value v, const Path& path, Resource& r,
                          const std::vector<std::string>& keys) {
  bool seen_actions = false;
  PG_TRY(ForEachMember(v, path, [&](std::string_view key, od::value fv, const Path& member) -> Status {
    if (key == "actions") {
      seen_actions = true;
      return ForEachElement(fv, member, "an array of strings", [&](od::value ev, const Path& item) -> Status {
        Result<std::string_view> s = ReadString(ev, item);
        if (!s) return s.error();
        r.actions.emplace_back(s.value());
        return Ok{};
      });
    }
    if (key == "importing") {
      r.importing = true;  // what is imported (an id, an identity) is not read
      return Ok{};
    }
    if (key == "replace_paths") {
      Result<Value> paths = ReadValue(fv, member, 0);
      if (!paths) return paths.error();
      r.replace_paths = std::move(paths).value();
      return Ok{};
    }
    Value* slot = key == "after" ? &r.after : key == "after_unknown" ? &r.after_unknown
                : key == "after_sensitive" ? &r.after_sensitive : key == "before" ? &r.before
                : key == "before_sensitive" ? &r.before_sensitive : nullptr;
    if (slot == nullptr) return Ok{};
    Result<Value> val = ReadFiltered(fv, member, keys);
    if (!val) return val.error();
    *slot = std::move(val).value();
    return Ok{};
  }));
  if (!seen_actions) return Fail(path.Render() + ": missing 'actions'");
  return Ok{};
}

Status Reader::ReadResourceChange(od::value v, const Path& path, std::vector<Resource>& into) {
  // The hottest loop: every field of every resource change. Written out (rather than
  // through ForEachMember) so a field costs a key compare and nothing is built for it.
  const std::size_t line = LineOf(v);  // before ReleaseBehind: counted while in memory
  ReleaseBehind();
  od::object obj;
  PG_TRY(OpenObject(v, path, obj));
  ResourceHeader h;
  Resource r;
  KeySet keys;
  for (auto field : obj) {
    std::string_view key;
    const char* quote = nullptr;
    if (auto e = FieldKey(field, key, quote)) return FromSimdjson(e, path);
    PG_TRY(NoRepeat(keys, key, quote, path));
    od::value fv;
    if (auto e = field.value().get(fv)) return FromSimdjson(e, path.Member(key));
    ResourceHeader::Taken taken;
    PG_TRY(ReadHeaderField(key, fv, path.Member(key), h, taken));
    if (taken != ResourceHeader::Taken::kChange) continue;
    // Terraform writes `type` before `change`, so a change no policy reads is skipped unread.
    const std::vector<std::string>* keys = KeysBeforeType(h);
    if (keys != nullptr) PG_TRY(ReadChange(fv, path.Member(key), r, *keys));
  }
  if (const char* missing = h.MissingFromChange()) {
    // Terraform 1.0 wrote resource_drift entries without an address: such an entry
    // names no resource a result could carry it to, and is left out.
    if (&into == &plan_.drift) return Ok{};
    return Fail(path.Render() + ": missing '" + missing + "'");
  }
  if (&into != &plan_.drift) CountType(h);
  if (KeysFor(h.type) == nullptr) return Ok{};
  h.CopyTo(r);
  r.line = line;
  into.push_back(std::move(r));
  return Ok{};
}

Status Reader::ReadStateResource(od::value v, const Path& path) {
  Resource r;
  r.line = LineOf(v);
  ReleaseBehind();
  ResourceHeader h;
  PG_TRY(ForEachMember(v, path, [&](std::string_view key, od::value fv, const Path& member) -> Status {
    ResourceHeader::Taken taken;
    PG_TRY(ReadHeaderField(key, fv, member, h, taken));
    if (taken != ResourceHeader::Taken::kIgnored || (key != "values" && key != "sensitive_values")) return Ok{};
    const std::vector<std::string>* keys = KeysBeforeType(h);
    if (keys == nullptr) return Ok{};
    Value* slot = key == "values" ? &r.after : &r.after_sensitive;
    Result<Value> val = ReadFiltered(fv, member, *keys);
    if (!val) return val.error();
    *slot = std::move(val).value();
    return Ok{};
  }));
  if (const char* missing = h.Missing()) return Fail(path.Render() + ": missing '" + missing + "'");
  CountType(h);
  if (KeysFor(h.type) == nullptr) return Ok{};
  h.CopyTo(r);
  plan_.resources.push_back(std::move(r));
  return Ok{};
}

Status Reader::ReadStateModule(od::value v, const Path& path, int depth) {
  if (depth > kMaxModuleDepth) {
    return Fail(path.Render() + ": modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels");
  }
  return ForEachMember(v, path, [&](std::string_view key, od::value fv, const Path& member) -> Status {
    if (key == "resources") {
      return ForEachElement(fv, member, "an array", [&](od::value ev, const Path& item) {
        return ReadStateResource(ev, item);
      });
    }
    if (key == "child_modules") {
      return ForEachElement(fv, member, "an array", [&](od::value ev, const Path& item) {
        return ReadStateModule(ev, item, depth + 1);
      });
    }
    return Ok{};
  });
}

Status Reader::ReadConfigResource(od::value v, const Path& path, ConfigModule& out) {
  ReleaseBehind();
  ConfigResource r;
  bool seen_type = false;
  PG_TRY(ForEachMember(v, path, [&](std::string_view key, od::value fv, const Path& member) -> Status {
    std::string* slot = key == "mode" ? &r.mode : key == "type" ? (seen_type = true, &r.type)
                      : key == "name" ? &r.name : nullptr;
    if (slot != nullptr) {
      Result<std::string_view> s = ReadString(fv, member);
      if (!s) return s.error();
      slot->assign(s.value());
      return Ok{};
    }
    static const std::vector<std::string> kAll;
    const std::vector<std::string>* keys = seen_type ? KeysFor(r.type) : &kAll;
    if (keys == nullptr) return Ok{};
    if (key == "for_each_expression") {
      Result<Value> val = ReadValue(fv, member, 0);
      if (!val) return val.error();
      r.for_each = std::move(val).value();
      return Ok{};
    }
    if (key != "expressions") return Ok{};
    Result<Value> val = ReadFiltered(fv, member, *keys);
    if (!val) return val.error();
    r.expressions = std::move(val).value();
    return Ok{};
  }));
  if (KeysFor(r.type) == nullptr) return Ok{};
  // Managed resources shadow data sources of the same type and name (a data source is
  // never evaluated; the resolver checks the mode).
  auto& by_name = out.index[r.type];
  auto it = by_name.find(r.name);
  if (it == by_name.end() || r.mode == "managed") by_name[r.name] = out.resources.size();
  out.resources.push_back(std::move(r));
  return Ok{};
}

Status Reader::ReadConfigModule(od::value v, const Path& path, ConfigModule& out, int depth) {
  if (depth > kMaxModuleDepth) {
    return Fail(path.Render() + ": modules nested deeper than " + std::to_string(kMaxModuleDepth) + " levels");
  }
  return ForEachMember(v, path, [&](std::string_view key, od::value fv, const Path& member) -> Status {
    if (key == "resources") {
      return ForEachElement(fv, member, "an array", [&](od::value ev, const Path& item) {
        return ReadConfigResource(ev, item, out);
      });
    }
    if (key == "outputs") {
      // Only what each output refers to: resources that reach other modules through it.
      return ForEachMember(fv, member, [&](std::string_view name, od::value ov, const Path& out_path) -> Status {
        return ForEachMember(ov, out_path, [&](std::string_view ok, od::value ofv, const Path& op) -> Status {
          if (ok != "expression") return Ok{};
          static const std::vector<std::string> kReferences = {"references"};
          Result<Value> val = ReadFiltered(ofv, op, kReferences);
          if (!val) return val.error();
          out.outputs[std::string(name)] = std::move(val).value();
          return Ok{};
        });
      });
    }
    if (key != "module_calls") return Ok{};
    return ForEachMember(fv, member, [&](std::string_view name, od::value cv, const Path& call_path) -> Status {
      ModuleCall& call = out.module_calls[std::string(name)];
      return ForEachMember(cv, call_path, [&](std::string_view ck, od::value cfv, const Path& cp) -> Status {
        if (ck == "expressions" || ck == "for_each_expression") {
          Result<Value> val = ReadValue(cfv, cp, 0);  // expressions: its members are the module's inputs
          if (!val) return val.error();
          (ck == "expressions" ? call.expressions : call.for_each) = std::move(val).value();
        } else if (ck == "source") {  // where --source-dir finds the module's files
          Result<std::string_view> src = ReadString(cfv, cp);
          if (!src) return src.error();
          call.source = std::string(src.value());
        } else if (ck == "module") {
          call.module.emplace_back();
          return ReadConfigModule(cfv, cp, call.module.back(), depth + 1);
        }
        return Ok{};
      });
    });
  });
}

Status Reader::CheckVersion() {
  const std::string& v = plan_.format_version;
  std::string major = v.substr(0, v.find('.'));
  bool numeric = !major.empty() && major.size() < 6 &&
                 major.find_first_not_of("0123456789") == std::string::npos;
  if (!numeric) {
    return Error::Input(source_, "", "format_version \"" + v + "\" is not a version number",
                        std::string(kShowHint));
  }
  if (std::stoi(major) > 1) {
    return Error::Input(source_, "",
                        "format_version \"" + v + "\" is newer than this plangate reads (0.x and 1.x)",
                        "upgrade plangate, or produce the JSON with an older Terraform");
  }
  return Ok{};
}

Status Reader::SetString(TopLevel what, std::string_view value) {
  switch (what) {
    case TopLevel::kFormatVersion:
      plan_.format_version = std::string(value);
      seen_format_version_ = true;
      return CheckVersion();
    case TopLevel::kTerraformVersion:
      plan_.terraform_version = std::string(value);
      return Ok{};
    default:
      return Ok{};  // no other row reads a string
  }
}

void Reader::SetBool(TopLevel what, bool value) {
  if (what == TopLevel::kErrored) plan_.errored = value;
}

Status Reader::ReadSection(TopLevel what, od::value v, const Path& member) {
  switch (what) {
    case TopLevel::kResourceChanges:
    case TopLevel::kResourceDrift:
      return ForEachElement(v, member, "an array", [&](od::value ev, const Path& item) {
        return ReadResourceChange(ev, item, ChangesOf(what));
      });
    case TopLevel::kConfiguration:
      plan_.has_configuration = true;
      return ForEachMember(v, member, [&](std::string_view ck, od::value cv, const Path& cp) -> Status {
        return ck == "root_module" ? ReadConfigModule(cv, cp, plan_.configuration, 0) : Status(Ok{});
      });
    case TopLevel::kValues:
      return ForEachMember(v, member, [&](std::string_view vk, od::value vv, const Path& vp) -> Status {
        return vk == "root_module" ? ReadStateModule(vv, vp, 0) : Status(Ok{});
      });
    default:
      return Ok{};  // no other row is a container that is read
  }
}

Status Reader::ReadMember(const TopLevelMember& row, od::value v, const Path& member) {
  seen_plan_key_ = seen_plan_key_ || row.plan_key;
  switch (row.read_as) {
    case ReadAs::kNotRead:
      return Ok{};
    case ReadAs::kString: {
      Result<std::string_view> s = ReadString(v, member);
      if (!s) return s.error();
      return SetString(row.what, s.value());
    }
    case ReadAs::kBool: {
      Result<bool> b = ReadBool(v, member);
      if (!b) return b.error();
      SetBool(row.what, b.value());
      return Ok{};
    }
    case ReadAs::kResourceChanges:
    case ReadAs::kObject:
      return ReadSection(row.what, v, member);
  }
  return Ok{};
}

Status Reader::ReadTopLevel(od::object& root) {
  const Path top;
  KeySet keys;
  for (auto field : root) {
    ReleaseBehind();  // past planned_values, prior_state and the like, skipped unread
    std::string_view key;
    const char* quote = nullptr;
    if (auto e = FieldKey(field, key, quote)) return FromSimdjson(e, top);
    PG_TRY(NoRepeat(keys, key, quote, top));
    od::value v;
    Path member = top.Member(key);
    if (auto e = field.value().get(v)) return FromSimdjson(e, member);
    PG_TRY(ReadMember(FindTopLevelMember(key), v, member));
  }
  return Ok{};
}

Status Reader::Finish() {
  if (!seen_format_version_) {
    return Error::Input(source_, "", "not a Terraform plan or state: no 'format_version' key",
                        std::string(kShowHint));
  }
  // Plan keys decide; `values`, or nothing but the version keys, is a state
  // (an empty state is just {"format_version":"1.0"}).
  plan_.kind = seen_plan_key_ ? DocumentKind::kPlan : DocumentKind::kState;
  return Ok{};
}

bool Reader::ParseSpan(std::size_t begin, std::size_t end, od::value& v) {
  std::string_view text = text_;
  if (text[begin] != '{' && text[begin] != '[') return false;  // scalars are read by the caller
  // The span alone is the document: the rest of the input is its padding.
  std::size_t size = end - begin;
  if (ThreadParser().iterate(text.data() + begin, size, size + kInputPadding).get(doc_) || doc_.get_value().get(v)) {
    return false;
  }
  iterating_ = true;
  return true;
}

bool Reader::ReadResourceChangeSplit(std::size_t begin, std::size_t end, const std::vector<JsonMember>& fields,
                                     const Path& path, std::vector<Resource>& into) {
  std::string_view text = text_;
  if (options_.lines) lines_.CountTo(base_ + begin);  // the entries before it, just checked, in cache
  ReleaseTo(base_ + begin);
  // The entry's header, taken as ReadResourceChange takes it: what that pass would
  // reject, or decode with simdjson (an escape in mode or type), is left to it. The
  // change is read when it comes before the type, as there, or the type is wanted.
  bool parse = false;
  ResourceHeader h;
  KeySet keys;
  for (const JsonMember& f : fields) {
    std::string_view key = text.substr(f.key_begin, f.key_end - f.key_begin);
    if (!keys.Insert(key)) return false;
    std::string_view value = text.substr(f.value_begin, f.value_end - f.value_begin);
    ResourceHeader::Taken taken = h.Take(key, value);
    if (taken == ResourceHeader::Taken::kNotString || taken == ResourceHeader::Taken::kEscaped) return false;
    if (taken == ResourceHeader::Taken::kChange) parse = parse || KeysBeforeType(h) != nullptr;
  }
  if (h.MissingFromChange() != nullptr && &into != &plan_.drift) return false;  // as ReadResourceChange
  if (parse || KeysFor(h.type) != nullptr) {
    od::value v;
    if (!ParseSpan(begin, end, v) || !ReadResourceChange(v, path, into) || !AtDocumentEnd()) return false;
  } else if (&into != &plan_.drift) {
    CountType(h);  // ReadResourceChange counts the others
  }
  return true;
}

// The split pass, told of each top-level member as soon as it is checked, and of
// each entry of resource_changes and resource_drift (split while the check walks
// them: they are read once, while in cache).
class Reader::SplitReader final : public SplitVisitor {
 public:
  explicit SplitReader(Reader& r) : r_(r) {}

  bool SplitsElements(std::string_view key) override {
    const TopLevelMember& row = FindTopLevelMember(key);
    if (row.read_as != ReadAs::kResourceChanges) return false;
    array_ = top_.Member(key);
    into_ = &r_.ChangesOf(row.what);
    index_ = 0;
    return true;
  }
  bool Element(std::size_t begin, std::size_t end, const std::vector<JsonMember>& fields) override {
    return r_.ReadResourceChangeSplit(begin, end, fields, array_.Element(index_++), *into_);
  }
  bool Member(const JsonMember& m) override {
    std::string_view text = r_.text_;
    std::string_view key = text.substr(m.key_begin, m.key_end - m.key_begin);
    std::string_view value = text.substr(m.value_begin, m.value_end - m.value_begin);
    if (!keys_.Insert(key)) return false;
    const TopLevelMember& row = FindTopLevelMember(key);
    r_.seen_plan_key_ = r_.seen_plan_key_ || row.plan_key;
    Path member = top_.Member(key);
    switch (row.read_as) {
      case ReadAs::kNotRead:
        return true;
      // The scalars are read here (simdjson reads no scalar as a whole document's
      // value); only what the whole-document pass would accept as it is.
      case ReadAs::kString: {
        std::string_view s;
        return value.size() >= 2 && value.front() == '"' && PlainString(value.data() + 1, s) &&
               s.size() == value.size() - 2 && r_.SetString(row.what, s);
      }
      case ReadAs::kBool:
        if (value != "true" && value != "false") return false;
        r_.SetBool(row.what, value == "true");
        return true;
      case ReadAs::kResourceChanges:
        return value.front() == '[';  // its entries were read as they were split
      case ReadAs::kObject: {
        od::value v;
        return r_.ParseSpan(m.value_begin, m.value_end, v) && r_.ReadSection(row.what, v, member) &&
               r_.AtDocumentEnd();
      }
    }
    return true;
  }

 private:
  Reader& r_;
  const Path top_;
  KeySet keys_;
  Path array_;                            // the array whose elements are being split
  std::vector<Resource>* into_ = nullptr;  // where its entries go
  std::size_t index_ = 0;
};

std::optional<Plan> Reader::RunSplit() {
  std::string_view text = text_;
  std::vector<JsonMember> members;
  plan_.source = source_;
  // Most of the input is never parsed (skipped members, resource changes of types no
  // policy reads, the scalars read here): the split checks its UTF-8 too, in its pass.
  auto utf8 = [](const char* data, std::size_t size) { return simdjson::validate_utf8(data, size); };
  SplitReader reader(*this);
  if (!SplitTopLevel(text, members, utf8, &reader)) return std::nullopt;
  if (!Finish()) return std::nullopt;
  return std::move(plan_);
}

Result<Plan> Reader::Run() {
  plan_.source = source_;
  if (text_.size() > simdjson::SIMDJSON_MAXSIZE_BYTES) {
    char gib[32];
    std::snprintf(gib, sizeof gib, "%.1f GiB", static_cast<double>(text_.size()) / (1ull << 30));
    return Error::Input(source_, "",
                        std::string(gib) + " is larger than plangate reads: 4 GiB, the most one JSON "
                        "document can be for its parser",
                        "gate each root module's plan on its own, or plan with -target");
  }
  std::string_view text = text_;
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return Error::Input(source_, "", "empty input", std::string(kShowHint));
  }
  if (text.substr(0, 4) == std::string_view("PK\x03\x04", 4)) {
    return Error::Input(source_, "", "this is a binary plan file (a zip archive), not JSON",
                        "run 'terraform show -json " +
                            (source_ == "<stdin>" ? std::string("PLANFILE") : source_) +
                            " > plan.json' and pass plan.json");
  }
  if (text[first] != '{') {
    std::string got = text[first] == '[' ? "an array" : "something else";
    return At(first, "expected a JSON object at the top level, got " + got, std::string(kShowHint));
  }
  // simdjson On-Demand checks only what it visits: the whole text is checked first, so
  // that what is skipped is JSON too, and the first fault in it is the one named.
  JsonFault fault = CheckDocument(text);
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    std::size_t bad = FirstInvalidUtf8(text);
    if (!fault || bad < fault.offset) {
      return At(bad, "invalid UTF-8", "the file is not the text 'terraform show -json' writes");
    }
  }
  if (fault) return FromFault(fault);
  if (auto e = ThreadParser().iterate(text_.data(), text_.size(), text_.size() + kInputPadding).get(doc_)) {
    return FromSimdjson(e, Path{});
  }
  iterating_ = true;
  od::object root;
  if (auto e = doc_.get_object().get(root)) return FromSimdjson(e, Path{});
  PG_TRY(ReadTopLevel(root));
  // Anything after the top-level object is not part of the document.
  if (!AtDocumentEnd()) return Fail("unexpected content after the JSON document");
  PG_TRY(Finish());
  return std::move(plan_);
}

// The document at [begin, end) of `bytes`, read as LoadDocument reads a whole input.
Result<Plan> LoadSpan(const std::string& source, InputBuffer& bytes, std::size_t begin, std::size_t end,
                      const LoadOptions& options, LineCounter& lines) {
  // Above simdjson's limit the whole-document pass names the limit.
  if (options.parse != LoadOptions::Parse::kWhole && end - begin <= simdjson::SIMDJSON_MAXSIZE_BYTES) {
    Reader split(source, bytes, begin, end, options, lines);
    if (std::optional<Plan> plan = split.RunSplit()) return std::move(*plan);
  }
  if (options.parse == LoadOptions::Parse::kSplit) {
    return Error::Input(source, "", "the top level did not split", "parse it whole");
  }
  Reader reader(source, bytes, begin, end, options, lines);
  return reader.Run();
}

constexpr std::string_view kLogHint =
    "plans and log lines were written to one stream; Terragrunt writes its logs to standard error, "
    "so the usual cause is 2>&1: redirect only standard output "
    "('terragrunt run-all show -json plan.tfplan > plans.json'), or keep logs out with "
    "--log-level error (--terragrunt-log-level error in older Terragrunt)";

// Whether the text at `at`, where a document or the end of input should be, reads as a
// log line rather than as a broken document: it starts with a letter, a digit or '['
// ("time=... level=info", "[terragrunt] ...", "12:00:01.000 INFO ..."). Before the
// first document, a later line must start one too: otherwise it is no plan at all.
bool LooksLikeLogs(std::string_view text, std::size_t at, bool first) {
  unsigned char c = static_cast<unsigned char>(text[at]);
  bool word = std::isalnum(c) || c == '[';
  return word && (!first || text.find("\n{", at) != std::string_view::npos);
}

// Small JSON files that are not plans (json_tree.h): a tree with where each key is.
class TreeReader {
 public:
  TreeReader(const std::string& source, const InputBuffer& bytes) : source_(source), bytes_(bytes) {}

  Result<JsonTree> Read() {
    od::parser parser;
    od::document doc;
    if (auto e = parser.iterate(bytes_.data(), bytes_.size(), bytes_.size() + kInputPadding).get(doc)) {
      return Fail(0, e);
    }
    od::value root;
    if (auto e = doc.get_value().get(root)) return Fail(Here(doc), e);
    JsonTree tree;
    if (Status st = ReadValue(root, 0, tree); !st) return st.error();
    const char* at = nullptr;
    if (doc.current_location().get(at) == simdjson::SUCCESS) {
      return At(static_cast<std::size_t>(at - bytes_.data()), "unexpected content after the JSON document");
    }
    return tree;
  }

 private:
  std::size_t Here(od::document& doc) {
    const char* at = nullptr;
    return doc.current_location().get(at) == simdjson::SUCCESS ? static_cast<std::size_t>(at - bytes_.data()) : 0;
  }

  Error At(std::size_t offset, const std::string& what) {
    return Error::Input(FileAt(source_, LineCounter(bytes_.view()).PositionAt(offset)), "", what,
                        "fix the file so that it is valid JSON");
  }

  Error Fail(std::size_t offset, simdjson::error_code e) { return At(offset, "not valid JSON: " + SimdjsonMessage(e)); }

  std::size_t OffsetOf(od::value& v) {
    std::string_view raw = v.raw_json_token();
    return static_cast<std::size_t>(raw.data() - bytes_.data());
  }

  Status ReadValue(od::value v, int depth, JsonTree& out) {
    out.offset = OffsetOf(v);
    if (depth > kMaxTreeDepth) return At(out.offset, "JSON nested deeper than " + std::to_string(kMaxTreeDepth) + " levels");
    od::json_type type;
    if (auto e = v.type().get(type)) return Fail(out.offset, e);
    switch (type) {
      case od::json_type::object: {
        out.kind = JsonTree::Kind::kObject;
        od::object obj;
        if (auto e = v.get_object().get(obj)) return Fail(out.offset, e);
        std::set<std::string_view> keys;  // decoded into the parser's buffer, alive while it is
        for (auto field : obj) {
          od::raw_json_string raw;
          if (auto e = field.key().get(raw)) return Fail(out.offset, e);
          std::size_t key_offset = static_cast<std::size_t>(raw.raw() - 1 - bytes_.data());
          std::string_view key;
          if (auto e = field.unescaped_key().get(key)) return Fail(key_offset, e);
          if (!keys.insert(key).second) {
            return At(key_offset, "the key \"" + std::string(key) + "\" is written twice in one object");
          }
          out.members.push_back({std::string(key), key_offset, {}});
          od::value fv;
          if (auto e = field.value().get(fv)) return Fail(key_offset, e);
          if (Status st = ReadValue(fv, depth + 1, out.members.back().value); !st) return st;
        }
        return Ok{};
      }
      case od::json_type::array: {
        out.kind = JsonTree::Kind::kArray;
        od::array arr;
        if (auto e = v.get_array().get(arr)) return Fail(out.offset, e);
        for (auto element : arr) {
          od::value ev;
          if (auto e = element.get(ev)) return Fail(out.offset, e);
          out.items.emplace_back();
          if (Status st = ReadValue(ev, depth + 1, out.items.back()); !st) return st;
        }
        return Ok{};
      }
      case od::json_type::string: {
        out.kind = JsonTree::Kind::kString;
        std::string_view s;
        if (auto e = v.get_string().get(s)) return Fail(out.offset, e);
        out.text = std::string(s);
        return Ok{};
      }
      case od::json_type::number: {
        out.kind = JsonTree::Kind::kNumber;
        double d;
        if (auto e = v.get_double().get(d)) return Fail(out.offset, e);
        out.text = std::string(TrimRight(v.raw_json_token()));
        return Ok{};
      }
      case od::json_type::boolean: {
        out.kind = JsonTree::Kind::kBool;
        bool b;
        if (auto e = v.get_bool().get(b)) return Fail(out.offset, e);
        out.text = b ? "true" : "false";
        return Ok{};
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return Fail(out.offset, e);
        if (!is_null) return At(out.offset, "not valid JSON: expected null");
        out.kind = JsonTree::Kind::kNull;
        return Ok{};
      }
      default:
        return At(out.offset, "not valid JSON");
    }
  }

  const std::string& source_;
  const InputBuffer& bytes_;
};

}  // namespace

Result<Plan> LoadDocument(const std::string& source, InputBuffer& bytes, const LoadOptions& options) {
  LineCounter lines(bytes.view());
  return LoadSpan(source, bytes, 0, bytes.size(), options, lines);
}

Result<std::vector<Plan>> LoadDocuments(const std::string& source, InputBuffer& bytes,
                                        const LoadOptions& options) {
  std::vector<Plan> plans;
  Result<Plan> whole = LoadDocument(source, bytes, options);
  if (whole) {
    plans.push_back(std::move(whole).value());
    return plans;
  }
  // Not one document: perhaps several, one after another. Only now is the input split
  // into documents, each checked by the same strict checker.
  std::string_view text = bytes.view();
  std::size_t stop = 0;
  std::vector<std::pair<std::size_t, std::size_t>> documents = SplitDocuments(text, stop);
  if (stop < text.size() && LooksLikeLogs(text, stop, documents.empty())) {
    return Error::Input(source, "byte " + std::to_string(stop),
                        documents.empty() ? "text that is not JSON before the first document (a log line?)"
                                          : "text that is not JSON after document " + std::to_string(documents.size()) +
                                                " (a log line?)",
                        std::string(kLogHint));
  }
  // One document and nothing else, or none: the error is the whole input's. The rest
  // of a stream that stops at a fault is read as its last document, which names it.
  if (stop < text.size() && text[stop] == '{' && !documents.empty()) documents.emplace_back(stop, text.size());
  if (documents.size() < 2) return whole.error();
  LineCounter lines(text);
  for (std::size_t i = 0; i < documents.size(); ++i) {
    Result<Plan> plan = LoadSpan(source + "#" + std::to_string(i + 1), bytes, documents[i].first,
                                 documents[i].second, options, lines);
    if (!plan) return plan.error();
    plans.push_back(std::move(plan).value());
  }
  return plans;
}

const JsonTree* JsonTree::Find(std::string_view key) const {
  for (const Member& m : members) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

Result<JsonTree> ReadJsonTree(const std::string& source, const InputBuffer& bytes) {
  return TreeReader(source, bytes).Read();
}

}  // namespace plangate::plan
