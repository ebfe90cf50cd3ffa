// ChannelStream (halo/sim/channel_stream.hpp): the time-domain engine's stages up to the ADC,
// stepped with an external sampling phase.
#include "halo/sim/channel_stream.hpp"

#include <stdexcept>

#include "physics/front_end.hpp"
#include "stages/adc.hpp"
#include "stages/block.hpp"
#include "stages/receiver.hpp"
#include "stages/source.hpp"
#include "stages/transmitter.hpp"

namespace halo::sim {

using namespace detail;

struct ChannelStream::Impl {
  Impl(const LinkConfig& cfg, const LinkModel& m)
      : osr(m.osr),
        source(make_source(cfg.tx.pattern, cfg.seed, cfg.shard)),
        coder(cfg.tx.gray, cfg.tx.precoding, cfg.block_symbols),
        tx(cfg, m) {
    if (cfg.rx.model != "cmodel")
      throw std::invalid_argument(cfg.name + ": rx.model: the channel stream needs \"cmodel\", found \"" + cfg.rx.model + "\"");
    front_end = make_front_end(cfg, m, start);
    adc = std::make_unique<Adc>(cfg.rx, front_end_agc(cfg, m, *front_end), m.sigma_rx_v, cfg.seed, cfg.shard);
    history = std::make_unique<TxHistory>(front_end->cursor_delay(), cfg.block_symbols);
    CmodelRxInit init;
    const auto rx = make_link_rx(cfg, m, *front_end, start, adc->agc_gain(), adc->lsb_v(), &init);
    const RxState st = rx->state();
    training.ffe = st.ffe;
    training.dfe = st.dfe;
    training.level_a = init.level_a;
    if (!(cfg.rx.cdr_gain > 0))
      throw std::invalid_argument(cfg.name + ": rx.cdr.gain: the channel stream needs a gain > 0");
    const CdrShifts sh = cmodel_cdr_shifts(cfg.rx.cdr_gain, init.level_a);
    training.cdr_kp_shift = sh.kp_shift;
    training.cdr_ki_shift = sh.ki_shift;
  }
  unsigned osr;
  long start = 0;
  std::unique_ptr<DataSource> source;
  LineCoder coder;
  AnalogTx tx;
  std::shared_ptr<FrontEnd> front_end;
  std::unique_ptr<Adc> adc;
  std::unique_ptr<TxHistory> history;
  ChannelStreamTraining training;
  std::uint64_t n0 = 0;
  std::vector<std::uint8_t> data, line;
  std::vector<double> u, tau, v;
};

ChannelStream::ChannelStream(const LinkConfig& cfg, const LinkModel& m) : impl_(std::make_unique<Impl>(cfg, m)) {}
ChannelStream::~ChannelStream() = default;

void ChannelStream::next(double phase_ui, std::span<std::int16_t> codes) {
  Impl& c = *impl_;
  const std::size_t n = codes.size();
  c.data.resize(n);
  c.line.resize(n);
  c.u.resize(n);
  c.v.resize(n);
  if (c.tx.jitter()) c.tau.resize(n);
  c.source->fill(c.data);
  c.coder.process(c.n0, c.data, c.source->format(), *c.history, c.line);
  c.tx.process(c.n0, c.line, c.u, c.tau);
  c.front_end->process(c.u, c.tau, phase_ui * c.osr, c.v, nullptr);
  c.adc->process(c.v, codes);
  c.n0 += n;
}

long ChannelStream::cursor_delay() const { return impl_->front_end->cursor_delay(); }
std::uint64_t ChannelStream::position() const { return impl_->n0; }
const ChannelStreamTraining& ChannelStream::training() const { return impl_->training; }
double ChannelStream::agc_gain() const { return impl_->adc->agc_gain(); }

}  // namespace halo::sim
