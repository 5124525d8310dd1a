/*
 * libsupport_ledger.i — the ledger (libsupport/ledger.h), included by
 * libsupport.i. Classes Ledger and Cursor.
 *
 * A Ledger holds the open sup_ledger; close() releases it early (the
 * destructor then does nothing) and any later call fails with StateError.
 * A Cursor streams the rows of a list query; each row becomes a record of its
 * columns, typed by the cursor's column types (dates as dates, kopecks as
 * ints, states and kinds as enums). A cursor keeps its connection alive by
 * itself (ledger.h), so it may outlive the Ledger object.
 */

%{
typedef struct supb_ledger {
    sup_ledger *db;
    int shared; /* the thread's shared handle (Ledger.shared): never closed through this object */
} supb_ledger;

/*
 * Ledger.shared(target): one open handle per thread (a php-fpm worker, a Python thread), kept between the
 * requests a long-lived worker serves, so that a page does not pay for opening the ledger (SQLite reads
 * and parses the schema at every open: about 0.8 ms, most of a short page). It is reopened when the target
 * or the mode differs, and when an SQLite file was replaced (another inode at the path); a batch a
 * previous request left open is rolled back. Binding state only: the library keeps none.
 */
static _Thread_local struct {
    sup_ledger *db;
    char *target;
    bool readonly;
    dev_t dev;
    ino_t ino;
} supl_shared;

static void supl_shared_drop(void)
{
    sup_ledger_close(supl_shared.db);
    free(supl_shared.target);
    memset(&supl_shared, 0, sizeof supl_shared);
}

/* The file's identity (0, 0 for a URI or a path that cannot be examined). */
static void supl_file_id(const char *target, dev_t *dev, ino_t *ino)
{
    struct stat sb;
    *dev = 0;
    *ino = 0;
    if (strcmp(sup_ledger_target_backend(target), "sqlite") == 0 && stat(target, &sb) == 0) {
        *dev = sb.st_dev;
        *ino = sb.st_ino;
    }
}

static sup_ledger *supl_shared_open(const char *target, bool readonly)
{
    dev_t dev;
    ino_t ino;
    supl_file_id(target, &dev, &ino);
    if (supl_shared.db != NULL && (strcmp(supl_shared.target, target) != 0 || supl_shared.readonly != readonly ||
                                   supl_shared.dev != dev || supl_shared.ino != ino))
        supl_shared_drop();
    if (supl_shared.db != NULL) {
        if (sup_ledger_in_snapshot(supl_shared.db) && sup_ledger_snapshot_end(supl_shared.db) != SUP_OK)
            sup_error_clear(); /* a snapshot a request left open ends here */
        if (sup_ledger_rollback(supl_shared.db) != SUP_OK) /* SUP_ESTATE: no batch was left open */
            sup_error_clear();
        return supl_shared.db;
    }
    sup_ledger *db = NULL;
    if (supb_failed(sup_ledger_open(target, readonly ? SUP_LEDGER_READONLY : 0u, &db)))
        return NULL;
    char *copy = strdup(target);
    if (copy == NULL) {
        sup_ledger_close(db);
        supb_fail_msg(SUP_ENOMEM, "out of memory opening a ledger");
        return NULL;
    }
    supl_shared.db = db;
    supl_shared.target = copy;
    supl_shared.readonly = readonly;
    supl_shared.dev = dev;
    supl_shared.ino = ino;
    return db;
}

typedef struct supb_cursor {
    sup_cursor *c;
    const char *rowname; /* a string literal: the record's name ("LicenseRow" ...) */
    int state;           /* 0 before the first row, 1 on a row, 2 after the last */
    long index;          /* the row's number, from 0 */
    int seen;            /* a row was read */
} supb_cursor;

/* A change is about to be made: the binding gives the library the wall-clock time for the
 * audit trail (the library never reads the clock; its consumers do). */
static sup_ledger *supl_stamped(sup_ledger *db)
{
    struct timespec ts;
    if (db != NULL && clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 0 &&
        sup_ledger_set_time(db, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000) != SUP_OK)
        sup_error_clear();
    return db;
}

static sup_ledger *supl_db(supb_ledger *l)
{
    if (l->db == NULL)
        supb_fail_msg(SUP_ESTATE, "the ledger is closed");
    return l->db;
}

/* The engine of an open ledger; StateError once closed. */
static const char *supl_backend(const supb_ledger *l)
{
    if (l->db == NULL) {
        supb_fail_msg(SUP_ESTATE, "the ledger is closed");
        return NULL;
    }
    return sup_ledger_backend(l->db);
}

static bool supl_created(const supb_ledger *l)
{
    if (l->db == NULL) {
        supb_fail_msg(SUP_ESTATE, "the ledger is closed");
        return false;
    }
    return sup_ledger_created(l->db) != 0;
}

/* Wrap the cursor a list query put in *pc (read after the query has run). */
static supb_cursor *supl_cursor_wrap(int rc, sup_cursor **pc, const char *rowname)
{
    if (supb_failed(rc))
        return NULL;
    sup_cursor *c = *pc;
    supb_cursor *k = calloc(1, sizeof *k);
    if (k == NULL) {
        sup_cursor_free(c);
        supb_fail_msg(SUP_ENOMEM, "out of memory wrapping a cursor");
        return NULL;
    }
    k->c = c;
    k->rowname = rowname;
    return supb_born(SUPB_C_CURSOR, k);
}

static void supl_cursor_close(supb_cursor *k)
{
    sup_cursor_free(k->c);
    k->c = NULL;
    k->state = 2;
}

/* Advance: 1 on a new row, 0 at the end, -1 on an error (pending). */
static int supl_cursor_advance(supb_cursor *k)
{
    if (k->state == 2 || k->c == NULL) {
        k->state = 2;
        return 0;
    }
    int rc = sup_cursor_next(k->c);
    if (rc < 0) {
        supb_failed(rc);
        return -1;
    }
    if (rc == 0) {
        k->state = 2;
        return 0;
    }
    if (k->state == 1)
        k->index++;
    k->state = 1;
    k->seen = 1;
    return 1;
}

/* The current row as a record of the cursor's columns. */
static void supl_cursor_row(supb_list *l, supb_cursor *k)
{
    sup_cursor *c = k->c;
    int n = sup_cursor_column_count(c);
    if (n > SUPB_ROW_MAX_FIELDS)
        n = SUPB_ROW_MAX_FIELDS;
    const char *names[SUPB_ROW_MAX_FIELDS];
    for (int i = 0; i < n; i++) {
        names[i] = sup_cursor_column_name(c, i);
        if (names[i] == NULL)
            names[i] = "?";
    }
    supb_row_begin_dyn(l, k->rowname, n, names);
    for (int i = 0; i < n; i++) {
        int64_t v = sup_cursor_int64(c, i);
        switch (sup_cursor_column_type(c, i)) {
        case SUP_COLUMN_DATE:
            supb_row_date(l, sup_cursor_date(c, i));
            break;
        case SUP_COLUMN_MONEY:
            supb_row_money(l, v);
            break;
        case SUP_COLUMN_TEXT:
            supb_row_str(l, sup_cursor_text(c, i));
            break;
        case SUP_COLUMN_BOOL:
            supb_row_bool(l, v != 0);
            break;
        case SUP_COLUMN_STATE:
            supb_row_enum(l, SUPB_E_STATE, (long)v);
            break;
        case SUP_COLUMN_LICENSE_KIND:
            supb_row_enum(l, SUPB_E_LICENSE_KIND, (long)v);
            break;
        case SUP_COLUMN_EVENT_KIND:
            supb_row_enum(l, SUPB_E_EVENT_KIND, (long)v);
            break;
        case SUP_COLUMN_NOTICE_KIND:
            supb_row_enum(l, SUPB_E_NOTICE_KIND, (long)v);
            break;
        case SUP_COLUMN_SEND_ACTION:
            supb_row_enum(l, SUPB_E_SEND_ACTION, (long)v);
            break;
        case SUP_COLUMN_SEND_STATE:
            supb_row_enum(l, SUPB_E_SEND_STATE, (long)v);
            break;
        case SUP_COLUMN_QUOTE_KIND:
            supb_row_enum(l, SUPB_E_QUOTE_KIND, (long)v);
            break;
        case SUP_COLUMN_INVOICE_STATE:
            supb_row_enum(l, SUPB_E_INVOICE_STATE, (long)v);
            break;
        case SUP_COLUMN_CORRECTION_KIND:
            supb_row_enum(l, SUPB_E_CORRECTION_KIND, (long)v);
            break;
        case SUP_COLUMN_REVIEW_REASON:
            supb_row_enum(l, SUPB_E_REVIEW_REASON, (long)v);
            break;
        case SUP_COLUMN_REVENUE_KIND:
            supb_row_enum(l, SUPB_E_REVENUE_KIND, (long)v);
            break;
        case SUP_COLUMN_ID:
        case SUP_COLUMN_INT:
        default:
            supb_row_int(l, v);
            break;
        }
    }
    supb_row_end(l);
}

static supb_quote *supl_quote_done(supb_quote *q, int rc) { return supb_quote_done(q, rc); }
%}

%rename(Ledger) supb_ledger;
%rename(Cursor) supb_cursor;
%rename(ledger_schema_version) supf_ledger_schema_version;
%nodefaultctor;
%nodefaultdtor;
struct supb_ledger {};
struct supb_cursor {};
%clearnodefaultctor;
%clearnodefaultdtor;

%inline %{
static int supf_ledger_schema_version(void) { return sup_ledger_schema_version(); }
%}
SUPB_DOC(supf_ledger_schema_version, "ledger_schema_version() -> int: the schema version this library writes.")

%newobject supb_ledger::shared;
%newobject supb_ledger::get_policy;
%newobject supb_ledger::get_product;
%newobject supb_ledger::get_license;
%newobject supb_ledger::license_status;
%newobject supb_ledger::quote_renewal;
%newobject supb_ledger::renew;
%newobject supb_ledger::quote_payment;
%newobject supb_ledger::offer;
%newobject supb_ledger::pay;
%newobject supb_ledger::list_licenses;
%newobject supb_ledger::list_expiring;
%newobject supb_ledger::list_preferential;
%newobject supb_ledger::list_lapsed;
%newobject supb_ledger::list_payments;
%newobject supb_ledger::list_events;
%newobject supb_ledger::list_releases;
%newobject supb_ledger::list_downloads;
%newobject supb_ledger::list_notify;
%newobject supb_ledger::list_audit;
%newobject supb_ledger::list_products;
%newobject supb_ledger::list_customers;
%newobject supb_ledger::list_policies;
%newobject supb_ledger::list_product_releases;
%newobject supb_ledger::list_reminders;
%newobject supb_ledger::render_notice;
%newobject supb_ledger::revenue;

/* ---- Ledger -------------------------------------------------------------------- */

SUPB_DOC(supb_ledger, "Ledger(target, create=False, readonly=False, busy_timeout_ms=5000): the ledger of\n"
         "products, prices, policy versions, customers, licenses, payments and releases, in an SQLite\n"
         "file (target: a path) or a PostgreSQL database (target: a postgresql:// URI; ?schema=NAME\n"
         "chooses the schema). Every change is one durable transaction with an audit event naming\n"
         "`actor`; payments are idempotent by payment id. busy_timeout_ms: how long a call waits for\n"
         "another process's lock. close() (or the end of a `with` block) releases the file or connection.")
SUPB_DOC(supb_ledger::grant_readonly, "grant_readonly(role): PostgreSQL: let the role read this ledger and nothing\n"
         "else (created with LOGIN and no password if missing). NotApplicableError on SQLite (use file\n"
         "permissions).")
SUPB_DOC(supb_ledger::shared, "Ledger.shared(path, readonly=False) -> Ledger: the thread's shared handle of the\n"
         "ledger, kept open between the requests of a long-lived worker (php-fpm) and reopened when the\n"
         "target changes or an SQLite file was replaced; close() only lets go of it.")
SUPB_DOC(supb_ledger::close, "close(): release the ledger now (a batch left open is rolled back).")
SUPB_DOC(supb_ledger::check, "check(): the engine's integrity checks and the stored schema (tables, indexes, the\n"
         "append-only triggers) exactly as this library wrote it (StorageError naming the first problem).")
SUPB_DOC(supb_ledger::begin, "begin(): start a batch: the following changes form one transaction.")
SUPB_DOC(supb_ledger::commit, "commit(): commit the open batch.")
SUPB_DOC(supb_ledger::rollback, "rollback(): undo the open batch.")
SUPB_DOC(supb_ledger::snapshot_begin, "snapshot_begin(): read the following answers from one snapshot of the ledger "
         "(one read transaction; changes are refused until snapshot_end()).")
SUPB_DOC(supb_ledger::snapshot_end, "snapshot_end(): end the open snapshot.")
SUPB_DOC(supb_ledger::in_snapshot, "in_snapshot(): whether a snapshot is open on this handle.")
SUPB_DOC(supb_ledger::add_policy, "add_policy(actor, effective, policy) -> int: add a policy version taking effect\n"
         "on the date; returns its version id.")
SUPB_DOC(supb_ledger::get_policy, "get_policy(on) -> Policy: the policy in force on the date.")
SUPB_DOC(supb_ledger::policy_version_on, "policy_version_on(on) -> int: the id of the policy version in force.")
SUPB_DOC(supb_ledger::add_product, "add_product(actor, code, name, kind, support_months=-1) -> int product id.\n"
         "Without support_months: the default_support_months of the ledger's latest policy version.")
SUPB_DOC(supb_ledger::update_product, "update_product(actor, product, name=None, support_months=-1): rename and/or\n"
         "change the support term of later sales (None / -1: keep).")
SUPB_DOC(supb_ledger::set_price, "set_price(actor, product, effective, price): list price in kopecks from the date.")
SUPB_DOC(supb_ledger::find_product, "find_product(code) -> int product id (NotFoundError if none).")
SUPB_DOC(supb_ledger::get_product, "get_product(product) -> Product with its whole price history.")
SUPB_DOC(supb_ledger::find_customer, "find_customer(code) -> int customer id (NotFoundError if none).")
SUPB_DOC(supb_ledger::sell, "sell(actor, customer, product, on, paid, payment_id=None) -> int license id: `paid`\n"
         "must be the list price in force on the date.")
SUPB_DOC(supb_ledger::get_license, "get_license(license) -> License rebuilt from its stored events.")
SUPB_DOC(supb_ledger::license_parties, "license_parties(license) -> Parties(customer, product).")
SUPB_DOC(supb_ledger::license_status, "license_status(license, on) -> Status under the policy version in force.")
SUPB_DOC(supb_ledger::quote_renewal, "quote_renewal(license, on) -> Quote, with the price history and every policy\n"
         "version.")
SUPB_DOC(supb_ledger::renew, "renew(actor, payment_id, license, on, paid) -> Quote applied. Replaying a payment id\n"
         "returns the first result; the same id for another license or amount is ConflictError.")
SUPB_DOC(supb_ledger::quote_payment, "quote_payment(license, on) -> Quote of a subscription payment.")
SUPB_DOC(supb_ledger::offer, "offer(license, on) -> Offer: the renewal (perpetual) or the next payment\n"
         "(subscription) on the date with the price history and every policy version, or no offer\n"
         "and the reason (OfferReason).")
SUPB_DOC(supb_ledger::pay, "pay(actor, payment_id, license, on, paid) -> Quote applied (idempotent like renew).")
SUPB_DOC(supb_ledger::record_period, "record_period(actor, license, on, until): record a support period as is.")
SUPB_DOC(supb_ledger::add_release, "add_release(actor, product, version, released, note=None) -> int release id.")
SUPB_DOC(supb_ledger::list_licenses, "list_licenses(on, customer=0) -> Cursor of LicenseRow: licenses owned on the\n"
         "date (of one customer, or everyone's).")
SUPB_DOC(supb_ledger::list_expiring, "list_expiring(on, days) -> Cursor of LicenseRow: support active and ending\n"
         "within `days` days.")
SUPB_DOC(supb_ledger::list_preferential, "list_preferential(on) -> Cursor of LicenseRow: in the preferential window.")
SUPB_DOC(supb_ledger::list_lapsed, "list_lapsed(on) -> Cursor of LicenseRow: lapsed or expired.")
SUPB_DOC(supb_ledger::list_payments, "list_payments(start, end) -> Cursor of PaymentRow, dates inclusive.")
SUPB_DOC(supb_ledger::list_events, "list_events(license) -> Cursor of PaymentRow: every event of the license.")
SUPB_DOC(supb_ledger::list_releases, "list_releases(license, on) -> Cursor of ReleaseRow (with `allowed`).")
SUPB_DOC(supb_ledger::list_downloads, "list_downloads(license, on) -> Cursor of ReleaseRow the license may download.")
SUPB_DOC(supb_ledger::list_product_releases, "list_product_releases(product) -> Cursor of ProductReleaseRow: every\n"
         "release of the product, by date (release, product, version, released, note).")
SUPB_DOC(supb_ledger::list_reminders, "list_reminders(on, schedule=None) -> Cursor of ReminderRow: who gets which\n"
         "reminder on the date under the schedule (None: the default), by customer; `notice` is the\n"
         "NoticeKind due. Render each with render_notice(row.license, on, Notice(kind=row.notice)).")
SUPB_DOC(supb_ledger::render_notice, "render_notice(license, on, notice) -> str: the customer notice for the license\n"
         "on the date with the ledger's price history and every policy version (its offer and\n"
         "validity agree with quote_renewal); the notice's names default to the ledger's.")
SUPB_DOC(supb_ledger::list_notify, "list_notify(release) -> Cursor of NotifyRow: customers to tell of a release.")
SUPB_DOC(supb_ledger::list_audit, "list_audit(after=0) -> Cursor of AuditRow.")
SUPB_DOC(supb_ledger::list_products, "list_products() -> Cursor of ProductRow.")
SUPB_DOC(supb_ledger::list_customers, "list_customers() -> Cursor of CustomerRow.")
SUPB_DOC(supb_ledger::list_policies, "list_policies() -> Cursor of PolicyRow.")
SUPB_DOC(supb_ledger::revenue, "revenue(start, end, by=RevenueBy.MONTH) -> Cursor of RevenueRow: the revenue schedule\n"
         "by recognition, every month from the month of `start` to the month of `end` (any day of\n"
         "them): month, month_end, product, product_code, product_name, kind (RevenueKind),\n"
         "opening_deferred, billed, recognised, deferred (kopecks), payments. By product or kind: one\n"
         "row per month and group. The whole ledger is read as a stream by the first row.")

%extend supb_ledger {
    supb_ledger(const char *path, bool create = false, bool readonly = false,
                int busy_timeout_ms = 5000 /* SUP_LEDGER_BUSY_TIMEOUT_DEFAULT */)
    {
        sup_ledger *db = NULL;
        sup_ledger_open_options o;
        if (supb_failed(sup_ledger_open_options_init(&o, SUP_LEDGER_OPEN_OPTIONS_VERSION)))
            return NULL;
        o.flags = (create ? SUP_LEDGER_CREATE : 0u) | (readonly ? SUP_LEDGER_READONLY : 0u);
        o.busy_timeout_ms = busy_timeout_ms;
        if (supb_failed(sup_ledger_open_ext(path, &o, &db)))
            return NULL;
        supb_ledger *l = calloc(1, sizeof *l);
        if (l == NULL) {
            sup_ledger_close(db);
            supb_fail_msg(SUP_ENOMEM, "out of memory opening a ledger");
            return NULL;
        }
        l->db = db;
        return supb_born(SUPB_C_LEDGER, l);
    }
    ~supb_ledger()
    {
        supb_died(SUPB_C_LEDGER, $self);
        if (!$self->shared)
            sup_ledger_close($self->db);
        free($self);
    }
    /* shared(target, readonly=False) -> Ledger: the thread's shared handle (see supl_shared) */
    static supb_ledger *shared(const char *path, bool readonly = false)
    {
        if (path == NULL) {
            supb_fail_msg(SUP_EINVAL, "Ledger.shared: no target");
            return NULL;
        }
        sup_ledger *db = supl_shared_open(path, readonly);
        if (db == NULL)
            return NULL;
        supb_ledger *l = calloc(1, sizeof *l);
        if (l == NULL) {
            supb_fail_msg(SUP_ENOMEM, "out of memory opening a ledger");
            return NULL;
        }
        l->db = db;
        l->shared = 1;
        return supb_born(SUPB_C_LEDGER, l);
    }
    void close()
    {
        if (!$self->shared) /* the shared handle stays open for the next request */
            sup_ledger_close($self->db);
        $self->db = NULL;
    }
    bool is_open() { return $self->db != NULL; }
    void grant_readonly(const char *role)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_grant_readonly(db, role));
    }
    void set_busy_timeout(int milliseconds)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_set_busy_timeout(db, milliseconds));
    }
    void check()
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_check(db));
    }
    void begin()
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_begin(db));
    }
    void commit()
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_commit(db));
    }
    void rollback()
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_rollback(db));
    }
    void snapshot_begin()
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_snapshot_begin(db));
    }
    void snapshot_end()
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_snapshot_end(db));
    }
    bool in_snapshot()
    {
        sup_ledger *db = supl_db($self);
        return db != NULL && sup_ledger_in_snapshot(db) != 0;
    }

    /* policy versions */
    sup_id add_policy(const char *actor, sup_date effective, const supb_policy *policy)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_add_policy(supl_stamped(db), actor, effective, policy, &id));
        return id;
    }
    supb_policy *get_policy(sup_date on)
    {
        sup_policy *p = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_get_policy(db, on, NULL, &p)))
            return NULL;
        return supb_born(SUPB_C_POLICY, p);
    }
    sup_id policy_version_on(sup_date on)
    {
        sup_policy *p = NULL;
        sup_id version = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL && !supb_failed(sup_ledger_get_policy(db, on, &version, &p)))
            sup_policy_free(p);
        return version;
    }

    /* products */
    sup_id add_product(const char *actor, const char *code, const char *name, sup_license_kind kind,
                       int support_months = SUP_SUPPORT_MONTHS_DEFAULT)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_add_product(supl_stamped(db), actor, code, name, kind, support_months, &id));
        return id;
    }
    void update_product(const char *actor, sup_id product, const char *name = NULL, int support_months = -1)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_update_product(supl_stamped(db), actor, product, name, support_months));
    }
    void set_price(const char *actor, sup_id product, sup_date effective, sup_money price)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_set_price(supl_stamped(db), actor, product, effective, price));
    }
    sup_id find_product(const char *code)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_find_product(db, code, &id));
        return id;
    }
    supb_product *get_product(sup_id product)
    {
        sup_product *p = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_get_product(db, product, &p)))
            return NULL;
        return supb_born(SUPB_C_PRODUCT, p);
    }

    /* customers (add_customer, update_customer, get_customer …: libsupport_reach.i) */
    sup_id find_customer(const char *code)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_find_customer(db, code, &id));
        return id;
    }

    /* licenses */
    sup_id sell(const char *actor, sup_id customer, sup_id product, sup_date on, sup_money paid,
                const char *payment_id = NULL)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_sell(supl_stamped(db), actor, payment_id, customer, product, on, paid, &id));
        return id;
    }
    supb_license *get_license(sup_id license)
    {
        sup_license *l = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_get_license(db, license, &l)))
            return NULL;
        return supb_born(SUPB_C_LICENSE, l);
    }
    supb_list *license_parties(sup_id license)
    {
        sup_id customer = 0, product = 0;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_license_parties(db, license, &customer, &product)))
            return NULL;
        supb_list *l = supb_list_new(1);
        if (l != NULL) {
            supb_row_begin(l, SUPB_R_PARTIES);
            supb_row_int(l, customer);
            supb_row_int(l, product);
            supb_row_end(l);
        }
        return l;
    }
    supb_status *license_status(sup_id license, sup_date on)
    {
        sup_status *s = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_status_new(&s)))
            return NULL;
        if (supb_failed(sup_ledger_license_status(db, license, on, s))) {
            sup_status_free(s);
            return NULL;
        }
        return supb_born(SUPB_C_STATUS, s);
    }
    supb_quote *quote_renewal(sup_id license, sup_date on)
    {
        sup_ledger *db = supl_db($self);
        sup_quote *q = db != NULL ? supb_quote_alloc() : NULL;
        if (q == NULL)
            return NULL;
        return supl_quote_done(q, sup_ledger_quote_renewal(db, license, on, q));
    }
    supb_quote *renew(const char *actor, const char *payment_id, sup_id license, sup_date on, sup_money paid)
    {
        sup_ledger *db = supl_db($self);
        sup_quote *q = db != NULL ? supb_quote_alloc() : NULL;
        if (q == NULL)
            return NULL;
        return supl_quote_done(q, sup_ledger_renew(supl_stamped(db), actor, payment_id, license, on, paid, q));
    }
    supb_offer *offer(sup_id license, sup_date on)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        supb_offer *o = supb_offer_alloc();
        if (o == NULL)
            return NULL;
        return supb_offer_done(o, sup_ledger_offer(db, license, on, o));
    }
    supb_quote *quote_payment(sup_id license, sup_date on)
    {
        sup_ledger *db = supl_db($self);
        sup_quote *q = db != NULL ? supb_quote_alloc() : NULL;
        if (q == NULL)
            return NULL;
        return supl_quote_done(q, sup_ledger_quote_payment(db, license, on, q));
    }
    supb_quote *pay(const char *actor, const char *payment_id, sup_id license, sup_date on, sup_money paid)
    {
        sup_ledger *db = supl_db($self);
        sup_quote *q = db != NULL ? supb_quote_alloc() : NULL;
        if (q == NULL)
            return NULL;
        return supl_quote_done(q, sup_ledger_pay(supl_stamped(db), actor, payment_id, license, on, paid, q));
    }
    void record_period(const char *actor, sup_id license, sup_date on, sup_date until)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_record_period(supl_stamped(db), actor, license, on, until));
    }

    /* releases */
    sup_id add_release(const char *actor, sup_id product, const char *version, sup_date released,
                       const char *note = NULL)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_add_release(supl_stamped(db), actor, product, version, released, note, &id));
        return id;
    }

    /* list queries: each returns a Cursor */
    supb_cursor *list_licenses(sup_date on, sup_id customer = 0)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_licenses(db, customer, on, &c), &c, "LicenseRow") : NULL;
    }
    supb_cursor *list_expiring(sup_date on, int days)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_expiring(db, on, days, &c), &c, "LicenseRow") : NULL;
    }
    supb_cursor *list_preferential(sup_date on)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_preferential(db, on, &c), &c, "LicenseRow") : NULL;
    }
    supb_cursor *list_lapsed(sup_date on)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_lapsed(db, on, &c), &c, "LicenseRow") : NULL;
    }
    supb_cursor *list_payments(sup_date start, sup_date end)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_payments(db, start, end, &c), &c, "PaymentRow") : NULL;
    }
    supb_cursor *list_events(sup_id license)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_events(db, license, &c), &c, "PaymentRow") : NULL;
    }
    supb_cursor *list_releases(sup_id license, sup_date on)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_releases(db, license, on, &c), &c, "ReleaseRow") : NULL;
    }
    supb_cursor *list_downloads(sup_id license, sup_date on)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_downloads(db, license, on, &c), &c, "ReleaseRow") : NULL;
    }
    supb_cursor *list_notify(sup_id release)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_notify(db, release, &c), &c, "NotifyRow") : NULL;
    }
    supb_cursor *list_audit(sup_id after = 0)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_audit(db, after, &c), &c, "AuditRow") : NULL;
    }
    supb_cursor *list_products()
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_products(db, &c), &c, "ProductRow") : NULL;
    }
    supb_cursor *list_customers()
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_customers(db, &c), &c, "CustomerRow") : NULL;
    }
    supb_cursor *list_policies()
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_policies(db, &c), &c, "PolicyRow") : NULL;
    }
    supb_cursor *list_product_releases(sup_id product)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_product_releases(db, product, &c), &c, "ProductReleaseRow")
                  : NULL;
    }
    supb_cursor *list_reminders(sup_date on, const supb_schedule *schedule = NULL)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_reminders(db, schedule, on, &c), &c, "ReminderRow") : NULL;
    }

    /* the revenue schedule (revenue.h) */
    supb_cursor *revenue(sup_date start, sup_date end, sup_revenue_by by = SUP_REVENUE_BY_MONTH)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        sup_revenue_options o;
        if (db == NULL || supb_failed(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION)))
            return NULL;
        o.from = start;
        o.to = end;
        o.by = by;
        return supl_cursor_wrap(sup_ledger_revenue(db, &o, &c), &c, "RevenueRow");
    }

    /* notices */
    char *render_notice(sup_id license, sup_date on, const supb_notice *notice)
    {
        char *s = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_render_notice(db, license, on, notice, &s)))
            return NULL;
        return s;
    }
}

/* ---- engines and moving a ledger between them ------------------------------------ */

SUPB_FIELD(supb_ledger, const char *, backend, supl_backend,
           "The engine holding the ledger: \"sqlite\" or \"postgresql\".")
SUPB_FIELD(supb_ledger, bool, created, supl_created,
           "True if this handle created the ledger when it opened it (of several processes racing\n"
           "to create one, exactly one did).")

%rename(migrate) supf_ledger_migrate;
%rename(ledger_target_backend) supf_ledger_target_backend;
%rename(ledger_target_display) supf_ledger_target_display;
%newobject supf_ledger_target_display;
SUPB_DOC(supf_ledger_migrate, "migrate(source, target, progress=None) -> Migration(tables, rows, checksum): copy the\n"
         "whole ledger at `source` to `target` (SQLite path or PostgreSQL URI, either direction), which\n"
         "must hold nothing yet (ConflictError otherwise): every table, the audit trail and the ids, in\n"
         "one transaction on the target, verified (rows and a checksum of every fact) before committing.\n"
         "progress(table, rows) is called every 1000 rows and at the end of each table; an exception it\n"
         "raises stops the copy and propagates (nothing is kept on the target).")
SUPB_DOC(supf_ledger_target_backend, "ledger_target_backend(target) -> str: the engine Ledger(target) would use:\n"
         "\"postgresql\" for postgresql:// and postgres:// URIs, else \"sqlite\".")
SUPB_DOC(supf_ledger_target_display, "ledger_target_display(target) -> str: the target as it may be shown or logged\n"
         "(a password in a URI replaced by ***; a path unchanged).")

%inline %{
static const char *supf_ledger_target_backend(const char *target)
{
    if (target == NULL) {
        supb_fail_msg(SUP_EINVAL, "ledger_target_backend: no target");
        return NULL;
    }
    return sup_ledger_target_backend(target);
}

static char *supf_ledger_target_display(const char *target)
{
    if (target == NULL) {
        supb_fail_msg(SUP_EINVAL, "ledger_target_display: no target");
        return NULL;
    }
    size_t size = strlen(target) + 8; /* "***" may be longer than the password it hides */
    char *buf = malloc(size);
    if (buf == NULL) {
        supb_fail_msg(SUP_ENOMEM, "out of memory");
        return NULL;
    }
    if (supb_failed(sup_ledger_target_display(target, buf, size))) {
        free(buf);
        return NULL;
    }
    return buf;
}

%}

%{
static supb_list *supf_ledger_migrate(const char *source, const char *target, supb_progress *progress)
{
    sup_ledger_migrate_options o;
    if (supb_failed(sup_ledger_migrate_options_init(&o, SUP_LEDGER_MIGRATE_OPTIONS_VERSION)))
        return NULL;
    if (progress != NULL) {
        o.progress = supb_progress_call;
        o.payload = progress;
    }
    sup_ledger_migration m = {SUP_LEDGER_MIGRATION_VERSION, 0, 0, ""};
    int rc = sup_ledger_migrate(source, target, &o, &m);
    if (progress != NULL && progress->raised)
        return NULL; /* the callback's own exception propagates */
    if (supb_failed(rc))
        return NULL;
    supb_list *l = supb_list_new(1);
    if (l != NULL) {
        supb_row_begin(l, SUPB_R_MIGRATION);
        supb_row_int(l, m.tables);
        supb_row_int(l, m.rows);
        supb_row_str(l, m.checksum);
        supb_row_end(l);
    }
    return l;
}
%}
/* SWIG's view, with the default (C has none) */
supb_list *supf_ledger_migrate(const char *source, const char *target, supb_progress *progress = NULL);

/* ---- Cursor -------------------------------------------------------------------- */

SUPB_DOC(supb_cursor, "The rows of a ledger list query, read from the file as the cursor advances (memory does\n"
         "not grow with the number of rows). Iterate over it, or fetch() / fetch_all().")
SUPB_DOC(supb_cursor::fetch, "fetch() -> the next row, or None at the end.")
SUPB_DOC(supb_cursor::fetch_all, "fetch_all() -> list of the remaining rows.")
SUPB_DOC(supb_cursor::columns, "columns() -> list of Column(name, type).")
SUPB_DOC(supb_cursor::close, "close(): free the cursor now (it then yields no more rows).")

%extend supb_cursor {
    ~supb_cursor()
    {
        supb_died(SUPB_C_CURSOR, $self);
        sup_cursor_free($self->c);
        free($self);
    }
    void close() { supl_cursor_close($self); }
    supb_list *fetch()
    {
        int rc = supl_cursor_advance($self);
        if (rc < 0)
            return NULL;
        supb_list *l = supb_list_new(1);
        if (l != NULL && rc > 0)
            supl_cursor_row(l, $self);
        return l;
    }
    supb_list *fetch_all()
    {
        supb_list *l = supb_list_new(0);
        while (l != NULL) {
            int rc = supl_cursor_advance($self);
            if (rc < 0) {
                supb_list_free(l);
                return NULL;
            }
            if (rc == 0)
                break;
            supl_cursor_row(l, $self);
        }
        return l;
    }
    supb_list *columns()
    {
        supb_list *l = supb_list_new(0);
        int n = $self->c != NULL ? sup_cursor_column_count($self->c) : 0;
        for (int i = 0; l != NULL && i < n; i++) {
            supb_row_begin(l, SUPB_R_COLUMN);
            supb_row_str(l, sup_cursor_column_name($self->c, i));
            supb_row_enum(l, SUPB_E_COLUMN_TYPE, sup_cursor_column_type($self->c, i));
            supb_row_end(l);
        }
        return l;
    }
}
