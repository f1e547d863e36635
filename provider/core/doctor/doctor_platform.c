/*
 * doctor_platform.c - what a platform does that explains a finding and
 * is no message of its own (those are in doctor_platform_msg.c): when a
 * code expires, where a new one comes from, which mode needs a proof at
 * all; added to the fix of the findings it explains. Each fact names its
 * public source in docs/doctor.md.
 */
#include <stdio.h>
#include <string.h>
#include "doctor_check.h"

typedef struct pv_fact_st {
    const char *profile;
    const char *finding;
    const char *fact;
} PV_FACT;

#define PV_C8Y_EXPIRY                                                                    \
    "Cumulocity: a code is usable until the trusted certificate's "                      \
    "proofOfPossessionVerificationCodeUsableUntil; a new one comes from POST "           \
    "/tenant/tenants/{tenantId}/trusted-certificates-pop/{fingerprint}/"                 \
    "verification-code, and only that one verifies"
#define PV_AWS_MODES                                                                     \
    "AWS: the registration code is the account's in the Region you register in "         \
    "(get-registration-code there); in DEFAULT mode a CA is registered by one account "  \
    "per Region; SNI_ONLY mode (--certificate-mode SNI_ONLY) needs no verification "     \
    "certificate"
#define PV_HW_DAY                                                                        \
    "Huawei: a CA verification code is valid for one day and a new code replaces the "   \
    "old one; make the certificate for the latest verify_code"
#define PV_ALI_CODE                                                                      \
    "Alibaba: the CN is the registration code shown in the console's Register CA "       \
    "Certificate dialog"

static const PV_FACT pv_facts[] = {
    {"cumulocity", "SIG_NO_MATCH", PV_C8Y_EXPIRY},
    {"aws-iot", "VCERT_CN_STALE", PV_AWS_MODES},
    {"aws-iot", "VCERT_CN_MISMATCH", PV_AWS_MODES},
    {"aws-iot", "CODE_CUT_SHORT", PV_AWS_MODES},
    {"huawei-iotda", "VCERT_CN_STALE", PV_HW_DAY},
    {"huawei-iotda", "VCERT_CN_MISMATCH", PV_HW_DAY},
    {"alibaba-iot", "VCERT_CN_STALE", PV_ALI_CODE},
    {"alibaba-iot", "VCERT_CN_MISMATCH", PV_ALI_CODE},
};

/* The built-in platform a profile is or is based on, for its facts. */
static const char *pv_fact_profile(const PV_PROFILE *p)
{
    const PV_PROFILE *builtin =
        p != NULL ? pv_profile_builtin_origin(p, PV_F_STYLE) : NULL;

    if (builtin == NULL && p != NULL && p->base != NULL)
        builtin = pv_profile_find(p->base);
    return builtin != NULL ? builtin->name : p != NULL ? p->name : "";
}

const char *pv_platform_fact(const PV_PROFILE *p, const char *finding)
{
    const char *name = pv_fact_profile(p);
    size_t i;

    for (i = 0; i < sizeof(pv_facts) / sizeof(pv_facts[0]); i++)
        if (strcmp(pv_facts[i].profile, name) == 0 &&
            strcmp(pv_facts[i].finding, finding) == 0)
            return pv_facts[i].fact;
    return NULL;
}

void pv_doctor_platform_facts(PV_DOCTOR *d)
{
    size_t i, used;
    const char *fact;

    for (i = 0; i < d->count; i++) {
        PV_FINDING *f = &d->finding[i];
        if ((fact = pv_platform_fact(d->profile, f->id)) == NULL)
            continue;
        used = strlen(f->fix);
        snprintf(f->fix + used, sizeof(f->fix) - used, "%s%s",
                 used == 0                        ? "# "
                 : strstr(f->fix, "  # ") != NULL ? "; "
                                                  : "  # ",
                 fact);
    }
}
