#include "halo/sim/fec_analysis.hpp"

#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace halo::sim {
namespace {

void check_common(unsigned interleave, unsigned frame_bits) {
  if (interleave != 1 && interleave != 2 && interleave != 4)
    throw std::invalid_argument("interleave: expected 1, 2 or 4, got " + std::to_string(interleave));
  if (frame_bits == 0) throw std::invalid_argument("frame_bits: expected > 0");
}

double codeword_error_ratio(const fec::RsCode& code, double ser) {
  if (ser <= 0) return 0.0;
  if (ser >= 1) return 1.0;
  const boost::math::binomial_distribution<double> d(code.n, ser);
  // P(X > t) = complement of P(X <= t)
  return boost::math::cdf(boost::math::complement(d, static_cast<double>(code.t())));
}

}  // namespace

double flr_from_cer(const fec::RsCode& code, double cer, unsigned interleave, unsigned frame_bits) {
  check_common(interleave, frame_bits);
  if (!(cer >= 0.0 && cer <= 1.0)) throw std::invalid_argument("codeword error ratio: expected a value in [0, 1]");
  // A frame of F bits at a uniformly placed offset touches m spans of S bits: m = w + 1,
  // or w + 2 with probability f, where F / S = w + f. It is lost if any of them fails:
  // 1 - (1 - g)^m = 1 - (1 - cer)^(L m), computed without cancellation for tiny cer.
  const double spans = static_cast<double>(frame_bits) / (static_cast<double>(interleave) * code.message_bits());
  const double whole = std::floor(spans), frac = spans - whole;
  const double log_ok = static_cast<double>(interleave) * std::log1p(-cer);  // log(1 - g), -inf at cer = 1
  const double lost_few = -std::expm1((whole + 1.0) * log_ok), lost_more = -std::expm1((whole + 2.0) * log_ok);
  return lost_few + frac * (lost_more - lost_few);
}

PostFecFigures post_fec_from_ser(const fec::RsCode& code, double ser, unsigned interleave,
                                 unsigned frame_bits) {
  code.validate();
  check_common(interleave, frame_bits);
  if (!(ser >= 0.0 && ser <= 1.0))
    throw std::invalid_argument("symbol error ratio: expected a value in [0, 1]");
  PostFecFigures f;
  f.pre_fec_ber = std::numeric_limits<double>::quiet_NaN();
  f.symbol_error_ratio = ser;
  f.codeword_error_ratio = codeword_error_ratio(code, ser);
  f.frame_loss_ratio = flr_from_cer(code, f.codeword_error_ratio, interleave, frame_bits);
  f.mean_symbol_errors = code.n * ser;
  f.interleave = interleave;
  f.frame_bits = frame_bits;
  return f;
}

PostFecFigures post_fec_from_ber(const fec::RsCode& code, double ber, unsigned interleave,
                                 unsigned frame_bits) {
  if (!(ber >= 0.0 && ber <= 1.0))
    throw std::invalid_argument("pre-FEC BER: expected a value in [0, 1]");
  const double ser = -std::expm1(fec::kGfBits * std::log1p(-ber));
  PostFecFigures f = post_fec_from_ser(code, ser, interleave, frame_bits);
  f.pre_fec_ber = ber;
  return f;
}

double ber_for_cer(const fec::RsCode& code, double target_cer) {
  if (!(target_cer > 0.0 && target_cer < 1.0))
    throw std::invalid_argument("target CER: expected 0 < CER < 1");
  double lo = std::log(1e-12), hi = std::log(0.5);
  for (int i = 0; i < 200 && hi - lo > 1e-9; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double cer = post_fec_from_ber(code, std::exp(mid)).codeword_error_ratio;
    (cer < target_cer ? lo : hi) = mid;
  }
  return std::exp(0.5 * (lo + hi));
}

}  // namespace halo::sim
