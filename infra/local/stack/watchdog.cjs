// The local stack's watchdog: a tiny process that outlives nothing. The stack sends it the
// pid of every process it starts; when the stack goes away however it ends (SIGKILL, a
// crash, a broken pipe), the IPC channel closes and the watchdog ends those processes
// (SIGTERM, then SIGKILL after a grace period), then exits itself.
'use strict';

/** Long enough for the API and daemon to close cleanly; engines hold nothing worth waiting for. */
const GRACE_MS = 3000;
/** Backup to the IPC disconnect event: notice a changed parent within this long. */
const PARENT_POLL_MS = 500;

const guarded = new Set();
const parent = process.ppid;
let ending = false;

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

function endAll() {
  if (ending) return;
  ending = true;
  for (const pid of guarded) signal(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  const check = setInterval(() => {
    const left = [...guarded].filter(alive);
    if (left.length === 0 || Date.now() > deadline) {
      for (const pid of left) signal(pid, 'SIGKILL');
      clearInterval(check);
      process.exit(0);
    }
  }, 100);
}

process.on('message', (message) => {
  if (message && typeof message.guard === 'number') guarded.add(message.guard);
  if (message && typeof message.release === 'number') guarded.delete(message.release);
});
process.on('disconnect', endAll);
// Ctrl-C reaches the whole foreground group; the stack stops its children itself and then
// disconnects, so the watchdog only waits for that.
process.on('SIGINT', () => {});
process.on('SIGTERM', endAll);
setInterval(() => {
  if (process.ppid !== parent) endAll();
}, PARENT_POLL_MS);
