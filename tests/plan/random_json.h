#pragma once
// Random JSON texts for the splitter's tests: values of every kind, and the same
// with a few bytes changed, added or removed.

#include <cstddef>
#include <random>
#include <string>

namespace plangate::plan {

// A random JSON value: nested containers, strings with every escape (and long
// ones, so that tokens straddle 64-byte blocks), numbers, literals, white space
// (none when `compact`, as Terraform writes it).
inline void RandomValue(std::mt19937& rng, std::string& out, int depth, bool compact = false) {
  auto space = [&] {
    static const char* kSpaces[] = {"", "", "", " ", "\n  ", "\t", "\r\n"};
    if (!compact) out += kSpaces[rng() % 7];
  };
  auto string = [&] {
    static const char* kParts[] = {"a", "key", "x y", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\ud83d\\ude00",
                                   "caf\xc3\xa9", "{", "]", ",", ":", "0123456789abcdefghijklmnopqrstuvwxyz"};
    out += '"';
    for (std::size_t n = rng() % 6; n > 0; --n) out += kParts[rng() % 15];
    out += '"';
  };
  std::size_t pick = depth > 6 ? 3 + rng() % 5 : rng() % 8;
  space();
  if (pick <= 2) {
    bool object = pick == 0;
    out += object ? '{' : '[';
    for (std::size_t n = rng() % 5, k = 0; k < n; ++k) {
      if (k > 0) out += ',';
      if (object) {
        space();
        string();
        space();
        out += ':';
      }
      RandomValue(rng, out, depth + 1, compact);
    }
    space();
    out += object ? '}' : ']';
  } else if (pick <= 4) {
    string();
  } else if (pick == 5) {
    static const char* kNumbers[] = {"0", "-1", "12.5", "1e9", "-0.0E+2", "123456789012345678901234567890"};
    out += kNumbers[rng() % 6];
  } else {
    static const char* kLiterals[] = {"true", "false", "null"};
    out += kLiterals[rng() % 3];
  }
  space();
}

/// Changes, adds or removes 1 to `most_changes` bytes of `text`, each taken from the
/// bytes that matter to JSON's grammar (brackets, quotes, escapes, white space, the
/// starts of numbers and literals, control characters, a UTF-8 lead byte).
inline void Mutate(std::mt19937& rng, std::string& text, std::size_t most_changes) {
  const char kBytes[] = "{}[],:\"\\ \t\n0-.eE+tfnaxu\x01\x1f";
  const std::string bytes = std::string(kBytes, sizeof kBytes - 1) + std::string(1, '\0') + "\xc3";
  for (std::size_t n = 1 + rng() % most_changes; n > 0 && !text.empty(); --n) {
    std::size_t at = rng() % text.size();
    switch (rng() % 3) {
      case 0: text[at] = bytes[rng() % bytes.size()]; break;
      case 1: text.insert(at, 1, bytes[rng() % bytes.size()]); break;
      default: text.erase(at, 1);
    }
  }
}

}  // namespace plangate::plan
