/*
 * libsupport — Windows-1251 (the "Windows" Cyrillic code page) to UTF-8.
 *
 * Used by the bank statement parser (Кодировка=Windows). The table is the
 * complete code page of the Unicode consortium's mapping file for Microsoft's
 * cp1251 (MAPPINGS/VENDORS/MICSFT/WINDOWS/CP1251.TXT, also Python's cp1251
 * codec): 0x98 has no character there and is refused (the WHATWG encoding
 * standard passes it through as the control U+0098 instead).
 * Kept in its own file so that one decoder can serve every importer (CSV).
 */
#include "libsupport.h"
#include "error_internal.h"
#include "codec_internal.h"

#include <stdlib.h>
#include <string.h>

static const uint16_t cp1251_upper[128] = {
    /* 80 */ 0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
    /* 88 */ 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    /* 90 */ 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    /* 98 */ 0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    /* A0 */ 0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
    /* A8 */ 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    /* B0 */ 0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
    /* B8 */ 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    /* C0 */ 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
    /* C8 */ 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    /* D0 */ 0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
    /* D8 */ 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    /* E0 */ 0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
    /* E8 */ 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    /* F0 */ 0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
    /* F8 */ 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};

int sup__sbcs_to_utf8(const uint16_t upper[128], const char *in, size_t len, char **out, size_t *out_len,
                      size_t *bad_at)
{
    const unsigned char *s = (const unsigned char *)in;
    /* every upper-half code point of these pages is below U+2600: at most 3 bytes of UTF-8 */
    if (len > (SIZE_MAX - 1) / 3)
        return SUP_ENOMEM;
    char *buf = sup__malloc(len * 3 + 1);
    if (buf == NULL)
        return SUP_ENOMEM;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned c = s[i];
        if (c < 0x80) {
            buf[o++] = (char)c;
            continue;
        }
        unsigned cp = upper[c - 0x80];
        if (cp == 0) {
            sup__free(buf);
            *bad_at = i;
            return SUP_EPARSE;
        }
        if (cp < 0x800) {
            buf[o++] = (char)(0xC0 | (cp >> 6));
            buf[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            buf[o++] = (char)(0xE0 | (cp >> 12));
            buf[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            buf[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    buf[o] = '\0';
    *out = buf;
    *out_len = o;
    return SUP_OK;
}

uint32_t sup__cp1251_codepoint(unsigned char c) { return c < 0x80 ? c : cp1251_upper[c - 0x80]; }

int sup__cp1251_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at)
{
    return sup__sbcs_to_utf8(cp1251_upper, in, len, out, out_len, bad_at);
}
