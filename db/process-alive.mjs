// Whether a process id still names a running process: the one test behind every file that a
// process marks as its own by its id (the database lock, a backup's temporary file, a course
// import's staging folder, the build a server runs from). Plain JavaScript, so that serve.mjs
// and the database lock load it without type stripping. It lives in db/, the lowest layer, so
// that every importer reaches it within the layer rules (CONTRIBUTING.md): db/ itself (backups),
// the domain (course import) and src/cli/ (the build, the lock).

/**
 * True unless the process is certainly gone: `kill(pid, 0)` sends no signal, it only asks. A
 * process of another user answers EPERM and counts as alive; only ESRCH ("no such process")
 * counts as gone, so a file is never taken from a process that may still hold it.
 * @param {number} pid
 * @returns {boolean}
 */
export function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code !== 'ESRCH';
  }
}
