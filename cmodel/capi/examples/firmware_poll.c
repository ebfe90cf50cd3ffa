/* Firmware-style use of the HaloLink C API: program a retimer through its registers, run
 * KP4-encoded PAM4 traffic through a noisy ISI channel, poll the monitors, exercise the
 * low-power standby and wake sequence. Built against the installed halo.h / libhalo:
 *
 *   cc firmware_poll.c $(pkg-config --cflags --libs halo) -lm -o firmware_poll
 *   ./firmware_poll [codewords=40] [sigma_lsb=7] [seed=1]
 *
 * Prints progress lines and, at the end, one KEY=VALUE line per monitor (parsed by the
 * capi_install_example ctest). Exit status 0 on success, 1 on any API error. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "halo/halo.h"

#define REG(r) ((uint32_t)offsetof(halo_retimer_t, r))
#define FLD(reg, f, v) (((uint32_t)(v) << HALO_RETIMER__##reg##__##f##_bp) & HALO_RETIMER__##reg##__##f##_bm)
#define GET(reg, f, v) (((v) & HALO_RETIMER__##reg##__##f##_bm) >> HALO_RETIMER__##reg##__##f##_bp)

static halo_retimer* g_h;

static void check(halo_status s, const char* what) {
  if (s != HALO_OK) {
    fprintf(stderr, "firmware_poll: %s: %s (%s)\n", what, halo_status_name(s), halo_last_error());
    halo_retimer_destroy(g_h);
    exit(1);
  }
}

static uint32_t rd(uint32_t addr) {
  uint32_t v = 0;
  check(halo_reg_read(g_h, addr, &v), "halo_reg_read");
  return v;
}

/* deterministic noise: xorshift64* + Box-Muller */
static uint64_t g_rng = 88172645463325252ull;
static double uniform(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return ((double)((g_rng * 2685821657736338717ull) >> 11) + 0.5) / 9007199254740992.0;
}
static double gauss(void) { return sqrt(-2.0 * log(uniform())) * cos(6.283185307179586 * uniform()); }

int main(int argc, char** argv) {
  const size_t codewords = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 40;
  const double sigma = argc > 2 ? atof(argv[2]) : 7.0;
  const uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 1;
  const size_t warmup = 4096, pad = 64, latency = 7; /* FFE pre-cursors + Volterra latency */
  const double amp = 28.0, h[4] = {0.05, 1.0, 0.3, 0.05}; /* main cursor h[1] */
  g_rng ^= seed * 0x9E3779B97F4A7C15ull;

  printf("halo API %s (header %d.%d.%d)\n", halo_version_string(), HALO_API_VERSION_MAJOR,
         HALO_API_VERSION_MINOR, HALO_API_VERSION_PATCH);
  if ((halo_version() >> 16) != HALO_API_VERSION_MAJOR) {
    fprintf(stderr, "firmware_poll: library major version differs from the header\n");
    return 1;
  }

  /* 1. register image: reset values, then the link's configuration, INIT last */
  uint32_t image[HALO_REG_WORDS];
  check(halo_image_defaults(image, HALO_REG_WORDS), "halo_image_defaults");
  image[REG(FFE_COEF[5]) / 4] = (uint32_t)(256.0 * 32.0 / amp + 0.5); /* gain preset, S12.8 */
  image[REG(VOL_COEF[0]) / 4] = 1u << 10;                          /* linear term 1.0, S12.10 */
  image[REG(DFE_COEF) / 4] = (uint32_t)(256.0 * h[2] + 0.5);        /* S12.3 per unit amplitude */
  image[REG(FFE_CTRL) / 4] = FLD(FFE_CTRL, ADAPT_EN, 1) | FLD(FFE_CTRL, LMS_MODE, 1) | FLD(FFE_CTRL, MU, 6);
  image[REG(VOL_CTRL) / 4] = FLD(VOL_CTRL, ADAPT_EN, 1) | FLD(VOL_CTRL, LMS_MODE, 0) | FLD(VOL_CTRL, MU, 9);
  image[REG(DFE_CTRL) / 4] = FLD(DFE_CTRL, ADAPT_EN, 1) | FLD(DFE_CTRL, LMS_MODE, 1) | FLD(DFE_CTRL, MU, 6);
  image[REG(CDR_INIT_PHASE) / 4] = 0x01000000u;
  image[REG(LINE_CTRL) / 4] = FLD(LINE_CTRL, PRECODING, 1) | FLD(LINE_CTRL, FEC_CORRECT_EN, 1) |
                              FLD(LINE_CTRL, FEC_SKIP, warmup + latency);
  image[REG(CTRL) / 4] = FLD(CTRL, INIT, 1);
  check(halo_retimer_create(image, HALO_REG_WORDS, &g_h), "halo_retimer_create");
  printf("ID=0x%08X VERSION=%u.%u\n", rd(REG(ID)), GET(VERSION, MAJOR, rd(REG(VERSION))),
         GET(VERSION, MINOR, rd(REG(VERSION))));

  /* 2. traffic: KP4 codewords, Gray + precoding, ISI channel, AWGN, 8-bit ADC */
  const size_t n_tx = warmup + HALO_KP4_SYMBOLS * codewords, n = n_tx + pad;
  uint8_t* sym = calloc(n, 1);
  int16_t* adc = malloc(n * sizeof *adc);
  if (!sym || !adc) return 1;
  check(halo_kp4_traffic(seed, warmup, codewords, 1, sym, n_tx), "halo_kp4_traffic");
  for (size_t i = 0; i < n; ++i) {
    double y = 0.0;
    for (int k = 0; k < 4; ++k) {
      const long j = (long)i - k + 1;
      if (j >= 0 && (size_t)j < n) y += h[k] * (2.0 * sym[j] - 3.0);
    }
    long c = lround(amp * y + sigma * gauss());
    adc[i] = (int16_t)(c > 127 ? 127 : c < -128 ? -128 : c);
  }

  /* 3. run it in blocks of one codeword, polling the FEC counters every 10 blocks */
  for (size_t off = 0, b = 0; off < n; off += HALO_KP4_SYMBOLS, ++b) {
    const size_t m = n - off < HALO_KP4_SYMBOLS ? n - off : HALO_KP4_SYMBOLS;
    check(halo_feed_adc(g_h, adc + off, m), "halo_feed_adc");
    if (b % 10 == 9) {
      const uint32_t cw = rd(REG(FEC_CW)), bits = rd(REG(FEC_CORR_BITS));
      printf("poll %3zu: codewords %u corrected %u uncorrectable %u pre-FEC BER %.3g\n", b + 1, cw,
             rd(REG(FEC_CORR_CW)), rd(REG(FEC_UNCORR_CW)), cw ? bits / (5440.0 * cw) : 0.0);
    }
  }

  /* 4. final monitors */
  halo_level_report lr;
  check(halo_level_report_read(g_h, &lr), "halo_level_report_read");
  const uint32_t st = rd(REG(STATUS));
  printf("TX_CODEWORDS=%zu\nSYMBOLS=%zu\n", codewords, n);
  printf("FEC_CW=%u\nFEC_CORR_CW=%u\nFEC_UNCORR_CW=%u\nFEC_CORR_SYM=%u\nFEC_CORR_BITS=%u\nFEC_SYM_ERR=%u\n",
         rd(REG(FEC_CW)), rd(REG(FEC_CORR_CW)), rd(REG(FEC_UNCORR_CW)), rd(REG(FEC_CORR_SYM)),
         rd(REG(FEC_CORR_BITS)), rd(REG(FEC_SYM_ERR)));
  printf("FEC_HIST=");
  for (int i = 0; i < 17; ++i) printf("%u%s", rd(REG(FEC_HIST[0]) + 4u * (uint32_t)i), i < 16 ? "," : "\n");
  printf("PRE_FEC_BER=%.4g\n", rd(REG(FEC_CORR_BITS)) / (5440.0 * rd(REG(FEC_CW))));
  printf("HI_SER=%u\nCDR_LOCK=%u\nCDR_PHASE=0x%08X\nCDR_DELTA=%d\n", GET(STATUS, HI_SER, st),
         GET(STATUS, CDR_LOCK, st), rd(REG(CDR_PHASE)), (int)(int16_t)rd(REG(CDR_DELTA)));
  printf("MON_WINDOWS=%u\nLVL_COUNT=%llu,%llu,%llu,%llu\n", rd(REG(MON_WINDOWS)),
         (unsigned long long)lr.count[0], (unsigned long long)lr.count[1],
         (unsigned long long)lr.count[2], (unsigned long long)lr.count[3]);
  printf("LVL_MEAN=%.1f,%.1f,%.1f,%.1f\nESNR_DB=%.2f\nRLM=%.3f\n", lr.mean[0], lr.mean[1], lr.mean[2],
         lr.mean[3], lr.esnr_db, lr.rlm);
  printf("FFE_TAPS=");
  for (int k = 0; k < 16; ++k) {
    printf("%d%s", ((int)(rd(REG(FFE_TAP[0]) + 4u * (uint32_t)k) << 20)) >> 20, k < 15 ? "," : "\n");
  }
  printf("DFE_TAP=%d\n", ((int)(rd(REG(DFE_TAP)) << 20)) >> 20);

  /* 5. low-power standby: counters frozen while gated, wake sequence length */
  const uint32_t cw0 = rd(REG(FEC_CW)), win0 = rd(REG(MON_WINDOWS)), ph0 = rd(REG(CDR_PHASE));
  check(halo_field_write(g_h, REG(CTRL), HALO_RETIMER__CTRL__STANDBY_bm, HALO_RETIMER__CTRL__STANDBY_bp, 1), "standby");
  const uint32_t state_sb = GET(STATUS, STATE, rd(REG(STATUS)));
  check(halo_feed_adc(g_h, adc, n < 20000 ? n : 20000), "halo_feed_adc (standby)");
  const int frozen = rd(REG(FEC_CW)) == cw0 && rd(REG(MON_WINDOWS)) == win0 && rd(REG(CDR_PHASE)) == ph0;
  check(halo_field_write(g_h, REG(CTRL), HALO_RETIMER__CTRL__STANDBY_bm, HALO_RETIMER__CTRL__STANDBY_bp, 0), "wake");
  const uint32_t wake_left0 = GET(STATUS, WAKE_LEFT, rd(REG(STATUS)));
  size_t woke = 0;
  while (GET(STATUS, STATE, rd(REG(STATUS))) != 0 && woke < 100000) {
    check(halo_feed_adc(g_h, adc + woke, 1), "halo_feed_adc (wake)");
    ++woke;
  }
  printf("STANDBY_STATE=%u\nSTANDBY_FROZEN=%d\nWAKE_LEFT_AT_WAKE=%u\nWAKE_SYMBOLS=%zu\n", state_sb, frozen,
         wake_left0, woke);

  /* 6. errors are codes + a message, never a crash */
  uint32_t v;
  const halo_status bad = halo_reg_read(g_h, 0x1000, &v);
  printf("BAD_ADDR=%s (%s)\n", halo_status_name(bad), halo_last_error());

  halo_retimer_destroy(g_h);
  free(sym);
  free(adc);
  return 0;
}
