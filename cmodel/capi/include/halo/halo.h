/* HaloLink C API: the register-level golden model of the PAM4 retimer receive path for
 * firmware. A retimer instance is created from a register image, programmed and polled
 * through the registers of rtl/regmap/halo_retimer.rdl (offsets: offsetof(halo_retimer_t, REG),
 * fields: HALO_RETIMER__REG__FIELD_bm/_bp, both from the generated halo/regs/halo_retimer_regs.h),
 * fed with ADC codes or PAM4 symbols in blocks, and returns the same status registers as the
 * RTL (rtl/top/retimer_rx_regs.sv). Implemented in C++ over the cmodel
 * (halo::retimer::RetimerDevice); no exception crosses this interface: every function
 * returns a halo_status, and halo_last_error() gives the message of the last failure.
 *
 * Versioning (docs/regmap.md): HALO_API_VERSION_MAJOR changes when a function's signature or
 * meaning changes (source/binary incompatible), MINOR when functions are added, PATCH for
 * fixes. halo_version() returns the library's HALO_API_VERSION at run time; a program
 * should check that the major numbers agree. The register map has its own version
 * (VERSION register, HALO_RETIMER__VERSION__MAJOR_reset).
 *
 * Thread safety: an instance is used by one thread at a time; different instances are
 * independent. halo_last_error() is per thread. */
#ifndef HALO_HALO_H
#define HALO_HALO_H

#include <stddef.h>
#include <stdint.h>

#include "halo/regs/halo_retimer_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HALO_API_VERSION_MAJOR 1
#define HALO_API_VERSION_MINOR 1
#define HALO_API_VERSION_PATCH 0
/** (major << 16) | (minor << 8) | patch */
#define HALO_API_VERSION \
  ((HALO_API_VERSION_MAJOR << 16) | (HALO_API_VERSION_MINOR << 8) | HALO_API_VERSION_PATCH)

/** Bytes and 32-bit words of the register space (register image size). */
#define HALO_REG_BYTES ((uint32_t)sizeof(halo_retimer_t))
#define HALO_REG_WORDS (HALO_REG_BYTES / 4u)
/** PAM4 symbols per KP4 RS(544,514) codeword (5440 bits). */
#define HALO_KP4_SYMBOLS 2720u

typedef enum halo_status {
  HALO_OK = 0,
  HALO_ERR_ARG = -1,      /**< null pointer, wrong size, value out of range */
  HALO_ERR_ADDR = -2,     /**< register address unaligned or outside the map */
  HALO_ERR_CONFIG = -3,   /**< CTRL.INIT with an invalid configuration (field named); the
                             previous configuration stays in effect and the registers INIT
                             applies read back its values */
  HALO_ERR_NOMEM = -4,
  HALO_ERR_INTERNAL = -5
} halo_status;

/** Opaque retimer instance. */
typedef struct halo_retimer halo_retimer;

/** Library version, HALO_API_VERSION of the build. */
uint32_t halo_version(void);
/** "major.minor.patch" */
const char* halo_version_string(void);
/** Message of the last failing call in this thread ("" if none); valid until the next call. */
const char* halo_last_error(void);
/** Name of a status code ("HALO_ERR_ARG", ...). */
const char* halo_status_name(halo_status s);

/** Fills image[0..words) with the register reset values (words must be HALO_REG_WORDS). */
halo_status halo_image_defaults(uint32_t* image, size_t words);
/** Creates an instance. image: HALO_REG_WORDS words (word i = register at byte 4 i; status
 * words ignored; a CTRL.INIT bit in it initialises with the image), or NULL for the reset
 * values. *out is set on success. */
halo_status halo_retimer_create(const uint32_t* image, size_t words, halo_retimer** out);
void halo_retimer_destroy(halo_retimer* h);

/** Register write / read at a byte address (4-aligned, < HALO_REG_BYTES). Writes to
 * read-only registers are ignored, as in hardware. */
halo_status halo_reg_write(halo_retimer* h, uint32_t addr, uint32_t value);
halo_status halo_reg_read(const halo_retimer* h, uint32_t addr, uint32_t* value);
/** Read-modify-write of one field: reg = (reg & ~mask) | ((value << shift) & mask). */
halo_status halo_field_write(halo_retimer* h, uint32_t addr, uint32_t mask, unsigned shift,
                             uint32_t value);
/** Reads the whole register space into image[0..HALO_REG_WORDS). */
halo_status halo_reg_dump(const halo_retimer* h, uint32_t* image, size_t words);

/** Feeds n ADC codes (signed ADC_BITS-bit, the ADC_BITS of the configuration in effect), one per
 * PAM4 symbol; any block size. A code outside -2^(ADC_BITS-1)..2^(ADC_BITS-1)-1 is
 * HALO_ERR_ARG (index and value in the message); the whole block is checked first, so on an
 * error nothing of it has been processed. */
halo_status halo_feed_adc(halo_retimer* h, const int16_t* codes, size_t n);
/** Feeds n PAM4 line symbols (0..3) through an ideal channel: code = (2 s - 3) * amplitude
 * (amplitude 0..127), saturated to the ADC range in effect. A symbol > 3 anywhere in the
 * array is HALO_ERR_ARG (index and value in the message) before any symbol is processed. */
halo_status halo_feed_symbols(halo_retimer* h, const uint8_t* symbols, size_t n, int amplitude);

/** Test traffic as a module's host side sends it: `warmup` random PAM4 symbols, then
 * `codewords` KP4 RS(544,514) codewords of random messages, 802.3 bit order, Gray mapped and,
 * if precoding != 0, 1/(1+D) mod 4 precoded. n must be warmup + HALO_KP4_SYMBOLS * codewords;
 * HALO_ERR_ARG if it is not or if that sum (or twice it, the bit count) overflows size_t.
 * Deterministic in seed. */
halo_status halo_kp4_traffic(uint64_t seed, size_t warmup, size_t codewords, int precoding,
                             uint8_t* symbols, size_t n);

/** Level statistics of the last completed monitor window, from the LVL_* registers
 * (IEEE 802.3-2022 120D.3.1.2 definitions; S13.3 LSBs). esnr_db / rlm are NaN when a level
 * is empty. */
typedef struct halo_level_report {
  uint64_t count[4];
  double mean[4];
  double sigma[4];
  double esnr_db;
  double rlm;
} halo_level_report;
halo_status halo_level_report_read(const halo_retimer* h, halo_level_report* out);

/* ---- IEEE 802.3dj Clause 177 inner FEC (Hamming(128,120); docs/inner_fec.md) ----
 * Between the slicer and the KP4 decoder: slicer-input LLRs -> hard or Chase-2 decoder ->
 * inner-FEC monitor -> convolutional deinterleaver (P = 3, D = 192) -> KP4 decoder, whose
 * LINE_CTRL.FEC_SKIP then counts deinterleaved PAM4 symbols. Registers INNER_CTRL,
 * INNER_CW, INNER_CORR_CW, INNER_UNCORR_CW, INNER_CORR_POS, INNER_POS_HIST[34]. */

/** XOR-domain positions of an inner codeword (bins of the per-position histogram): 0..59 the
 * data symbols (m(2k) XOR m(2k+1)), 60 + j the parity bit p_j. */
#define HALO_INNER_POSITIONS 68u

/** Inner decoder (INNER_CTRL.CHASE). */
typedef enum halo_inner_decoder {
  HALO_INNER_HARD = 0,  /**< syndrome decoding of the XOR-domain hard decisions */
  HALO_INNER_CHASE = 1  /**< Chase-2 over the chase_l least reliable positions */
} halo_inner_decoder;

/** Writes INNER_CTRL: enable (0/1), decoder (a halo_inner_decoder value, passed as int so that
 * any value a caller passes is checked, not undefined), chase_l (2..6, the Chase-2 L; checked for either
 * decoder), skip (0..63 PAM4 symbols dropped after CTRL.INIT before inner codeword 0: the
 * 64-symbol codeword alignment); INNER_CTRL.CORRECT_EN is kept. Takes effect on the next
 * CTRL.INIT (as in hardware); CTRL.INIT then rejects enable = 1 with LINE_CTRL.PRECODING = 1
 * (HALO_ERR_CONFIG). HALO_ERR_ARG (message names the argument) for a value out of range;
 * nothing is written then. */
halo_status halo_inner_fec_configure(halo_retimer* h, int enable, int decoder,
                                     unsigned chase_l, unsigned skip);

/** Inner-FEC monitor as read from the registers (cleared by CTRL.INIT and CTRL.CLEAR). */
typedef struct halo_inner_fec_counters {
  uint32_t codewords;            /**< INNER_CW: inner codewords decoded (32-bit, saturating) */
  uint32_t corrected;            /**< INNER_CORR_CW: codewords the decoder changed */
  uint32_t uncorrectable;        /**< INNER_UNCORR_CW: detected, not corrected */
  uint32_t corrected_positions;  /**< INNER_CORR_POS: XOR-domain positions changed, summed */
  /** INNER_POS_HIST: corrections per XOR-domain position (HALO_INNER_POSITIONS bins, 16-bit
   * saturating at 65535 in the registers; unpacked here, bin i from word i / 2). */
  uint32_t position_hist[HALO_INNER_POSITIONS];
} halo_inner_fec_counters;

/** Reads the inner-FEC monitor registers into *out. */
halo_status halo_inner_fec_counters_read(const halo_retimer* h, halo_inner_fec_counters* out);

/** CMIS VDM observables as module firmware reports them (OIF-CMIS 5.x VDM; docs/regmap.md
 * "CMIS VDM observables"): eSNR and LTP of the last completed monitor window from the LVL_*
 * registers with the level spacing SLICER_CTRL.LEVEL_A (the arithmetic of the cmodel's
 * halo::mon::VdmMonitor, bit-exact); pre-FEC BER = FEC_CORR_BITS / (5440 FEC_CW) and the
 * errored-frame ratio FEC_UNCORR_CW / FEC_CW over the interval since the last CTRL.CLEAR (or
 * INIT); FEC tail = the highest non-empty FEC_HIST bin (0..15, 16 = uncorrectable). Raw values
 * in the CMIS register formats (U16: 1/256 dB; F16: m x 10^(s-24), bits 15..11 s, 10..0 m) and
 * as doubles. levels_valid = 0 when a level had no symbol in the window (eSNR, LTP then 0). */
typedef struct halo_vdm_report {
  int levels_valid;
  uint16_t esnr_raw, ltp_raw, ber_raw, ferc_raw, fec_tail;
  double esnr_db, ltp_db, ber, ferc;
} halo_vdm_report;
halo_status halo_vdm_report_read(const halo_retimer* h, halo_vdm_report* out);

#ifdef __cplusplus
}
#endif

#endif /* HALO_HALO_H */
