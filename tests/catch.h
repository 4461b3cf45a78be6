#pragma once
// Catch2 for every test: version 3 (Debian trixie and later) has one header for all of
// it, version 2 (bookworm) catch.hpp. The tests use only what both versions share.
#if __has_include(<catch2/catch_all.hpp>)
#include <catch2/catch_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
