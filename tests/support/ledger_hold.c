/* A reader of a ledger as the website is one: opens it read-only, reads a list, says
 * READY on stdout and keeps the ledger open until its stdin ends (tests/support/
 * test_shared_ledger.sh: a reader of another user beside the managers' writes). */
#include <libsupport.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ledger_hold LEDGER\n");
        return 2;
    }
    sup_ledger *l = NULL;
    if (sup_ledger_open(argv[1], SUP_LEDGER_READONLY, &l) != SUP_OK) {
        fprintf(stderr, "ledger_hold: %s\n", sup_error_message());
        return 1;
    }
    sup_cursor *c = NULL;
    int n = 0, rc = sup_ledger_list_customers(l, &c);
    while (rc == SUP_OK && (rc = sup_cursor_next(c)) == 1)
        n++, rc = SUP_OK;
    sup_cursor_free(c);
    if (rc < 0) {
        fprintf(stderr, "ledger_hold: %s\n", sup_error_message());
        return 1;
    }
    printf("READY %d\n", n);
    fflush(stdout);
    while (getchar() != EOF) {
    }
    sup_ledger_close(l);
    return 0;
}
