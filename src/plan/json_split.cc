#include "plan/json_split.h"

#include <cstdint>
#include <cstring>

#include "plan/json_bytes.h"

#if defined(__AVX512BW__) || defined(__AVX2__) || defined(__SSE2__)
#include <immintrin.h>
#endif

namespace plangate::plan {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// One bit per byte of a 64-byte block. `control` is every byte below 0x20; which of
// them are white space is worked out only when there are any (rarely).
struct Masks {
  std::uint64_t quote = 0, backslash = 0, open = 0, close = 0, control = 0;
};

// '[' and '{' differ only in bit 5, as do ']' and '}': one compare finds each pair.
Masks Classify(const char* p) {
  Masks m;
#if defined(__AVX512BW__)
  __m512i v = _mm512_loadu_si512(p);
  __m512i folded = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
  m.quote = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
  m.backslash = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
  m.open = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{'));
  m.close = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}'));
  m.control = _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8(0x20));
#elif defined(__AVX2__)
  for (int half = 0; half < 2; ++half) {
    __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * half));
    __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    auto bits = [](__m256i eq) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(eq)));
    };
    int shift = 32 * half;
    m.quote |= bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('"'))) << shift;
    m.backslash |= bits(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\\'))) << shift;
    m.open |= bits(_mm256_cmpeq_epi8(folded, _mm256_set1_epi8('{'))) << shift;
    m.close |= bits(_mm256_cmpeq_epi8(folded, _mm256_set1_epi8('}'))) << shift;
    // Below 0x20 unsigned: the minimum with 0x1f is the byte itself.
    m.control |= bits(_mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1f)), v)) << shift;
  }
#elif defined(__SSE2__)
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    auto bits = [](__m128i eq) {
      return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(eq)));
    };
    int shift = 16 * i;
    m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))) << shift;
    m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))) << shift;
    m.open |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{'))) << shift;
    m.close |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))) << shift;
    m.control |= bits(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v)) << shift;
  }
#else
  for (int i = 0; i < 64; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    std::uint64_t bit = std::uint64_t{1} << i;
    if (c == '"') m.quote |= bit;
    if (c == '\\') m.backslash |= bit;
    if ((c | 0x20) == '{') m.open |= bit;
    if ((c | 0x20) == '}') m.close |= bit;
    if (c < 0x20) m.control |= bit;
  }
#endif
  return m;
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

// One past the closing quote of the string opening at `text[open]`, or npos (the
// text ends first, or a control character). Sets `escaped` when the string holds a
// backslash. Eight bytes at a time: strings in the headers of resource changes add up.
std::size_t SkipString(std::string_view text, std::size_t open, bool& escaped) {
  escaped = false;
  std::size_t i = open + 1;
  while (i < text.size()) {
    if (i + 8 <= text.size()) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, 8);
      std::uint64_t hits = BytesEqual(word, '"') | BytesEqual(word, '\\') | BytesBelow(word, 0x20);
      if (hits == 0) {
        i += 8;
        continue;
      }
      i += FirstMarked(hits);
    }
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') return i + 1;
    if (c < 0x20) return kNpos;
    if (c == '\\') {
      escaped = true;
      i += 2;
    } else {
      ++i;
    }
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

}  // namespace

std::size_t SkipContainer(std::string_view text, std::size_t open) {
  std::size_t depth = 0;
  std::uint64_t escape_carry = 0, in_string_carry = 0;
  for (std::size_t at = open; at < text.size(); at += 64) {
    const char* p = text.data() + at;
    char last[64];
    if (text.size() - at < 64) {  // the last block, filled up with spaces
      std::memset(last, ' ', sizeof last);
      std::memcpy(last, p, text.size() - at);
      p = last;
    }
    Masks m = Classify(p);
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

std::size_t SplitObject(std::string_view text, std::size_t open, std::vector<JsonMember>& members) {
  members.clear();
  if (open >= text.size() || text[open] != '{') return kNpos;
  std::size_t i = SkipSpace(text, open + 1);
  if (i < text.size() && text[i] == '}') return i + 1;
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
    m.value_end = SkipValue(text, m.value_begin);
    if (m.value_end == kNpos) return kNpos;
    members.push_back(m);
    i = SkipSpace(text, m.value_end);
    if (i >= text.size()) return kNpos;
    if (text[i] == '}') return i + 1;
    if (text[i] != ',') return kNpos;
    i = SkipSpace(text, i + 1);
  }
}

bool SplitTopLevel(std::string_view text, std::vector<JsonMember>& members) {
  std::size_t end = SplitObject(text, SkipSpace(text, 0), members);
  return end != kNpos && SkipSpace(text, end) == text.size();
}

}  // namespace plangate::plan
