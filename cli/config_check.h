/*
 * config_check.h - the config file checked before OpenSSL reads it: OpenSSL
 * ignores a config that does not load, so popverify says what is wrong
 * itself, with the file and the line.
 */
#ifndef PV_CLI_CONFIG_CHECK_H
#define PV_CLI_CONFIG_CHECK_H

/*
 * file is text and parses as an openssl.cnf; option names it in messages
 * ("--config", "OPENSSL_CONF"). Returns a PV_EXIT_* status; prints the error.
 */
int pv_config_check(const char *file, const char *option);

#endif
