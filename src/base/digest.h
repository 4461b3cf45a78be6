#pragma once
// SHA-256 and Base64: the HTML report names its inline style and script by their
// hashes in its Content-Security-Policy.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace plangate {

/// The SHA-256 digest of `data` (FIPS 180-4).
std::array<std::uint8_t, 32> Sha256(std::string_view data);

/// `data` in Base64 (RFC 4648 section 4: the standard alphabet, padded with '=').
std::string Base64(const std::uint8_t* data, std::size_t size);

}  // namespace plangate
