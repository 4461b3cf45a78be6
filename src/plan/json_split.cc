#include "plan/json_split.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "plan/json_bytes.h"

#if defined(__AVX512BW__) || defined(__AVX2__) || defined(__SSE2__)
#include <immintrin.h>
#endif

namespace plangate::plan {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// A 64-byte block, loaded for comparing every byte with one value at once: bit i of
// an answer is byte i. AVX-512, AVX2 or SSE2, whichever the build targets.
class Block {
 public:
  explicit Block(const char* p) {
#if defined(__AVX512BW__)
    v_ = _mm512_loadu_si512(p);
#elif defined(__AVX2__)
    for (int i = 0; i < 2; ++i) v_[i] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * i));
#elif defined(__SSE2__)
    for (int i = 0; i < 4; ++i) v_[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
#else
    std::memcpy(v_, p, 64);
#endif
  }
  // The bytes equal to `c`; with `fold`, those equal to `c` once bit 5 is set ('[' and
  // '{' differ only in bit 5, as do ']' and '}': one compare finds each pair).
  std::uint64_t Eq(char c, bool fold = false) const {
#if defined(__AVX512BW__)
    __m512i v = fold ? _mm512_or_si512(v_, _mm512_set1_epi8(0x20)) : v_;
    return _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c));
#elif defined(__AVX2__)
    return Gather([&](__m256i v) {
      return _mm256_cmpeq_epi8(fold ? _mm256_or_si256(v, _mm256_set1_epi8(0x20)) : v, _mm256_set1_epi8(c));
    });
#elif defined(__SSE2__)
    return Gather([&](__m128i v) {
      return _mm_cmpeq_epi8(fold ? _mm_or_si128(v, _mm_set1_epi8(0x20)) : v, _mm_set1_epi8(c));
    });
#else
    return Gather([&](unsigned char v) { return (fold ? (v | 0x20) : v) == static_cast<unsigned char>(c); });
#endif
  }
  // The bytes below `limit` (at most 0x80). Below it unsigned: the minimum with
  // limit - 1 is the byte itself.
  std::uint64_t Below(char limit) const {
#if defined(__AVX512BW__)
    return _mm512_cmplt_epu8_mask(v_, _mm512_set1_epi8(limit));
#elif defined(__AVX2__)
    return Gather([&](__m256i v) { return _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(limit - 1)), v); });
#elif defined(__SSE2__)
    return Gather([&](__m128i v) { return _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(limit - 1)), v); });
#else
    return Gather([&](unsigned char v) { return v < static_cast<unsigned char>(limit); });
#endif
  }
  std::uint64_t Control() const { return Below(0x20); }
  // The bytes above 0x7f: those of UTF-8 sequences of more than one byte.
  std::uint64_t High() const {
#if defined(__AVX512BW__)
    return _mm512_movepi8_mask(v_);
#elif defined(__AVX2__)
    return Gather([](__m256i v) { return v; });
#elif defined(__SSE2__)
    return Gather([](__m128i v) { return v; });
#else
    return Gather([](unsigned char v) { return v >= 0x80; });
#endif
  }
  // The structural characters: { } [ ] : and , (one mask, compared before it is
  // moved out of the vector).
  std::uint64_t Structural() const {
#if defined(__AVX512BW__)
    __m512i folded = _mm512_or_si512(v_, _mm512_set1_epi8(0x20));
    return _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{')) | _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}')) |
           _mm512_cmpeq_epi8_mask(v_, _mm512_set1_epi8(':')) | _mm512_cmpeq_epi8_mask(v_, _mm512_set1_epi8(','));
#elif defined(__AVX2__)
    return Gather([](__m256i v) {
      __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
      return _mm256_or_si256(
          _mm256_or_si256(_mm256_cmpeq_epi8(folded, _mm256_set1_epi8('{')), _mm256_cmpeq_epi8(folded, _mm256_set1_epi8('}'))),
          _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(':')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8(','))));
    });
#else
    return Eq('{', true) | Eq('}', true) | Eq(':') | Eq(',');
#endif
  }

 private:
  // One bit a byte from `test` applied to each part of the block: a compare giving
  // 0xff or 0 per byte (vectors), or a bool (bytes).
  template <typename Test>
  std::uint64_t Gather(Test test) const {
    std::uint64_t out = 0;
#if defined(__AVX2__) && !defined(__AVX512BW__)
    for (int i = 0; i < 2; ++i) {
      out |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(test(v_[i])))) << (32 * i);
    }
#elif defined(__SSE2__) && !defined(__AVX512BW__)
    for (int i = 0; i < 4; ++i) {
      out |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(test(v_[i])))) << (16 * i);
    }
#else
    for (int i = 0; i < 64; ++i) {
      if (test(static_cast<unsigned char>(v_[i]))) out |= std::uint64_t{1} << i;
    }
#endif
    return out;
  }
#if defined(__AVX512BW__)
  __m512i v_;
#elif defined(__AVX2__)
  __m256i v_[2];
#elif defined(__SSE2__)
  __m128i v_[4];
#else
  char v_[64];
#endif
};

// One bit per byte of a 64-byte block. `control` is every byte below 0x20; which of
// them are white space is worked out only when there are any (rarely).
struct Masks {
  std::uint64_t quote = 0, backslash = 0, open = 0, close = 0, control = 0;
};

inline __attribute__((always_inline)) Masks Classify(const Block& b) {
  Masks m;
  m.quote = b.Eq('"');
  m.backslash = b.Eq('\\');
  m.open = b.Eq('{', true);
  m.close = b.Eq('}', true);
  m.control = b.Control();
  return m;
}

// The 64 bytes at `text[at]`; the last block, shorter, is copied into `last` and
// filled up with spaces (white space: it ends nothing and starts nothing).
const char* BlockAt(std::string_view text, std::size_t at, char (&last)[64]) {
  const char* p = text.data() + at;
  if (text.size() - at >= 64) return p;
  std::memset(last, ' ', sizeof last);
  std::memcpy(last, p, text.size() - at);
  return last;
}

// Tab, newline and return among a block's bytes (only asked when it has control bytes).
std::uint64_t WhiteSpaceControls(const char* p) {
  std::uint64_t out = 0;
  for (int i = 0; i < 64; ++i) {
    if (p[i] == '\t' || p[i] == '\n' || p[i] == '\r') out |= std::uint64_t{1} << i;
  }
  return out;
}

// The bytes a backslash escapes, given the block's backslashes; `carry` says whether
// the block's first byte is escaped by the previous block's last backslash, and is
// updated for the next block. A run of backslashes escapes every other byte, and the
// byte after an odd-length run: runs are told apart by whether they start on an even
// or an odd bit, with one addition that carries through each run.
std::uint64_t Escaped(std::uint64_t backslash, std::uint64_t& carry) {
  constexpr std::uint64_t kEven = 0x5555555555555555ULL;
  backslash &= ~carry;  // an escaped backslash escapes nothing
  std::uint64_t follows_backslash = (backslash << 1) | carry;
  std::uint64_t odd_starts = backslash & ~kEven & ~follows_backslash;
  std::uint64_t even_runs_end = 0;
  carry = __builtin_add_overflow(odd_starts, backslash, &even_runs_end) ? 1 : 0;
  return (kEven ^ (even_runs_end << 1)) & follows_backslash;
}

// Bit i set when an odd number of bits 0..i are set: from a block's real quotes,
// the bytes inside strings (the opening quote included, the closing one not).
std::uint64_t PrefixXor(std::uint64_t x) {
#if defined(__PCLMUL__)
  // A carry-less multiply by all ones is the running XOR.
  __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<long long>(x)), _mm_set1_epi8(-1), 0);
  return static_cast<std::uint64_t>(_mm_cvtsi128_si64(product));
#else
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
#endif
}

// The first byte at or after `i` that is a quote, a backslash or a control character
// (text.size() if none): where a string's plain run ends. Eight bytes at a time:
// strings in the headers of resource changes add up.
std::size_t PlainRunEnd(std::string_view text, std::size_t i) {
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    std::uint64_t hits = BytesEqual(word, '"') | BytesEqual(word, '\\') | BytesBelow(word, 0x20);
    if (hits != 0) return i + FirstMarked(hits);
  }
  for (; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\' || c < 0x20) return i;
  }
  return text.size();
}

// One past the closing quote of the string opening at `text[open]`, or npos (the
// text ends first, or a control character). Sets `escaped` when the string holds a
// backslash.
std::size_t SkipString(std::string_view text, std::size_t open, bool& escaped) {
  escaped = false;
  for (std::size_t i = PlainRunEnd(text, open + 1); i < text.size(); i = PlainRunEnd(text, i + 2)) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') return i + 1;
    if (c < 0x20) return kNpos;
    escaped = true;  // a backslash: it and the byte it escapes
  }
  return kNpos;
}

// One past a number or literal starting at `text[begin]`: up to white space, a
// comma or a closing bracket. Its grammar is checked only if it is parsed; but, as
// in simdjson, no structural character (a colon, a quote, an opening bracket) can
// be part of it.
std::size_t SkipScalar(std::string_view text, std::size_t begin) {
  std::size_t i = begin;
  while (i < text.size()) {
    char c = text[i];
    if (IsJsonSpace(c) || c == ',' || c == '}' || c == ']') break;
    if (static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '{' || c == '[' || c == ':') return kNpos;
    ++i;
  }
  return i > begin ? i : kNpos;
}

using Fault = JsonFault::Kind;

// Whether `c` may follow a number or a literal: white space, a structural character,
// a quote (an error the next token reports) or a control character (one the block
// reports). Anything else continues the word, which is then not a number or literal.
bool EndsScalar(char c) {
  switch (c) {
    case ',': case ':': case '[': case ']': case '{': case '}': case '"': case ' ':
      return true;
    default:
      return static_cast<unsigned char>(c) < 0x20;
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The first `n` bytes of `s` as a little-endian word (as memcpy reads them).
constexpr std::uint64_t LittleEndian(const char* s, int n) {
  std::uint64_t w = 0;
  for (int i = n - 1; i >= 0; --i) w = (w << 8) | static_cast<unsigned char>(s[i]);
  return w;
}

// Checks the number or literal starting at `text[begin]`: kNone, or what it is not.
// A word starting with a letter is taken for a literal, one with a digit or '-' for a
// number; any other byte starts no value.
Fault CheckScalar(std::string_view text, std::size_t begin, std::size_t& end) {
  const char* p = text.data() + begin;
  std::size_t left = text.size() - begin;
  if (left > 5) {  // the literals as Terraform writes them, followed by ',' '}' or ']': one load
    std::uint64_t w;  // 6 bytes of text at least, then text or the input's padding
    std::memcpy(&w, p, 8);
    auto closes = [](std::uint64_t c) { return c == ',' || c == '}' || c == ']'; };
    std::uint64_t four = w & 0xffffffffULL;
    if ((four == LittleEndian("true", 4) || four == LittleEndian("null", 4)) && closes((w >> 32) & 0xff)) {
      end = begin + 4;
      return Fault::kNone;
    }
    if ((w & 0xffffffffffULL) == LittleEndian("false", 5) && closes((w >> 40) & 0xff)) {
      end = begin + 5;
      return Fault::kNone;
    }
  }
  auto word_end = [&](std::size_t n) { return n == left || EndsScalar(p[n]); };
  char c = p[0];
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    std::size_t n = c == 'f' ? 5 : 4;
    const char* literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
    if (n > left || std::memcmp(p, literal, n) != 0 || !word_end(n)) return Fault::kLiteral;
    end = begin + n;
    return Fault::kNone;
  }
  if (c != '-' && !IsDigit(c)) return Fault::kExpectedValue;
  std::size_t i = c == '-' ? 1 : 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < left && IsDigit(p[i])) ++i;
    return i > start;
  };
  if (i < left && p[i] == '0') {
    ++i;
  } else if (!digits()) {
    return Fault::kNumber;
  }
  if (i < left && p[i] == '.') {
    ++i;
    if (!digits()) return Fault::kNumber;
  }
  if (i < left && (p[i] == 'e' || p[i] == 'E')) {
    ++i;
    if (i < left && (p[i] == '+' || p[i] == '-')) ++i;
    if (!digits()) return Fault::kNumber;
  }
  if (!word_end(i)) return Fault::kNumber;
  end = begin + i;
  return Fault::kNone;
}

// The value of the 4 hex digits at `text[at]`, or -1.
long Hex4(std::string_view text, std::size_t at) {
  if (at + 4 > text.size()) return -1;
  long v = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    char c = text[at + k];
    int d = IsDigit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Checks the escape whose backslash is at `text[at]`. A high surrogate's \u escape
// must be followed by a low one's, and that one is checked with it: `paired` is set
// to the position of its backslash, which the caller then passes over.
Fault CheckEscape(std::string_view text, std::size_t at, std::size_t& paired) {
  if (at + 1 >= text.size()) return Fault::kNone;  // the text ends: the string does not close
  switch (text[at + 1]) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
      return Fault::kNone;
    case 'u':
      break;
    default:
      return Fault::kEscape;
  }
  long cp = Hex4(text, at + 2);
  if (cp < 0) return Fault::kEscape;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return Fault::kSurrogate;
  if (cp < 0xD800 || cp > 0xDBFF) return Fault::kNone;
  bool follows = at + 8 <= text.size() && text[at + 6] == '\\' && text[at + 7] == 'u';
  long low = follows ? Hex4(text, at + 8) : -1;
  if (low < 0xDC00 || low > 0xDFFF) return Fault::kSurrogate;
  paired = at + 6;
  return Fault::kNone;
}

// Checks the string opening at `text[open]`: one past its closing quote, or npos and
// `fault`. Plain runs eight bytes at a time (PlainRunEnd), escapes one by one.
std::size_t CheckString(std::string_view text, std::size_t open, JsonFault& fault) {
  std::size_t paired = kNpos;
  for (std::size_t i = PlainRunEnd(text, open + 1); i < text.size(); i = PlainRunEnd(text, i + 2)) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') return i + 1;
    if (c < 0x20) {
      fault = {Fault::kControl, i};
      return kNpos;
    }
    if (i != paired) {  // a backslash
      Fault f = CheckEscape(text, i, paired);
      if (f != Fault::kNone) {
        fault = {f, i};
        return kNpos;
      }
    }
  }
  fault = {Fault::kTruncated, text.size()};
  return kNpos;
}

// Which kinds of container are open: one bit each (set for an object), the innermost
// 64 in a register and the others in memory, so that depth costs a bit a level, to any
// depth. Push and Pop branch only on the depth passing 64 (rare, so predicted).
class ContainerStack {
 public:
  void Push(bool object) {
    if (depth_ >= 64) outer_.push_back(bits_ >> 63);
    bits_ = (bits_ << 1) | static_cast<std::uint64_t>(object);
    ++depth_;
  }
  // REQUIRES: not empty.
  void Pop() {
    bits_ >>= 1;
    if (depth_ > 64) {
      bits_ |= std::uint64_t{outer_.back()} << 63;
      outer_.pop_back();
    }
    --depth_;
  }
  /// Whether the innermost container is an object.
  bool InObject() const { return bits_ & 1; }
  /// Push (an object when `object`) if `push`, else Pop if `pop`, without branching
  /// on which. REQUIRES: 0 < depth() < 63 (else Push or Pop).
  void Step(bool push, bool pop, bool object) {
    std::uint64_t pushed = (bits_ << 1) | static_cast<std::uint64_t>(object);
    bits_ = push ? pushed : pop ? bits_ >> 1 : bits_;
    depth_ = depth_ + static_cast<std::size_t>(push) - static_cast<std::size_t>(pop);
  }
  std::size_t depth() const { return depth_; }
  /// The innermost 64 kinds, the innermost in bit 0: all of them when depth() <= 64.
  std::uint64_t bits() const { return bits_; }
  /// Replaces the stack. REQUIRES: depth <= 64, and depth() <= 64 (nothing in memory).
  void Reset(std::uint64_t bits, std::size_t depth) {
    bits_ = bits;
    depth_ = depth;
  }

 private:
  std::uint64_t bits_ = 0;
  std::size_t depth_ = 0;
  std::vector<bool> outer_;
};

// What the checker expects next. A value, and what follows one, depend on the kind
// of container it is in, so each comes in two: the token that ends a value then
// needs no look at the stack.
enum Expect : unsigned char {
  kValueInObject,    // after ':'
  kValueInArray,     // after ',' in an array (and before the first bracket)
  kValueOrClose,     // after '['
  kKeyOrClose,       // after '{'
  kKey,              // after ',' in an object
  kColon,            // after a key
  kCommaOrObjectClose,
  kCommaOrArrayClose,
  kExpects,
};

// What a token is, from its first byte.
enum Token : unsigned char { kQuote, kColonToken, kComma, kOpenObject, kOpenArray, kCloseObject, kCloseArray, kWord };

constexpr Token TokenOf(unsigned char c) {
  switch (c) {
    case '"': return kQuote;
    case ':': return kColonToken;
    case ',': return kComma;
    case '{': return kOpenObject;
    case '[': return kOpenArray;
    case '}': return kCloseObject;
    case ']': return kCloseArray;
    default: return kWord;
  }
}

// A cell of the transition table: the next state in the low bits, and what else the
// token asks for in the high ones (none for a quote, a colon or a comma: the common
// tokens take one load and one test).
constexpr unsigned char kPush = 0x08;   // an opening bracket: its kind goes on the stack
constexpr unsigned char kScalar = 0x10;  // a word: check it is a number or a literal
constexpr unsigned char kPop = 0x20;    // a closing bracket: the state is then the one
                                         // after a value in the container now innermost
constexpr unsigned char kFault = 0xff;  // the token cannot come here

// The state after each byte that starts a token, in each state: the grammar of
// RFC 8259, as a table.
struct Transitions {
  unsigned char next[kExpects][256];
  constexpr Transitions() : next() {
    for (int e = 0; e < kExpects; ++e) {
      for (int c = 0; c < 256; ++c) next[e][c] = Cell(static_cast<Expect>(e), TokenOf(static_cast<unsigned char>(c)));
    }
  }
  static constexpr unsigned char Cell(Expect e, Token t) {
    bool value = e == kValueInObject || e == kValueInArray || e == kValueOrClose;
    unsigned char after = e == kValueInObject ? kCommaOrObjectClose : kCommaOrArrayClose;
    switch (t) {
      case kQuote: return value ? after : e == kKeyOrClose || e == kKey ? +kColon : kFault;
      case kWord: return value ? after | kScalar : kFault;
      case kOpenObject: return value ? kKeyOrClose | kPush : kFault;
      case kOpenArray: return value ? kValueOrClose | kPush : kFault;
      case kColonToken: return e == kColon ? +kValueInObject : kFault;
      case kComma: return e == kCommaOrObjectClose ? +kKey : e == kCommaOrArrayClose ? +kValueInArray : kFault;
      case kCloseObject: return e == kKeyOrClose || e == kCommaOrObjectClose ? kPop : kFault;
      case kCloseArray: return e == kValueOrClose || e == kCommaOrArrayClose ? kPop : kFault;
    }
    return kFault;
  }
};
constexpr Transitions kTransitions;

// The same table by byte: one word holds a byte's cell for all 8 states (state e in
// bits 8e..8e+7). Loading it does not wait for the state, so each token's step in the
// chain of states is a shift, not a load.
struct TransitionRows {
  std::uint64_t row[256];
  constexpr TransitionRows() : row() {
    for (int c = 0; c < 256; ++c) {
      for (int e = 0; e < kExpects; ++e) row[c] |= std::uint64_t{kTransitions.next[e][c]} << (8 * e);
    }
  }
};
constexpr TransitionRows kRows;
static_assert(kExpects == 8 && kCommaOrArrayClose == kCommaOrObjectClose + 1, "the states fit a word; see the loop");

// The fault of a token that cannot come in state `e`.
constexpr Fault kUnexpected[kExpects] = {
    Fault::kExpectedValue,      Fault::kExpectedValue, Fault::kExpectedValueOrClose,       Fault::kExpectedKeyOrClose,
    Fault::kExpectedKey,        Fault::kExpectedColon, Fault::kExpectedCommaOrObjectClose, Fault::kExpectedCommaOrArrayClose,
};

// UTF-8, checked while the checker's blocks are in cache: only runs of blocks with
// bytes above 0x7f, each as soon as an ASCII block follows it, with the caller's
// check. Valid UTF-8 is valid piece by piece when each piece starts at an ASCII byte
// or after one: no character straddles such a cut.
class Utf8Runs {
 public:
  Utf8Runs(std::string_view text, Utf8Check check) : text_(text), check_(check) {}
  // The block at `at`: whether it has bytes above 0x7f. REQUIRES: blocks in order,
  // the first starting at an ASCII byte.
  void Block(std::size_t at, bool high) {
    if (high) {
      if (begin_ == kNpos) begin_ = at;
    } else if (begin_ != kNpos) {
      Check(begin_, at);
      begin_ = kNpos;
    }
  }
  // The blocks end before `end` (the last byte before it is ASCII).
  void Finish(std::size_t end) {
    if (begin_ != kNpos && begin_ < end) Check(begin_, end);
    begin_ = kNpos;
  }
  // Checks [begin, end) now. REQUIRES: text[begin] and text[end - 1] ASCII, or empty.
  void Check(std::size_t begin, std::size_t end) {
    if (end > begin) valid_ = valid_ && check_(text_.data() + begin, end - begin);
  }
  bool valid() const { return valid_; }

 private:
  std::string_view text_;
  Utf8Check check_;
  std::size_t begin_ = kNpos;
  bool valid_ = true;
};

// A block's tokens, from its bit masks (bit i is byte i), as both ways of checking a
// block read them. Outside strings but for the quotes themselves.
struct BlockTokens {
  std::uint64_t in_string = 0;  // inside strings, each opening quote included
  std::uint64_t open_quotes = 0, close_quotes = 0;
  std::uint64_t open_object = 0, open_array = 0, close_object = 0, close_array = 0, colon = 0, comma = 0;
  std::uint64_t word = 0, word_starts = 0;  // the bytes of numbers and literals, and where each starts
  std::uint64_t tokens = 0;                 // where each token starts: the table steps on these
};

// The state after a value, in an object or in an array.
unsigned char AfterValue(bool object) { return object ? kCommaOrObjectClose : kCommaOrArrayClose; }

// Checks a block whose tokens touch, as Terraform writes JSON: with no white space,
// what may follow a token is the next byte, so each rule of the grammar is a shift and
// a mask, e.g. (colon << 1) & ~value_starts are the bytes after a colon that start no
// value. Only brackets are stepped one by one: their kinds go on the stack, and they
// say which bytes are in an object (a comma there is followed by a key, a string
// after '{' or such a comma is a key and its closing quote by ':'). The first token
// is stepped from `expect`, as the table would. The value's first block (depth 0, its
// opening bracket first) and its last (the bracket that closes it: the bytes after it
// are not looked at) are checked so too. It accepts or declines, and never names a
// fault: a declined block (any fault, nesting past 62) is stepped token by token from
// the same state, which names the first fault. On true, `expect` and `stack` are the
// state after the block, and `end` is one past the value when it closes in the block.
bool CheckCompactBlock(std::string_view text, std::size_t at, const char* p, const BlockTokens& t,
                       bool starts_in_string, unsigned char& expect, ContainerStack& stack, std::size_t& end) {
  std::size_t depth = stack.depth();
  if (depth >= 63) return false;  // 0 to 62: the kinds fit a register, with room for a push
  std::uint64_t first_key = 0;
  if (t.tokens != 0) {
    auto first = static_cast<unsigned>(__builtin_ctzll(t.tokens));
    auto c = static_cast<unsigned char>(p[first]);
    if (static_cast<unsigned char>(kRows.row[c] >> (8 * expect)) == kFault) return false;
    if (c == '"' && (expect == kKeyOrClose || expect == kKey)) first_key = std::uint64_t{1} << first;
  }
  // The brackets in order: the stack, and in_object, the bytes whose innermost
  // container is an object (a bracket's own bit: the container after it).
  std::uint64_t bits = stack.bits(), object = bits & 1, in_object = 0 - object;
  std::uint64_t upto = ~std::uint64_t{0};  // the bytes up to the value's close
  for (std::uint64_t b = t.open_object | t.open_array | t.close_object | t.close_array; b != 0; b &= b - 1) {
    auto bit = static_cast<unsigned>(__builtin_ctzll(b));
    auto c = static_cast<unsigned char>(p[bit]);
    std::uint64_t brace = (c >> 5) & 1;  // '{' and '}' have bit 5, '[' and ']' not
    if (c & 2) {                         // '{' and '[' have bit 1, '}' and ']' not
      bits = (bits << 1) | brace;
      ++depth;
    } else {
      if (depth == 0 || (bits & 1) != brace) return false;
      bits >>= 1;
      if (--depth == 0) {
        upto = ~std::uint64_t{0} >> (63 - bit);
        end = at + bit + 1;
        break;
      }
    }
    if (depth >= 63) return false;
    std::uint64_t now = bits & 1;
    in_object ^= (0 - (now ^ object)) & (~std::uint64_t{0} << bit);
    object = now;
  }
  std::uint64_t value_starts = t.open_quotes | t.open_object | t.open_array | t.word_starts;
  std::uint64_t after_value = t.comma | t.close_object | t.close_array;
  std::uint64_t object_commas = t.comma & in_object;
  std::uint64_t key_opens = t.open_quotes & (((t.open_object | object_commas) << 1) | first_key);
  // A key's closing quote: adding a bit at a string's opening quote carries through
  // the string to the bit after it. A key begun in an earlier block carries in.
  std::uint64_t carry = starts_in_string && expect == kColon ? 1 : 0;
  std::uint64_t key_closes = (t.in_string + key_opens + carry) & ~t.in_string & t.close_quotes;
  std::uint64_t word_ends = t.word & ~(t.word >> 1);
  std::uint64_t value_ends = (t.close_quotes & ~key_closes) | word_ends | t.close_object | t.close_array;
  std::uint64_t wrong = (((t.colon | t.comma) << 1) & ~value_starts) | ((object_commas << 1) & ~t.open_quotes) |
                        ((t.open_object << 1) & ~(t.open_quotes | t.close_object)) |
                        ((t.open_array << 1) & ~(value_starts | t.close_array)) | ((key_closes << 1) & ~t.colon) |
                        ((value_ends << 1) & ~after_value);
  if ((wrong & upto) != 0) return false;
  for (std::uint64_t w = t.word_starts & upto; w != 0; w &= w - 1) {
    std::size_t word_end = 0;
    if (CheckScalar(text, at + static_cast<std::size_t>(__builtin_ctzll(w)), word_end) != Fault::kNone) return false;
  }
  if (depth == 0) return true;  // closed: `end` says where
  stack.Reset(bits, depth);
  if (t.tokens == 0) return true;  // inside one string or word throughout
  auto last = static_cast<unsigned>(63 - __builtin_clzll(t.tokens));
  bool object_here = (in_object >> last) & 1;
  switch (p[last]) {
    case '{': expect = kKeyOrClose; break;
    case '[': expect = kValueOrClose; break;
    case ':': expect = kValueInObject; break;
    case ',': expect = object_here ? kKey : kValueInArray; break;
    case '"': expect = (key_opens >> last) & 1 ? +kColon : AfterValue(object_here); break;
    default: expect = AfterValue(object_here);  // a word, or a closing bracket (its bit: the container after it)
  }
  return true;
}

// CheckValue for an object or array. Each block's bit masks give the bytes inside
// strings, and from them the tokens: structural characters and opening quotes outside
// strings, and the first byte of each word (number or literal). A block without white
// space between tokens is checked with masks (CheckCompactBlock); any other, or one
// that declines, has its tokens taken in order through the transition table. Escapes
// and control characters are checked from the masks; any fault in a block stops the
// tokens at it, so the first fault in document order is the one reported.
std::size_t CheckContainerGrammar(std::string_view text, std::size_t open, JsonFault& fault, Utf8Runs* utf8) {
  ContainerStack stack;
  unsigned char expect = kValueInArray;  // the first token is the opening bracket
  std::uint64_t escape_carry = 0, in_string_carry = 0, word_carry = 0;
  std::size_t paired = kNpos;  // the backslash of a low surrogate checked with its high one
  for (std::size_t at = open; at < text.size(); at += 64) {
    char last[64];
    const char* p = BlockAt(text, at, last);
    Block block(p);
    __builtin_prefetch(p + 2048);  // the hardware's prefetcher stops at 4 KiB pages: the next one is asked for early
    if (utf8 != nullptr) utf8->Block(at, block.High() != 0);
    std::uint64_t backslash = block.Eq('\\'), control = block.Control();
    std::uint64_t quotes = block.Eq('"'), escaped = 0;
    if ((backslash | escape_carry) != 0) {
      escaped = Escaped(backslash, escape_carry);
      quotes &= ~escaped;
    }
    BlockTokens t;
    bool starts_in_string = in_string_carry != 0;
    t.in_string = PrefixXor(quotes) ^ in_string_carry;
    in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(t.in_string) >> 63);
    // The first fault the masks show (64: none): a control character, or an escape.
    std::size_t stop = 64;
    JsonFault block_fault;
    if (control != 0) {
      std::uint64_t bad = control & (t.in_string | ~WhiteSpaceControls(p));
      if (bad != 0) {
        stop = static_cast<std::size_t>(__builtin_ctzll(bad));
        block_fault = {Fault::kControl, at + stop};
      }
    }
    // Escaped bytes in strings (the escapes outside strings are in words, which fail),
    // but those that are a whole escape by themselves: \" \\ \/ \b \f \n \r \t.
    std::uint64_t to_check = escaped & t.in_string;
    if (to_check != 0) {
      to_check &= ~(block.Eq('"') | block.Eq('\\') | block.Eq('/') | block.Eq('b') | block.Eq('f') |
                    block.Eq('n') | block.Eq('r') | block.Eq('t'));
    }
    for (std::uint64_t e = to_check; e != 0; e &= e - 1) {
      auto bit = static_cast<std::size_t>(__builtin_ctzll(e));
      if (bit > stop) break;  // its backslash (bit - 1) is not before the fault found
      std::size_t backslash = at + bit - 1;  // at - 1 when the escape crosses blocks
      if (backslash == paired) continue;
      Fault f = CheckEscape(text, backslash, paired);
      if (f != Fault::kNone) {
        stop = bit == 0 ? 0 : bit - 1;
        block_fault = {f, backslash};
        break;
      }
    }
    std::uint64_t outside = ~(t.in_string | quotes);
    t.open_quotes = quotes & t.in_string;
    t.close_quotes = quotes & ~t.in_string;
    t.open_object = block.Eq('{') & outside;
    t.open_array = block.Eq('[') & outside;
    t.close_object = block.Eq('}') & outside;
    t.close_array = block.Eq(']') & outside;
    t.colon = block.Eq(':') & outside;
    t.comma = block.Eq(',') & outside;
    std::uint64_t structural = t.open_object | t.open_array | t.close_object | t.close_array | t.colon | t.comma;
    std::uint64_t space = block.Below(0x21) & outside;  // space, and control bytes: outside strings, others failed
    t.word = outside & ~structural & ~space;
    t.word_starts = t.word & ~((t.word << 1) | word_carry);
    word_carry = t.word >> 63;
    t.tokens = structural | t.open_quotes | t.word_starts;
    std::size_t end = kNpos;
    if (stop == 64 && space == 0 && CheckCompactBlock(text, at, p, t, starts_in_string, expect, stack, end)) {
      if (end != kNpos) return end;
      continue;
    }
    std::uint64_t tokens = t.tokens;
    if (stop < 64) tokens &= (std::uint64_t{1} << stop) - 1;
    for (; tokens != 0; tokens &= tokens - 1) {
      std::size_t pos = at + static_cast<std::size_t>(__builtin_ctzll(tokens));
      unsigned char c = static_cast<unsigned char>(text[pos]);
      auto next = static_cast<unsigned char>(kRows.row[c] >> (8 * expect));
      if (next & kScalar) {  // a word, or a fault (kFault has every bit)
        std::size_t end = 0;
        Fault bad = next == kFault ? kUnexpected[expect] : CheckScalar(text, pos, end);
        if (bad != Fault::kNone) {
          fault = {bad, pos};
          return kNpos;
        }
        expect = next & 0x07;
        continue;
      }
      // Brackets without a branch on which: they come in no pattern a predictor learns.
      bool push = next & kPush, pop = next & kPop;
      if (stack.depth() - 1 < 62) {  // 1 to 62: the common case
        stack.Step(push, pop, c == '{');
      } else if (push) {
        stack.Push(c == '{');
      } else if (pop) {
        stack.Pop();
      }
      if (stack.depth() == 0) return pos + 1;
      auto after_close = static_cast<unsigned char>(kCommaOrArrayClose - stack.InObject());
      expect = pop ? after_close : next & 0x07;
    }
    if (stop < 64) {
      fault = block_fault;
      return kNpos;
    }
  }
  fault = {Fault::kTruncated, text.size()};
  return kNpos;
}

// CheckContainerGrammar; with `utf8`, the container's UTF-8 is checked too.
std::size_t CheckContainer(std::string_view text, std::size_t open, JsonFault& fault, Utf8Runs* utf8) {
  std::size_t end = CheckContainerGrammar(text, open, fault, utf8);
  if (utf8 != nullptr && end != kNpos) utf8->Finish(end);
  return end;
}

}  // namespace

std::size_t SkipContainer(std::string_view text, std::size_t open) {
  std::size_t depth = 0;
  std::uint64_t escape_carry = 0, in_string_carry = 0;
  for (std::size_t at = open; at < text.size(); at += 64) {
    char last[64];
    const char* p = BlockAt(text, at, last);
    Masks m = Classify(Block(p));
    std::uint64_t quotes = m.quote;
    if ((m.backslash | escape_carry) != 0) quotes &= ~Escaped(m.backslash, escape_carry);
    std::uint64_t in_string = PrefixXor(quotes) ^ in_string_carry;
    in_string_carry = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_string) >> 63);
    // Control characters: none in strings; outside them only tab, newline and return.
    if (m.control != 0 && (m.control & (in_string | ~WhiteSpaceControls(p))) != 0) return kNpos;
    std::uint64_t opens = m.open & ~in_string, closes = m.close & ~in_string;
    auto n_opens = static_cast<std::size_t>(__builtin_popcountll(opens));
    auto n_closes = static_cast<std::size_t>(__builtin_popcountll(closes));
    if (depth > n_closes && depth + n_opens <= kMaxSplitDepth) {
      depth = depth + n_opens - n_closes;  // cannot reach zero, nor the limit, in this block
      continue;
    }
    for (std::uint64_t brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
      int bit = __builtin_ctzll(brackets);
      if ((opens >> bit) & 1) {
        if (++depth > kMaxSplitDepth) return kNpos;
      } else if (depth == 0) {
        return kNpos;  // a close before the open: not at a container
      } else if (--depth == 0) {
        return at + static_cast<std::size_t>(bit) + 1;
      }
    }
  }
  return kNpos;  // the input ends inside the container
}

std::size_t ScanContainerEnd(std::string_view text, std::size_t open) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = open; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return kNpos;
}

std::size_t SkipSpace(std::string_view text, std::size_t i) {
  while (i < text.size() && IsJsonSpace(text[i])) ++i;
  return i;
}

std::size_t SkipValue(std::string_view text, std::size_t begin) {
  if (begin >= text.size()) return kNpos;
  char c = text[begin];
  bool escaped = false;
  return c == '{' || c == '[' ? SkipContainer(text, begin)
         : c == '"'           ? SkipString(text, begin, escaped)
                              : SkipScalar(text, begin);
}

namespace {

// CheckValue; with `utf8`, a container's UTF-8 is checked too.
std::size_t CheckValueIn(std::string_view text, std::size_t begin, JsonFault& fault, Utf8Runs* utf8) {
  if (begin >= text.size()) {
    fault = {Fault::kTruncated, text.size()};
    return kNpos;
  }
  switch (text[begin]) {
    case '{':
    case '[':
      return CheckContainer(text, begin, fault, utf8);
    case '"':
      return CheckString(text, begin, fault);
    default: {
      std::size_t end = 0;
      Fault f = static_cast<unsigned char>(text[begin]) < 0x20 ? Fault::kControl : CheckScalar(text, begin, end);
      if (f == Fault::kNone) return end;
      fault = {f, begin};
      return kNpos;
    }
  }
}

}  // namespace

std::size_t CheckValue(std::string_view text, std::size_t begin, JsonFault& fault) {
  return CheckValueIn(text, begin, fault, nullptr);
}

JsonFault CheckDocument(std::string_view text) {
  JsonFault fault;
  std::size_t end = CheckValue(text, SkipSpace(text, 0), fault);
  if (end == kNpos) return fault;
  std::size_t rest = SkipSpace(text, end);
  if (rest != text.size()) fault = {Fault::kTrailing, rest};
  return fault;
}

std::vector<std::pair<std::size_t, std::size_t>> SplitDocuments(std::string_view text, std::size_t& stop) {
  std::vector<std::pair<std::size_t, std::size_t>> documents;
  std::size_t i = SkipSpace(text, 0);
  while (i < text.size() && text[i] == '{') {
    JsonFault fault;
    std::size_t end = CheckValue(text, i, fault);
    if (end == kNpos) break;
    documents.emplace_back(i, end);
    i = SkipSpace(text, end);
  }
  stop = i;
  return documents;
}

std::string DescribeFault(std::string_view text, const JsonFault& fault) {
  switch (fault.kind) {
    case Fault::kNone: return "no fault";
    case Fault::kTruncated: return "unexpected end of input (file truncated?)";
    case Fault::kTrailing: return "unexpected content after the JSON document";
    case Fault::kControl: {
      char what[64];
      std::snprintf(what, sizeof what, "a control character (0x%02x) where JSON allows none",
                    fault.offset < text.size() ? static_cast<unsigned char>(text[fault.offset]) : 0);
      return what;
    }
    case Fault::kExpectedValue: return "expected a value (an object, array, string, number, true, false or null)";
    case Fault::kExpectedValueOrClose: return "expected a value or ']' after '['";
    case Fault::kExpectedKeyOrClose: return "expected a key (a string) or '}' after '{'";
    case Fault::kExpectedKey: return "expected a key (a string) after ',' in an object";
    case Fault::kExpectedColon: return "expected ':' after an object key";
    case Fault::kExpectedCommaOrObjectClose: return "expected ',' or '}' after an object member";
    case Fault::kExpectedCommaOrArrayClose: return "expected ',' or ']' after an array element";
    case Fault::kLiteral: return "invalid literal (expected true, false or null)";
    case Fault::kNumber: return "invalid number";
    case Fault::kEscape:
      return "invalid escape in a string (expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
    case Fault::kSurrogate: return "a \\u escape of half a UTF-16 surrogate pair, without the other half";
  }
  return "invalid JSON";
}

template <bool kCheck>
std::size_t Split(std::string_view text, std::size_t open, std::vector<JsonMember>& members,
                  Utf8Runs* utf8 = nullptr, std::size_t* utf8_from = nullptr, SplitVisitor* visitor = nullptr);

// Checks the array at `text[open]` as CheckValue does, each element split (Split) and
// handed to `visitor`: one past the array, or npos (a fault, an element that is not an
// object, a key with an escape, or the visitor says stop). UTF-8 as in Split.
std::size_t SplitElements(std::string_view text, std::size_t open, SplitVisitor& visitor, Utf8Runs* utf8,
                          std::size_t* utf8_from) {
  std::vector<JsonMember> fields;
  std::size_t i = SkipSpace(text, open + 1);
  if (i < text.size() && text[i] == ']') return i + 1;
  for (;;) {
    if (i >= text.size() || text[i] != '{') return kNpos;
    std::size_t end = Split<true>(text, i, fields, utf8, utf8_from);
    if (end == kNpos || !visitor.Element(i, end, fields)) return kNpos;
    i = SkipSpace(text, end);
    if (i >= text.size()) return kNpos;
    if (text[i] == ']') return i + 1;
    if (text[i] != ',') return kNpos;
    i = SkipSpace(text, i + 1);
  }
}

// Splits the object at `text[open]`; with kCheck, checks every value it skips
// (CheckValue), else only counts brackets (SkipValue, for checked text). With `utf8`
// (kCheck only), the UTF-8 inside its containers is checked as they are, and
// `utf8_from` is moved past each: the caller checks the rest. With `visitor` (kCheck
// only), each member is handed to it, and the arrays it asks for split (SplitElements).
template <bool kCheck>
std::size_t Split(std::string_view text, std::size_t open, std::vector<JsonMember>& members,
                  Utf8Runs* utf8, std::size_t* utf8_from, SplitVisitor* visitor) {
  members.clear();
  if (open >= text.size() || text[open] != '{') return kNpos;
  std::size_t i = SkipSpace(text, open + 1);
  if (i < text.size() && text[i] == '}') return i + 1;
  JsonFault fault;
  for (;;) {
    JsonMember m;
    bool escaped = false;
    if (i >= text.size() || text[i] != '"') return kNpos;
    std::size_t key_end = SkipString(text, i, escaped);
    if (key_end == kNpos || escaped) return kNpos;  // an escaped key: the full parse decodes it
    m.key_begin = i + 1;
    m.key_end = key_end - 1;
    i = SkipSpace(text, key_end);
    if (i >= text.size() || text[i] != ':') return kNpos;
    m.value_begin = SkipSpace(text, i + 1);
    bool split = false;  // the elements split, and their UTF-8 checked up to *utf8_from
    if constexpr (kCheck) {
      split = visitor != nullptr && m.value_begin < text.size() && text[m.value_begin] == '[' &&
              visitor->SplitsElements(text.substr(m.key_begin, m.key_end - m.key_begin));
      if (split) {
        if (utf8 != nullptr) utf8->Check(*utf8_from, m.value_begin);
        *utf8_from = m.value_begin;
        m.value_end = SplitElements(text, m.value_begin, *visitor, utf8, utf8_from);
      } else {
        m.value_end = CheckValueIn(text, m.value_begin, fault, utf8);
      }
    } else {
      m.value_end = SkipValue(text, m.value_begin);
    }
    if (m.value_end == kNpos) return kNpos;
    if (utf8 != nullptr && (text[m.value_begin] == '{' || text[m.value_begin] == '[')) {
      utf8->Check(*utf8_from, split ? m.value_end : m.value_begin);  // split: what follows the last element
      *utf8_from = m.value_end;
    }
    if (visitor != nullptr && !visitor->Member(m)) return kNpos;
    members.push_back(m);
    i = SkipSpace(text, m.value_end);
    if (i >= text.size()) return kNpos;
    if (text[i] == '}') return i + 1;
    if (text[i] != ',') return kNpos;
    i = SkipSpace(text, i + 1);
  }
}

std::size_t SplitObject(std::string_view text, std::size_t open, std::vector<JsonMember>& members) {
  return Split<false>(text, open, members);
}

bool SplitTopLevel(std::string_view text, std::vector<JsonMember>& members, Utf8Check utf8,
                   SplitVisitor* visitor) {
  Utf8Runs runs(text, utf8);
  std::size_t utf8_from = 0;  // UTF-8 before this is checked
  std::size_t end = Split<true>(text, SkipSpace(text, 0), members, utf8 ? &runs : nullptr, &utf8_from, visitor);
  if (end == kNpos || SkipSpace(text, end) != text.size()) return false;
  if (utf8 != nullptr) runs.Check(utf8_from, text.size());
  return runs.valid();
}

}  // namespace plangate::plan
