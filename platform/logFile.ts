// A process's log file in the data folder, appended to across restarts and rotated by size: past
// `maxBytes` the file becomes `<name>.1` (the one before is dropped) and a new one is begun.
import fs from 'node:fs';

export const LOG_FILE_MAX_BYTES = 50 * 1024 * 1024;

export class LogFile {
  private fd: number;
  private size: number;

  constructor(
    readonly file: string,
    private readonly maxBytes = LOG_FILE_MAX_BYTES,
  ) {
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
    if (this.size >= maxBytes) this.rotate();
  }

  write(chunk: Buffer | string): void {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    try {
      fs.writeSync(this.fd, data);
      this.size += data.length;
      if (this.size >= this.maxBytes) this.rotate();
    } catch {
      // a full disk must not stop the platform; its output still reaches the runner's own output
    }
  }

  /** A line from the runner itself, among the process's own lines. */
  note(line: string): void {
    this.write(`${JSON.stringify({ level: 40, time: new Date().toISOString(), process: 'platform', msg: line })}\n`);
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a');
    this.size = 0;
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // closed already
    }
  }
}

/** The last `n` lines of a log file (read from its last 64 KB), the runner's own notes left out. */
export function lastLines(file: string, n: number): string[] {
  try {
    const size = fs.statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, buffer, 0, length, size - length);
    } finally {
      fs.closeSync(fd);
    }
    const lines = buffer.toString('utf8').split('\n').filter((l) => l && !l.includes('"process":"platform"'));
    return (length < size ? lines.slice(1) : lines).slice(-n);
  } catch {
    return [];
  }
}
