// Cross-check against an independent implementation: Debian's libfec (Phil Karn's
// Reed-Solomon library), RS(1023,993) over 0x409 with fcr 0, prim 1, shortened by 479.
// Used only here, never linked into the cmodel.
#include <gtest/gtest.h>

extern "C" {
#include <fec.h>
}

#include <algorithm>
#include <vector>

#include "halo/fec/error_injector.hpp"
#include "halo/fec/rs_decoder.hpp"
#include "halo/fec/rs_encoder.hpp"

using namespace halo::fec;

namespace {
struct LibFec {
  void* rs;
  LibFec(unsigned nroots, unsigned pad) : rs(init_rs_int(10, 0x409, 0, 1, static_cast<int>(nroots), static_cast<int>(pad))) {}
  ~LibFec() { free_rs_int(rs); }
};
}  // namespace

TEST(LibFecCrossCheck, EncoderParityMatches) {
  for (const RsCode& c : {kKp4, kKr4}) {
    LibFec ref(c.parity(), 1023 - c.n);
    ASSERT_NE(ref.rs, nullptr);
    RsEncoder enc(c);
    ErrorInjector inj(17);
    std::vector<gf_t> msg(c.k), cw(c.n);
    std::vector<unsigned> data(c.n), par(c.parity());
    for (int trial = 0; trial < 500; ++trial) {
      inj.random_symbols(msg);
      enc.encode(msg, cw);
      for (unsigned i = 0; i < c.k; ++i) data[i] = msg[i];
      encode_rs_int(ref.rs, data.data(), par.data());
      for (unsigned j = 0; j < c.parity(); ++j) ASSERT_EQ(cw[c.k + j], par[j]) << "trial " << trial << " p" << j;
    }
  }
}

TEST(LibFecCrossCheck, DecoderAgreesOnRandomErrorPatterns) {
  LibFec ref(30, 479);
  RsEncoder enc(kKp4);
  RsDecoder dec(kKp4);
  ErrorInjector inj(23);
  std::vector<gf_t> msg(514), cw(544), rx(544);
  std::vector<unsigned> data(544);
  std::vector<int> pos(30);
  unsigned agree_fail = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    inj.random_symbols(msg);
    enc.encode(msg, cw);
    rx = cw;
    const unsigned ne = static_cast<unsigned>(trial % 25);  // 0..24: both sides of t
    inj.symbol_errors(rx, ne);
    for (unsigned i = 0; i < 544; ++i) data[i] = rx[i];
    const int nref = decode_rs_int(ref.rs, data.data(), pos.data(), 0);
    const DecodeResult r = dec.decode(rx);
    if (nref < 0) {
      ASSERT_TRUE(r.uncorrectable) << "trial " << trial << " ne " << ne;
      ++agree_fail;
      continue;
    }
    ASSERT_FALSE(r.uncorrectable) << "trial " << trial << " ne " << ne;
    ASSERT_EQ(r.corrected_symbols, static_cast<unsigned>(nref));
    for (unsigned i = 0; i < 544; ++i) ASSERT_EQ(rx[i], static_cast<gf_t>(data[i])) << "trial " << trial;
    std::vector<unsigned> a(pos.begin(), pos.begin() + nref), b(r.positions.begin(), r.positions.begin() + nref);
    std::sort(a.begin(), a.end());
    ASSERT_EQ(a, b);
  }
  EXPECT_GT(agree_fail, 300u);  // the 16..24 error cases were exercised
}

TEST(LibFecCrossCheck, ErasureDecodingAgrees) {
  LibFec ref(30, 479);
  RsEncoder enc(kKp4);
  RsDecoder dec(kKp4);
  ErrorInjector inj(29);
  std::vector<gf_t> msg(514), cw(544), rx(544);
  std::vector<unsigned> data(544);
  std::vector<int> eras(30);
  for (int trial = 0; trial < 400; ++trial) {
    inj.random_symbols(msg);
    enc.encode(msg, cw);
    rx = cw;
    const unsigned e = static_cast<unsigned>(trial % 31), v = (30 - e) / 2;
    std::vector<unsigned> idx(544);
    for (unsigned i = 0; i < 544; ++i) idx[i] = i;
    std::shuffle(idx.begin(), idx.end(), inj.rng());
    std::vector<std::uint16_t> er;
    for (unsigned q = 0; q < e; ++q) {
      er.push_back(static_cast<std::uint16_t>(idx[q]));
      eras[q] = static_cast<int>(idx[q]);
      rx[idx[q]] ^= static_cast<gf_t>(1 + q);
    }
    for (unsigned q = 0; q < v; ++q) rx[idx[e + q]] ^= static_cast<gf_t>(100 + q);
    for (unsigned i = 0; i < 544; ++i) data[i] = rx[i];
    const int nref = decode_rs_int(ref.rs, data.data(), eras.data(), static_cast<int>(e));
    const DecodeResult r = dec.decode_erasures(rx, er);
    ASSERT_GE(nref, 0) << "libfec failed, trial " << trial;
    ASSERT_FALSE(r.uncorrectable) << "trial " << trial;
    for (unsigned i = 0; i < 544; ++i) ASSERT_EQ(rx[i], static_cast<gf_t>(data[i])) << "trial " << trial;
    ASSERT_EQ(rx, cw);
  }
}
