/* See COPYING for license terms. */

#ifndef TEND_H
#define TEND_H

#include <tend/config.h>
#include <tend/svdir.h>
#include <tend/svstatus.h>
#include <tend/event.h>
#include <tend/control.h>

#endif
