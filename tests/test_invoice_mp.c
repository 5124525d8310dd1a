/* Invoice numbers under 4 processes at once, on both engines: each process issues invoices for
 * its own licenses and asks for invoices of licenses every process asks for, and pays some of
 * them twice (its own payment and another's): afterwards the year's numbers are 1 … N with no gap
 * and no duplicate, each license has one invoice per offer, each payment applied once. Not run
 * under valgrind (NO_VALGRIND): it forks and depends on timing. */
#include "money_test_util.h"

#include <sys/types.h>
#include <sys/wait.h>

#define PROCS 4
#define OWN 30    /* licenses of each process */
#define SHARED 10 /* licenses every process asks an invoice for */
#define NLIC (PROCS * OWN + SHARED)

static void make_ledger(const tmp_ledger *t)
{
    sup_ledger *l = open_new(t);
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    for (int i = 0; i < NLIC; i++)
        assert_int_equal(sell(l, c, p, 20260131), (sup_id)i + 1); /* support through 2026-07-31 */
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    sup_ledger_close(l);
}

static int child(const char *path, int proc, int go_fd)
{
    char go;
    if (read(go_fd, &go, 1) != 1)
        return 20;
    sup_ledger *l = NULL;
    if (sup_ledger_open(path, 0, &l) != SUP_OK || sup_ledger_set_busy_timeout(l, 60000) != SUP_OK)
        return 21;
    char actor[16];
    snprintf(actor, sizeof actor, "proc-%d", proc);
    for (int k = 0; k < OWN + SHARED; k++) {
        /* own licenses interleaved with the shared ones, each process in another order */
        sup_id lic = k < OWN ? (sup_id)(proc * OWN + k + 1) : (sup_id)(PROCS * OWN + (k - OWN + proc) % SHARED + 1);
        sup_invoice *inv = NULL;
        if (sup_ledger_issue_invoice(l, actor, lic, 20260701, NULL, &inv) != SUP_OK) {
            fprintf(stderr, "proc %d, license %lld: %s\n", proc, (long long)lic, sup_error_message());
            sup_ledger_close(l);
            return 22;
        }
        /* the shared licenses' invoices are paid by every process under one payment id */
        if (k >= OWN) {
            char id[32];
            snprintf(id, sizeof id, "pay-%s", sup_invoice_number(inv));
            sup_incoming_payment p;
            memset(&p, 0, sizeof p);
            p.version = SUP_INCOMING_PAYMENT_VERSION;
            p.payment_id = id;
            p.invoice_number = sup_invoice_number(inv);
            p.received_on = 20260705;
            p.amount = sup_invoice_amount(inv);
            sup_receipt_outcome o = {.version = SUP_RECEIPT_OUTCOME_VERSION};
            int rc = sup_ledger_pay_invoice(l, actor, &p, &o);
            if (rc != SUP_OK || (o.status != SUP_PAYMENT_APPLIED && o.status != SUP_PAYMENT_ALREADY_APPLIED)) {
                fprintf(stderr, "proc %d, %s: %s %s\n", proc, id, sup_error_message(), o.message);
                sup_invoice_free(inv);
                sup_ledger_close(l);
                return 23;
            }
        }
        sup_invoice_free(inv);
    }
    sup_ledger_close(l);
    return 0;
}

static void four_processes_issue_gapless_unique_invoice_numbers(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    make_ledger(&t);
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0) {
            close(go[1]);
            _exit(child(t.path, p, go[0]));
        }
    }
    close(go[0]);
    char start[PROCS] = {0};
    assert_int_equal(write(go[1], start, PROCS), PROCS);
    close(go[1]);
    for (int p = 0; p < PROCS; p++) {
        int st = 0;
        assert_int_equal(waitpid(pids[p], &st, 0), pids[p]);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
    }
    /* numbers 1 … NLIC, each once, one per license */
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    sup_invoice_list_options o;
    assert_int_equal(sup_invoice_list_options_init(&o, SUP_INVOICE_LIST_OPTIONS_VERSION), SUP_OK);
    o.on = 20260710;
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &c), SUP_OK);
    int seen[NLIC + 1] = {0}, per_license[NLIC + 1] = {0}, rows = 0, paid = 0;
    while (sup_cursor_next(c) == 1) {
        int seq = atoi(sup_cursor_text(c, SUP_INVCOL_NUMBER) + 5);
        assert_true(strncmp(sup_cursor_text(c, SUP_INVCOL_NUMBER), "2026-", 5) == 0);
        assert_true(seq >= 1 && seq <= NLIC);
        seen[seq]++;
        per_license[sup_cursor_int64(c, SUP_INVCOL_LICENSE)]++;
        paid += sup_cursor_int64(c, SUP_INVCOL_STATE) == SUP_INVOICE_PAID;
        rows++;
    }
    sup_cursor_free(c);
    assert_int_equal(rows, NLIC);
    for (int i = 1; i <= NLIC; i++) {
        assert_int_equal(seen[i], 1);
        assert_int_equal(per_license[i], 1);
    }
    assert_int_equal(paid, SHARED);
    assert_int_equal(raw_int(t.path, "SELECT last FROM invoice_counter WHERE year = 2026"), NLIC);
    /* every shared license renewed exactly once */
    for (int i = PROCS * OWN + 1; i <= NLIC; i++)
        assert_int_equal(support_end(l, i), 20270731);
    assert_int_equal(audit_actions(l, "issue_invoice"), NLIC);
    assert_int_equal(audit_actions(l, "renew"), SHARED);
    sup_ledger_close(l);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(four_processes_issue_gapless_unique_invoice_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
