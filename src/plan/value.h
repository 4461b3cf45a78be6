#pragma once
// A JSON value as read from a plan: only the parts policies ask for are materialised.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plangate::plan {

/// What a message shows in place of a sensitive part of a value. Not JSON, so it
/// cannot be mistaken for a string the plan holds.
inline constexpr const char* kSensitivePart = "<sensitive>";

/// An immutable-by-convention JSON value. Numbers keep their source text, so values
/// beyond 64 bits survive unchanged; object members keep document order.
///
/// A value is one 16-byte node: null, a bool, and a string or number of up to
/// kInlineText bytes live in the node itself; longer text, array elements and object
/// members live in one heap block of exactly their size (no growth slack), which the
/// node owns. An array of n elements thus costs 16 + 16n bytes, an object of n
/// members 16 + 32n (each key is a node too) plus the text of keys and strings
/// longer than kInlineText.
class Value {
 public:
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  /// What Object() is built from: (key, value) pairs in document order.
  using Members = std::vector<std::pair<std::string, Value>>;
  /// The longest string or number text kept inside the node (one byte more holds
  /// its terminating NUL); longer text takes a heap block of its size plus one.
  static constexpr std::size_t kInlineText = 13;

  /// An array's elements: a read-only view into the array's block.
  class Items {
   public:
    const Value* begin() const { return begin_; }
    const Value* end() const { return begin_ + size_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const Value& operator[](std::size_t i) const { return begin_[i]; }

   private:
    friend class Value;
    Items(const Value* begin, std::size_t size) : begin_(begin), size_(size) {}
    const Value* begin_;
    std::size_t size_;
  };

  /// One object member as members() hands it out: the key and a reference to the value.
  using Member = std::pair<std::string_view, const Value&>;

  /// An object's members in document order: a read-only view into the object's
  /// block. Its elements are Member pairs made on access, so bind them by value or
  /// `const auto&`: `for (const auto& [key, value] : v.members())`.
  class MemberView {
   public:
    class iterator {
     public:
      Member operator*() const { return {at_[0].text(), at_[1]}; }
      iterator& operator++() {
        at_ += 2;
        return *this;
      }
      bool operator==(const iterator& o) const { return at_ == o.at_; }
      bool operator!=(const iterator& o) const { return at_ != o.at_; }

     private:
      friend class MemberView;
      explicit iterator(const Value* at) : at_(at) {}
      const Value* at_;  // the key; the value follows it
    };
    iterator begin() const { return iterator(pairs_); }
    iterator end() const { return iterator(pairs_ + 2 * size_); }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    Member operator[](std::size_t i) const { return {pairs_[2 * i].text(), pairs_[2 * i + 1]}; }

   private:
    friend class Value;
    MemberView(const Value* pairs, std::size_t size) : pairs_(pairs), size_(size) {}
    const Value* pairs_;  // key, value, key, value, ...
    std::size_t size_;
  };

  Value() noexcept : node_{} {}  ///< null
  Value(const Value& other);
  Value(Value&& other) noexcept { Steal(other); }
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value() {
    if (OwnsBlock()) Release();
  }

  static Value Bool(bool b);
  /// `text` is the number exactly as written in the JSON.
  // REQUIRES: text.size() < 4 GiB (true of anything in a JSON document plangate reads)
  static Value Number(std::string_view text);
  // REQUIRES: s.size() < 4 GiB
  static Value String(std::string_view s);
  // REQUIRES: items.size() < 2^32
  static Value Array(std::vector<Value> items);
  // REQUIRES: members.size() < 2^32
  static Value Object(Members members);

  Kind kind() const { return static_cast<Kind>(node_[0]); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_number() const { return kind() == Kind::kNumber; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }
  /// True only for the JSON literal `true`.
  bool is_true() const { return kind() == Kind::kBool && node_[1] != 0; }

  // REQUIRES: is_bool()
  bool as_bool() const { return node_[1] != 0; }
  /// The string, or the number's source text. `text().data()` is NUL-terminated
  /// (for strtod and the like); the text itself may hold NULs (JSON's \u0000).
  // REQUIRES: is_string() or is_number()
  std::string_view text() const {
    return node_[1] == kOnHeap ? std::string_view(Block<char>(), Size())
                               : std::string_view(reinterpret_cast<const char*>(node_ + 2), node_[1]);
  }
  // REQUIRES: is_array()
  Items items() const { return Items(Block<Value>(), Size()); }
  // REQUIRES: is_object()
  MemberView members() const { return MemberView(Block<Value>(), Size()); }

  /// The member named `key` of an object; nullptr when absent or not an object.
  const Value* Find(std::string_view key) const;
  /// Element `i` of an array; nullptr when out of range or not an array.
  const Value* At(std::size_t i) const;

  /// Compact JSON text of this value. Never call it on a value from a plan that
  /// may hold sensitive parts: use the overload below with its sensitivity mirror.
  std::string ToJson() const;
  /// Compact JSON text of this value with every part that `sensitive` marks written
  /// as kSensitivePart, at any depth; a marked object's keys are not written either.
  /// `sensitive` is Terraform's mirror of this value (`after_sensitive` and the
  /// like: `true` on a sensitive part, objects and arrays mirrored), or null.
  std::string ToJson(const Value* sensitive) const;
  /// For a sensitivity mirror: whether it marks any part (a `true` at any depth).
  bool MarksAny() const;

  /// Structural equality; numbers compare by numeric value (1 == 1.0).
  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  // The node, 16 bytes, read and written through memcpy (no aliasing questions):
  //   [0]      the Kind
  //   [1]      a bool's value; inline text's length (0..kInlineText); or kOnHeap
  //   [2..15]  inline text and its NUL
  // or, for heap text, arrays and objects:
  //   [4..7]   heap text's length (without its NUL), or the element or member count
  //   [8..15]  the block: text (length + 1 bytes, NUL-terminated), or the nodes
  //            (array: one per element; object: key, value, key, value, ...), or
  //            null for an empty array or object
  static constexpr unsigned char kOnHeap = 0xFF;

  static Value Text(Kind kind, std::string_view s);
  std::uint32_t Size() const {
    std::uint32_t n;
    std::memcpy(&n, node_ + 4, sizeof n);
    return n;
  }
  template <typename T>
  T* Block() const {
    T* p;
    std::memcpy(&p, node_ + 8, sizeof p);
    return p;
  }
  // Sets the kind, a count or length, and the block it describes.
  void SetBlock(Kind kind, std::uint32_t size, void* block) {
    node_[0] = static_cast<unsigned char>(kind);
    std::memcpy(node_ + 4, &size, sizeof size);
    std::memcpy(node_ + 8, &block, sizeof block);
  }
  // Nodes in the block of an array or object.
  std::size_t BlockNodes() const { return is_object() ? 2 * std::size_t{Size()} : Size(); }
  // Null and bool never hold kOnHeap in [1].
  bool OwnsBlock() const { return is_array() || is_object() || node_[1] == kOnHeap; }
  void Steal(Value& other) noexcept {
    std::memcpy(node_, other.node_, sizeof node_);
    std::memset(other.node_, 0, sizeof other.node_);
  }
  void Release() noexcept;

  alignas(8) unsigned char node_[16];
};

static_assert(sizeof(Value) == 16, "a value is one 16-byte node");

/// Writes `s` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace plangate::plan
