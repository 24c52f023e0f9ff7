// Write a whole file so a crash leaves the old or the new content, never a torn one.
import fs from 'node:fs';

export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', mode);
  try {
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

const CHUNK_CHARS = 1 << 20;

/** The same for a file written line by line, a chunk at a time. */
export function writeLinesAtomic(file: string, lines: Iterable<string>, mode = 0o600): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(temporary, 'w', mode);
  try {
    let chunk = '';
    for (const line of lines) {
      chunk += line + '\n';
      if (chunk.length >= CHUNK_CHARS) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}
