#include "resolve/attr_path.h"

#include "catch.h"

namespace plangate::resolve {
namespace {

TEST_CASE("attribute paths parse keys and indexes", "[resolve]") {
  AttrPath p = AttrPath::Parse("point_in_time_recovery[0].enabled").value();
  REQUIRE(p.segments().size() == 3);
  CHECK(p.root() == "point_in_time_recovery");
  CHECK(p.segments()[1].kind == PathSegment::Kind::kIndex);
  CHECK(p.segments()[1].index == 0);
  CHECK(p.segments()[2].key == "enabled");
  CHECK(p.text() == "point_in_time_recovery[0].enabled");
  CHECK(p.Prefix(1) == "point_in_time_recovery");
  CHECK(p.Prefix(2) == "point_in_time_recovery[0]");
  CHECK(AttrPath::Parse("tags.environment").value().segments().size() == 2);
}

TEST_CASE("malformed attribute paths say where and what was expected", "[resolve]") {
  CHECK(AttrPath::Parse("").error().message() ==
        "invalid attribute path '' at offset 0: expected an attribute name; write paths like "
        "point_in_time_recovery[0].enabled, tags[\"a.b\"] or replica[*].point_in_time_recovery");
  CHECK(AttrPath::Parse("a[x]").error().message().find("at offset 2: expected a list index (a number), '*' or a quoted key") !=
        std::string::npos);
  CHECK(AttrPath::Parse("a[0").error().message().find("at offset 3: expected ']'") != std::string::npos);
  CHECK(AttrPath::Parse("a..b").error().message().find("at offset 2: expected an attribute name") !=
        std::string::npos);
  CHECK(AttrPath::Parse("a b").error().message().find("at offset 1: expected '.', '[' or the end") !=
        std::string::npos);
}

TEST_CASE("wildcards and quoted keys", "[resolve]") {
  AttrPath p = AttrPath::Parse("replica[*].point_in_time_recovery").value();
  CHECK(p.segments()[1].kind == PathSegment::Kind::kEach);
  CHECK(p.FirstEach() == 1);
  CHECK(p.WithIndex(1, 2).text() == "replica[2].point_in_time_recovery");
  CHECK(p.Head(1).text() == "replica");
  CHECK(AttrPath::Parse("a.b").value().FirstEach() == std::string::npos);

  AttrPath q = AttrPath::Parse(R"(tags["cost.center"])").value();
  REQUIRE(q.segments().size() == 2);
  CHECK(q.segments()[1].key == "cost.center");
  CHECK(q.text() == R"(tags["cost.center"])");
  CHECK(AttrPath::Parse(R"(tags["plain"])").value().text() == "tags.plain");
  CHECK(AttrPath::Parse(R"(tags["say \"hi\""])").value().segments()[1].key == R"(say "hi")");
  CHECK(AttrPath::Parse(R"(tags["open)").error().message().find("expected a closing '\"'") != std::string::npos);
}

}  // namespace
}  // namespace plangate::resolve
