/* libsupport — batch evaluation: sup_license_status / sup_license_quote for
 * many licenses in one call (see batch.h). No rule is written here: each item
 * is answered by the single-license function. */
#include "libsupport/batch.h"
#include "error_internal.h"
#include "license_internal.h"

#include <string.h>

/* Remember the first failing item; report it once every item is done. */
typedef struct batch_err {
    size_t index;
    int code;
    char message[256];
} batch_err;

static void note_failure(batch_err *e, size_t i, int rc)
{
    if (e->code != SUP_OK)
        return;
    e->index = i;
    e->code = rc;
    /* copy now: later items may overwrite the thread's message */
    size_t len = strlen(sup_error_message());
    if (len >= sizeof e->message)
        len = sizeof e->message - 1;
    memcpy(e->message, sup_error_message(), len);
    e->message[len] = '\0';
}

static int finish(const batch_err *e, size_t n, const char *fn)
{
    if (e->code == SUP_OK)
        return SUP_OK;
    return sup__fail(e->code, "%s: item %zu of %zu: %s", fn, e->index, n, e->message);
}

int sup_batch_status(size_t n, const sup_license *const *licenses, const sup_date *on, sup_date on_all,
                     const sup_policy *policy, sup_state *state, sup_date *support_until,
                     sup_date *preferential_until, int *results)
{
    if (n > 0 && licenses == NULL)
        return sup__fail(SUP_EINVAL, "sup_batch_status: argument 'licenses' is NULL");
    batch_err err = {0, SUP_OK, ""};
    for (size_t i = 0; i < n; i++) {
        sup_status st;
        memset(&st, 0, sizeof st);
        int rc = sup_license_status(licenses[i], policy, on != NULL ? on[i] : on_all, &st);
        if (rc != SUP_OK) {
            note_failure(&err, i, rc);
            memset(&st, 0, sizeof st);
        }
        if (state != NULL)
            state[i] = st.state;
        if (support_until != NULL)
            support_until[i] = st.support_until;
        if (preferential_until != NULL)
            preferential_until[i] = st.preferential_until;
        if (results != NULL)
            results[i] = rc;
    }
    return finish(&err, n, "sup_batch_status");
}

int sup_batch_quote(size_t n, const sup_license *const *licenses, const sup_product *const *products,
                    const sup_date *on, sup_date on_all, const sup_policy *policy, sup_quote_kind *kind,
                    sup_money *fee, sup_date *new_support_until, sup_date *valid_through, int *results)
{
    if (n > 0 && licenses == NULL)
        return sup__fail(SUP_EINVAL, "sup_batch_quote: argument 'licenses' is NULL");
    if (n > 0 && products == NULL)
        return sup__fail(SUP_EINVAL, "sup_batch_quote: argument 'products' is NULL");
    batch_err err = {0, SUP_OK, ""};
    for (size_t i = 0; i < n; i++) {
        sup_quote q;
        memset(&q, 0, sizeof q);
        int rc = sup_license_quote(licenses[i], products[i], policy, on != NULL ? on[i] : on_all, &q);
        if (rc != SUP_OK) {
            note_failure(&err, i, rc);
            memset(&q, 0, sizeof q);
        }
        if (kind != NULL)
            kind[i] = q.kind;
        if (fee != NULL)
            fee[i] = q.fee;
        if (new_support_until != NULL)
            new_support_until[i] = q.new_support_until;
        if (valid_through != NULL)
            valid_through[i] = q.valid_through;
        if (results != NULL)
            results[i] = rc;
    }
    return finish(&err, n, "sup_batch_quote");
}

/* ---- the options-struct forms ------------------------------------------------------------ */

int sup_batch_options_init(sup_batch_options *opts, unsigned version)
{
    if (opts == NULL)
        return sup__fail(SUP_EINVAL, "sup_batch_options_init: argument 'opts' is NULL");
    if (version != SUP_BATCH_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_batch_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_BATCH_OPTIONS_VERSION);
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SUP_OK;
}

static int check_options(const sup_batch_options *o, const char *fn)
{
    if (o == NULL)
        return sup__fail(SUP_EINVAL, "%s: argument 'opts' is NULL", fn);
    if (o->version != SUP_BATCH_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "%s: options of version %u (this library knows %u)", fn, o->version,
                         (unsigned)SUP_BATCH_OPTIONS_VERSION);
    return SUP_OK;
}

int sup_batch_status_ext(const sup_batch_options *o)
{
    int rc = check_options(o, "sup_batch_status_ext");
    if (rc != SUP_OK)
        return rc;
    return sup_batch_status(o->n, o->licenses, o->on, o->on_all, o->policy, o->state, o->support_until,
                            o->preferential_until, o->results);
}

int sup_batch_quote_ext(const sup_batch_options *o)
{
    int rc = check_options(o, "sup_batch_quote_ext");
    if (rc != SUP_OK)
        return rc;
    return sup_batch_quote(o->n, o->licenses, o->products, o->on, o->on_all, o->policy, o->kind, o->fee,
                           o->new_support_until, o->valid_through, o->results);
}
