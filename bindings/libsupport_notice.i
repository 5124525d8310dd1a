/* The customer notices (libsupport/notice.h): wrapped once its header lands. */
