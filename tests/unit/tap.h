/* See COPYING for license terms. */

#ifndef TEND_TESTS_TAP_H
#define TEND_TESTS_TAP_H

/* Minimal TAP for the C unit tests: plan(), ok(), done(). The tests are
   not daemons: stdio is fine here. */

#include <stdio.h>

static int tap_n = 0, tap_failed = 0 ;

#define plan(n) printf("1..%d\n", (n))
#define ok(cond, desc) do { \
  tap_n++ ; \
  if (cond) printf("ok %d - %s\n", tap_n, (desc)) ; \
  else { tap_failed++ ; printf("not ok %d - %s (%s:%d)\n", tap_n, (desc), __FILE__, __LINE__) ; } \
} while (0)
#define done() (fflush(stdout), tap_failed ? 1 : 0)

#endif
