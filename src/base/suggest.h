#pragma once
// "Did you mean" suggestions for misspelt names in policies and on the command line.

#include <string>
#include <string_view>
#include <vector>

namespace plangate {

/// Edit distance (insertions, deletions, substitutions, adjacent swaps) between a and b.
std::size_t EditDistance(std::string_view a, std::string_view b);

/// The candidate that is `word` in another case (ASCII letters), else the one
/// closest to `word`, if close enough to be a likely typo (distance at most a third
/// of the word's length, minimum 1), else the one candidate that `word` starts with
/// or is the start of; else "".
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

/// "did you mean 'x'?" for the closest candidate, or "" when none is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace plangate
