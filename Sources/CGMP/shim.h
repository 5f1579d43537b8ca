#ifndef SECAGG_CGMP_SHIM_H
#define SECAGG_CGMP_SHIM_H

#include <gmp.h>

#endif
