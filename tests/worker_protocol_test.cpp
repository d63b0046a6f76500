// The worker protocol's messages (docs/worker-protocol.md): float bits survive base64,
// malformed input is rejected, responses and hellos decode into what they say.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>

#include "worker_protocol.h"

namespace dxcheck {
namespace {

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
float from_bits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

TEST(WorkerProtocol, base64KeepsEveryBitIncludingNanPayloads) {
  const std::vector<float> values = {1.0f, -0.0f, from_bits(0x7fa00001), from_bits(0xffb00002),
                                     std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::infinity()};
  for (size_t n = 0; n <= values.size(); ++n) {  // every padding length
    const std::vector<float> in(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
    std::vector<float> out;
    ASSERT_TRUE(floats_of_base64(base64_of_floats(in), &out));
    ASSERT_EQ(out.size(), in.size());
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(bits(out[i]), bits(in[i]));
  }
  EXPECT_EQ(base64_of_floats({1.0f}), "AACAPw==");  // little-endian 0x3f800000
}

TEST(WorkerProtocol, base64RejectsWhatIsNotWholeFloats) {
  std::vector<float> out;
  EXPECT_FALSE(floats_of_base64("AACA", &out));      // 3 bytes
  EXPECT_FALSE(floats_of_base64("AACAPw=", &out));   // bad length
  EXPECT_FALSE(floats_of_base64("AAC*Pw==", &out));  // not base64
  EXPECT_FALSE(floats_of_base64("AA=APw==", &out));  // data after padding
  EXPECT_TRUE(floats_of_base64("", &out));
  EXPECT_TRUE(out.empty());
}

TEST(WorkerProtocol, requestCarriesTheDescDataAndCanary) {
  dxcheck_conv_desc d{};
  d.abi_version = 1;
  d.batch = d.in_height = d.in_width = d.in_channels = d.out_channels = 1;
  d.out_height = d.out_width = d.filter_height = d.filter_width = d.stride_height = d.stride_width = 1;
  const std::string line = worker_request_line(7, d, {2.0f}, {3.0f}, 0x7fa00001);
  ASSERT_EQ(line.back(), '\n');
  const auto request = nlohmann::json::parse(line);
  EXPECT_EQ(request["id"], 7);
  EXPECT_EQ(request["desc"]["pad_bottom"], 0);
  EXPECT_EQ(request["dy"]["shape"], nlohmann::json({1, 1, 1, 1}));
  EXPECT_EQ(request["canary"], 0x7fa00001u);
}

TEST(WorkerProtocol, responsesDecodeByKind) {
  auto r = parse_worker_response(R"({"id":3,"dx":{"shape":[1,1,1,1],"data_b64":"AACAPw=="}})");
  ASSERT_EQ(r.kind, WorkerResponse::Kind::dx);
  EXPECT_EQ(r.id, 3);
  EXPECT_EQ(r.shape, (std::vector<int64_t>{1, 1, 1, 1}));
  ASSERT_EQ(r.dx.size(), 1u);
  EXPECT_EQ(r.dx[0], 1.0f);
  r = parse_worker_response(R"({"id":3,"decline":"NHWC only"})");
  EXPECT_EQ(r.kind, WorkerResponse::Kind::decline);
  EXPECT_EQ(r.text, "NHWC only");
  r = parse_worker_response(R"({"id":3,"error":"out of memory"})");
  EXPECT_EQ(r.kind, WorkerResponse::Kind::error);
  EXPECT_EQ(parse_worker_response("not json").kind, WorkerResponse::Kind::malformed);
  EXPECT_EQ(parse_worker_response(R"({"id":3})").kind, WorkerResponse::Kind::malformed);
  EXPECT_EQ(parse_worker_response(R"({"id":3,"dx":{"shape":[1.5],"data_b64":""}})").kind,
            WorkerResponse::Kind::malformed);
  EXPECT_EQ(parse_worker_response(R"({"id":3,"dx":{"shape":[1],"data_b64":"AAC"}})").kind,
            WorkerResponse::Kind::malformed);
}

TEST(WorkerProtocol, helloNamesTheProtocolVersion) {
  const WorkerHello h = parse_worker_hello(
      R"({"protocol":"dxcheck-worker/1","kernel":"k","implementation":"lib 1.0","canary":true,"extensions":["x"]})");
  EXPECT_EQ(h.implementation, "lib 1.0");
  EXPECT_TRUE(h.canary);
  EXPECT_EQ(h.extensions, std::vector<std::string>{"x"});
  EXPECT_THROW(parse_worker_hello(R"({"protocol":"dxcheck-worker/2"})"), std::runtime_error);
  EXPECT_THROW(parse_worker_hello(R"({"protocol":"dxcheck-worker/1","error":"npm ci first"})"), std::runtime_error);
  EXPECT_THROW(parse_worker_hello("hello"), std::runtime_error);
}

}  // namespace
}  // namespace dxcheck
