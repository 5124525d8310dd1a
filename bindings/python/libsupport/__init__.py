"""libsupport — the vendor's technical-support and renewal policy, from Python.

A thin package over the SWIG extension ``libsupport.core`` (built from
bindings/libsupport.i). Every rule — support terms, the preferential (25%) and
standard (45%) renewals, grace windows, downloads, subscriptions, rounding,
civil dates — is computed by the C library; this file only adds what makes it
feel like Python:

* the enums as :class:`enum.IntEnum` (values read from the C library),
* the exception classes (one base, :class:`Error`; one class per error family as the C
  library groups the codes, :class:`InvalidInputError` ... :class:`ResourceError`; one
  class per result code below its family's class),
* a :class:`decimal.Decimal` helper for rubles (:func:`rubles`, :func:`kopecks`).

Dates are :class:`datetime.date` in and out (ISO ``'YYYY-MM-DD'`` strings are
accepted too); money is ``int`` kopecks (64-bit, never truncated)::

    >>> import datetime, libsupport as ls
    >>> p = ls.Product(ls.LicenseKind.PERPETUAL, 6)
    >>> p.set_price('2026-01-01', 799000)              # 7990 rub
    >>> lic = ls.License(p, datetime.date(2026, 1, 15))
    >>> lic.quote(p, '2026-07-20').fee                  # preferential: 25%, rounded half up
    199800
    >>> lic.status('2026-08-16').state
    <State.LAPSED: 3>
"""

import contextlib as _contextlib
import decimal as _decimal
import enum as _enum

from . import core as _core
from .core import (  # noqa: F401  (re-exported)
    Policy,
    Product,
    License,
    Quote,
    Status,
    Offer,
    Invoice,
    Notice,
    Schedule,
    Cursor,
    version,
    version_number,
    result_name,
    result_family,
    error_family_name,
    offer_kind_name,
    offer_reason_name,
    label,
    state_label,
    availability_label,
    render_date_inclusive,
    render_through,
    render_validity,
    render_no_offer,
    render_contact,
    parse_date,
    make_date,
    format_date,
    add_months,
    add_days,
    diff_days,
    days_in_month,
    fee,
    parse_money,
    format_money,
    release_allowed,
    quote_compute,
    state_name,
    quote_kind_name,
    event_kind_name,
    license_kind_name,
    contact_kind_name,
    license_kind_from_name,
    contact_kind_from_name,
    count_format,
    plural_ru,
    plural_en,
    notice_kind_name,
    lang_name,
    anchor_name,
    notice_kind_from_name,
    lang_from_name,
    ledger_schema_version,
    ledger_target_backend,
    ledger_target_display,
    migrate,
    status_many,
    quote_many,
    CsvWriter,
    revenue_kind_name,
    revenue_by_name,
    revenue_by_from_name,
    recognition_name,
    parse_month,
)

__version__ = _core.version()

# ---- enums: names and values come from the C library's table ----------------


def _make_enums():
    members = {}
    for entry in _core._enum_table():
        members.setdefault(entry.type, []).append((entry.name, entry.value))
    made = {}
    for name, items in members.items():
        cls = _enum.IntEnum(name, items, module=__name__)
        cls.__doc__ = "libsupport enum %s (values of the C enum)." % name
        made[name] = cls
        _core._register_enum(name, cls)
    return made


_ENUMS = _make_enums()
globals().update(_ENUMS)
Result = _ENUMS["Result"]
LicenseKind = _ENUMS["LicenseKind"]
State = _ENUMS["State"]
QuoteKind = _ENUMS["QuoteKind"]
EventKind = _ENUMS["EventKind"]
ContactKind = _ENUMS["ContactKind"]
RoundingMode = _ENUMS["RoundingMode"]
DateStyle = _ENUMS["DateStyle"]
MoneyStyle = _ENUMS["MoneyStyle"]
Unit = _ENUMS["Unit"]
Lang = _ENUMS["Lang"]
Plural = _ENUMS["Plural"]
CountUnit = _ENUMS["CountUnit"]
NoticeFormat = _ENUMS["NoticeFormat"]
NoticeKind = _ENUMS["NoticeKind"]
Anchor = _ENUMS["Anchor"]
ColumnType = _ENUMS["ColumnType"]
ErrorFamily = _ENUMS["ErrorFamily"]
OfferKind = _ENUMS["OfferKind"]
OfferReason = _ENUMS["OfferReason"]
LabelSet = _ENUMS["LabelSet"]
Term = _ENUMS["Term"]
CustomerField = _ENUMS["CustomerField"]
SendAction = _ENUMS["SendAction"]
SendState = _ENUMS["SendState"]
InvoiceState = _ENUMS["InvoiceState"]
PaymentStatus = _ENUMS["PaymentStatus"]
ReviewReason = _ENUMS["ReviewReason"]
CorrectionKind = _ENUMS["CorrectionKind"]
RevenueKind = _ENUMS["RevenueKind"]
RevenueBy = _ENUMS["RevenueBy"]
Recognition = _ENUMS["Recognition"]
RevenueView = _ENUMS["RevenueView"]

# ---- exceptions ------------------------------------------------------------------
#
# One base class per error family (sup_result_family in common.h), and one class
# per result code below its family's class. Which family a code belongs to is
# asked of the C library when the package is imported: nothing here groups codes.


class Error(Exception):
    """Base class of every libsupport error.

    ``code`` is the C result code (a :class:`Result`), ``message`` the C
    library's message (also ``str(error)``), ``family`` the code's
    :class:`ErrorFamily` as the C library names it.
    """

    FAMILY = ErrorFamily.NONE

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        try:
            self.code = Result(code)
        except ValueError:
            self.code = code

    @property
    def code_name(self):
        """The short description of the code ("invalid date", ...)."""
        return result_name(int(self.code)) if self.code is not None else ""

    @property
    def family(self):
        """The code's :class:`ErrorFamily` (sup_result_family)."""
        return result_family(int(self.code)) if self.code is not None else ErrorFamily.NONE

    def __str__(self):
        return self.message


class InvalidInputError(Error, ValueError):
    """The request is malformed (a bad argument, date, amount, text or number): fix the input."""

    FAMILY = ErrorFamily.INVALID_INPUT


class NotFoundError(Error, LookupError):
    """No such thing (unknown id, no price on that date ...)."""

    FAMILY = ErrorFamily.NOT_FOUND


class RefusedError(Error):
    """Well formed, but refused by the policy (not applicable, a fee that differs from the quote,
    not allowed in the license's state)."""

    FAMILY = ErrorFamily.REFUSED


class ConflictError(Error):
    """Conflicts with recorded data (a payment id reused for something else ...)."""

    FAMILY = ErrorFamily.CONFLICT


class StorageError(Error):
    """The ledger's storage failed or cannot be used (SQLite, busy, not a ledger, read-only, I/O)."""

    FAMILY = ErrorFamily.STORAGE


class ResourceError(Error, MemoryError):
    """The process ran out of a resource (memory)."""

    FAMILY = ErrorFamily.RESOURCE


_FAMILY_CLASSES = {cls.FAMILY: cls for cls in (InvalidInputError, NotFoundError, RefusedError, ConflictError,
                                                StorageError, ResourceError)}

# The class of each code: (code, name, doc, extra base classes). None as the name: the family's
# class itself. The base class is the family the C library gives the code.
_CODE_CLASSES = [
    (Result.EINVAL, "InvalidArgumentError", "An invalid argument (a missing object, an out-of-range enum ...).", ()),
    (Result.EDATE, "DateError", "An invalid or out-of-range date, or bad date text.", ()),
    (Result.EMONEY, "MoneyError", "A negative price, a rate above 100%, an overflow, bad amount text.", ()),
    (Result.ENOMEM, "OutOfMemoryError", "The library ran out of memory.", ()),
    (Result.ENOTFOUND, None, None, ()),
    (Result.ENOTAPPLICABLE, "NotApplicableError",
     "The operation does not apply (a 25%/45% renewal of a subscription ...).", ()),
    (Result.EMISMATCH, "PaymentMismatchError", "The amount paid differs from the quote for that date.",
     (ValueError,)),
    (Result.ECONFLICT, None, None, ()),
    (Result.EPARSE, "ParseError", "Malformed text (a policy's text form ...).", ()),
    (Result.ESTATE, "StateError", "Not allowed in the current state (before the purchase, out of date order ...).",
     ()),
    (Result.ERANGE, "RangeError", "A number outside its allowed range (months, rounding unit ...).", ()),
    (Result.EBUFFER, "BufferTooSmallError", "The caller's buffer is too small.", ()),
    (Result.EDB, None, None, ()),
    (Result.EBUSY, "BusyError", "The ledger is locked by another process beyond the busy timeout.", ()),
    (Result.ENOTLEDGER, "NotALedgerError", "The file is not a libsupport ledger.", ()),
    (Result.EVERSION, "LedgerVersionError", "The ledger was written by a newer library.", ()),
    (Result.EREADONLY, "ReadOnlyError", "The ledger is read-only.", ()),
    (Result.EIO, "StorageIOError", "An input/output error of the ledger's storage (SQLITE_IOERR ...).", ()),
]


def _make_errors():
    made = {}
    by_code = {}
    for code, name, doc, extra in _CODE_CLASSES:
        family_cls = _FAMILY_CLASSES.get(result_family(int(code)), Error)
        if name is None:
            cls = family_cls
        else:
            cls = type(name, (family_cls,) + extra, {"__doc__": doc, "__module__": __name__})
            made[name] = cls
        by_code[int(code)] = cls
    missing = [r.name for r in Result if r < 0 and int(r) not in by_code]
    if missing:
        raise ImportError("libsupport: no exception class for result codes %s" % ", ".join(missing))
    return made, by_code


_ERROR_CLASSES, _ERRORS = _make_errors()
globals().update(_ERROR_CLASSES)
_core._register_error(0, Error)
for _code, _cls in _ERRORS.items():
    _core._register_error(_code, _cls)
del _code, _cls


# ---- the ledger: context managers ------------------------------------------------


class Ledger(_core.Ledger):
    __doc__ = _core.Ledger.__doc__ + """

    As a context manager the ledger is closed at the end of the block::

        with libsupport.Ledger("support.db", create=True) as ledger:
            with ledger.batch():          # one transaction: committed, or rolled back on an exception
                pid = ledger.add_product("import", "REP1", "Report", LicenseKind.PERPETUAL, 6)
                ledger.set_price("import", pid, "2026-01-01", 799000)
    """

    __slots__ = ()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close()
        return False

    @_contextlib.contextmanager
    def batch(self):
        """A context manager grouping the changes of its block into one transaction
        (begin(); commit() at the end, rollback() if the block raises)."""
        self.begin()
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            self.commit()

    @_contextlib.contextmanager
    def snapshot(self):
        """A context manager reading the answers of its block from one snapshot of the ledger
        (snapshot_begin(); snapshot_end() at the end, also when the block raises). Changes inside
        it raise :class:`StateError`: make them before or after::

            with ledger.snapshot():
                status = ledger.license_status(lic, today)
                offer = ledger.offer(lic, today)      # the same state of the ledger as status
        """
        self.snapshot_begin()
        try:
            yield self
        finally:
            self.snapshot_end()


# ---- money: rubles as Decimal ----------------------------------------------------

_CENT = _decimal.Decimal("0.01")


def rubles(kopecks_amount):
    """An amount in kopecks (int) as a :class:`decimal.Decimal` of rubles: 199800 -> Decimal('1998.00')."""
    if isinstance(kopecks_amount, bool) or not isinstance(kopecks_amount, int):
        raise TypeError("rubles() takes an int number of kopecks, got %s" % type(kopecks_amount).__name__)
    return _decimal.Decimal(kopecks_amount).scaleb(-2)


def kopecks(amount):
    """An amount of rubles as int kopecks: Decimal('7990'), '7990.50', '7990,5' or an int of rubles.

    More than two decimals (or a float) is refused: money is never rounded silently.
    """
    if isinstance(amount, bool):
        raise TypeError("kopecks() takes rubles as a Decimal, str or int, not bool")
    if isinstance(amount, int):
        return parse_money(str(amount))
    if isinstance(amount, _decimal.Decimal):
        if not amount.is_finite():
            raise _ERRORS[int(Result.EMONEY)]("not a finite amount: %s" % amount, int(Result.EMONEY))
        if amount == amount.quantize(_CENT, context=_decimal.Context(prec=64)):
            amount = amount.quantize(_CENT, context=_decimal.Context(prec=64))
        return parse_money(format(amount, "f"))
    if isinstance(amount, str):
        return parse_money(amount)
    raise TypeError("kopecks() takes rubles as a Decimal, str or int, got %s (floats are refused)"
                    % type(amount).__name__)


__all__ = [
    "Policy", "Product", "License", "Quote", "Status", "Offer", "Invoice", "Notice", "Schedule", "Ledger", "Cursor",
    "Result", "LicenseKind", "State", "QuoteKind", "EventKind", "ContactKind", "RoundingMode",
    "DateStyle", "MoneyStyle", "Unit", "Lang", "Plural", "CountUnit", "NoticeFormat", "NoticeKind",
    "Anchor", "ColumnType", "CustomerField", "SendAction", "SendState", "ErrorFamily", "OfferKind", "OfferReason", "LabelSet", "Term",
    "InvoiceState", "PaymentStatus", "ReviewReason", "CorrectionKind",
    "Error", "InvalidInputError", "NotFoundError", "RefusedError", "ConflictError", "StorageError",
    "ResourceError",
    "InvalidArgumentError", "DateError", "MoneyError", "OutOfMemoryError", "NotApplicableError",
    "PaymentMismatchError", "ParseError", "StateError", "RangeError", "BufferTooSmallError", "BusyError",
    "NotALedgerError", "LedgerVersionError", "ReadOnlyError", "StorageIOError",
    "version", "version_number", "result_name", "result_family", "error_family_name",
    "offer_kind_name", "offer_reason_name", "label", "state_label", "availability_label",
    "render_date_inclusive", "render_through", "render_validity", "render_no_offer", "render_contact", "parse_date", "make_date", "format_date", "add_months",
    "add_days", "diff_days", "days_in_month", "fee", "parse_money", "format_money", "release_allowed",
    "quote_compute", "state_name", "quote_kind_name", "event_kind_name", "license_kind_name",
    "contact_kind_name", "license_kind_from_name", "contact_kind_from_name", "rubles", "kopecks",
    "count_format", "plural_ru", "plural_en", "notice_kind_name", "lang_name", "anchor_name",
    "notice_kind_from_name", "lang_from_name", "ledger_schema_version", "ledger_target_backend",
    "ledger_target_display", "migrate", "status_many", "quote_many",
    "RevenueKind", "RevenueBy", "Recognition", "RevenueView", "CsvWriter", "revenue_kind_name", "revenue_by_name",
    "revenue_by_from_name", "recognition_name", "parse_month",
]
