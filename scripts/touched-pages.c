// Records which 4 KiB pages of the app binary's read-only segments (its code and constant data)
// a run touches, exactly: for `make hot-code` (scripts/hot-code.sh), which links what a member's
// session uses together. Why not the resident set: the kernel maps file pages in runs of
// 64-128 KiB around each one touched (fault-around, large folios), so residency names a region,
// not the page that was used. Here every page of those segments is replaced, before `main`, by
// an empty anonymous page that a userfaultfd fills from the binary on first touch; the fill is
// the record. Developer tool only (Linux, root or CAP_SYS_PTRACE for faults taken in the kernel).
//
//   cc -O2 -shared -fPIC -Wl,-z,now -o touched-pages.so scripts/touched-pages.c -lpthread
//   (-z now: a symbol bound lazily would make the dynamic linker read the binary's symbol table,
//   a replaced page, from the thread that fills them)
//   LD_PRELOAD=./touched-pages.so STYREBORD_TOUCHED_OUT=pages.txt STYREBORD_TOUCHED_EXE=styrebord app
//
// Writes one line per page first touched: the page's offset from the binary's load base, in hex.
// Processes whose executable is not named STYREBORD_TOUCHED_EXE (WebKit's helpers, which inherit
// the environment) are left alone.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096UL

struct range {
    unsigned long start, end, file_offset; // file_offset of `start`
};

static struct range ranges[8];
static int nranges;
static unsigned long load_base;
static int uffd = -1, exe_fd = -1, out_fd = -1;

static int collect(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    (void)data;
    // The first object is the executable itself.
    load_base = info->dlpi_addr;
    for (int i = 0; i < info->dlpi_phnum && nranges < 8; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
            continue;
        unsigned long start = (info->dlpi_addr + ph->p_vaddr) & ~(PAGE - 1);
        unsigned long end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + PAGE - 1) & ~(PAGE - 1);
        unsigned long off = (ph->p_offset & ~(PAGE - 1));
        ranges[nranges++] = (struct range){start, end, off};
    }
    return 1;
}

static void *serve(void *arg) {
    (void)arg;
    static char page[PAGE] __attribute__((aligned(4096)));
    for (;;) {
        struct uffd_msg msg;
        ssize_t n = read(uffd, &msg, sizeof msg);
        if (n != sizeof msg) {
            if (n < 0 && errno == EINTR)
                continue;
            return NULL;
        }
        if (msg.event != UFFD_EVENT_PAGEFAULT)
            continue;
        unsigned long addr = msg.arg.pagefault.address & ~(PAGE - 1);
        for (int i = 0; i < nranges; i++) {
            if (addr < ranges[i].start || addr >= ranges[i].end)
                continue;
            memset(page, 0, PAGE);
            ssize_t got = pread(exe_fd, page, PAGE, ranges[i].file_offset + (addr - ranges[i].start));
            (void)got; // past the file's end (a segment's tail): zeros, as the kernel would give
            struct uffdio_copy copy = {.dst = addr, .src = (unsigned long)page, .len = PAGE, .mode = 0};
            if (ioctl(uffd, UFFDIO_COPY, &copy) != 0 && errno != EEXIST)
                abort();
            char line[32];
            int len = snprintf(line, sizeof line, "%lx\n", addr - load_base);
            if (write(out_fd, line, len) != len)
                abort();
            break;
        }
    }
}

__attribute__((constructor)) static void start(void) {
    const char *out = getenv("STYREBORD_TOUCHED_OUT");
    const char *want = getenv("STYREBORD_TOUCHED_EXE");
    if (!out || !want)
        return;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = 0;
    const char *base = strrchr(exe, '/');
    if (strcmp(base ? base + 1 : exe, want) != 0)
        return;
    dl_iterate_phdr(collect, NULL);
    exe_fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    out_fd = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
    struct uffdio_api api = {.api = UFFD_API, .features = 0};
    if (exe_fd < 0 || out_fd < 0 || uffd < 0 || ioctl(uffd, UFFDIO_API, &api) != 0) {
        perror("touched-pages: setup");
        _exit(70);
    }
    // The filling thread first, so that no page is ever waited on with nobody to fill it.
    pthread_t thread;
    pthread_create(&thread, NULL, serve, NULL);
    pthread_detach(thread);
    for (int i = 0; i < nranges; i++) {
        struct range *r = &ranges[i];
        int prot = PROT_READ | PROT_EXEC; // the code's segment must stay executable; harmless for data
        // Nothing else runs yet (constructors run before `main` starts threads), and this code is
        // in this library, not in the ranges replaced.
        if (mmap((void *)r->start, r->end - r->start, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                 -1, 0) == MAP_FAILED) {
            perror("touched-pages: mmap");
            _exit(70);
        }
        struct uffdio_register reg = {.range = {.start = r->start, .len = r->end - r->start},
                                      .mode = UFFDIO_REGISTER_MODE_MISSING};
        if (ioctl(uffd, UFFDIO_REGISTER, &reg) != 0) {
            perror("touched-pages: register");
            _exit(70);
        }
    }
}
