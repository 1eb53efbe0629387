/**
 * Makes a child's process group die with the lab server, as `PR_SET_PDEATHSIG` would (Node cannot call
 * prctl(2)). Without it, a lab server killed with SIGKILL — or by the OOM killer — leaves its capture behind, and
 * the two children fare differently: tshark reads end of file from its FIFO once nobody holds the write end and
 * exits (unless it had not opened the FIFO yet: then it waits in open(2) for a writer forever), but tcpdump
 * waits in the kernel for the next packet and only learns that its stdout is gone (SIGPIPE) when it writes one —
 * on an idle machine never — keeping its capture ring and its rights meanwhile.
 *
 * The watchdog is a tiny `sh` whose stdin is a pipe from this process; at end of file it SIGKILLs the child's
 * process group. The kernel closes our end of the pipe however we die, so the watchdog hears of it at once,
 * without polling; it is in a session of its own, so that a terminal's SIGHUP or SIGINT, which may end the lab
 * server, cannot end the watchdog first. When the child exits, its watchdog is SIGKILLed in the same turn of the
 * event loop, before the group's id can be reused, so a released watchdog never kills anything.
 *
 * Why not `setpriv --pdeathsig KILL` (util-linux, on every Debian): the kernel clears the parent-death signal
 * when a process changes its credentials or executes a set-user-ID or file-capability program (prctl(2)), and
 * Debian's tcpdump, started as root, switches to user `tcpdump` before it captures — measured on Debian 12: a
 * setpriv'd tcpdump outlived its SIGKILLed parent. A non-root install gets capture rights from exactly such
 * programs (setcap on tcpdump, a set-user-ID or capability dumpcap). The parent-death signal also reaches one
 * process, not its group, and fires when the *thread* that forked it ends. The watchdog depends on none of this:
 * it signals from outside, with the lab server's own credentials, a group the lab server started.
 *
 * What is left: a SIGKILL that lands between starting the child and starting its watchdog (two synchronous
 * calls in a row) leaves that one child unguarded.
 */

import { type ChildProcess, spawn } from 'node:child_process';

/**
 * `read` returns at end of file (false) or on a line (true, never sent: we release the watchdog by killing it).
 * dash's `kill` takes a negative pid, the group, only after `-s SIGNAL --`.
 */
const WATCHDOG_SCRIPT = 'read -r line || kill -s KILL -- "-$1"';

/** Guards the group led by `child`, a child spawned `detached` (its pid is its group's id). */
export function killGroupWhenParentDies(child: ChildProcess): void {
  const groupId = child.pid;
  // No pid: the program could not be started, and the child reports that through its 'error' event.
  if (groupId === undefined) return;
  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'socketlab-capture-watchdog', String(groupId)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  // A watchdog that cannot start leaves the child as it was before watchdogs: it runs, unguarded. Nothing for
  // the page to say, and no reason to refuse the capture.
  watchdog.on('error', () => {});
  // The child's own handle keeps the lab server running while it matters; the guard never should.
  watchdog.unref();
  child.once('exit', () => watchdog.kill('SIGKILL'));
}
