/*
 * describe.h - how a result names the CA it was made for.
 */
#ifndef PV_DESCRIBE_H
#define PV_DESCRIBE_H

#include <openssl/x509.h>
#include "env.h"
#include "request.h"

/* res->ca_subject, key_desc and fingerprints from ca. */
int pv_describe_ca(const PV_ENV *env, X509 *ca, PV_RESULT *res);

#endif
