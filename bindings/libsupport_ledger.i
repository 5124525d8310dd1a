/* The ledger (libsupport/ledger.h): wrapped once its header lands. */
