/*
 * request.c - a result's secrets and buffers released in one place.
 */
#include <string.h>
#include <openssl/crypto.h>
#include "request.h"

void pv_result_clear(PV_RESULT *res)
{
    OPENSSL_free(res->output);
    OPENSSL_clear_free(res->key_pem, res->key_pem_len);
    memset(res, 0, sizeof(*res));
}
