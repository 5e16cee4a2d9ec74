// Preloaded (node --import) into the processes the bench starts: when the bench itself goes
// without stopping them (killed with SIGKILL, say), the process's parent changes and it stops
// itself with SIGTERM, as Ctrl+C would. One timer a second, which keeps nothing alive.
const parent = process.ppid;

setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
