/*
 * A main() for the fuzz targets without libFuzzer: runs LLVMFuzzerTestOneInput
 * on every file named on the command line (directories: every file in them).
 * Built with the project's compiler and warnings as the ctest tests
 * fuzz_replay.<target>, so the committed corpus (and every input that once
 * crashed) is replayed in the normal, valgrind and ASan runs.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include <dirent.h>
#include <sys/stat.h>

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    if (buf == NULL)
        abort();
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            uint8_t *p = realloc(buf, cap);
            if (p == NULL)
                abort();
            buf = p;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        perror(path);
        free(buf);
        return 1;
    }
    /* a copy of exactly n bytes, so that reading past the input is caught */
    uint8_t *exact = malloc(n ? n : 1);
    if (exact == NULL)
        abort();
    if (n > 0)
        memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    return 0;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv)
{
    int failures = 0, inputs = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(sb.st_mode)) {
            failures += run_file(argv[i]);
            inputs++;
            continue;
        }
        DIR *dir = opendir(argv[i]);
        if (dir == NULL) {
            perror(argv[i]);
            return 1;
        }
        char **names = NULL;
        size_t count = 0;
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char **p = realloc(names, (count + 1) * sizeof *names);
            size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
            char *path = malloc(len);
            if (p == NULL || path == NULL)
                abort();
            names = p;
            snprintf(path, len, "%s/%s", argv[i], e->d_name);
            names[count++] = path;
        }
        closedir(dir);
        if (count > 1)
            qsort(names, count, sizeof *names, cmp_names);
        for (size_t k = 0; k < count; k++) {
            failures += run_file(names[k]);
            inputs++;
            free(names[k]);
        }
        free(names);
    }
    printf("replayed %d inputs\n", inputs);
    return failures != 0 || inputs == 0;
}
