// LinkChannel: the link simulator's ChannelStream behind a C++17 interface (link_channel.hpp).
#include "link_channel.hpp"

#include <span>
#include <stdexcept>

#include "halo/sim/channel_stream.hpp"
#include "halo/sim/link.hpp"
#include "halo/sim/link_config.hpp"

namespace halo::verif {

struct LinkChannel::Impl {
  sim::LinkConfig cfg;
  sim::LinkModel model;
  std::unique_ptr<sim::ChannelStream> stream;
};

LinkChannel::LinkChannel(const LinkChannelOptions& o) : impl_(std::make_unique<Impl>()) {
  auto& cfg = impl_->cfg;
  try {
    cfg = sim::load_config(o.config);
    cfg.tx.pattern = sim::DataPattern::kKp4;
    cfg.rx.model = "cmodel";
    if (o.seed != 0) cfg.seed = o.seed;
    if (o.set_phase_offset) cfg.rx.cdr_initial_offset_ui = o.phase_offset_ui;
    sim::validate(cfg, o.config);
  } catch (const sim::ConfigError& e) {
    throw std::runtime_error(e.what());
  }
  impl_->model = sim::build_model(cfg);
  impl_->stream = std::make_unique<sim::ChannelStream>(cfg, impl_->model);
}
LinkChannel::~LinkChannel() = default;

void LinkChannel::next(double phase_ui, std::int16_t* codes, std::size_t n) {
  impl_->stream->next(phase_ui, std::span<std::int16_t>(codes, n));
}
long LinkChannel::cursor_delay() const { return impl_->stream->cursor_delay(); }
int LinkChannel::adc_bits() const { return static_cast<int>(impl_->cfg.rx.adc_bits); }
bool LinkChannel::precoding() const { return impl_->cfg.tx.precoding; }
double LinkChannel::symbol_rate_gbd() const { return impl_->model.symbol_rate_hz * 1e-9; }
const std::string& LinkChannel::name() const { return impl_->cfg.name; }
const std::vector<double>& LinkChannel::ffe_levels() const { return impl_->stream->training().ffe; }
const std::vector<double>& LinkChannel::dfe_levels() const { return impl_->stream->training().dfe; }
int LinkChannel::cdr_kp_shift() const { return impl_->stream->training().cdr_kp_shift; }
int LinkChannel::cdr_ki_shift() const { return impl_->stream->training().cdr_ki_shift; }
unsigned LinkChannel::osr() const { return impl_->model.osr; }
bool LinkChannel::optical() const { return impl_->model.optical; }

}  // namespace halo::verif
