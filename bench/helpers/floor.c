/* floor.c - the least a supervision tree can do, for the lifecycle test.
 *
 *   floor direct SCANDIR   one process forks and execs every service's ./run
 *                          (cwd: the service directory): the services alone
 *   floor sup SCANDIR      one minimal supervisor per service: the scanner
 *                          posix_spawns "floor 1sup NAME", which forks and
 *                          execs ./run and exits when it dies
 *   floor layout SCANDIR   as sup, and each supervisor also makes the files
 *                          s6 2.11 makes (event/, supervise/lock, control,
 *                          death_tally, status written by rename before and
 *                          after the spawn, tally and status at the death)
 *
 * SIGTERM to the scanner: SIGTERM to every child, wait for all, exit 0; a
 * supervisor passes SIGTERM on to ./run. No checks, no restarts: a floor,
 * not a supervisor. Built static (bench/impl/floor-*.sh), as tend is.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static sigset_t set;  /* TERM and CHLD, blocked, taken with sigwait */

/* what s6_svstatus_write does: a new file, renamed over the old one */
static void replace(const char *fn)
{
    char tmp[64];
    int fd;
    snprintf(tmp, sizeof tmp, "%s.new", fn);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (write(fd, "floor: 35 bytes, as s6's status...", 35) != 35) { close(fd); return; }
    close(fd);
    rename(tmp, fn);
}

static void layout(void)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int fd;
    umask(0);
    mkdir("event", 0700);
    (void)!chown("event", -1, getegid());
    (void)!chmod("event", 03730);
    mkdir("supervise", 0700);
    fd = open("supervise/lock", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) fcntl(fd, F_SETLK, &fl);
    mkfifo("supervise/control", 0600);
    open("supervise/control", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    open("supervise/control", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    umask(022);
    fd = open("supervise/death_tally", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) close(fd);
    replace("supervise/status");
}

static pid_t run(void)
{
    char *argv[] = { "./run", 0 };
    pid_t p = fork();
    if (!p) {
        sigprocmask(SIG_UNBLOCK, &set, 0);
        execv("./run", argv);
        _exit(127);
    }
    return p;
}

static int supervise(const char *dir, int files)
{
    pid_t p;
    int sig;
    if (chdir(dir) < 0) return 111;
    if (files) layout();
    p = run();
    if (files) replace("supervise/status");
    for (;;) {
        if (sigwait(&set, &sig)) continue;
        if (sig == SIGTERM && p > 0) kill(p, SIGTERM);
        if (sig == SIGCHLD && (p <= 0 || waitpid(p, 0, WNOHANG) == p)) break;
    }
    if (files) { replace("supervise/death_tally"); replace("supervise/status"); }
    return 0;
}

int main(int argc, char **argv)
{
    static pid_t kids[4096];
    int nk = 0, sig, direct, files;
    DIR *d;
    struct dirent *e;
    posix_spawnattr_t attr;
    sigset_t empty;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_BLOCK, &set, 0);
    if (argc != 3) { fprintf(stderr, "usage: floor direct|sup|layout SCANDIR\n"); return 100; }
    if (!strcmp(argv[1], "1sup") || !strcmp(argv[1], "1layout")) return supervise(argv[2], argv[1][1] == 'l');
    direct = !strcmp(argv[1], "direct");
    files = !strcmp(argv[1], "layout");
    if (chdir(argv[2]) < 0 || !(d = opendir("."))) { perror("floor: scan directory"); return 111; }
    sigemptyset(&empty);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    while ((e = readdir(d)) && nk < 4096) {
        pid_t p = 0;
        if (e->d_name[0] == '.') continue;
        if (direct) {
            p = fork();
            if (!p) {
                if (chdir(e->d_name) < 0) _exit(111);
                sigprocmask(SIG_UNBLOCK, &set, 0);
                execv("./run", (char *[]){ "./run", 0 });
                _exit(127);
            }
        } else {
            char *av[] = { argv[0], files ? "1layout" : "1sup", e->d_name, 0 };
            if (posix_spawn(&p, argv[0], 0, &attr, av, environ)) p = 0;
        }
        if (p > 0) kids[nk++] = p;
    }
    for (;;) {
        if (sigwait(&set, &sig) || sig != SIGTERM) continue;
        for (int i = 0; i < nk; i++) kill(kids[i], SIGTERM);
        while (wait(0) > 0) ;
        return 0;
    }
}
