/* bt.c - small measurement helper for the supervision-suite benchmarks.
 *
 * One binary, several sub-commands (argv[1]).  If argv[1] contains spaces
 * it is split into words first, so the helper can be used as a shebang
 * interpreter:  "#!/path/bt svc FIFO NAME"  runs  bt "svc FIFO NAME" ./run
 *
 *   svc FIFO NAME          a supervised "service": on start writes
 *                          "U NAME PID T_US" to FIFO, then waits forever.
 *                          SIGTERM: writes "D NAME PID T_US", exits 0.
 *                          SIGUSR1: writes "X NAME PID T_US", exits 1
 *                          (used to provoke a restart).
 *                          If ./notification-fd exists (s6 readiness
 *                          notification), writes "\n" to that fd after "U".
 *   crash FIFO NAME        a crash-looping "service": writes "U NAME PID T_US"
 *                          to FIFO and exits 1 at once.
 *   collect FIFO N TIMEOUT_MS [TYPE]
 *                          read lines from FIFO until N lines starting with
 *                          TYPE (default "U") were seen; print every line
 *                          read.  Exit 1 on timeout.
 *   waitgone TIMEOUT_MS PID...
 *                          wait until every PID has exited (pidfd); print
 *                          the realtime (us) at which the last one went.
 *   gen LINES LEN          write LINES lines of LEN bytes (incl. newline),
 *                          each carrying "seq=%010lu".
 *   seqcheck N FILE...     check the lines of FILE... (in that order) carry
 *                          seq numbers; print "lines first last gaps dups
 *                          disorder"; exit 0 only if exactly 0..N-1 in order.
 *   seqtail FILE...        like seqcheck but only checks that the lines are
 *                          consecutive (for rotated logs whose head was
 *                          deleted); prints "lines first last gaps".
 *   rusage OUT CMD...      run CMD, write "wall_us utime_us stime_us
 *                          maxrss_kib" to OUT, exit with CMD's status.
 *   subreaper CMD...       become a child subreaper, then exec CMD.
 *   zombies N [TIMEOUT_S]  (run inside a pid namespace) create N orphaned
 *                          children, release them at once so that they
 *                          exit and become zombies of PID 1, and measure
 *                          how long until all are reaped.  Prints
 *                          "n create_us exited_us reaped_us
 *                          n_reaped" (reaped_us = NA on timeout).
 *   reaper                 minimal PID 1: reap everything, exit on TERM.
 *   stamp FIFO CODE        a container's CMD: writes "C cmd PID T_US" to
 *                          FIFO, exits CODE.
 *   hold FIFO CODE         the same, then waits; SIGTERM: writes
 *                          "T cmd PID T_US", exits CODE.
 *   boot [-e K=V]... [-o LOG] ROOT FIFO MODE MS TIMEOUT_MS PROG ARG...
 *                          boots a container init the way a runtime does:
 *                          new mount, pid, uts and ipc namespaces; proc on
 *                          ROOT/proc, tmpfs on ROOT/run and ROOT/dev (with
 *                          null zero full random urandom tty bound from
 *                          the host); chroot ROOT; exec PROG as process 1
 *                          with a docker-like environment (PATH HOME
 *                          HOSTNAME, plus each -e), stdin /dev/null,
 *                          stdout and stderr to LOG.  FIFO (the host's path
 *                          of the fifo the CMD and services stamp into) is
 *                          read meanwhile.  MODE run: wait for process 1's
 *                          exit; stop: SIGTERM to process 1 MS ms after the
 *                          CMD stamped (docker stop); hold: MS ms after the
 *                          CMD stamped, print "up HOSTPID", then SIGTERM at
 *                          EOF on stdin.  Prints "t0 T_US" (just before
 *                          the exec), "cmd T_US", "term T_US",
 *                          "exit T_US CODE" and "ups N BEFORE_CMD";
 *                          SIGKILL and "timeout" after TIMEOUT_MS.
 *   now                    print realtime in microseconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static uint64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void die(const char *what)
{
    fprintf(stderr, "bt: %s: %s\n", what, strerror(errno));
    exit(111);
}

static int pidfd_open(pid_t pid)
{
    return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* ------------------------------------------------------------------ svc */
static const char *svc_fifo, *svc_name;

static void svc_report(char type)
{
    char buf[256];
    uint64_t t = now_us();
    int len = snprintf(buf, sizeof buf, "%c %s %ld %llu\n", type, svc_name,
                       (long)getpid(), (unsigned long long)t);
    int fd = open(svc_fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t r = write(fd, buf, (size_t)len);
        (void)r;
        close(fd);
    }
}

static void svc_term(int sig)
{
    (void)sig;
    svc_report('D');
    _exit(0);
}

static void svc_usr1(int sig)
{
    (void)sig;
    svc_report('X');
    _exit(1);
}

static int cmd_svc(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bt svc FIFO NAME\n");
        return 100;
    }
    svc_fifo = argv[0];
    svc_name = argv[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigfillset(&sa.sa_mask);
    sa.sa_handler = svc_term;
    sigaction(SIGTERM, &sa, 0);
    sa.sa_handler = svc_usr1;
    sigaction(SIGUSR1, &sa, 0);
    /* supervisors may hand us blocked/ignored signals; make sure ours work */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &set, 0);
    svc_report('U');
    /* s6-style readiness notification: if the service directory has a
       notification-fd file, write a newline to that descriptor */
    int nfd = open("notification-fd", O_RDONLY | O_CLOEXEC);
    if (nfd >= 0) {
        char nb[16] = {0};
        ssize_t r = read(nfd, nb, sizeof nb - 1);
        close(nfd);
        int n = r > 0 ? atoi(nb) : -1;
        if (n >= 0 && write(n, "\n", 1) == 1)
            close(n);
    }
    for (;;)
        pause();
}

static int cmd_crash(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bt crash FIFO NAME\n");
        return 100;
    }
    svc_fifo = argv[0];
    svc_name = argv[1];
    svc_report('U');
    return 1;
}

/* -------------------------------------------------------------- collect */
static int cmd_collect(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bt collect FIFO N TIMEOUT_MS [TYPE]\n");
        return 100;
    }
    const char *fifo = argv[0];
    long want = atol(argv[1]);
    long timeout = atol(argv[2]);
    char type = argc > 3 ? argv[3][0] : 'U';
    int fd = open(fifo, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        die("open fifo");
    static char buf[1 << 16];
    size_t have = 0;
    long seen = 0;
    uint64_t deadline = mono_us() + (uint64_t)timeout * 1000u;
    while (seen < want || (have && buf[have - 1] != '\n')) {
        uint64_t now = mono_us();
        if (now >= deadline) {
            fwrite(buf, 1, have, stdout);
            fprintf(stderr, "bt collect: timeout (%ld/%ld '%c' lines)\n", seen, want, type);
            return 1;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, (int)((deadline - now) / 1000u) + 1);
        if (r < 0 && errno != EINTR)
            die("poll");
        if (r <= 0)
            continue;
        ssize_t n = read(fd, buf + have, sizeof buf - have);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            die("read");
        }
        if (n == 0) {
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, 0); /* no writer at the moment */
            continue;
        }
        /* count complete new lines of the wanted type */
        size_t start = have;
        have += (size_t)n;
        size_t ls = start;
        while (ls > 0 && buf[ls - 1] != '\n')
            ls--;
        for (size_t i = start; i < have; i++) {
            if (buf[i] == '\n') {
                if (buf[ls] == type)
                    seen++;
                ls = i + 1;
            }
        }
        if (have > sizeof buf / 2 && buf[have - 1] == '\n') {
            fwrite(buf, 1, have, stdout);
            have = 0;
        }
    }
    fwrite(buf, 1, have, stdout);
    return 0;
}

/* ------------------------------------------------------------- waitgone */
static int cmd_waitgone(int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "usage: bt waitgone TIMEOUT_MS PID...\n");
        return 100;
    }
    long timeout = atol(argv[0]);
    int n = argc - 1;
    int ep = epoll_create1(EPOLL_CLOEXEC);
    int pending = 0;
    for (int i = 0; i < n; i++) {
        pid_t pid = (pid_t)atol(argv[1 + i]);
        int fd = pidfd_open(pid);
        if (fd < 0)
            continue; /* already gone */
        struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u32 = (uint32_t)i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
            die("epoll_ctl");
        pending++;
    }
    /* tell the caller the watch is armed (it may now stop the tree) */
    printf("ready %d\n", pending);
    fflush(stdout);
    uint64_t deadline = mono_us() + (uint64_t)timeout * 1000u;
    uint64_t last = now_us();
    while (pending > 0) {
        uint64_t now = mono_us();
        if (now >= deadline) {
            fprintf(stderr, "bt waitgone: timeout, %d process(es) left\n", pending);
            printf("%llu\n", (unsigned long long)now_us());
            return 1;
        }
        struct epoll_event evs[64];
        int r = epoll_wait(ep, evs, 64, (int)((deadline - now) / 1000u) + 1);
        if (r < 0 && errno != EINTR)
            die("epoll_wait");
        if (r > 0) {
            last = now_us();
            pending -= r; /* EPOLLONESHOT: each pidfd reports once */
            if (getenv("BT_VERBOSE"))
                for (int i = 0; i < r; i++)
                    fprintf(stderr, "gone %s %llu\n", argv[1 + evs[i].data.u32], (unsigned long long)last);
        }
    }
    printf("%llu\n", (unsigned long long)last);
    return 0;
}

/* ------------------------------------------------------------------ gen */
static int cmd_gen(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bt gen LINES LEN\n");
        return 100;
    }
    unsigned long lines = strtoul(argv[0], 0, 10);
    size_t len = strtoul(argv[1], 0, 10);
    if (len < 24)
        len = 24;
    static char out[1 << 16];
    size_t have = 0;
    char line[4096];
    if (len > sizeof line)
        len = sizeof line;
    memset(line, 'x', len);
    line[len - 1] = '\n';
    for (unsigned long i = 0; i < lines; i++) {
        char num[32];
        snprintf(num, sizeof num, "seq=%010lu ", i);
        memcpy(line, num, 15);
        if (have + len > sizeof out) {
            size_t off = 0;
            while (off < have) {
                ssize_t w = write(1, out + off, have - off);
                if (w < 0) {
                    if (errno == EINTR)
                        continue;
                    die("write");
                }
                off += (size_t)w;
            }
            have = 0;
        }
        memcpy(out + have, line, len);
        have += len;
    }
    size_t off = 0;
    while (off < have) {
        ssize_t w = write(1, out + off, have - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            die("write");
        }
        off += (size_t)w;
    }
    return 0;
}

/* ------------------------------------------------------------- seqcheck */
static int seqscan(int argc, char **argv, long expect_n, int tail_only)
{
    unsigned long lines = 0, gaps = 0, dups = 0, disorder = 0, bad = 0;
    long long first = -1, prev = -1;
    static char buf[1 << 16];
    char line[8192];
    size_t ll = 0;
    for (int f = 0; f < argc; f++) {
        int fd = open(argv[f], O_RDONLY);
        if (fd < 0)
            die(argv[f]);
        ssize_t n;
        while ((n = read(fd, buf, sizeof buf)) > 0) {
            for (ssize_t i = 0; i < n; i++) {
                char c = buf[i];
                if (c != '\n') {
                    if (ll < sizeof line - 1)
                        line[ll++] = c;
                    continue;
                }
                line[ll] = 0;
                ll = 0;
                lines++;
                char *p = strstr(line, "seq=");
                if (!p) {
                    bad++;
                    continue;
                }
                long long s = atoll(p + 4);
                if (first < 0)
                    first = s;
                if (prev >= 0) {
                    if (s == prev)
                        dups++;
                    else if (s < prev)
                        disorder++;
                    else if (s > prev + 1)
                        gaps += (unsigned long)(s - prev - 1);
                }
                prev = s;
            }
        }
        close(fd);
    }
    if (tail_only) {
        printf("%lu %lld %lld %lu\n", lines, first, prev, gaps + dups + disorder + bad);
        return (gaps + dups + disorder + bad) ? 1 : 0;
    }
    printf("%lu %lld %lld %lu %lu %lu %lu\n", lines, first, prev, gaps, dups, disorder, bad);
    return ((long)lines == expect_n && first == 0 && prev == expect_n - 1 && !gaps && !dups &&
            !disorder && !bad)
               ? 0
               : 1;
}

/* --------------------------------------------------------------- rusage */
static int cmd_rusage(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bt rusage OUT CMD...\n");
        return 100;
    }
    uint64_t t0 = mono_us();
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        die(argv[1]);
    }
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
        if (errno != EINTR)
            die("wait4");
    uint64_t t1 = mono_us();
    FILE *f = fopen(argv[0], "w");
    if (!f)
        die(argv[0]);
    fprintf(f, "%llu %llu %llu %ld\n", (unsigned long long)(t1 - t0),
            (unsigned long long)ru.ru_utime.tv_sec * 1000000u + (unsigned long long)ru.ru_utime.tv_usec,
            (unsigned long long)ru.ru_stime.tv_sec * 1000000u + (unsigned long long)ru.ru_stime.tv_usec,
            ru.ru_maxrss);
    fclose(f);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* -------------------------------------------------------------- zombies */
static int cmd_zombies(int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "usage: bt zombies N\n");
        return 100;
    }
    long n = atol(argv[0]);
    long timeout_s = argc > 1 ? atol(argv[1]) : 60;
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    if (rl.rlim_cur < (rlim_t)n + 64) {
        rl.rlim_cur = rl.rlim_max < (rlim_t)n + 64 ? rl.rlim_max : (rlim_t)n + 64;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    pid_t *pids = calloc((size_t)n, sizeof *pids);
    int *pfds = calloc((size_t)n, sizeof *pfds);
    int rel[2], info[2];
    if (pipe(rel) < 0 || pipe(info) < 0)
        die("pipe");
    uint64_t tc0 = mono_us();
    pid_t m = fork();
    if (m < 0)
        die("fork");
    if (m == 0) {
        close(info[0]);
        for (long i = 0; i < n; i++) {
            pid_t c = fork();
            if (c < 0) {
                c = 0; /* report failure as pid 0 */
            } else if (c == 0) {
                close(rel[1]);
                close(info[1]);
                char ch;
                while (read(rel[0], &ch, 1) < 0 && errno == EINTR)
                    ;
                _exit(0);
            }
            if (write(info[1], &c, sizeof c) != sizeof c)
                _exit(111);
        }
        _exit(0);
    }
    close(info[1]);
    close(rel[0]);
    long got = 0;
    while (got < n) {
        ssize_t r = read(info[0], (char *)pids + got * (long)sizeof(pid_t), (size_t)(n - got) * sizeof(pid_t));
        if (r <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            break;
        }
        got += r / (ssize_t)sizeof(pid_t);
    }
    int st;
    waitpid(m, &st, 0); /* children are now orphans, reparented to PID 1 */
    long ok = 0;
    for (long i = 0; i < got; i++)
        if (pids[i] > 0)
            pids[ok++] = pids[i];
    n = ok;
    uint64_t tc1 = mono_us();
    {
        char path[64], sbuf[512];
        snprintf(path, sizeof path, "/proc/%d/stat", pids[0]);
        int fd = open(path, O_RDONLY);
        if (fd >= 0) {
            ssize_t r = read(fd, sbuf, sizeof sbuf - 1);
            close(fd);
            if (r > 0) {
                sbuf[r] = 0;
                char *p = strrchr(sbuf, ')');
                int ppid = 0;
                if (p)
                    sscanf(p + 2, "%*c %d", &ppid);
                if (ppid != 1)
                    fprintf(stderr, "bt zombies: warning: orphan's parent is %d, not 1\n", ppid);
            }
        }
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    for (long i = 0; i < n; i++) {
        pfds[i] = pidfd_open(pids[i]);
        if (pfds[i] < 0)
            die("pidfd_open");
        struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = (uint64_t)i};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, pfds[i], &ev) < 0)
            die("epoll_ctl");
    }
    uint64_t t0 = mono_us();
    close(rel[1]); /* release: every child gets EOF and exits */
    long exited = 0;
    struct epoll_event evs[256];
    while (exited < n) {
        int r = epoll_wait(ep, evs, 256, 20000);
        if (r < 0 && errno != EINTR)
            die("epoll_wait");
        if (r == 0) {
            fprintf(stderr, "bt zombies: timeout waiting for exits\n");
            return 1;
        }
        if (r > 0)
            exited += r;
    }
    uint64_t t1 = mono_us();
    uint64_t limit = t0 + (uint64_t)timeout_s * 1000000u;
    for (long i = 0; i < n; i++) {
        while (syscall(SYS_pidfd_send_signal, pfds[i], 0, 0, 0) == 0) {
            struct timespec ts = {0, 50000};
            nanosleep(&ts, 0);
            if (mono_us() > limit) {
                long gone = 0;
                for (long j = 0; j < n; j++)
                    if (syscall(SYS_pidfd_send_signal, pfds[j], 0, 0, 0) < 0)
                        gone++;
                fprintf(stderr, "bt zombies: timeout: %ld of %ld reaped after %lds\n", gone, n, timeout_s);
                printf("%ld %llu %llu NA %ld\n", n, (unsigned long long)(tc1 - tc0),
                       (unsigned long long)(t1 - t0), gone);
                return 1;
            }
        }
    }
    uint64_t t2 = mono_us();
    printf("%ld %llu %llu %llu %ld\n", n, (unsigned long long)(tc1 - tc0), (unsigned long long)(t1 - t0),
           (unsigned long long)(t2 - t0), n);
    return 0;
}

/* minimal PID 1 baseline: block signals, sigwaitinfo, reap with WNOHANG */
static int cmd_reaper(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, 0);
    for (;;) {
        while (waitpid(-1, 0, WNOHANG) > 0)
            ;
        int sig = sigwaitinfo(&set, 0);
        if (sig == SIGTERM || sig == SIGINT)
            return 0;
    }
}

/* ----------------------------------------------------- container boots */
static int hold_code;

static void hold_term(int sig)
{
    (void)sig;
    svc_report('T');
    _exit(hold_code);
}

static int cmd_stamp(int argc, char **argv, int hold)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bt stamp|hold FIFO CODE\n");
        return 100;
    }
    svc_fifo = argv[0];
    svc_name = "cmd";
    hold_code = atoi(argv[1]);
    if (hold) {
        struct sigaction sa;
        sigset_t set;
        memset(&sa, 0, sizeof sa);
        sigfillset(&sa.sa_mask);
        sa.sa_handler = hold_term;
        sigaction(SIGTERM, &sa, 0);
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigprocmask(SIG_UNBLOCK, &set, 0);
    }
    svc_report('C');
    if (!hold)
        return hold_code;
    for (;;)
        pause();
}

static void boot_dev(const char *name)
{
    char src[64], dst[64];
    snprintf(src, sizeof src, "/dev/%s", name);
    snprintf(dst, sizeof dst, "dev/%s", name);
    int fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        die(dst);
    close(fd);
    if (mount(src, dst, 0, MS_BIND, 0) < 0)
        die(dst);
}

static void boot_child(const char *root, int log, int tfd, char **av, char **env)
{
    static const char *const devs[] = { "null", "zero", "full", "random", "urandom", "tty", 0 };
    int nul = open("/dev/null", O_RDONLY);
    if (nul < 0 || dup2(nul, 0) < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
        die("redirect");
    if (chdir(root) < 0)
        die(root);
    if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, 0) < 0)
        die("mount proc");
    if (mount("tmpfs", "run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=755") < 0)
        die("mount run");
    if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID, "mode=755,size=65536k") < 0)
        die("mount dev");
    for (int i = 0; devs[i]; i++)
        boot_dev(devs[i]);
    if (symlink("/proc/self/fd", "dev/fd") < 0 || symlink("/proc/self/fd/0", "dev/stdin") < 0
        || symlink("/proc/self/fd/1", "dev/stdout") < 0 || symlink("/proc/self/fd/2", "dev/stderr") < 0)
        die("dev links");
    if (sethostname("bench", 5) < 0)
        die("sethostname");
    if (chroot(".") < 0 || chdir("/") < 0)
        die("chroot");
    /* signals as a runtime leaves them: default dispositions, none blocked */
    sigset_t set;
    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, 0);
    for (int s = 1; s < NSIG; s++)
        signal(s, SIG_DFL);
    uint64_t t0 = now_us();
    if (write(tfd, &t0, sizeof t0) != sizeof t0)
        die("write t0");
    execve(av[0], av, env);
    fprintf(stderr, "bt boot: exec %s: %s\n", av[0], strerror(errno));
    _exit(127);
}

static int cmd_boot(int argc, char **argv)
{
    char *env[64] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
                      "HOSTNAME=bench" };
    int ne = 3, log = -1;
    while (argc >= 2 && argv[0][0] == '-') {
        if (!strcmp(argv[0], "-e") && ne < 63)
            env[ne++] = argv[1];
        else if (!strcmp(argv[0], "-o")) {
            log = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
            if (log < 0)
                die(argv[1]);
        } else
            break;
        argc -= 2;
        argv += 2;
    }
    env[ne] = 0;
    if (argc < 6) {
        fprintf(stderr, "usage: bt boot [-e K=V]... [-o LOG] ROOT FIFO run|stop|hold MS TIMEOUT_MS PROG ARG...\n");
        return 100;
    }
    const char *root = argv[0], *mode = argv[2];
    int ms = atoi(argv[3]), tmo = atoi(argv[4]);
    if (log < 0 && (log = open("/dev/null", O_WRONLY | O_CLOEXEC)) < 0)
        die("/dev/null");
    int ffd = open(argv[1], O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (ffd < 0)
        die(argv[1]);
    int tp[2];
    if (pipe2(tp, O_CLOEXEC) < 0)
        die("pipe");
    if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC) < 0)
        die("unshare");
    if (mount(0, "/", 0, MS_REC | MS_PRIVATE, 0) < 0)
        die("mount --make-rprivate /");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (!pid)
        boot_child(root, log, tp[1], argv + 5, env);
    close(tp[1]);
    uint64_t t0 = 0, tcmd = 0, tterm = 0, tact = 0, tend;
    if (read(tp[0], &t0, sizeof t0) != sizeof t0) {
        fprintf(stderr, "bt boot: the child died before its exec\n");
        waitpid(pid, 0, 0);
        return 111;
    }
    printf("t0 %llu\n", (unsigned long long)t0);
    fflush(stdout);
    int pfd = pidfd_open(pid);
    if (pfd < 0)
        die("pidfd_open");
    uint64_t ups[1024];
    int nups = 0, held = 0, infd = -1;
    char buf[4096];
    size_t blen = 0;
    tend = mono_us() + (uint64_t)tmo * 1000u;
    for (;;) {
        struct pollfd p[3] = { { pfd, POLLIN, 0 }, { ffd, POLLIN, 0 }, { infd, POLLIN, 0 } };
        uint64_t now = mono_us(), until = tend;
        if (tact && tact < until)
            until = tact;
        int r = poll(p, infd >= 0 ? 3 : 2, until > now ? (int)((until - now + 999) / 1000) : 0);
        if (r < 0 && errno != EINTR)
            die("poll");
        if (p[1].revents & POLLIN) {
            ssize_t n = read(ffd, buf + blen, sizeof buf - 1 - blen);
            if (n > 0) {
                blen += (size_t)n;
                char *nl, *s = buf;
                while ((nl = memchr(s, '\n', blen - (size_t)(s - buf)))) {
                    char type, name[64];
                    long rp;
                    unsigned long long t;
                    *nl = 0;
                    if (sscanf(s, "%c %63s %ld %llu", &type, name, &rp, &t) == 4) {
                        if (type == 'U' && nups < 1024)
                            ups[nups++] = t;
                        else if (type == 'C' && !tcmd) {
                            tcmd = t;
                            if (strcmp(mode, "run"))
                                tact = mono_us() + (uint64_t)ms * 1000u;
                        }
                    }
                    s = nl + 1;
                }
                blen -= (size_t)(s - buf);
                memmove(buf, s, blen);
            }
        }
        if (p[0].revents & POLLIN)
            break;
        if (infd >= 0 && p[2].revents) {
            ssize_t n = read(infd, buf + blen, 1);
            if (n <= 0) {
                infd = -1;
                tterm = now_us();
                kill(pid, SIGTERM);
            }
        }
        now = mono_us();
        if (tact && now >= tact) {
            tact = 0;
            if (!strcmp(mode, "hold") && !held) {
                held = 1;
                printf("up %ld\n", (long)pid);
                fflush(stdout);
                infd = 0;
            } else {
                tterm = now_us();
                kill(pid, SIGTERM);
            }
        }
        if (now >= tend) {
            printf("timeout\n");
            kill(pid, SIGKILL);
            tend = now + 10000000u;
        }
    }
    uint64_t texit = now_us();
    int ws = 0;
    waitpid(pid, &ws, 0);
    int before = 0;
    for (int i = 0; i < nups; i++)
        if (tcmd && ups[i] <= tcmd)
            before++;
    if (tcmd)
        printf("cmd %llu\n", (unsigned long long)tcmd);
    if (tterm)
        printf("term %llu\n", (unsigned long long)tterm);
    printf("ups %d %d\n", nups, before);
    printf("exit %llu %d\n", (unsigned long long)texit,
           WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : WEXITSTATUS(ws));
    return 0;
}

/* ----------------------------------------------------------------- main */
int main(int argc, char **argv)
{
    char *words[64];
    if (argc >= 2 && strchr(argv[1], ' ')) {
        /* shebang mode: argv[1] holds "cmd arg arg", argv[2] the script */
        int k = 0;
        words[k++] = argv[0];
        for (char *t = strtok(argv[1], " \t"); t && k < 60; t = strtok(0, " \t"))
            words[k++] = t;
        words[k] = 0;
        argv = words;
        argc = k;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: bt svc|crash|collect|waitgone|gen|seqcheck|seqtail|rusage|subreaper|zombies|reaper|stamp|hold|boot|now ...\n");
        return 100;
    }
    const char *c = argv[1];
    int ac = argc - 2;
    char **av = argv + 2;
    if (!strcmp(c, "svc"))
        return cmd_svc(ac, av);
    if (!strcmp(c, "crash"))
        return cmd_crash(ac, av);
    if (!strcmp(c, "collect"))
        return cmd_collect(ac, av);
    if (!strcmp(c, "waitgone"))
        return cmd_waitgone(ac, av);
    if (!strcmp(c, "gen"))
        return cmd_gen(ac, av);
    if (!strcmp(c, "seqcheck"))
        return ac < 1 ? 100 : seqscan(ac - 1, av + 1, atol(av[0]), 0);
    if (!strcmp(c, "seqtail"))
        return seqscan(ac, av, 0, 1);
    if (!strcmp(c, "rusage"))
        return cmd_rusage(ac, av);
    if (!strcmp(c, "subreaper")) {
        if (ac < 1)
            return 100;
        if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
            die("prctl");
        execvp(av[0], av);
        die(av[0]);
    }
    if (!strcmp(c, "zombies"))
        return cmd_zombies(ac, av);
    if (!strcmp(c, "reaper"))
        return cmd_reaper();
    if (!strcmp(c, "stamp"))
        return cmd_stamp(ac, av, 0);
    if (!strcmp(c, "hold"))
        return cmd_stamp(ac, av, 1);
    if (!strcmp(c, "boot"))
        return cmd_boot(ac, av);
    if (!strcmp(c, "now")) {
        printf("%llu\n", (unsigned long long)now_us());
        return 0;
    }
    fprintf(stderr, "bt: unknown command %s\n", c);
    return 100;
}
